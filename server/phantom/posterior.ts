/**
 * Posterior elements of a vertebra (pedicle, articular pillar with its
 * facets, lamina, spinous process) and the sacrum below S1, in mm, drawn in
 * each body's own frame (u anterior, v superior, origin mid posterior wall).
 */
import type { Rng } from './rng.js';
import type { Shape, VertebraGeometry } from './anatomy.js';
import { add, lerp, perp, poly, rot, scale, strip, sub, unit, type Frame, type Vec } from './shapes.js';

/** Pedicle, pillar + lamina and spinous process of one vertebra (none for S1: see `sacrumShapes`). */
export function posteriorElements(v: VertebraGeometry, _below: VertebraGeometry | undefined, spinousScale: number): Shape[] {
  if (v.label === 'S1') return [];
  const D = v.depthMm, h = v.heightMm / 2, f = v.frame;
  const thoracic = v.label.startsWith('T');
  const out: Shape[] = [];
  out.push({ poly: poly(f, [[2, 0.85 * h], [-0.1 * D, 0.78 * h], [-0.3 * D, 0.74 * h], [-0.33 * D, 0.4 * h], [-0.3 * D, 0.08 * h], [-0.1 * D, 0.12 * h], [2, 0.0]]), density: 0.3, cortex: 0.7 });
  out.push({
    poly: poly(f, [
      [-0.27 * D, 0.75 * h], [-0.29 * D, 1.3 * h], [-0.35 * D, 1.48 * h], [-0.41 * D, 1.15 * h], [-0.47 * D, 0.5 * h], [-0.5 * D, -0.3 * h],
      [-0.48 * D, -1.0 * h], [-0.45 * D, -1.45 * h], [-0.39 * D, -1.38 * h], [-0.36 * D, -0.7 * h], [-0.31 * D, 0.0 * h],
    ]),
    density: 0.3, cortex: 0.6,
  });
  const root: Vec = [-0.48 * D, 0.0];
  const ls = (thoracic ? 1.05 : 0.72) * D * spinousScale;
  const dir: Vec = thoracic ? unit([-0.6, -0.8]) : unit([-1, -0.12]);
  const tip: Vec = add(root, scale(dir, ls));
  const n = perp(dir);
  const w0 = (thoracic ? 0.3 : 0.42) * h, w1 = (thoracic ? 0.16 : 0.34) * h;
  out.push({
    poly: poly(f, [
      add(root, scale(n, -w0)), add(tip, scale(n, -w1)), add(add(tip, scale(dir, 0.25 * w1)), scale(n, -0.4 * w1)),
      add(add(tip, scale(dir, 0.25 * w1)), scale(n, 0.5 * w1)), add(tip, scale(n, w1)), add(root, scale(n, w0 * 1.1)),
    ]),
    density: 0.3, cortex: 0.6,
  });
  return out;
}

/** The sacrum below the S1 body (curved, tapering), its canal roof and S1's superior articular processes. */
export function sacrumShapes(s1: VertebraGeometry, rng: Rng): Shape[] {
  const [, sp, ip, ia] = s1.corners;
  const D = s1.depthMm;
  const u = unit(sub(ia, ip));
  const v = perp(u);
  const len = D * rng.uniform(2.0, 2.4);
  const curve = -rng.uniform(45, 75);
  const steps = 14;
  const ant: Vec[] = [], post: Vec[] = [], lam0: Vec[] = [], lam1: Vec[] = [];
  let c = lerp(ip, ia, 0.5);
  let dir = scale(v, -1);
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const th = D * (1 - 0.78 * t) * (1 + 0.08 * Math.sin(Math.PI * t * 3));
    const a = perp(dir); // anterior side of a downward direction
    ant.push(add(c, scale(a, th / 2)));
    post.push(add(c, scale(a, -th / 2)));
    lam0.push(add(c, scale(a, -th / 2 - 7 * (1 - 0.5 * t))));
    lam1.push(add(c, scale(a, -th / 2 - 7 * (1 - 0.5 * t) - 12 * (1 - 0.7 * t))));
    c = add(c, scale(dir, len / steps));
    dir = rot(dir, curve / steps);
  }
  const out: Shape[] = [
    { poly: [...ant, ...post.reverse()], density: 0.85, cortex: 0.8 },
    { poly: [...lam0, ...lam1.reverse()], density: 0.4, cortex: 0.6 },
  ];
  // S1 superior articular process rising behind the endplate towards L5's inferior facet.
  const f: Frame = { o: sp, u, v };
  out.push({ poly: poly(f, [[-3, -12], [-0.2 * D, -2], [-0.24 * D, 0.45 * D], [-0.34 * D, 0.5 * D], [-0.4 * D, 0.05 * D], [-0.38 * D, -20]]), density: 0.45, cortex: 0.7 });
  // Transverse ridges of the fused segments (faint lines across the sacral body).
  for (let k = 1; k <= 3; k++) {
    const t = k / 4.2;
    const i = Math.round(t * steps);
    const p0 = ant[i]!, p1 = post[post.length - 1 - i]!;
    out.push({ poly: strip([p0, lerp(p0, p1, 0.5), p1], () => 0.8), density: 0.15, cortex: 0.2 });
  }
  return out;
}
