/**
 * The renderer: anatomy + implants + view + look → a displayed image
 * (Float32Array, 0..1). Attenuation is built in undistorted pixels (bone
 * bulk with texture, cortical rims, soft tissue, metal), warped through the
 * pincushion, turned into transmission, then shutters, blur, noise, display
 * curve, inversion, vignetting, the intensifier circle and burned-in text.
 */
import type { GrayImage } from '../image/types.js';
import type { Anatomy } from './anatomy.js';
import type { Look } from './look.js';
import type { Implant } from './metal.js';
import { blur, fillPolygon, flat } from './raster.js';
import { scratch } from './pool.js';
import type { Rng } from './rng.js';
import { addSoftTissue } from './tissue.js';
import { applyTexture } from './texture.js';
import { toPixel, type View } from './view.js';
import { warpDistortion } from './warp.js';
import { display } from './display.js';

export interface Scene {
  anatomy: Anatomy;
  implants: readonly Implant[];
  view: View;
  look: Look;
  /** Burned-in text lines (top-left, top-right, bottom-left, bottom-right), may be empty. */
  text: readonly string[];
}

/** Attenuation in undistorted pixels (relative units; 0 = air). */
export function attenuation(scene: Scene, rng: Rng): Float32Array {
  const { anatomy, view, look } = scene;
  const { width, height } = view;
  const n = width * height;
  const bone = scratch('bone', n), cortex = scratch('cortex', n), total = scratch('total', n);
  let xs = new Float64Array(256);
  const fill = (layer: Float32Array, pts: Float64Array, v: number, layer2?: Float32Array, v2 = 0): void => {
    if (xs.length < pts.length) xs = new Float64Array(pts.length);
    fillPolygon(layer, width, height, pts, v, xs, layer2, v2);
  };
  // Double contour: a body's two halves drawn ±d/2 apart (the truth corner lies midway).
  const dpx = (look.doubleMm ?? 0) / view.spacingMm / 2;
  const ox = dpx * Math.cos((look.doubleDeg ?? 0) * Math.PI / 180), oy = dpx * Math.sin((look.doubleDeg ?? 0) * Math.PI / 180);
  for (const s of anatomy.shapes) {
    const px = s.poly.map((p) => toPixel(view, p));
    if (s.body && dpx > 0.05) {
      for (const k of [1, -1]) fill(bone, flat(px.map((q) => [q[0] + k * ox, q[1] + k * oy] as const)), s.density / 2, cortex, s.cortex / 2);
    } else fill(bone, flat(px), s.density, cortex, s.cortex);
  }
  applyTexture(bone, width, height, look.grainMm / view.spacingMm, look.texture, rng);
  // Cortical rim: what sticks out of a local mean = a band just inside every edge.
  const mean = scratch('mean', n, false);
  mean.set(cortex);
  blur(mean, width, height, Math.max(1, look.cortexMm / view.spacingMm / 2), 1);
  addSoftTissue(total, anatomy, view, look.softMu);
  const mb = look.boneMu, mc = look.cortexMu;
  for (let i = 0; i < n; i++) {
    const rim = cortex[i]! - mean[i]!;
    total[i]! += mb * bone[i]! + (rim > 0 ? mc * rim : 0);
  }
  for (const im of scene.implants) {
    const pts = flat(im.poly.map((p) => toPixel(view, p)));
    fill(total, pts, im.mu);
  }
  return total;
}

/** Renders the scene to a displayed image, 0..1 (1 = white), into `into` when given (width × height floats). */
export function renderScene(scene: Scene, rng: Rng, into?: Float32Array): GrayImage<Float32Array> {
  const { view } = scene;
  const att = attenuation(scene, rng);
  if (into && into.length !== att.length) throw new RangeError(`output buffer has ${into.length} floats, the image needs ${att.length}`);
  const shown = into ?? new Float32Array(att.length);
  warpDistortion(att, shown, view.width, view.height, view.distortion);
  display(shown, scene, rng);
  return { data: shown, width: view.width, height: view.height };
}
