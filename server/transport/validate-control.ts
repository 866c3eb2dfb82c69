/**
 * Validates a control message from a client against the protocol's schema
 * (server/protocol/messages.ts ClientMessage): size, JSON, type, and every
 * field's type and range. Pure; a rejected message changes nothing.
 */
import type { ClientMessage, Target } from '../protocol/messages.js';
import { checkTarget } from '../measure/targets.js';
import { MAX_LEVEL_SHIFT } from '../measure/level-shift.js';

/** Largest accepted control message, bytes. */
export const MAX_CONTROL_BYTES = 4096;

export type Validated = { ok: true; message: ClientMessage } | { ok: false; code: string; message: string; requestId?: string };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const bad = (code: string, message: string, requestId?: string): Validated => ({ ok: false, code, message, ...(requestId ? { requestId } : {}) });

const ALLOWED: Record<ClientMessage['type'], readonly string[]> = {
  'set-target': ['target'],
  'clear-target': ['angle'],
  'mark-event': ['note'],
  'shift-levels': ['shift'],
  'confirm-levels': [],
  snapshot: [],
  recording: ['active'],
  hello: ['token'],
};

/** Parses and checks one raw message; never throws. */
export function validateControl(raw: string | Buffer): Validated {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_CONTROL_BYTES) return bad('too-large', `control message of ${size} bytes exceeds ${MAX_CONTROL_BYTES}`);
  let data: unknown;
  try { data = JSON.parse(raw.toString()); } catch { return bad('bad-json', 'control message is not valid JSON'); }
  if (!isObj(data)) return bad('bad-message', 'control message must be a JSON object');
  const requestId = typeof data.requestId === 'string' && data.requestId.length <= 64 ? data.requestId : undefined;
  if (data.requestId !== undefined && requestId === undefined) return bad('bad-field', 'requestId must be a string of at most 64 characters');
  const type = data.type;
  if (typeof type !== 'string' || !(type in ALLOWED)) return bad('unknown-type', `unknown control message type ${JSON.stringify(type)}`, requestId);
  const allowed = new Set(['type', 'requestId', ...ALLOWED[type as ClientMessage['type']]]);
  const extra = Object.keys(data).find((k) => !allowed.has(k));
  if (extra) return bad('bad-field', `unexpected field "${extra}" in ${type}`, requestId);
  const rid = requestId ? { requestId } : {};
  switch (type as ClientMessage['type']) {
    case 'set-target': {
      const t = data.target;
      if (!isObj(t) || typeof t.angle !== 'string' || typeof t.valueDeg !== 'number' || typeof t.toleranceDeg !== 'number') {
        return bad('bad-field', 'set-target needs target {angle: string, valueDeg: number, toleranceDeg: number}', requestId);
      }
      const target: Target = { angle: t.angle, valueDeg: t.valueDeg, toleranceDeg: t.toleranceDeg, source: 'dashboard' };
      try { checkTarget(target); } catch (err) { return bad('bad-field', (err as Error).message, requestId); }
      return { ok: true, message: { type: 'set-target', ...rid, target } };
    }
    case 'clear-target':
      if (typeof data.angle !== 'string' || data.angle.length > 32) return bad('bad-field', 'clear-target needs angle: string', requestId);
      return { ok: true, message: { type: 'clear-target', ...rid, angle: data.angle } };
    case 'mark-event':
      if (data.note !== undefined && (typeof data.note !== 'string' || data.note.length > 500)) return bad('bad-field', 'mark-event note must be a string of at most 500 characters', requestId);
      return { ok: true, message: { type: 'mark-event', ...rid, ...(typeof data.note === 'string' ? { note: data.note } : {}) } };
    case 'shift-levels':
      if (typeof data.shift !== 'number' || !Number.isInteger(data.shift) || Math.abs(data.shift) > MAX_LEVEL_SHIFT) {
        return bad('bad-field', `shift-levels needs an integer shift from -${MAX_LEVEL_SHIFT} to ${MAX_LEVEL_SHIFT}`, requestId);
      }
      return { ok: true, message: { type: 'shift-levels', ...rid, shift: data.shift } };
    case 'recording':
      if (typeof data.active !== 'boolean') return bad('bad-field', 'recording needs active: boolean', requestId);
      return { ok: true, message: { type: 'recording', ...rid, active: data.active } };
    case 'hello':
      if (data.token !== undefined && typeof data.token !== 'string') return bad('bad-field', 'hello token must be a string', requestId);
      return { ok: true, message: { type: 'hello', ...rid, ...(typeof data.token === 'string' ? { token: data.token } : {}) } };
    case 'confirm-levels':
    case 'snapshot':
      return { ok: true, message: { type: type as 'confirm-levels' | 'snapshot', ...rid } };
  }
}
