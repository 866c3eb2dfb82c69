/**
 * Levenberg–Marquardt least squares in plain TypeScript: numeric Jacobian
 * (central differences), Marquardt's diagonal scaling, normal equations
 * solved by Gaussian elimination with partial pivoting. For the handful of
 * parameters of a distortion fit (≤ 12) over a few thousand residuals.
 */

export interface LmOptions {
  readonly maxIterations?: number;
  /** Indices of parameters held fixed. */
  readonly fixed?: readonly number[];
}

export interface LmResult {
  readonly params: Float64Array;
  readonly cost: number;
  readonly iterations: number;
}

/** Solves A x = b (n×n, row-major) in place; null when singular. */
export function solve(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]!) > Math.abs(A[piv * n + c]!)) piv = r;
    if (Math.abs(A[piv * n + c]!) < 1e-300) return null;
    if (piv !== c) {
      for (let k = 0; k < n; k++) { const t = A[c * n + k]!; A[c * n + k] = A[piv * n + k]!; A[piv * n + k] = t; }
      const t = b[c]!; b[c] = b[piv]!; b[piv] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c]! / A[c * n + c]!;
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k] = A[r * n + k]! - f * A[c * n + k]!;
      b[r] = b[r]! - f * b[c]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= A[r * n + k]! * x[k]!;
    x[r] = s / A[r * n + r]!;
  }
  return x;
}

function sumSq(r: Float64Array): number { let s = 0; for (const v of r) s += v * v; return s; }

/** Minimises ‖residuals(p)‖² from `start`. */
export function levenbergMarquardt(residuals: (p: Float64Array) => Float64Array, start: Float64Array, options: LmOptions = {}): LmResult {
  const free = [...start.keys()].filter((k) => !(options.fixed ?? []).includes(k));
  const n = free.length;
  let p = Float64Array.from(start);
  let r = residuals(p), cost = sumSq(r);
  let lambda = 1e-3, it = 0;
  for (; it < (options.maxIterations ?? 100); it++) {
    const m = r.length;
    const J: Float64Array[] = free.map((k) => {
      const h = 1e-6 * Math.max(1, Math.abs(p[k]!));
      const a = Float64Array.from(p), b = Float64Array.from(p);
      a[k] = a[k]! + h; b[k] = b[k]! - h;
      const ra = residuals(a), rb = residuals(b), col = new Float64Array(m);
      for (let i = 0; i < m; i++) col[i] = (ra[i]! - rb[i]!) / (2 * h);
      return col;
    });
    const JtJ = new Float64Array(n * n), Jtr = new Float64Array(n);
    for (let u = 0; u < n; u++) {
      for (let v = u; v < n; v++) { let s = 0; const cu = J[u]!, cv = J[v]!; for (let i = 0; i < m; i++) s += cu[i]! * cv[i]!; JtJ[u * n + v] = s; JtJ[v * n + u] = s; }
      let s = 0; const cu = J[u]!; for (let i = 0; i < m; i++) s += cu[i]! * r[i]!; Jtr[u] = -s;
    }
    let improved = false;
    for (let tries = 0; tries < 12 && !improved; tries++) {
      const A = Float64Array.from(JtJ);
      for (let u = 0; u < n; u++) A[u * n + u] = JtJ[u * n + u]! * (1 + lambda) + 1e-12;
      const dx = solve(A, Float64Array.from(Jtr), n);
      if (!dx) { lambda *= 10; continue; }
      const q = Float64Array.from(p);
      free.forEach((k, u) => { q[k] = q[k]! + dx[u]!; });
      const rq = residuals(q), cq = sumSq(rq);
      if (cq < cost) {
        const gain = cost - cq;
        p = q; r = rq; cost = cq; lambda = Math.max(lambda / 10, 1e-12); improved = true;
        if (gain < 1e-12 * (1 + cost)) return { params: p, cost, iterations: it + 1 };
      } else lambda *= 10;
    }
    if (!improved) break;
  }
  return { params: p, cost, iterations: it };
}
