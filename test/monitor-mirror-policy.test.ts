import { describe, expect, it } from 'vitest';
import { MirrorPolicy } from '../server/monitor/mirror-policy.js';

/** Frames arriving every `intervalMs` from t = 0. */
function feed(p: MirrorPolicy, n: number, intervalMs: number, t0 = 0): number {
  for (let i = 0; i < n; i++) p.arrived(t0 + i * intervalMs);
  return t0 + n * intervalMs;
}

describe('mirror policy (when a live frame runs the mirrored views)', () => {
  it('mirrors a lone frame that found the worker idle while mirrored runs fit the frame interval', () => {
    const p = new MirrorPolicy();
    feed(p, 10, 1000 / 15);
    expect(p.frameIntervalMs).toBeCloseTo(1000 / 15, 5);
    expect(p.decide(1, 0)).toBe(true); // nothing measured yet
    for (let i = 0; i < 5; i++) p.ran(true, 33);
    expect(p.decide(1, 1)).toBe(true);
    expect(p.decide(1, 6)).toBe(false); // it waited for the worker
    expect(p.decide(2, 0)).toBe(false); // a batch: the monitor is behind
  });

  it('stops mirroring when mirrored runs take more than 70 % of the interval, and resumes when single runs speed up', () => {
    const p = new MirrorPolicy();
    feed(p, 10, 1000 / 15);
    // Both kinds measured at the usual speed: ratio 1.6.
    for (let i = 0; i < 4; i++) { p.ran(false, 20); p.ran(true, 32); }
    expect(p.decide(1, 0)).toBe(true);
    // The machine slows down: mirrored runs take 60 ms of the 66.7 ms interval.
    for (let i = 0; i < 10; i++) p.ran(true, 60);
    expect(p.predictedMirroredMs!).toBeGreaterThan(0.7 * 1000 / 15);
    expect(p.decide(1, 0)).toBe(false);
    // Single runs only from now on; while they stay slow the prediction (single × ratio) stays over budget.
    for (let i = 0; i < 12; i++) p.ran(false, 38);
    expect(p.decide(1, 0)).toBe(false);
    // Back to the usual speed: 20 ms single runs predict ~32 ms mirrored ones, within 46.7 ms.
    for (let i = 0; i < 10; i++) p.ran(false, 20);
    expect(p.predictedMirroredMs!).toBeLessThan(40);
    expect(p.decide(1, 0)).toBe(true);
  });

  it('a faster source leaves less time: the same 40 ms mirrored run fits 15 fps, not 25 fps', () => {
    const at15 = new MirrorPolicy(), at25 = new MirrorPolicy();
    feed(at15, 20, 1000 / 15);
    feed(at25, 20, 1000 / 25);
    for (const p of [at15, at25]) for (let i = 0; i < 5; i++) p.ran(true, 40);
    expect(at15.decide(1, 0)).toBe(true);
    expect(at25.decide(1, 0)).toBe(false);
  });

  it('a pause in the source (held image, restart) is not taken for the frame interval', () => {
    const p = new MirrorPolicy();
    const t = feed(p, 10, 1000 / 15);
    p.arrived(t + 5000);
    expect(p.frameIntervalMs).toBeCloseTo(1000 / 15, 5);
  });

  it('a stale single-run figure does not skew the ratio', () => {
    const p = new MirrorPolicy();
    feed(p, 10, 1000 / 15);
    p.ran(false, 20);
    for (let i = 0; i < 11; i++) p.ran(true, 32); // ratio 32 / 20 = 1.6 while the single figure is fresh
    // The machine slows: 30 mirrored runs in a row take 50 ms; the 20 ms single figure is stale by then,
    // so it is not set against them (that would make the ratio 2.5).
    for (let i = 0; i < 30; i++) p.ran(true, 50);
    for (let i = 0; i < 11; i++) p.ran(false, 30);
    // Predicted from the fresh 30 ms single figure: ~1.6–1.7 × 30, not 2.5 × 30 = 75.
    expect(p.predictedMirroredMs!).toBeGreaterThan(45);
    expect(p.predictedMirroredMs!).toBeLessThan(52);
  });

  it('a slow first run (ONNX Runtime warming up) does not hold the mirrored views off for good', () => {
    const p = new MirrorPolicy();
    feed(p, 10, 1000 / 15);
    p.ran(true, 400); // the first run allocates and optimises
    for (let i = 0; i < 12; i++) p.ran(false, 15);
    // 400 / 15 would make the ratio 27; it is capped at 2, so 15 ms single runs predict at most 30 ms.
    expect(p.predictedMirroredMs!).toBeLessThanOrEqual(30);
    expect(p.decide(1, 0)).toBe(true);
  });

  it('refuses nonsense options', () => {
    expect(() => new MirrorPolicy({ budgetShare: 0 })).toThrow(/budgetShare/);
    expect(() => new MirrorPolicy({ defaultIntervalMs: Number.NaN })).toThrow(/defaultIntervalMs/);
  });
});
