/**
 * The recorder's options and public interface, and the pseudonymous case id.
 */
import { randomBytes } from 'node:crypto';
import type { MonitorSink } from '../monitor/sink.js';
import type { Target } from '../protocol/messages.js';
import type { CaseDb, SyncLevel } from './db.js';
import type { MaskConfig } from './mask.js';
import type { PlanStore } from './plan-store.js';

export interface CaseRecorderOptions {
  /** Data folder (created with mode 0700): `cases.sqlite` and `video/`. */
  readonly dataDir: string;
  /** Label of a newly started case (surgeon's choice; never a patient name). */
  readonly label?: string;
  readonly model: { readonly name: string; readonly version: string; readonly sha256: string };
  /** Calibration in force, as text (name or JSON), stored with the case. */
  readonly calibration?: string;
  /** Patient-data mask for recorded video, snapshots and exports (default: outside the inscribed circle). */
  readonly mask?: MaskConfig;
  /** Cases that ended more than this many days ago are deleted (at open and every hour). Default: keep all. */
  readonly retentionDays?: number;
  /** SQLite synchronous level in WAL mode. Default NORMAL (kill-safe; FULL adds power-loss safety and an fsync per batch). */
  readonly synchronous?: SyncLevel;
  /** Batch interval in ms (default 200). */
  readonly flushIntervalMs?: number;
  /** Start a case at once (default true) unless one is resumed. */
  readonly autoStart?: boolean;
  /** Continue the last case if it was not ended (crash) and was written to within this many ms (default 12 h; 0: never). */
  readonly resumeWithinMs?: number;
  /** Record the fluoroscopy video of live shots as MP4 (default true). */
  readonly video?: boolean;
  /** Frames per second written into the MP4 header (default 30). */
  readonly videoFps?: number;
  /** Rows held in memory while writes fail, at most (default 54 000 = 30 min at 30 fps); the oldest go first. */
  readonly maxQueuedRows?: number;
  /** Test seam: runs inside every write transaction; throwing simulates a write failure. */
  readonly faultInjector?: () => void;
}

/** The recorder as the monitor and the routes see it. */
export interface CaseRecorder extends MonitorSink {
  readonly dataDir: string;
  /** The writer's connection (reads here run between writes; heavy reads use their own connection). */
  readonly db: CaseDb;
  readonly mask: MaskConfig;
  readonly plans: PlanStore;
  /** Starts a new case (ending the open one); returns its id. */
  startCase(label?: string): string;
  /** Ends the open case. */
  endCase(): void;
  currentCaseId(): string | undefined;
  /** The targets last handed over by the monitor. */
  currentTargets(): Target[];
  /** Records a free-text note on the open case. */
  addNote(note: string, timeMs?: number): void;
  /** Writes queued rows now. Returns false when the write failed. */
  flush(): boolean;
  /** Resolves once the snapshots being rendered are queued, then flushes. */
  idle(): Promise<void>;
}

/** A pseudonymous case id: date + 6 random base-32 characters, e.g. `20261128-K3QF7Z`. */
export function newCaseId(nowMs: number): string {
  const d = new Date(nowMs).toISOString().slice(0, 10).replaceAll('-', '');
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
  const r = randomBytes(6);
  return `${d}-${Array.from(r, (b) => alphabet[b % alphabet.length]).join('')}`;
}

