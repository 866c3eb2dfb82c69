/**
 * The dashboard's view of the monitor, built from `/live` messages by the
 * pure reducer in `reduce.ts`. Client times (`…AtMs`) are `Date.now()` when a
 * message arrived, so staleness never depends on the server's clock.
 */
import type {
  ErrorMessage, MeasurementMessage, PreviewMessage, StatusMessage, Target,
} from '../../../server/protocol/messages.js';

/** Connection to the monitor's WebSocket. */
export const Connection = {
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  DISCONNECTED: 'disconnected',
} as const;
export type ConnectionState = (typeof Connection)[keyof typeof Connection];

/** An event shown on the timeline. */
export interface TimelineEvent { readonly timeMs: number; readonly kind: string; readonly note?: string }

export interface LiveState {
  readonly connection: ConnectionState;
  /** Why the connection is down (close code / reason), when it is. */
  readonly connectionDetail?: string;
  /** When the next reconnection attempt is due (client ms), while disconnected. */
  readonly reconnectAtMs?: number;
  readonly status: StatusMessage | null;
  readonly statusAtMs: number;
  readonly measurement: MeasurementMessage | null;
  readonly measurementAtMs: number;
  readonly preview: PreviewMessage | null;
  readonly previewAtMs: number;
  readonly targets: readonly Target[];
  /** The last events, oldest first (at most `MAX_EVENTS`). */
  readonly events: readonly TimelineEvent[];
  /** The last error reply of the server, shown until the next one or a dismissal. */
  readonly lastError: ErrorMessage | null;
}

export const MAX_EVENTS = 500;

export const initialLiveState: LiveState = {
  connection: Connection.CONNECTING,
  status: null,
  statusAtMs: 0,
  measurement: null,
  measurementAtMs: 0,
  preview: null,
  previewAtMs: 0,
  targets: [],
  events: [],
  lastError: null,
};
