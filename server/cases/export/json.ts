/**
 * JSON export of a case, format `sagitta-case/1` (schema in docs/cases.md,
 * checked by `validateCaseExport`): case info, plan, comparison, events,
 * target changes, snapshot list and every frame. Built as one object.
 */
import type { CaseDb } from '../db.js';
import type { Plan } from '../plan.js';
import { PRONE_NOTE } from '../plan.js';
import { compareCase, type Comparison } from '../comparison.js';
import { caseEvents, caseSnapshots, caseTargets, iterateFrames, type CaseInfo, type EventRecord, type FrameRecord, type SnapshotRecord, type TargetChange } from '../store.js';

export const CASE_FORMAT = 'sagitta-case/1';

export interface CaseExport {
  format: typeof CASE_FORMAT;
  exportedAt: string;
  note: string;
  case: Omit<CaseInfo, 'rid' | 'planId'>;
  plan: Plan | null;
  comparison: Comparison;
  events: EventRecord[];
  targets: TargetChange[];
  snapshots: SnapshotRecord[];
  frames: FrameRecord[];
}

/** Builds the export object of a case. */
export function caseJson(db: CaseDb, c: CaseInfo, plan: Plan | undefined): CaseExport {
  const { rid: _rid, planId: _planId, ...info } = c;
  return {
    format: CASE_FORMAT,
    exportedAt: new Date().toISOString(),
    note: PRONE_NOTE,
    case: info,
    plan: plan ?? null,
    comparison: compareCase(db, c, plan),
    events: caseEvents(db, c.rid),
    targets: caseTargets(db, c.rid),
    snapshots: caseSnapshots(db, c.rid),
    frames: [...iterateFrames(db, c.rid)],
  };
}
