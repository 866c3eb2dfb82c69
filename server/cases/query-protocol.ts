/** Messages between the case routes and the query worker (query-worker.ts). */
import type { ExportFile, ExportFormat, StudyIdentifiers } from './export/index.js';

interface Base { id: number; dataDir: string; caseId: string }

export type QueryRequest =
  | (Base & { op: 'timeline'; maxPoints: number })
  | (Base & { op: 'comparison'; snapshotId?: number | null })
  | (Base & { op: 'export'; format: ExportFormat; study?: StudyIdentifiers });

export type QueryReply =
  | { id: number; result: unknown }
  | { id: number; files: ExportFile[] }
  | { id: number; status: number; error: string };

/** A request without the id the client assigns. */
export type QueryCall = QueryRequest extends infer R ? (R extends QueryRequest ? Omit<R, 'id'> : never) : never;
