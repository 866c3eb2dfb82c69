/**
 * One image coordinate (px) followed by a scalar Kalman filter with a
 * random-walk model: x(t+dt) = x(t) + w, w ~ N(0, q·dt); z = x + v, v ~ N(0, r).
 * With q small the steady state is a long running mean (little jitter); a
 * real change of the anatomy is caught by the change test in
 * vertebra-track.ts, which restarts the filter from the recent observations.
 */

export class KalmanCoordinate {
  /** Estimate, px. */
  x = 0;
  /** Variance of the estimate, px². */
  p = 0;
  private started = false;

  /** `q`: process noise density, px² per second. */
  constructor(private readonly q: number) {}

  get initialised(): boolean { return this.started; }

  /** Restarts at `x` with variance `p` (px²). */
  reset(x: number, p: number): void { this.x = x; this.p = p; this.started = true; }

  /** Advances by `dtS` seconds without an observation (variance grows). */
  predict(dtS: number): void { if (this.started) this.p += this.q * Math.max(0, dtS); }

  /** Folds in observation `z` with variance `r` (px²); returns the innovation z − x̂ before the update. */
  update(z: number, r: number): number {
    if (!this.started) { this.reset(z, r); return 0; }
    const innovation = z - this.x;
    const k = this.p / (this.p + r);
    this.x += k * innovation;
    this.p *= 1 - k;
    return innovation;
  }
}
