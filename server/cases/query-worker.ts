/**
 * Case query worker thread: the reads that take seconds on a long case
 * (exports, the whole-case timeline, plan versus achieved) run here, on a
 * read-only connection of their own, so that the monitor's thread keeps
 * measuring and recording. Protocol in query-protocol.ts.
 */
import { parentPort } from 'node:worker_threads';
import { openCaseDb, type CaseDb } from './db.js';
import { compareCase } from './comparison.js';
import { exportCase } from './export/index.js';
import { PlanStore } from './plan-store.js';
import { getCase, timeline } from './store.js';
import type { QueryReply, QueryRequest } from './query-protocol.js';

const dbs = new Map<string, CaseDb>();

async function answer(q: QueryRequest): Promise<QueryReply> {
  let db = dbs.get(q.dataDir);
  if (!db) { db = openCaseDb(q.dataDir, { readonly: true }); dbs.set(q.dataDir, db); }
  const info = getCase(db, q.caseId);
  if (!info) return { id: q.id, status: 404, error: `no case "${q.caseId}"` };
  const plan = info.planId != null ? new PlanStore(db).byId(info.planId) : undefined;
  switch (q.op) {
    case 'timeline': return { id: q.id, result: timeline(db, info.rid, q.maxPoints) };
    case 'comparison': return { id: q.id, result: compareCase(db, info, plan, q.snapshotId) };
    case 'export': {
      const files = await exportCase(q.format, { db, info, plan, ...(q.study ? { study: q.study } : {}) });
      return { id: q.id, files };
    }
  }
}

parentPort?.on('message', (q: QueryRequest) => {
  answer(q).then(
    (r) => parentPort!.postMessage(r),
    (err: Error) => parentPort!.postMessage({ id: q.id, status: 500, error: err.message } satisfies QueryReply),
  );
});
