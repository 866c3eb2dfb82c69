/**
 * The case database schema (SQLite, WAL). One database file per data folder,
 * `<dataDir>/cases.sqlite`; videos and HLS indexes live next to it under
 * `<dataDir>/video/<caseId>/`. Times are ms since the epoch (server clock).
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS plans (
  id INTEGER PRIMARY KEY,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  json TEXT NOT NULL,
  preop_png BLOB
);
CREATE TABLE IF NOT EXISTS cases (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  started_ms INTEGER NOT NULL,
  ended_ms INTEGER,
  last_ms INTEGER NOT NULL,
  calibration TEXT,
  model_name TEXT NOT NULL,
  model_version TEXT NOT NULL,
  model_sha256 TEXT NOT NULL,
  software_version TEXT NOT NULL,
  mask TEXT NOT NULL,
  plan_id INTEGER REFERENCES plans(id),
  achieved_snapshot INTEGER
);
CREATE TABLE IF NOT EXISTS frames (
  case_rid INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  frame INTEGER NOT NULL,
  shot INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  angles TEXT NOT NULL,
  verts BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS frames_by_time ON frames (case_rid, time_ms);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY,
  case_rid INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  note TEXT
);
CREATE INDEX IF NOT EXISTS events_by_case ON events (case_rid, time_ms);
CREATE TABLE IF NOT EXISTS targets (
  id INTEGER PRIMARY KEY,
  case_rid INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY,
  case_rid INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  frame INTEGER NOT NULL,
  shot INTEGER NOT NULL,
  reason TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  measurement TEXT NOT NULL,
  png BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS snapshots_by_case ON snapshots (case_rid, time_ms);
CREATE TABLE IF NOT EXISTS videos (
  id INTEGER PRIMARY KEY,
  case_rid INTEGER NOT NULL,
  shot INTEGER NOT NULL,
  file TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  fps REAL NOT NULL,
  times TEXT NOT NULL DEFAULT '[]',
  keyframes TEXT
);
CREATE INDEX IF NOT EXISTS videos_by_case ON videos (case_rid, start_ms);
`;
