/**
 * Typed fetch helpers for the cases HTTP API (server/cases/routes.ts and
 * plan-routes.ts). The page's `?token=` is passed on every request.
 */
import type { Comparison } from '../../../server/cases/comparison.js';
import type { Plan, PreopBaseline } from '../../../server/cases/plan.js';
import type { CaseInfo, CaseSummary, EventRecord, SnapshotRecord, VideoRecord } from '../../../server/cases/store.js';
import type { Target, VertebraWire } from '../../../server/protocol/messages.js';

export type { Comparison, Plan, PreopBaseline, CaseInfo, CaseSummary, SnapshotRecord, VideoRecord };

export interface PlanView { plan: Plan; targets: Target[]; formula: string; note: string; hasPreopImage: boolean }
export interface CaseDetail { case: CaseInfo; plan: Plan | null; events: EventRecord[]; snapshots: SnapshotRecord[]; videos: Omit<VideoRecord, 'times'>[] }
export interface TimelineData { t: number[]; frame: number[]; shot: number[]; angles: Record<string, (number | null)[]> }
export interface StoredFrame { timeMs: number; frame: number; shot: number; width: number; height: number; angles: Record<string, { value: number | null; sd?: number; reason?: string }>; vertebrae: VertebraWire[] }

/** Adds the page token to an API path (also for <img>/<video> sources). */
export function apiUrl(path: string): string {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return path;
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/** Fetches JSON; throws an Error with the server's `{error}` message on failure. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(apiUrl(path), init);
  const text = await res.text();
  let body: unknown = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) throw new Error((body as { error?: string } | null)?.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export const jsonInit = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
