import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCalibration } from '../calibration/index.js';
import { main } from '../server/cli/main.js';
import { decodePng, encodePng } from '../server/image/png.js';

/** Runs `sagitta …` in-process, capturing what it prints. */
async function sagitta(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  try { return { code: await main(argv), out, err }; } finally { o.mockRestore(); e.mockRestore(); }
}

describe('sagitta calibrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calibrate-'));
  afterEach(() => vi.restoreAllMocks());

  it('fits a phantom grid, prints the fit and writes a loadable profile and an overlay', async () => {
    const grid = join(dir, 'grid.png'), out = join(dir, 'profiles', 'or3.json'), overlay = join(dir, 'overlay.png');
    expect((await sagitta('calibrate', '--phantom', grid, '--k1', '0.08')).code).toBe(0);
    const r = await sagitta('calibrate', '--grid', grid, '--spacing-mm', '10', '--out', out, '--overlay', overlay, '--rotate', '90', '--mirror', '--tilt-deg', '5');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/distortion: centre \(5\d\d\.\d\d, 5\d\d\.\d\d\) px, k1 0\.0[78]\d+/);
    expect(r.out).toMatch(/residuals: RMS 0\.\d+ px, max \d\.\d+ px/);
    expect(r.out).toMatch(/pixel spacing 0\.2500 mm\/px/);
    const p = await loadCalibration(out);
    expect(p.name).toBe('or3');
    expect(p.orientation).toEqual({ rotateDeg: 90, fineDeg: 0, mirror: true });
    expect(p.horizontal).toEqual({ source: 'tilt', tiltDeg: 5 });
    expect(p.distortion!.k1).toBeCloseTo(0.08, 2);
    expect(p.fit!.rmsPx).toBeLessThan(0.3);
    const ov = decodePng(readFileSync(overlay));
    expect([ov.width, ov.height]).toEqual([2048, 1024]);
  });

  it('refuses a grid it cannot fit, with the reason and exit code 1', async () => {
    const blank = join(dir, 'blank.png');
    writeFileSync(blank, encodePng({ width: 256, height: 256, data: new Uint8Array(256 * 256).fill(180) }));
    const r = await sagitta('calibrate', '--grid', blank, '--spacing-mm', '10', '--out', join(dir, 'x.json'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^sagitta calibrate: blank\.png: grid refused \(too-few-points\): 0 beads found, at least 25 needed\n$/);
  });

  it('names a bad option', async () => {
    expect((await sagitta('calibrate', '--grid', 'g.png', '--out', 'x.json')).err).toContain('--spacing-mm MM is required');
    expect((await sagitta('calibrate', '--grid', 'g.png', '--out', 'x.json', '--spacing-mm', '10', '--rotate', '45')).err)
      .toContain('--rotate must be 0, 90, 180 or 270, got "45"');
    expect((await sagitta('calibrate', '--grid', join(dir, 'none.png'), '--out', 'x.json', '--spacing-mm', '10')).err)
      .toContain('none.png: cannot read (ENOENT)');
  });
});
