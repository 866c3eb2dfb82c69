import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaseRecorder, getCase, exportCase, type CaseRecorder } from '../server/cases/index.js';
import { phantomFrame, phantomMeasurement } from '../server/cases/phantom.js';
import { validateCaseExport } from '../server/cases/export/validate.js';
import { caseSnapshots, snapshotData } from '../server/cases/store.js';
import { decodePng } from '../server/image/png.js';

const MODEL = { name: 'phantom-test', version: '0.0.1', sha256: 'a'.repeat(64) };
const dirs: string[] = [];
const open: CaseRecorder[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cases-rec-'));
  dirs.push(d);
  return join(d, 'data');
}

async function recorder(extra: Partial<Parameters<typeof createCaseRecorder>[0]> = {}): Promise<CaseRecorder> {
  const r = await createCaseRecorder({ dataDir: tempDir(), model: MODEL, video: false, label: 'phantom', ...extra });
  open.push(r);
  return r;
}

const tick = () => new Promise((r) => setImmediate(r));

afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('case recorder', () => {
  it('creates the data folder private to its user and a case with a pseudonymous id', async () => {
    const r = await recorder();
    expect(statSync(r.dataDir).mode & 0o777).toBe(0o700);
    const s = r.status();
    expect(s.active).toBe(true);
    expect(s.caseId).toMatch(/^\d{8}-[A-Z0-9]{6}$/);
    const c = getCase(r.db, s.caseId!)!;
    expect(c.label).toBe('phantom');
    expect(c.model).toEqual(MODEL);
    expect(r.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('round-trips a phantom case through CSV and JSON export, snapshot masked', async () => {
    const r = await recorder();
    const t0 = Date.now();
    r.onTargets([{ angle: 'L1S1', valueDeg: 45, toleranceDeg: 5, source: 'cli' }]);
    const w = 128, h = 96;
    for (let i = 0; i < 120; i++) {
      const info = { frame: i, timeMs: t0 + i * 33, shot: Math.floor(i / 60), newShot: i % 60 === 0, held: false };
      r.onFrame!({ data: phantomFrame(w, h, i), width: w, height: h, timestampMs: i * 33 }, info);
      r.onMeasurement(phantomMeasurement(i, t0 + i * 33, { width: w, height: h, shotEvery: 60 }));
      if (i === 50) r.onEvent({ timeMs: t0 + i * 33, kind: 'mark', note: 'rod in' });
      if (i === 70) r.onSnapshot!();
      await tick();
    }
    await r.idle(); // snapshots are rendered on a worker thread
    expect(r.flush()).toBe(true);
    const c = getCase(r.db, r.currentCaseId()!)!;
    expect(c.frames).toBe(120);
    const snaps = caseSnapshots(r.db, c.rid);
    expect(snaps.map((s) => s.reason).sort()).toEqual(['manual', 'shot', 'shot']);
    const png = decodePng(snapshotData(r.db, c.rid, snaps[0]!.id)!.png);
    expect([png.width, png.height]).toEqual([w, h]);
    expect(png.data[5 * w + 5]).toBe(0); // burned-in "name" block (255 in the source) blanked by the mask

    const [csv] = await exportCase('csv', { db: r.db, info: c, plan: undefined });
    const lines = csv!.data.toString().trim().split('\n');
    expect(lines.length - 1).toBe(120);
    expect(lines[0]).toContain('L1S1_deg');
    const [json] = await exportCase('json', { db: r.db, info: c, plan: undefined });
    const parsed = JSON.parse(json!.data.toString()) as { frames: unknown[]; events: { kind: string; note: string | null }[]; comparison: { rows: { angle: string; target: unknown }[] } };
    expect(validateCaseExport(parsed)).toEqual([]);
    expect(parsed.frames).toHaveLength(120);
    expect(parsed.events.some((e) => e.kind === 'mark' && e.note === 'rod in')).toBe(true);
    expect(parsed.comparison.rows.find((x) => x.angle === 'L1S1')!.target).toMatchObject({ valueDeg: 45 });
    expect(validateCaseExport({ ...parsed, frames: [{ timeMs: 'x' }] })[0]).toBe('$.frames[0].timeMs must be a number');
  }, 180_000); // the snapshot worker thread compiles its TypeScript at start: slow on a loaded machine

  it('keeps recording while another connection holds a read transaction (WAL)', async () => {
    const r = await recorder();
    const t0 = Date.now();
    for (let i = 0; i < 30; i++) r.onMeasurement(phantomMeasurement(i, t0 + i));
    r.flush();
    const reader = new Database(join(r.dataDir, 'cases.sqlite'), { readonly: true });
    reader.prepare('BEGIN').run();
    const before = (reader.prepare('SELECT count(*) AS n FROM frames').get() as { n: number }).n;
    for (let i = 30; i < 90; i++) r.onMeasurement(phantomMeasurement(i, t0 + i));
    expect(r.flush()).toBe(true);
    expect(r.status().error).toBeUndefined();
    expect((reader.prepare('SELECT count(*) AS n FROM frames').get() as { n: number }).n).toBe(before);
    reader.prepare('COMMIT').run();
    expect((reader.prepare('SELECT count(*) AS n FROM frames').get() as { n: number }).n).toBe(90);
    reader.close();
  });

  it('reports a full disk, keeps the rows in memory, and writes them once space is back', async () => {
    const r = await recorder();
    const t0 = Date.now();
    r.onMeasurement(phantomMeasurement(0, t0));
    r.flush();
    const pages = r.db.pragma('page_count', { simple: true }) as number;
    r.db.pragma(`max_page_count = ${pages}`);
    for (let i = 1; i < 400; i++) r.onMeasurement(phantomMeasurement(i, t0 + i));
    expect(r.flush()).toBe(false);
    expect(r.status()).toMatchObject({ active: true, error: expect.stringMatching(/^disk full/) });
    r.onMeasurement(phantomMeasurement(400, t0 + 400)); // monitoring goes on, nothing thrown
    r.db.pragma('max_page_count = 1000000');
    expect(r.flush()).toBe(true);
    expect(r.status().error).toBeUndefined();
    expect((r.db.prepare('SELECT count(*) AS n FROM frames').get() as { n: number }).n).toBe(401);
  });

  it('reports a read-only data folder (injected write error) and recovers', async () => {
    let fail = true;
    const r = await recorder({
      faultInjector: () => { if (fail) throw Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }); },
    });
    r.onMeasurement(phantomMeasurement(0, Date.now()));
    expect(r.flush()).toBe(false);
    expect(r.status().error).toBe('data folder is read-only: recording held in memory');
    fail = false;
    expect(r.flush()).toBe(true);
    expect(r.status().error).toBeUndefined();
  });

  it('continues an unfinished case after an unclean stop, and retention deletes old ended cases', async () => {
    const dir = tempDir();
    const a = await createCaseRecorder({ dataDir: dir, model: MODEL, video: false });
    const first = a.currentCaseId()!;
    a.onMeasurement(phantomMeasurement(0, Date.now()));
    a.flush();
    a.db.close(); // simulate a crash: the case is never ended
    const b = await createCaseRecorder({ dataDir: dir, model: MODEL, video: false });
    open.push(b);
    expect(b.currentCaseId()).toBe(first);
    b.endCase();
    const second = b.startCase('next');
    b.db.prepare('UPDATE cases SET started_ms = 0, ended_ms = 1, last_ms = 1 WHERE id = ?').run(first);
    await b.close();
    open.pop();
    const c = await createCaseRecorder({ dataDir: dir, model: MODEL, video: false, retentionDays: 30, autoStart: false });
    open.push(c);
    const ids = (c.db.prepare('SELECT id FROM cases').all() as { id: string }[]).map((x) => x.id);
    expect(ids).toEqual([second]);
    expect(c.db.prepare('SELECT count(*) AS n FROM frames').get()).toEqual({ n: 0 });
  });

  it('reads mask and retention from cases-settings.json in the data folder, refusing a malformed one', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cases-settings.json'), JSON.stringify({ mask: { kind: 'rects', rects: [{ x: 0, y: 0, w: 1, h: 0.1 }] }, retentionDays: 30 }));
    const r = await createCaseRecorder({ dataDir: dir, model: MODEL, video: false });
    open.push(r);
    expect(r.mask).toEqual({ kind: 'rects', rects: [{ x: 0, y: 0, w: 1, h: 0.1 }] });
    writeFileSync(join(dir, 'cases-settings.json'), JSON.stringify({ mask: { kind: 'circle', r: 3 } }));
    await expect(createCaseRecorder({ dataDir: dir, model: MODEL, video: false })).rejects.toThrow(`${join(dir, 'cases-settings.json')}: mask.r must be a number from 0 to 1.5, got 3`);
  });
});
