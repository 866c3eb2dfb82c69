import type { CaseDb } from '../db.js';
import type { Plan } from '../plan.js';
import type { CaseInfo } from '../store.js';

/** PDF report (being written). */
export async function casePdf(_db: CaseDb, _info: CaseInfo, _plan: Plan | undefined): Promise<Buffer> {
  throw new Error('PDF export not available yet');
}
