/**
 * Opens the case database: creates the data folder private to its user
 * (mode 0700), sets WAL mode and the synchronous level, applies the schema.
 */
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';

export type CaseDb = Database.Database;

/**
 * `NORMAL` (default) survives a process kill (WAL); `FULL` also a power loss,
 * at the price of an fsync per batch on the monitor's main thread (see docs/cases.md).
 */
export type SyncLevel = 'NORMAL' | 'FULL';

export interface OpenOptions {
  readonly readonly?: boolean;
  readonly synchronous?: SyncLevel;
}

/** Path of the database file in a data folder. */
export function dbPath(dataDir: string): string {
  return join(dataDir, 'cases.sqlite');
}

/** Creates `dir` (and parents) with mode 0700 and tightens an existing one to 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Opens (creating when needed) the case database of `dataDir`. Throws an Error naming the file on failure. */
export function openCaseDb(dataDir: string, options: OpenOptions = {}): CaseDb {
  const file = dbPath(dataDir);
  let db: CaseDb;
  try {
    if (options.readonly) {
      db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 2000');
      return db;
    }
    ensurePrivateDir(dataDir);
    db = new Database(file);
  } catch (err) {
    throw new Error(`cannot open case database ${file}: ${(err as Error).message}`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.pragma('busy_timeout = 2000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA_SQL);
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('schema', String(SCHEMA_VERSION));
  return db;
}
