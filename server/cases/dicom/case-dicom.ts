import type { CaseDb } from '../db.js';
import type { Plan } from '../plan.js';
import type { CaseInfo } from '../store.js';
import type { ExportFile, StudyIdentifiers } from '../export/index.js';

/** DICOM export (being written). */
export async function caseDicom(_db: CaseDb, _info: CaseInfo, _plan: Plan | undefined, _study: StudyIdentifiers): Promise<ExportFile[]> {
  throw new Error('DICOM export not available yet');
}
