import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCaseRecorder, exportCase, getCase, type CaseRecorder } from '../server/cases/index.js';
import { phantomFrame, phantomMeasurement } from '../server/cases/phantom.js';
import { validateCaseExport } from '../server/cases/export/validate.js';
import { zipStore } from '../server/cases/export/zip.js';

const bin = fileURLToPath(new URL('../bin/sagitta.js', import.meta.url));
const MODEL = { name: 'phantom-export', version: '0.2.0', sha256: 'd'.repeat(64) };
let dir: string, dataDir: string, rec: CaseRecorder, caseId: string;
const FRAMES = 600;

/** Runs the CLI in a child process; resolves to its exit code and output. */
function cli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cases-export-'));
  dataDir = join(dir, 'data');
  rec = await createCaseRecorder({ dataDir, model: MODEL, video: false, label: 'export phantom' });
  caseId = rec.currentCaseId()!;
  rec.plans.save({ format: 'sagitta-plan/1', pelvicIncidenceDeg: 48, deriveLordosisFromPI: true, targets: [{ angle: 'SS', valueDeg: 30, toleranceDeg: 5 }], preop: { width: 10, height: 10, vertebrae: [], angles: { L1S1: 31, SS: 27 } } }, undefined,
    (rec.db.prepare('SELECT rid FROM cases WHERE id = ?').get(caseId) as { rid: number }).rid);
  const t0 = Date.now() - FRAMES * 33;
  for (let i = 0; i < FRAMES; i++) {
    rec.onFrame!({ data: phantomFrame(160, 120, i), width: 160, height: 120, timestampMs: 0 }, { frame: i, timeMs: t0 + i * 33, shot: Math.floor(i / 300), newShot: i % 300 === 0, held: false });
    rec.onMeasurement(phantomMeasurement(i * 10, t0 + i * 33, { width: 160, height: 120, shotEvery: 3000 }));
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  await rec.idle();
});

afterAll(async () => {
  await rec.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('case export', () => {
  it('CSV has one row per recorded frame; JSON is valid against the schema', async () => {
    const info = getCase(rec.db, caseId)!;
    const [csv] = await exportCase('csv', { db: rec.db, info, plan: rec.plans.current() });
    expect(csv!.data.toString().trim().split('\n')).toHaveLength(FRAMES + 1);
    const [json] = await exportCase('json', { db: rec.db, info, plan: rec.plans.current() });
    const parsed = JSON.parse(json!.data.toString()) as { frames: unknown[]; comparison: { rows: { angle: string; target: { valueDeg: number } | null; preopDeg: number | null }[] } };
    expect(validateCaseExport(parsed)).toEqual([]);
    expect(parsed.frames).toHaveLength(FRAMES);
    const l1s1 = parsed.comparison.rows.find((r) => r.angle === 'L1S1')!;
    expect(l1s1.target!.valueDeg).toBe(48); // derived from PI
    expect(l1s1.preopDeg).toBe(31);
  });

  it('the CLI exports a PDF with the table (pdftotext) while the recorder keeps writing', async () => {
    const pdf = join(dir, 'r.pdf');
    const running = cli(['export', '--data', dataDir, '--case', caseId, '--format', 'pdf', '--out', pdf]);
    const t0 = Date.now();
    for (let i = 0; i < 60; i++) { rec.onMeasurement(phantomMeasurement(FRAMES + i, t0 + i)); expect(rec.flush()).toBe(true); await new Promise((r) => setTimeout(r, 5)); }
    const { code, out } = await running;
    expect(out).toContain('wrote');
    expect(code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain('Plan versus achieved');
    expect(text).toMatch(/L1–S1\s+31\.0°\s+48\.0° ± 10\.0°/);
    expect(text).toMatch(/disc L4\/L5\s/);
    expect(text).toContain(MODEL.sha256);
    expect(text).toContain('prone');
    expect(text).toContain('PI ± 10°');
  });

  it('DICOM export passes dciodvfy without errors and never prints the identifiers', async () => {
    const out = join(dir, 'dcm');
    const r = await cli(['export', '--data', dataDir, '--case', caseId, '--format', 'dicom', '--out', out, '--patient-name', 'Secret^Patient', '--patient-id', 'PID-778', '--accession', 'ACC9', '--study-id', 'ST1']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/Secret|PID-778|ACC9/);
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.startsWith('SC')).length).toBeGreaterThanOrEqual(2);
    expect(files).toContain('SR0001.dcm');
    for (const f of files) {
      const v = spawnSync('dciodvfy', [join(out, f)], { encoding: 'utf8' });
      const report = `${v.stdout}${v.stderr}`;
      expect(report).toMatch(/SCImage|ComprehensiveSR/); // it recognised the IOD
      expect(report.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
    }
    const sr = readFileSync(join(out, 'SR0001.dcm'));
    expect(sr.subarray(128, 132).toString()).toBe('DICM');
    expect(sr.includes(Buffer.from('Secret^Patient'))).toBe(true);
    expect(sr.toString('latin1')).toMatch(/2\.25\.\d{20,}/);
  });

  it('refuses an unknown case and format with clear messages', async () => {
    expect((await cli(['export', '--data', dataDir, '--case', '20000101-AAAAAA', '--format', 'csv'])).out).toContain('no case "20000101-AAAAAA"');
    expect((await cli(['export', '--data', dataDir, '--case', caseId, '--format', 'xls'])).out).toContain('--format must be csv, json, pdf or dicom, got "xls"');
  });

  it('zips several files (stored) readable by unzip', () => {
    const zip = join(dir, 'a.zip');
    writeFileSync(zip, zipStore([{ name: 'a.txt', data: Buffer.from('hello') }, { name: 'b.bin', data: Buffer.from([1, 2, 3]) }]));
    expect(execFileSync('python3', ['-c', `import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip(), z.read('a.txt').decode())`, zip]).toString().trim()).toBe('None hello');
  });
});
