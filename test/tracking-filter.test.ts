/**
 * The tracker's filter properties on synthetic corner streams (no model):
 * a still patient at 15 fps with fresh noise on every frame, a step change of
 * the anatomy, a jump that does not persist, and a label switch.
 * Vertebrae are 56 × 40 px (a lumbar spine filling a 768 × 576 frame).
 * Noise: 0.5 px SD per corner coordinate for the still patient (the raw
 * L1–S1 then jumps by about 1.2° SD frame to frame) and 0.3 px for the step,
 * where no estimator can do much better: 300 ms is 5 frames, and the mean
 * of 5 raw L1 endplates at 0.3 px still has 0.2° SD.
 */
import { describe, expect, it } from 'vitest';
import { computeAngles } from '../server/measure/angles.js';
import { Tracker } from '../server/tracking/tracker.js';
import { sd, seeded, spine, withNoise } from './helpers/synthetic-spine.js';

const FPS = 15, DT = 1000 / FPS;
const STILL = [-10, -5, 0, 5, 10, 20]; // tilts of L1…S1: L1–S1 lordosis 30°
const angle = (vs: Parameters<typeof computeAngles>[0], name: string) => computeAngles(vs).angles[name]!;

describe('tracker on synthetic corner streams', () => {
  it('keeps a still patient within 0.3° jitter over 10 s at 15 fps', () => {
    const rand = seeded(7), tracker = new Tracker(), truth = spine(STILL);
    const raw: number[] = [], smooth: Record<string, number[]> = { L1L5: [], L1S1: [], SS: [] };
    for (let f = 0; f < 10 * FPS; f++) {
      const obs = withNoise(truth, 0.5, rand);
      raw.push(angle(obs, 'L1S1'));
      const out = tracker.update(obs, f * DT);
      if (f >= FPS) for (const k of Object.keys(smooth)) smooth[k]!.push(angle(out, k));
    }
    const diffs = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]!);
    expect(sd(diffs(raw))).toBeGreaterThan(1); // the raw stream is noisy…
    for (const k of Object.keys(smooth)) {
      expect(sd(diffs(smooth[k]!)), `${k} frame-to-frame SD`).toBeLessThan(0.3); // …the published one is not
      expect(sd(smooth[k]!), `${k} SD`).toBeLessThan(0.3);
      expect(Math.abs(smooth[k]!.at(-1)! - angle(truth, k))).toBeLessThan(0.5);
    }
  });

  it('settles within 0.5° of a new truth within 300 ms after a step change (95 % of 40 runs)', () => {
    const errs: number[] = [];
    const before = spine(STILL), after = spine([-14, -7, -1, 5, 10, 20]); // L1–S1 30° → 34°
    for (let seed = 1; seed <= 40; seed++) {
      const rand = seeded(seed), tracker = new Tracker();
      let f = 0;
      for (; f < 3 * FPS; f++) tracker.update(withNoise(before, 0.3, rand), f * DT);
      const stepAt = f * DT;
      for (; f < 5 * FPS; f++) {
        const out = tracker.update(withNoise(after, 0.3, rand), f * DT);
        if (f * DT - stepAt >= 300) errs.push(Math.abs(angle(out, 'L1S1') - angle(after, 'L1S1')));
      }
    }
    errs.sort((a, b) => a - b);
    expect(errs[Math.floor(errs.length * 0.95)]).toBeLessThan(0.5);
    expect(errs[Math.floor(errs.length / 2)]).toBeLessThan(0.2);
  });

  it('holds back a one-frame jump, and a label switch is never averaged', () => {
    const tracker = new Tracker(), truth = spine(STILL);
    for (let f = 0; f < 10; f++) tracker.update(truth, f * DT);
    // One frame where the model calls L4 "L5": L5's observation jumps one level up.
    const swapped = truth.map((v) => (v.label === 'L5' ? { ...v, corners: truth[3]!.corners } : v));
    let out = tracker.update(swapped, 10 * DT);
    const l5 = () => out.find((v) => v.label === 'L5')!;
    expect(l5().heldBack).toBe(true);
    expect(l5().corners[0]![1]).toBeCloseTo(truth[4]!.corners[0]![1], 6); // not moved, not averaged
    out = tracker.update(truth, 11 * DT);
    expect(l5().heldBack).toBe(false);
    expect(l5().corners[0]![1]).toBeCloseTo(truth[4]!.corners[0]![1], 6);
    // A switch that persists is taken at once, as observed (no mix of the two levels).
    tracker.update(swapped, 12 * DT);
    out = tracker.update(swapped, 13 * DT);
    expect(l5().corners[0]![1]).toBeCloseTo(truth[3]!.corners[0]![1], 6);
  });

  it('marks an unseen vertebra stale after 250 ms and drops it after 1.5 s', () => {
    const tracker = new Tracker(), truth = spine(STILL);
    tracker.update(truth, 0);
    const noS1 = truth.filter((v) => v.label !== 'S1');
    expect(tracker.update(noS1, 200).find((v) => v.label === 'S1')!.stale).toBe(false);
    expect(tracker.update(noS1, 400).find((v) => v.label === 'S1')!.stale).toBe(true);
    expect(tracker.update(noS1, 1600).find((v) => v.label === 'S1')).toBeUndefined();
    tracker.reset();
    expect(tracker.size).toBe(0);
  });
});
