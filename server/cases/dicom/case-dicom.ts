/**
 * DICOM export of a case: every snapshot as a Secondary Capture image (one
 * series) and the plan-versus-achieved measurements as a Comprehensive SR
 * (another series), all in one study: the Study Instance UID given at export
 * or a new one. Identifiers go into the files only.
 */
import type { CaseDb } from '../db.js';
import type { ExportFile, StudyIdentifiers } from '../export/index.js';
import { PRONE_NOTE, type Plan } from '../plan.js';
import { compareCase } from '../comparison.js';
import { caseSnapshots, snapshotData, type CaseInfo } from '../store.js';
import { secondaryCapture } from './sc.js';
import { measurementSr } from './sr.js';
import { newUid } from './uid.js';
import type { StudyContext } from './common.js';

export async function caseDicom(db: CaseDb, info: CaseInfo, plan: Plan | undefined, study: StudyIdentifiers): Promise<ExportFile[]> {
  const ctx: StudyContext = {
    study, studyUid: study.studyInstanceUid ?? newUid(), studyMs: info.startedMs, softwareVersion: info.softwareVersion,
    modelText: `model ${info.model.name} ${info.model.version} sha256 ${info.model.sha256}`,
  };
  const files: ExportFile[] = [];
  const scSeries = { uid: newUid(), number: 900 };
  caseSnapshots(db, info.rid).forEach((s, i) => {
    const d = snapshotData(db, info.rid, s.id)!;
    const a = d.measurement.angles;
    const val = (k: string): string => { const v = a[k]; return v && v.value !== null ? `${v.value.toFixed(1)} deg` : 'n/a'; };
    const comment = `Sagitta case ${info.id} snapshot ${s.id} (${s.reason}); L1-L5 ${val('L1L5')}, L1-S1 ${val('L1S1')}, SS ${val('SS')}. Overlay burned in; patient data outside the intensifier circle masked.`;
    files.push({ name: `SC${String(i + 1).padStart(4, '0')}.dcm`, data: secondaryCapture(ctx, scSeries, { uid: newUid(), number: i + 1, timeMs: s.timeMs, comment }, d.png) });
  });
  const cmp = compareCase(db, info, plan);
  const achievedFrom = cmp.achievedFrom === 'snapshot' ? `snapshot ${cmp.snapshotId}` : 'last stable measurement (15 frames within 1.5 deg)';
  files.push({ name: 'SR0001.dcm', data: measurementSr(ctx, { uid: newUid(), number: 901 }, { uid: newUid(), timeMs: info.endedMs ?? info.lastMs }, cmp, { note: PRONE_NOTE, achievedFrom }) });
  return files;
}
