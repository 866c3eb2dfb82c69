/** Rolling figures of the live monitor: frames per second and latency percentiles over a window. */

/** Values in a fixed-size ring (bounded memory), with percentiles. */
export class Ring {
  private readonly values: Float64Array;
  private n = 0;
  private next = 0;
  constructor(capacity = 300) { this.values = new Float64Array(capacity); }
  push(v: number): void { this.values[this.next] = v; this.next = (this.next + 1) % this.values.length; this.n = Math.min(this.n + 1, this.values.length); }
  get count(): number { return this.n; }
  /** p in 0..100; NaN when empty. */
  percentile(p: number): number {
    if (!this.n) return NaN;
    const s = Array.from(this.values.subarray(0, this.n)).sort((a, b) => a - b);
    return s[Math.min(this.n - 1, Math.max(0, Math.round((p / 100) * (this.n - 1))))]!;
  }
  /** Mean of the values held; NaN when empty. */
  mean(): number {
    if (!this.n) return NaN;
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.values[i]!;
    return s / this.n;
  }
  clear(): void { this.n = 0; this.next = 0; }
}

/** Events per second over the last `windowMs`. */
export class RateMeter {
  private readonly times: number[] = [];
  constructor(private readonly windowMs = 2000) {}
  tick(nowMs: number): void { this.times.push(nowMs); this.trim(nowMs); }
  rate(nowMs: number): number {
    this.trim(nowMs);
    if (this.times.length < 2) return 0;
    return ((this.times.length - 1) * 1000) / Math.max(1, nowMs - this.times[0]!);
  }
  private trim(nowMs: number): void { while (this.times.length && nowMs - this.times[0]! > this.windowMs) this.times.shift(); }
}
