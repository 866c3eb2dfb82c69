/**
 * Pure reducers: (state, message, client time) → new state. Component tests
 * drive them with hand-made messages; `LiveFeedController` calls them on
 * every `/live` message.
 */
import { PROTOCOL_VERSION, type ServerMessage } from '../../../server/protocol/messages.js';
import { Connection, MAX_EVENTS, type ConnectionState, type LiveState } from './live-state.js';

/**
 * Parses one WebSocket text frame into a server message, or returns an
 * Error naming what is wrong (not JSON, no `type`, another protocol version).
 */
export function parseServerMessage(text: string): ServerMessage | Error {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return new Error(`message is not JSON: ${text.slice(0, 60)}`);
  }
  if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') {
    return new Error('message has no "type"');
  }
  const v = (data as { v?: unknown }).v;
  if (v !== undefined && v !== PROTOCOL_VERSION) {
    return new Error(`message of protocol version ${String(v)}, this dashboard speaks ${PROTOCOL_VERSION}`);
  }
  return data as ServerMessage;
}

/** Applies one server message. Unknown types leave the state as it is. */
export function reduceMessage(state: LiveState, msg: ServerMessage, nowMs: number): LiveState {
  switch (msg.type) {
    case 'measurement':
      return { ...state, measurement: msg, measurementAtMs: nowMs };
    case 'status':
      return { ...state, status: msg, statusAtMs: nowMs };
    case 'targets':
      return { ...state, targets: msg.targets };
    case 'preview':
      return { ...state, preview: msg, previewAtMs: nowMs };
    case 'event': {
      const ev = msg.note === undefined ? { timeMs: msg.timeMs, kind: msg.kind } : { timeMs: msg.timeMs, kind: msg.kind, note: msg.note };
      const events = [...state.events, ev];
      return { ...state, events: events.length > MAX_EVENTS ? events.slice(-MAX_EVENTS) : events };
    }
    case 'error':
      return { ...state, lastError: msg };
    case 'ack':
      return state;
    default:
      return state;
  }
}

/**
 * Applies a connection change. Going down keeps the last messages (the
 * readouts turn them into dashes, see `readout.ts`); coming back up clears
 * the old measurement, status and preview so that nothing stale shows before
 * the server's resync arrives.
 */
export function reduceConnection(
  state: LiveState, connection: ConnectionState, detail?: string, reconnectAtMs?: number,
): LiveState {
  const next: LiveState = { ...state, connection, connectionDetail: detail, reconnectAtMs };
  if (connection !== Connection.CONNECTED) return next;
  return { ...next, measurement: null, measurementAtMs: 0, status: null, statusAtMs: 0, preview: null, previewAtMs: 0 };
}
