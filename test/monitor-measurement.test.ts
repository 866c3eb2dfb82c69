/**
 * The measurement message built from tracked vertebrae (pure): an angle that
 * needs a vertebra whose jump the tracker holds back this frame is withheld
 * with the reason, the others are published.
 */
import { describe, expect, it } from 'vitest';
import { buildMeasurement } from '../server/monitor/measurement.js';
import { LEVEL_CHECK_NOTES, ShotLevelCheck } from '../server/monitor/level-check.js';
import { defaultInferenceThreads } from '../server/monitor/options.js';
import { TargetSet } from '../server/measure/targets.js';
import type { TrackedVertebra } from '../server/tracking/tracker.js';

/** L1…S1 as 60 × 40 px boxes stacked 60 px apart, each endplate tilted a little more. */
function spine(heldBack: string[] = []): TrackedVertebra[] {
  return ['L1', 'L2', 'L3', 'L4', 'L5', 'S1'].map((label, i) => {
    const y = 100 + 60 * i, tilt = 4 * i, x0 = 200, x1 = 260;
    const corners: ([number, number] | null)[] = [[x0, y - tilt], [x1, y], [x1, y + 40], [x0, y + 40 - tilt]];
    if (label === 'S1') { corners[2] = null; corners[3] = null; }
    return { label, corners, score: 0.99, spread: corners.map((c) => (c ? 0.3 : null)), unseenMs: 0, stale: false, heldBack: heldBack.includes(label) };
  });
}
const meta = { frame: 7, timeMs: 467, shot: 0, width: 512, height: 512, timings: {} };
const opts = { horizontalDeg: 0, maxSdDeg: 2, targets: new TargetSet() };

describe('measurement message', () => {
  it('publishes every angle when no jump is held back', () => {
    const m = buildMeasurement(spine(), meta, opts);
    for (const name of ['L1L5', 'L1S1', 'SS', 'disc:L4L5', 'disc:L5S1']) expect(m.angles[name]!.value, name).not.toBeNull();
  });

  it('withholds the angles that need a vertebra held back by the gate, with the reason', () => {
    const m = buildMeasurement(spine(['L5']), meta, opts);
    for (const name of ['L1L5', 'disc:L4L5', 'disc:L5S1']) {
      expect(m.angles[name]).toEqual({ value: null, reason: 'L5 jumped: held until the next frame confirms it' });
    }
    for (const name of ['L1S1', 'SS', 'disc:L1L2', 'disc:L3L4']) expect(m.angles[name]!.value, name).not.toBeNull();
    expect(m.vertebrae.find((v) => v.label === 'L5')!.heldBack).toBe(true);
  });

  it('carries the pipeline\'s level check only when the labels were recounted or are inconsistent', () => {
    expect(buildMeasurement(spine(), meta, opts)).not.toHaveProperty('levelCheck');
    expect(buildMeasurement(spine(), { ...meta, levelCheck: 'consistent' }, opts)).not.toHaveProperty('levelCheck');
    expect(buildMeasurement(spine(), { ...meta, levelCheck: 'recounted-from-S1' }, opts).levelCheck).toBe('recounted-from-S1');
    expect(buildMeasurement(spine(), { ...meta, levelCheck: 'inconsistent' }, opts).levelCheck).toBe('inconsistent');
  });
});

describe('the level check published per shot', () => {
  it('keeps inconsistent for the rest of the shot, reports recounts per frame, and notes each first once per shot', () => {
    const c = new ShotLevelCheck();
    expect(c.update(1, 'consistent')).toEqual({ check: 'consistent' });
    expect(c.update(1, 'recounted-from-S1')).toEqual({ check: 'recounted-from-S1', note: LEVEL_CHECK_NOTES['recounted-from-S1'] });
    expect(c.update(1, 'recounted-from-S1')).toEqual({ check: 'recounted-from-S1' }); // noted once
    expect(c.update(1, 'consistent')).toEqual({ check: 'consistent' });
    expect(c.update(1, 'inconsistent')).toEqual({ check: 'inconsistent', note: LEVEL_CHECK_NOTES.inconsistent });
    expect(c.update(1, 'consistent')).toEqual({ check: 'inconsistent' }); // the shot's labels still need the check
    expect(c.update(1, 'recounted-from-S1')).toEqual({ check: 'inconsistent' });
    // a new shot starts clean, and notes again
    expect(c.update(2, 'consistent')).toEqual({ check: 'consistent' });
    expect(c.update(2, 'inconsistent')).toEqual({ check: 'inconsistent', note: LEVEL_CHECK_NOTES.inconsistent });
  });
});

describe('defaultInferenceThreads', () => {
  it('leaves one core to capture, previews and sockets, and never asks for fewer than one thread', () => {
    expect(defaultInferenceThreads(1)).toBe(1);
    expect(defaultInferenceThreads(2)).toBe(1);
    expect(defaultInferenceThreads(8)).toBe(7);
  });
});
