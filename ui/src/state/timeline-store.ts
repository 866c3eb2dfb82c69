/**
 * Columnar timeline of the case for the chart: one Float64Array of times
 * (seconds since the epoch, uPlot's time unit) and one per angle, NaN where
 * the angle was not measurable (drawn as a gap), and a gap between two
 * fluoroscopy shots. Columns grow by doubling;
 * `data()` hands uPlot zero-copy views, so an update costs no copy of the
 * hour already loaded.
 */
import type { MeasurementMessage } from '../../../server/protocol/messages.js';

/** Where a new shot starts, a gap point this long (s) before its first point breaks the line. */
export const SHOT_GAP_S = 0.001;

/** Points kept at most (12 h at 30 messages/s); past it the oldest half is dropped. */
export const MAX_POINTS = 12 * 3600 * 30;

export class TimelineStore {
  /** Angle names of the series, in column order after the time column. */
  readonly series: readonly string[];
  private times: Float64Array;
  private cols: Float64Array[];
  private n = 0;
  private lastShot: number | null = null;
  /** Start times (s) of the fluoroscopy shots seen, ascending. */
  readonly shotStartsS: number[] = [];
  /** Bumped on every change; the chart redraws when it differs from what it drew. */
  version = 0;

  constructor(series: readonly string[], initialCapacity = 4096) {
    this.series = series;
    this.times = new Float64Array(initialCapacity);
    this.cols = series.map(() => new Float64Array(initialCapacity));
  }

  get length(): number { return this.n; }

  /** Appends one measurement (ignored when not later than the last point). */
  append(m: MeasurementMessage): void {
    const t = m.timeMs / 1000;
    if (this.n > 0 && t <= this.times[this.n - 1]!) return;
    if (m.shot !== this.lastShot) {
      // Nothing was measured between two shots: a gap 1 ms before the new shot's first point
      // keeps the line from drawing a change between them that no image showed.
      if (this.n > 0 && t - SHOT_GAP_S > this.times[this.n - 1]!) this.push(t - SHOT_GAP_S, () => NaN);
      this.shotStartsS.push(t);
      this.lastShot = m.shot;
    }
    this.push(t, (name) => {
      const a = m.angles[name];
      return a && a.value !== null ? a.value : NaN;
    });
  }

  /** Appends a gap at time `timeMs` (a dropped connection) so the line does not bridge it. */
  appendGap(timeMs: number): void {
    const t = timeMs / 1000;
    if (this.n > 0 && (t <= this.times[this.n - 1]! || Number.isNaN(this.cols[0]![this.n - 1]!))) return;
    this.push(t, () => NaN);
  }

  /** Appends a point with every series' value from `valueOf` (NaN = gap); used by the benchmark too. */
  push(timeS: number, valueOf: (name: string, col: number) => number): void {
    if (this.n === this.times.length) this.grow();
    this.times[this.n] = timeS;
    for (let c = 0; c < this.cols.length; c++) this.cols[c]![this.n] = valueOf(this.series[c]!, c);
    this.n++;
    this.version++;
  }

  /** uPlot's AlignedData: `[times, ...series]`, views valid until the next append. */
  data(): Float64Array[] {
    return [this.times.subarray(0, this.n), ...this.cols.map((c) => c.subarray(0, this.n))];
  }

  /** Time (s) of the first and last point, or null when empty. */
  span(): [number, number] | null {
    return this.n ? [this.times[0]!, this.times[this.n - 1]!] : null;
  }

  private grow(): void {
    if (this.times.length >= MAX_POINTS) {
      const keep = this.n >> 1;
      this.times.copyWithin(0, this.n - keep, this.n);
      for (const c of this.cols) c.copyWithin(0, this.n - keep, this.n);
      this.n = keep;
      const first = this.times[0]!;
      while (this.shotStartsS.length && this.shotStartsS[0]! < first) this.shotStartsS.shift();
      return;
    }
    const size = Math.min(MAX_POINTS, this.times.length * 2);
    const t = new Float64Array(size);
    t.set(this.times.subarray(0, this.n));
    this.times = t;
    this.cols = this.cols.map((c) => {
      const x = new Float64Array(size);
      x.set(c.subarray(0, this.n));
      return x;
    });
  }
}
