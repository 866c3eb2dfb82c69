/** The raster plotting: bitmap text, tick choice, charts and overlays come out as real PNGs. */
import { describe, expect, it } from 'vitest';
import { Canvas } from '../server/evaluate/plot/canvas.js';
import { niceTicks, renderChart } from '../server/evaluate/plot/chart.js';
import { glyph, textWidth } from '../server/evaluate/plot/font.js';
import { drawOverlay } from '../server/evaluate/plot/overlay.js';
import { decodePng } from '../server/image/png.js';
import type { ImagePrediction } from '../server/pipeline/index.js';

describe('plotting', () => {
  it('draws glyphs pixel for pixel', () => {
    const c = new Canvas(12, 7, [0, 0, 0]);
    c.text(0, 0, '1', [255, 255, 255]);
    // '1' row 0 is 0x04 = ..X.. → only column 2 lit; row 6 is 0x0e = .XXX.
    const lit = (x: number, y: number): boolean => c.rgb[3 * (y * 12 + x)] === 255;
    expect([0, 1, 2, 3, 4].map((x) => lit(x, 0))).toEqual([false, false, true, false, false]);
    expect([0, 1, 2, 3, 4].map((x) => lit(x, 6))).toEqual([false, true, true, true, false]);
    expect(glyph('é')).toEqual(glyph('\u0001')); // unknown → box
    expect(textWidth('L1L5', 2)).toBe(48);
  });
  it('chooses 1-2-5 ticks', () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(-2.7, 3.1)).toEqual([-2, -1, 0, 1, 2, 3]);
  });
  it('renders a chart and an overlay to decodable PNGs', () => {
    const chart = renderChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', color: [255, 0, 0], kind: 'line', points: [[0, 0], [1, 1]] }], hLines: [{ y: 0.5, color: [0, 0, 255], label: 'bias' }] });
    const png = decodePng(chart.toPng());
    expect([png.width, png.height]).toEqual([720, 540]);
    const pred: ImagePrediction = {
      width: 64, height: 64, levelCheck: 'consistent', angles: { SS: 30 }, sd: { SS: 1 }, unmeasurable: { L1L5: 'L5 not in view' },
      vertebrae: [{ label: 'S1', corners: [[10, 40], [50, 20], null, null], score: 0.9, spread: [1, 1, null, null], stepI: { corners: [null, null, null, null], spread: [null, null, null, null] } }],
      timings: { preMs: 0, stepIMs: 0, stepIIMs: 0, postMs: 0, mirrored: false },
    };
    const ov = drawOverlay({ data: new Uint8Array(64 * 64).fill(100), width: 64, height: 64 }, pred);
    expect(ov.rgb.slice(3 * (40 * 64 + 10), 3 * (40 * 64 + 10) + 3)).toEqual(new Uint8Array([40, 220, 40])); // SA dot, green
    expect(decodePng(ov.toPng()).width).toBe(64);
  });
});
