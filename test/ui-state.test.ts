/**
 * The dashboard's pure modules, driven with hand-made messages: reducer,
 * readout derivation (never a stale number), formatting, the columnar
 * timeline store, reconnection delays and the socket address.
 */
import { describe, expect, it } from 'vitest';
import type { MeasurementMessage, StatusMessage, VertebraWire } from '../server/protocol/messages.js';
import { liveSocketUrl, pageToken, reconnectDelayMs } from '../ui/src/live/ws-url.js';
import { Connection, initialLiveState, type LiveState } from '../ui/src/state/live-state.js';
import { angleTitle, shortName } from '../ui/src/state/names.js';
import { formatDeg, formatTarget, heldAgeS, levelsUnverified, readoutFor, statusFor, STALE_AFTER_MS } from '../ui/src/state/readout.js';
import { parseServerMessage, reduceConnection, reduceMessage } from '../ui/src/state/reduce.js';
import { TimelineStore } from '../ui/src/state/timeline-store.js';
import { withShotGaps } from '../ui/src/cases/shot-gaps.js';

const status = (over: Partial<StatusMessage> = {}): StatusMessage => ({
  type: 'status', v: 1, source: 'phantom', sourceState: 'live', fps: 15, latencyMs: 40, executionProvider: 'cpu',
  model: { name: 'm', version: '1', syntheticOnly: true }, recording: { active: false }, ...over,
});
const meas = (timeMs: number, angles: MeasurementMessage['angles'], shot = 1): MeasurementMessage => ({
  type: 'measurement', v: 1, frame: 1, timeMs, shot, width: 10, height: 10, vertebrae: [], angles, timings: {},
});

function connected(): LiveState {
  return reduceConnection(initialLiveState, Connection.CONNECTED);
}

describe('reducer', () => {
  it('keeps the latest of each message with its client arrival time', () => {
    let s = connected();
    s = reduceMessage(s, status(), 1000);
    s = reduceMessage(s, meas(5, { L1L5: { value: 40, sd: 1 } }), 1100);
    s = reduceMessage(s, { type: 'targets', v: 1, targets: [{ angle: 'L1L5', valueDeg: 45, toleranceDeg: 5 }] }, 1200);
    s = reduceMessage(s, { type: 'event', v: 1, timeMs: 7, kind: 'mark', note: 'x' }, 1300);
    expect(s.statusAtMs).toBe(1000);
    expect(s.measurementAtMs).toBe(1100);
    expect(s.targets).toHaveLength(1);
    expect(s.events).toEqual([{ timeMs: 7, kind: 'mark', note: 'x' }]);
  });

  it('forgets the old measurement, status and preview when a connection opens (resync)', () => {
    let s = reduceMessage(connected(), meas(5, {}), 1);
    s = reduceConnection(s, Connection.DISCONNECTED, 'closed (1006)', 2000);
    expect(s.measurement).not.toBeNull();
    expect(s.reconnectAtMs).toBe(2000);
    s = reduceConnection(s, Connection.CONNECTED);
    expect(s.measurement).toBeNull();
    expect(s.status).toBeNull();
  });

  it('refuses what is not a message of this protocol, naming the problem', () => {
    expect((parseServerMessage('{') as Error).message).toBe('message is not JSON: {');
    expect((parseServerMessage('{"v":1}') as Error).message).toBe('message has no "type"');
    expect((parseServerMessage('{"type":"status","v":2}') as Error).message).toBe('message of protocol version 2, this dashboard speaks 1');
    expect(parseServerMessage('{"type":"ack","v":1}')).toEqual({ type: 'ack', v: 1 });
  });
});

describe('readout', () => {
  const base = () => reduceMessage(reduceMessage(connected(), status(), 0), meas(1, {
    L1L5: { value: 42.26, sd: 0.5 }, L1S1: { value: null, reason: 'S1 not in view' },
  }), 1000);

  it('gives value, delta and status against the target shown', () => {
    const s = { ...base(), targets: [{ angle: 'L1L5', valueDeg: 45, toleranceDeg: 2 }] };
    const r = readoutFor(s, 'L1L5', 1500);
    // 42.26 − 45 = −2.74, beyond the 2° tolerance: below
    expect(r).toMatchObject({ measurable: true, valueDeg: 42.26, status: 'below' });
    expect(r.measurable && r.deltaDeg).toBeCloseTo(-2.74, 9);
    expect(readoutFor(s, 'L1S1', 1500)).toEqual({ measurable: false, reason: 'S1 not in view', target: null });
    expect(readoutFor(base(), 'L1L5', 1500)).toMatchObject({ status: 'none', deltaDeg: null });
  });

  it('never shows a stale number', () => {
    const s = base();
    expect(readoutFor(s, 'L1L5', 1000 + STALE_AFTER_MS).measurable).toBe(true);
    expect(readoutFor(s, 'L1L5', 1000 + STALE_AFTER_MS + 1)).toMatchObject({ measurable: false, reason: 'no measurement for 3 s' });
    // a held image keeps its measurement, labelled with its age
    const held = reduceMessage(s, status({ sourceState: 'held', heldForMs: 4000 }), 2000);
    expect(readoutFor(held, 'L1L5', 9000).measurable).toBe(true);
    expect(heldAgeS(held, 3000)).toBe(5);
    expect(readoutFor(reduceMessage(s, status({ sourceState: 'no-signal' }), 1100), 'L1L5', 1200)).toMatchObject({ reason: 'no signal from the C-arm' });
    expect(readoutFor(reduceConnection(s, Connection.DISCONNECTED), 'L1L5', 1100)).toMatchObject({ reason: 'disconnected from the monitor' });
  });

  it('classifies against the tolerance inclusively', () => {
    const t = { angle: 'SS', valueDeg: 40, toleranceDeg: 3 };
    expect(statusFor(43, t)).toBe('within');
    expect(statusFor(37, t)).toBe('within');
    expect(statusFor(43.01, t)).toBe('above');
    expect(statusFor(36.99, t)).toBe('below');
  });

  it('formats degrees with a true minus sign and one decimal', () => {
    expect(formatDeg(-42.31)).toBe('−42.3°');
    expect(formatDeg(2.25, true)).toBe('+2.3°');
    expect(formatDeg(-0.04, true)).toBe('0.0°');
    expect(formatTarget({ angle: 'L1L5', valueDeg: -5, toleranceDeg: 2.5 })).toBe('−5.0 ± 2.5°');
    expect(shortName('disc:L5S1')).toBe('L5–S1');
    expect(angleTitle('L1S1')).toBe('L1–S1 lordosis');
  });
});

describe('level labels counted without S1', () => {
  const v = (label: string, over: Partial<VertebraWire> = {}): VertebraWire => ({ label, corners: [[0, 0], [1, 0], [1, 1], [0, 1]], score: 0.9, spread: [1, 1, 1, 1], ...over });
  const withVertebrae = (vs: VertebraWire[], st: Partial<StatusMessage> = {}) =>
    reduceMessage(reduceMessage(connected(), status(st), 0), { ...meas(1, {}), vertebrae: vs }, 1);
  it('asks for a check when S1 is not in view, until the labels are confirmed or shifted', () => {
    expect(levelsUnverified(withVertebrae([v('L2'), v('L3'), v('L4')]))).toMatch(/^LEVELS NOT VERIFIED · no S1 in view/);
    expect(levelsUnverified(withVertebrae([v('L2'), v('L3'), v('L4')], { levelsConfirmed: true }))).toBeNull();
    expect(levelsUnverified(withVertebrae([v('L2'), v('L3'), v('L4')], { levelShift: -1 }))).toBeNull();
  });
  it('is quiet with S1 in view, with no vertebra, and counts neither stale nor unlikely ones', () => {
    expect(levelsUnverified(withVertebrae([v('L4'), v('L5'), v('S1')]))).toBeNull();
    expect(levelsUnverified(withVertebrae([]))).toBeNull();
    expect(levelsUnverified(withVertebrae([v('L5'), v('S1', { stale: true })]))).toMatch(/no S1 in view/);
    expect(levelsUnverified(withVertebrae([v('L5'), v('S1', { score: 0.3 })]))).toMatch(/no S1 in view/);
    expect(levelsUnverified(connected())).toBeNull();
  });
  it('asks for a check with S1 in view when the server found the spacing at odds with the labels, not after a recount from S1', () => {
    const inconsistent = (st: Partial<StatusMessage> = {}) =>
      reduceMessage(reduceMessage(connected(), status(st), 0), { ...meas(1, {}), vertebrae: [v('L4'), v('L5'), v('S1')], levelCheck: 'inconsistent' as const }, 1);
    expect(levelsUnverified(inconsistent())).toMatch(/^LEVELS NOT VERIFIED · spacing does not match the labels/);
    expect(levelsUnverified(inconsistent({ levelsConfirmed: true }))).toBeNull();
    const recounted = reduceMessage(reduceMessage(connected(), status({}), 0), { ...meas(1, {}), vertebrae: [v('L4'), v('L5'), v('S1')], levelCheck: 'recounted-from-S1' as const }, 1);
    expect(levelsUnverified(recounted)).toBeNull();
  });
});

describe('timeline store', () => {
  it('keeps columns of times (s) and angles with NaN gaps, growing without copying views', () => {
    const st = new TimelineStore(['L1L5', 'SS'], 2);
    st.append(meas(1000, { L1L5: { value: 40, sd: 1 }, SS: { value: null, reason: 'x' } }));
    st.append(meas(1000, { L1L5: { value: 41, sd: 1 } })); // not later: ignored
    st.append(meas(2000, { L1L5: { value: 42, sd: 1 }, SS: { value: 30, sd: 1 } }, 2));
    st.appendGap(2500);
    st.append(meas(3000, { L1L5: { value: 43, sd: 1 } }, 2));
    const [t, a, b] = st.data();
    // shot 2 starts at 2 s: a gap 1 ms before it, so the line does not join the two shots
    expect(Array.from(t!)).toEqual([1, 1.999, 2, 2.5, 3]);
    expect(Array.from(a!)).toEqual([40, NaN, 42, NaN, 43]);
    expect(Array.from(b!)).toEqual([NaN, NaN, 30, NaN, NaN]);
    expect(st.shotStartsS).toEqual([1, 2]);
    expect(st.span()).toEqual([1, 3]);
  });
});

describe('case replay chart data', () => {
  it('breaks the lines between shots with a null 1 ms before each new shot', () => {
    const d = { t: [1000, 2000, 5000, 6000], frame: [1, 2, 3, 4], shot: [1, 1, 2, 2], angles: { L1L5: [40, null, 45, 46] } };
    expect(withShotGaps(d, ['L1L5', 'SS'])).toEqual({
      xs: [1, 2, 4.999, 5, 6],
      ys: [[40, null, null, 45, 46], [null, null, null, null, null]],
    });
  });
});

describe('connection', () => {
  it('backs off 1, 2, … 5 s, then stays at 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(reconnectDelayMs)).toEqual([1000, 2000, 3000, 4000, 5000, 5000, 5000]);
  });

  it('opens /live on the page origin and passes the page token through', () => {
    expect(liveSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080', search: '' })).toBe('ws://127.0.0.1:8080/live');
    expect(liveSocketUrl({ protocol: 'https:', host: 'or-3:8443', search: '?token=a+b/c' })).toBe('wss://or-3:8443/live?token=a%20b%2Fc');
    expect(pageToken('?x=1&token=t0k')).toBe('t0k');
    expect(pageToken('')).toBeUndefined();
  });
});
