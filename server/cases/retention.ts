/**
 * Retention: deletes cases that ended more than `days` ago, with all their
 * rows and their video folder. The case being recorded is never deleted.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseDb } from './db.js';

/** Deletes old cases; returns the ids deleted. */
export function deleteOldCases(db: CaseDb, dataDir: string, days: number, nowMs: number, keepRid?: number): string[] {
  const cutoff = nowMs - days * 86_400_000;
  const old = db.prepare('SELECT rid, id FROM cases WHERE coalesce(ended_ms, last_ms) < ? AND rid IS NOT ?').all(cutoff, keepRid ?? null) as { rid: number; id: string }[];
  const del = db.transaction((rid: number) => {
    for (const t of ['frames', 'events', 'targets', 'snapshots', 'videos']) db.prepare(`DELETE FROM ${t} WHERE case_rid = ?`).run(rid);
    db.prepare('DELETE FROM cases WHERE rid = ?').run(rid);
  });
  for (const c of old) {
    del(c.rid);
    rmSync(join(dataDir, 'video', c.id), { recursive: true, force: true });
  }
  return old.map((c) => c.id);
}
