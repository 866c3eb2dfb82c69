/**
 * `sagitta phantom …` as a user runs it (real process through bin/sagitta.js):
 * a small dataset with overlays and 16-bit PNGs, and clear errors for bad
 * options (--n -1, unwritable --out, malformed timelines).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from '../server/image/png.js';
import type { Dataset } from '../server/spec/dataset.js';

const root = mkdtempSync(join(tmpdir(), 'phantom-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sagitta(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/sagitta.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sagitta phantom stills', () => {
  it('writes PNGs, overlays and annotations.json; the same seed gives the same bytes with any worker count', () => {
    const a = join(root, 'a'), b = join(root, 'b');
    const r = sagitta('phantom', 'stills', '--out', a, '--n', '3', '--seed', '21', '--size', '320x256', '--bits', '16', '--overlay', '--workers', '2');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote 3 images \(320x256, 16-bit\)/);
    const ds = JSON.parse(readFileSync(join(a, 'annotations.json'), 'utf8')) as Dataset;
    expect(ds.format).toBe('spine-landmarks/1');
    expect(ds.images.map((i) => i.file)).toEqual(['00000.png', '00001.png', '00002.png']);
    for (const img of ds.images) {
      const png = decodePng(readFileSync(join(a, img.file!)));
      expect([png.width, png.height, png.data instanceof Uint16Array]).toEqual([320, 256, true]);
      expect(existsSync(join(a, img.file!.replace('.png', '-overlay.png')))).toBe(true);
      expect(img.vertebrae.length).toBeGreaterThanOrEqual(5);
      expect(img.angles).toBeDefined();
      expect(img.patient).toBeDefined();
    }
    expect(sagitta('phantom', 'stills', '--out', b, '--n', '3', '--seed', '21', '--size', '320x256', '--bits', '16', '--workers', '0').code).toBe(0);
    for (const f of ['00000.png', '00001.png', '00002.png', 'annotations.json']) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    }
  });

  it('--metal puts implants in every image and leaves the anatomy and its truth as without it', () => {
    const plain = join(root, 'plain'), metal = join(root, 'metal');
    expect(sagitta('phantom', 'stills', '--out', plain, '--n', '8', '--seed', '5', '--size', '256x256').code).toBe(0);
    const r = sagitta('phantom', 'stills', '--out', metal, '--n', '8', '--seed', '5', '--size', '256x256', '--metal');
    expect(r.code).toBe(0);
    const p = JSON.parse(readFileSync(join(plain, 'annotations.json'), 'utf8')) as Dataset;
    const m = JSON.parse(readFileSync(join(metal, 'annotations.json'), 'utf8')) as Dataset;
    expect((m.generator as { metal?: boolean }).metal).toBe(true);
    const flag = (img: Dataset['images'][number]) => (img.phantom as { metal: boolean }).metal;
    expect(m.images.every(flag)).toBe(true);
    expect(p.images.filter(flag).length).toBeLessThan(8);
    let changed = 0;
    for (let i = 0; i < 8; i++) {
      expect(m.images[i]!.vertebrae).toEqual(p.images[i]!.vertebrae);
      expect(m.images[i]!.angles).toEqual(p.images[i]!.angles);
      if (!flag(p.images[i]!)) {
        changed++;
        expect(readFileSync(join(metal, m.images[i]!.file!)).equals(readFileSync(join(plain, p.images[i]!.file!)))).toBe(false);
      }
    }
    expect(changed).toBeGreaterThan(0);
  });
});

describe('bad options are clear errors', () => {
  it('--n -1', () => {
    const r = sagitta('phantom', 'stills', '--out', join(root, 'x'), '--n', '-1', '--seed', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sagitta phantom: --n must be an integer from 1 to 10000000, got "-1"\n');
  });

  it('an --out that cannot be written', () => {
    const file = join(root, 'plain-file');
    writeFileSync(file, 'x');
    const r = sagitta('phantom', 'stills', '--out', join(file, 'sub'), '--n', '1', '--seed', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^sagitta phantom: --out: cannot write to output folder ".*plain-file\/sub": ENOTDIR\n$/);
  });

  it('a timeline that is not JSON, and one with a bad field', () => {
    const bad = join(root, 'bad.json'), wrong = join(root, 'wrong.json');
    writeFileSync(bad, '{"shots": [');
    writeFileSync(wrong, JSON.stringify({ shots: [{ t: 0, duration: 2, pulseFps: 'fast' }] }));
    const r1 = sagitta('phantom', 'video', '--out', join(root, 'v'), '--seconds', '3', '--fps', '15', '--seed', '1', '--timeline', bad);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/^sagitta phantom: --timeline ".*bad.json": not valid JSON/);
    const r2 = sagitta('phantom', 'video', '--out', join(root, 'v'), '--seconds', '3', '--fps', '15', '--seed', '1', '--timeline', wrong);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe(`sagitta phantom: --timeline "${wrong}": timeline.shots[0].pulseFps must be a number from 0.5 to 60, got "fast"\n`);
    const r3 = sagitta('phantom', 'video', '--out', join(root, 'v'), '--seconds', '3', '--fps', '15', '--seed', '1', '--timeline', join(root, 'missing.json'));
    expect(r3.stderr).toMatch(/--timeline ".*missing.json": no such file/);
    expect(existsSync(join(root, 'v', 'video.mp4'))).toBe(false);
  });

  it('odd video sizes and unknown subcommands', () => {
    expect(sagitta('phantom', 'video', '--out', join(root, 'v'), '--seconds', '1', '--fps', '10', '--size', '255x256').stderr)
      .toBe('sagitta phantom: --size must have even sides for H.264, got "255x256"\n');
    expect(sagitta('phantom', 'movie').stderr).toBe('sagitta phantom: unknown subcommand "movie": use `phantom stills` or `phantom video`\n');
  });
});
