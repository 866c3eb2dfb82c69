import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCaseRecorder } from '../server/cases/index.js';
import { caseVideos, getCase } from '../server/cases/store.js';
import { phantomMeasurement } from '../server/cases/phantom.js';

const child = fileURLToPath(new URL('./fixtures/cases-crash-child.ts', import.meta.url));

describe('crash safety', () => {
  it('kill -9 during recording loses no row measured more than 1 s before the kill; the case continues', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cases-crash-'));
    const dataDir = join(dir, 'data');
    try {
      const p = spawn(process.execPath, ['--import', 'tsx', child, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
      const sent: { frame: number; t: number }[] = [];
      let caseId = '';
      let buf = '';
      p.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
          const [a, b] = line.split(' ');
          if (a === 'case') caseId = b!; else sent.push({ frame: Number(a), t: Number(b) });
        }
      });
      // Record for a while (about 2.5 s of frames), then kill without warning.
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => { if (sent.length >= 75) { clearInterval(timer); resolve(); } }, 20);
        p.on('exit', (code) => { clearInterval(timer); reject(new Error(`child exited early with ${code}`)); });
      });
      const killedAt = Date.now();
      p.kill('SIGKILL');
      await new Promise((r) => p.once('close', r));

      const db = new Database(join(dataDir, 'cases.sqlite'), { readonly: true });
      const stored = new Set((db.prepare('SELECT frame FROM frames').all() as { frame: number }[]).map((r) => r.frame));
      db.close();
      const mustHave = sent.filter((s) => s.t < killedAt - 1000);
      expect(mustHave.length).toBeGreaterThan(30);
      expect(mustHave.filter((s) => !stored.has(s.frame))).toEqual([]);

      const r = await createCaseRecorder({ dataDir, model: { name: 'crash', version: '1', sha256: 'b'.repeat(64) }, video: false });
      expect(r.currentCaseId()).toBe(caseId);
      r.onMeasurement(phantomMeasurement(10_000, Date.now()));
      expect(r.flush()).toBe(true);
      const kinds = (r.db.prepare('SELECT kind FROM events ORDER BY id').all() as { kind: string }[]).map((e) => e.kind);
      expect(kinds).toEqual(['case-start', 'resumed']);
      await r.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a shot video open at kill -9 is still finished by ffmpeg and indexed on restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cases-crash-video-'));
    const dataDir = join(dir, 'data');
    try {
      const p = spawn(process.execPath, ['--import', 'tsx', child, dataDir, 'video'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let lines = 0;
      p.stdout.on('data', (d: Buffer) => { lines += d.toString().split('\n').length - 1; });
      await new Promise<void>((resolve) => { const t = setInterval(() => { if (lines > 60) { clearInterval(t); resolve(); } }, 20); });
      p.kill('SIGKILL');
      await new Promise((r) => p.once('close', r));
      // ffmpeg (own process group) finishes the file after its input closed; the recorder indexes it at once or retries.
      const r = await createCaseRecorder({ dataDir, model: { name: 'crash', version: '1', sha256: 'b'.repeat(64) }, video: true });
      const rid = getCase(r.db, r.currentCaseId()!)!.rid;
      for (let k = 0; k < 120 && caseVideos(r.db, rid)[0]!.endMs === null; k++) await new Promise((res) => setTimeout(res, 100));
      const [v] = caseVideos(r.db, rid);
      expect(v!.keyframes?.[0]).toBe(0);
      expect(v!.times.length).toBeGreaterThan(30);
      expect(v!.endMs).toBeGreaterThan(v!.startMs);
      await r.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
