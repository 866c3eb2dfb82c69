/**
 * What one angle readout shows, derived purely from the state and the clock:
 * a value with its target, delta and status, or a dash with the reason.
 * A number is shown only while it is current: never after the connection
 * dropped, the source lost its signal, or the measurements stopped coming.
 */
import type { Target, TargetStatus } from '../../../server/protocol/messages.js';
import { Connection, type LiveState } from './live-state.js';

/** A live measurement older than this (client ms) is stale, unless the source says the image is held. */
export const STALE_AFTER_MS = 3000;

export type ReadoutStatus = TargetStatus | 'none';

export type ReadoutView =
  | {
      readonly measurable: true;
      readonly valueDeg: number;
      readonly sdDeg: number;
      readonly combined: boolean;
      readonly target: Target | null;
      /** value − target, degrees; null without a target. */
      readonly deltaDeg: number | null;
      /** `none` without a target. */
      readonly status: ReadoutStatus;
    }
  | { readonly measurable: false; readonly reason: string; readonly target: Target | null };

/** Status against a target: within when |value − target| ≤ tolerance. */
export function statusFor(valueDeg: number, target: Target): TargetStatus {
  const d = valueDeg - target.valueDeg;
  if (Math.abs(d) <= target.toleranceDeg + 1e-9) return 'within';
  return d < 0 ? 'below' : 'above';
}

const SOURCE_REASONS: Record<string, string> = {
  'no-signal': 'no signal from the C-arm',
  starting: 'video source starting',
  restarting: 'video source restarting',
  failed: 'video source failed',
  ended: 'video ended',
};

/** Why nothing current can be shown, or null when the last measurement is current. */
export function staleReason(state: LiveState, nowMs: number): string | null {
  if (state.connection !== Connection.CONNECTED) return 'disconnected from the monitor';
  const source = state.status?.sourceState;
  if (source !== undefined && source in SOURCE_REASONS) return SOURCE_REASONS[source]!;
  if (!state.measurement) return 'waiting for a measurement';
  const age = nowMs - state.measurementAtMs;
  if (source !== 'held' && age > STALE_AFTER_MS) return `no measurement for ${Math.round(age / 1000)} s`;
  return null;
}

/** The readout of one angle (`L1L5`, `SS`, `disc:L4L5`, …). */
export function readoutFor(state: LiveState, angle: string, nowMs: number): ReadoutView {
  const target = state.targets.find((t) => t.angle === angle) ?? null;
  const stale = staleReason(state, nowMs);
  if (stale) return { measurable: false, reason: stale, target };
  const a = state.measurement!.angles[angle];
  if (!a) return { measurable: false, reason: 'not reported', target };
  if (a.value === null) return { measurable: false, reason: a.reason || 'not measurable', target };
  // Against the target shown next to it (the server's status may predate a target change).
  const deltaDeg = target ? a.value - target.valueDeg : (a.delta ?? null);
  const status: ReadoutStatus = target ? statusFor(a.value, target) : (a.status ?? 'none');
  return { measurable: true, valueDeg: a.value, sdDeg: a.sd, combined: a.combined === true, target, deltaDeg, status };
}

/** `-42.31` → `−42.3°` (true minus sign, one decimal). */
export function formatDeg(deg: number, withSign = false): string {
  const r = Math.round(deg * 10) / 10;
  const body = Math.abs(r).toFixed(1);
  const sign = r < 0 ? '−' : withSign && r > 0 ? '+' : '';
  return `${sign}${body}°`;
}

/** `45 ± 5°` style target text. */
export function formatTarget(t: Target): string {
  return `${formatDeg(t.valueDeg).slice(0, -1)} ± ${Math.abs(t.toleranceDeg).toFixed(1)}°`;
}

/** Age of a held image in whole seconds, from the last status plus the time since it came. */
export function heldAgeS(state: LiveState, nowMs: number): number | null {
  const s = state.status;
  if (!s || s.sourceState !== 'held') return null;
  return Math.max(0, Math.round(((s.heldForMs ?? 0) + (nowMs - state.statusAtMs)) / 1000));
}

/**
 * Why the level labels shown need the surgeon's check, or null:
 * - the frame's vertebrae were counted without S1 in view (the count then
 *   rests on the last rib-bearing vertebra or on shapes, and a whole chain
 *   can be one level off: labels on the wrong body in 11 of 281 such
 *   phantom stills);
 * - or the labels disagreed with the vertebrae's spacing in this shot and no
 *   confident S1 could anchor a recount (`levelCheck: inconsistent`).
 * Cleared once the surgeon confirms the labels [C] or shifts them
 * (PgUp/PgDn); the server ends both at a C-arm move.
 */
export function levelsUnverified(state: LiveState): string | null {
  const m = state.measurement, s = state.status;
  if (!m || s?.levelsConfirmed || s?.levelShift) return null;
  const seen = m.vertebrae.filter((v) => !v.stale && v.score >= 0.5);
  if (!seen.length) return null;
  if (m.levelCheck === 'inconsistent') return 'LEVELS NOT VERIFIED · spacing does not match the labels · C confirms, PgUp/PgDn shifts';
  if (seen.some((v) => v.label === 'S1')) return null;
  return 'LEVELS NOT VERIFIED · no S1 in view · C confirms, PgUp/PgDn shifts';
}
