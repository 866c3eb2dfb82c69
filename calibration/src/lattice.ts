/**
 * Lattice indexing of detected grid nodes: which node is (i, j). Starts at the
 * detection nearest the field centre (where distortion is least), takes the
 * two shortest non-parallel neighbour vectors as the lattice steps, then grows
 * outward breadth-first, predicting each neighbour by continuing the local
 * step (so the growing pitch of a pincushion is followed) and accepting the
 * detection nearest the prediction within a third of a pitch.
 */
export interface IndexedPoint {
  readonly i: number;
  readonly j: number;
  /** Index into the detections. */
  readonly k: number;
  readonly x: number;
  readonly y: number;
}

type Vec = [number, number];

/** Bucket grid for nearest-detection queries. */
class PointIndex {
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly pts: readonly { x: number; y: number }[], private readonly cell: number) {
    pts.forEach((p, k) => {
      const key = this.key(Math.floor(p.x / cell), Math.floor(p.y / cell));
      const list = this.cells.get(key);
      if (list) list.push(k); else this.cells.set(key, [k]);
    });
  }
  private key(cx: number, cy: number): number { return (cx + 4096) * 16384 + (cy + 4096); }
  /** Detections within `radius` of (x, y), nearest first. */
  near(x: number, y: number, radius: number): number[] {
    const out: [number, number][] = [];
    const r = Math.ceil(radius / this.cell), cx = Math.floor(x / this.cell), cy = Math.floor(y / this.cell);
    for (let gy = cy - r; gy <= cy + r; gy++) for (let gx = cx - r; gx <= cx + r; gx++) {
      for (const k of this.cells.get(this.key(gx, gy)) ?? []) {
        const d = Math.hypot(this.pts[k]!.x - x, this.pts[k]!.y - y);
        if (d <= radius) out.push([d, k]);
      }
    }
    return out.sort((a, b) => a[0] - b[0]).map(([, k]) => k);
  }
}

/** The two lattice steps seen from detection `k`, or null (missing neighbours, no second direction). */
function basisAt(pts: readonly { x: number; y: number }[], index: PointIndex, k: number, scale: number): [Vec, Vec] | null {
  const p = pts[k]!;
  const vecs: Vec[] = index.near(p.x, p.y, scale).filter((q) => q !== k).slice(0, 8).map((q) => [pts[q]!.x - p.x, pts[q]!.y - p.y]);
  if (vecs.length < 2) return null;
  const a = vecs[0]!, la = Math.hypot(a[0], a[1]);
  for (const b of vecs.slice(1)) {
    const lb = Math.hypot(b[0], b[1]);
    const cos = Math.abs(a[0] * b[0] + a[1] * b[1]) / (la * lb);
    if (cos < 0.5 && lb < 1.6 * la) return tidy(a, b);
  }
  return null;
}

/** Orders the steps so that i runs along +x as far as it can and j along +y (a report reads "at 4°", not "at −86°"). */
function tidy(a: Vec, b: Vec): [Vec, Vec] {
  let [u, v] = Math.abs(a[0]) >= Math.abs(b[0]) ? [a, b] : [b, a];
  if (u[0] < 0) u = [-u[0], -u[1]];
  if (v[1] < 0) v = [-v[0], -v[1]];
  return [u, v];
}

/** Median nearest-neighbour distance of the detections (pixels). */
function typicalSpacing(pts: readonly { x: number; y: number }[]): number {
  const sample = pts.length > 400 ? pts.filter((_, k) => k % Math.ceil(pts.length / 400) === 0) : pts;
  const d = sample.map((p) => Math.min(...pts.map((q) => (q === p ? Infinity : Math.hypot(q.x - p.x, q.y - p.y)))));
  d.sort((a, b) => a - b);
  return d[d.length >> 1]!;
}

/**
 * Indexes detections into a lattice grown from the one nearest (cx, cy).
 * Returns the indexed nodes (node (0, 0) is the start) or an empty list.
 */
export function indexLattice(pts: readonly { x: number; y: number }[], cx: number, cy: number): IndexedPoint[] {
  if (pts.length < 5) return [];
  const spacing = typicalSpacing(pts);
  const index = new PointIndex(pts, spacing);
  const order = pts.map((p, k) => [Math.hypot(p.x - cx, p.y - cy), k] as const).sort((a, b) => a[0] - b[0]).slice(0, 10);
  let best: IndexedPoint[] = [];
  for (const [, start] of order) {
    const basis = basisAt(pts, index, start, 1.8 * spacing);
    if (!basis) continue;
    const grown = grow(pts, index, start, basis);
    if (grown.length > best.length) best = grown;
    if (best.length > 0.5 * pts.length) break;
  }
  return best;
}

function grow(pts: readonly { x: number; y: number }[], index: PointIndex, start: number, [a, b]: [Vec, Vec]): IndexedPoint[] {
  const at = new Map<string, number>(); // "i,j" → detection
  const used = new Set<number>();
  const key = (i: number, j: number) => `${i},${j}`;
  const tol = Math.min(Math.hypot(a[0], a[1]), Math.hypot(b[0], b[1])) / 3;
  const queue: [number, number][] = [[0, 0]];
  at.set(key(0, 0), start); used.add(start);
  const steps: [number, number, Vec][] = [[1, 0, a], [-1, 0, [-a[0], -a[1]]], [0, 1, b], [0, -1, [-b[0], -b[1]]]];
  while (queue.length) {
    const [i, j] = queue.shift()!;
    const p = pts[at.get(key(i, j))!]!;
    for (const [di, dj, base] of steps) {
      if (at.has(key(i + di, j + dj))) continue;
      const back = at.get(key(i - di, j - dj));
      const step: Vec = back !== undefined ? [p.x - pts[back]!.x, p.y - pts[back]!.y] : base;
      const hit = index.near(p.x + step[0], p.y + step[1], tol).find((k) => !used.has(k));
      if (hit === undefined) continue;
      at.set(key(i + di, j + dj), hit); used.add(hit);
      queue.push([i + di, j + dj]);
    }
  }
  return [...at].map(([ij, k]) => { const [i, j] = ij.split(',').map(Number) as [number, number]; return { i, j, k, x: pts[k]!.x, y: pts[k]!.y }; });
}
