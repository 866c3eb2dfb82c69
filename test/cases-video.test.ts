import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseRoutes, createCaseRecorder, type CaseRecorder } from '../server/cases/index.js';
import { phantomFrame, phantomMeasurement } from '../server/cases/phantom.js';
import { caseVideos, getCase } from '../server/cases/store.js';
import { resolveFfmpeg } from '../server/ffmpeg/resolve.js';

let dir: string, rec: CaseRecorder, server: Server, origin: string, caseId: string;
const W = 161, H = 121; // odd sizes: the encoder pads to even

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cases-video-'));
  rec = await createCaseRecorder({ dataDir: join(dir, 'data'), model: { name: 'v', version: '1', sha256: 'f'.repeat(64) }, video: true, videoFps: 30 });
  caseId = rec.currentCaseId()!;
  const t0 = Date.now();
  for (let i = 0; i < 90; i++) {
    const shot = i < 45 ? 0 : 1;
    const info = { frame: i, timeMs: t0 + i * 33, shot, newShot: i === 0 || i === 45, held: false };
    rec.onFrame!({ data: phantomFrame(W, H, i), width: W, height: H, timestampMs: 0 }, info);
    rec.onMeasurement(phantomMeasurement(i, info.timeMs, { width: W, height: H, shotEvery: 45 }));
    await new Promise((r) => setTimeout(r, 2));
  }
  rec.setRecording!(false); // closes the open shot file
  const routes = caseRoutes(rec, {});
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      for (const r of routes) if (await r(req, res, url)) return;
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rid = getCase(rec.db, caseId)!.rid;
  for (let k = 0; k < 200 && caseVideos(rec.db, rid).some((v) => v.endMs === null || v.keyframes === null); k++) await new Promise((r) => setTimeout(r, 50));
}, 60_000);

afterAll(async () => {
  await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  await rec.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('shot video and replay API', () => {
  it('records one masked MP4 per shot, indexed by frame times and keyframes', () => {
    const videos = caseVideos(rec.db, getCase(rec.db, caseId)!.rid);
    expect(videos.map((v) => v.shot)).toEqual([0, 1]);
    for (const v of videos) {
      expect(v.times).toHaveLength(45);
      expect(v.keyframes![0]).toBe(0);
      expect(v.keyframes!.length).toBeGreaterThanOrEqual(3); // GOP of 15 frames
      expect(existsSync(join(rec.dataDir, v.file))).toBe(true);
    }
    // First decoded frame: the burned-in block (255 at top-left in the source) is blanked by the mask.
    const raw = spawnSync(resolveFfmpeg().path, ['-v', 'error', '-i', join(rec.dataDir, videos[0]!.file), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']).stdout;
    expect(raw.length).toBe(162 * 122);
    expect(raw[5 * 162 + 5]!).toBeLessThan(40);
    expect(raw[61 * 162 + 80]!).toBeGreaterThan(60); // inside the circle the image is kept
  });

  it('serves the MP4 with byte ranges, an HLS playlist and MPEG-TS segments', async () => {
    const detail = await (await fetch(`${origin}/api/cases/${caseId}`)).json() as { videos: { id: number }[] };
    const id = detail.videos[0]!.id;
    const part = await fetch(`${origin}/api/cases/${caseId}/videos/${id}.mp4`, { headers: { range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    const m3u8 = await (await fetch(`${origin}/api/cases/${caseId}/videos/${id}/index.m3u8`)).text();
    expect(m3u8).toMatch(/^#EXTM3U\n/);
    expect(m3u8).toContain('#EXT-X-ENDLIST');
    const seg = Buffer.from(await (await fetch(`${origin}/api/cases/${caseId}/videos/${id}/0.ts`)).arrayBuffer());
    expect(seg[0]).toBe(0x47); // MPEG-TS sync byte
    expect(seg.length % 188).toBe(0);
  });

  it('answers the timeline, nearest frame, notes, plan and exports over HTTP', async () => {
    const tl = await (await fetch(`${origin}/api/cases/${caseId}/timeline`)).json() as { t: number[]; angles: Record<string, number[]> };
    expect(tl.t).toHaveLength(90);
    expect(tl.angles.L1S1).toHaveLength(90);
    const f = await (await fetch(`${origin}/api/cases/${caseId}/frame?t=${tl.t[10]! + 1}`)).json() as { frame: { frame: number } };
    expect(f.frame.frame).toBe(10);
    const bad = await fetch(`${origin}/api/plan`, { method: 'PUT', body: '{"format":"sagitta-plan/1","targets":{}}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'plan: targets must be an array' });
    const good = await fetch(`${origin}/api/plan`, { method: 'PUT', body: JSON.stringify({ format: 'sagitta-plan/1', targets: [{ angle: 'SS', valueDeg: 30, toleranceDeg: 5 }] }) });
    expect(good.status).toBe(200);
    expect(rec.currentTargets()).toEqual([{ angle: 'SS', valueDeg: 30, toleranceDeg: 5, source: 'plan' }]);
    const note = await fetch(`${origin}/api/cases/${caseId}/notes`, { method: 'POST', body: JSON.stringify({ note: 'cage L4/L5 in' }) });
    expect(note.status).toBe(200);
    const csv = await fetch(`${origin}/api/cases/${caseId}/export/csv`);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="case-${caseId}.csv"`);
    expect((await csv.text()).trim().split('\n')).toHaveLength(91);
    const zip = Buffer.from(await (await fetch(`${origin}/api/cases/${caseId}/export/dicom`, { method: 'POST', body: JSON.stringify({ study: { patientId: 'X1' } }) })).arrayBuffer());
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect((await fetch(`${origin}/api/cases/${caseId}/export/xls`)).status).toBe(400);
    expect(await (await fetch(`${origin}/api/cases/20000101-AAAAAA`)).json()).toEqual({ error: 'no case "20000101-AAAAAA"' });
    expect((await fetch(`${origin}/api/preop`, { method: 'POST', body: 'x' })).status).toBe(503);
  });
});
