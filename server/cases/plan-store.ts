/**
 * Plans in the database: the latest plan is the one in force; a case keeps
 * the id of the plan it was recorded with (`cases.plan_id`). The pre-op image
 * is stored as PNG beside the plan JSON.
 */
import type { CaseDb } from './db.js';
import { emptyPlan, parsePlan, type Plan } from './plan.js';

export class PlanStore {
  constructor(private readonly db: CaseDb) {}

  latestId(): number | undefined {
    const r = this.db.prepare('SELECT id FROM plans ORDER BY updated_ms DESC, id DESC LIMIT 1').get() as { id: number } | undefined;
    return r?.id;
  }

  /** The plan in force (an empty one when none was saved). */
  current(): Plan {
    const r = this.db.prepare('SELECT json FROM plans ORDER BY updated_ms DESC, id DESC LIMIT 1').get() as { json: string } | undefined;
    return r ? parsePlan(r.json) : emptyPlan();
  }

  byId(id: number): Plan | undefined {
    const r = this.db.prepare('SELECT json FROM plans WHERE id = ?').get(id) as { json: string } | undefined;
    return r ? parsePlan(r.json) : undefined;
  }

  preopPng(id?: number): Buffer | undefined {
    const pid = id ?? this.latestId();
    if (pid === undefined) return undefined;
    const r = this.db.prepare('SELECT preop_png FROM plans WHERE id = ?').get(pid) as { preop_png: Buffer | null } | undefined;
    return r?.preop_png ?? undefined;
  }

  /**
   * Saves `plan` (validated) as the plan in force, keeping the pre-op image
   * unless a new one is given, and links it to the open case `caseRid`.
   */
  save(plan: Plan, preopPng?: Buffer, caseRid?: number): number {
    const valid = parsePlan(plan);
    const now = Date.now();
    const png = preopPng ?? this.preopPng() ?? null;
    const r = this.db.prepare('INSERT INTO plans (created_ms, updated_ms, json, preop_png) VALUES (?, ?, ?, ?)').run(now, now, JSON.stringify(valid), png);
    const id = Number(r.lastInsertRowid);
    if (caseRid !== undefined) this.db.prepare('UPDATE cases SET plan_id = ? WHERE rid = ?').run(id, caseRid);
    return id;
  }
}
