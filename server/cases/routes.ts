/**
 * The HTTP API of the cases area, mounted by the monitor (`caseRoutes`):
 *   GET  /api/cases                          list
 *   GET  /api/cases/current                  {caseId, status}
 *   POST /api/cases/current/start {label}    start a new case;  POST /api/cases/current/end
 *   GET  /api/cases/:id                      info, events, targets, snapshots, videos
 *   GET  /api/cases/:id/timeline             columnar angles (uPlot layout)
 *   GET  /api/cases/:id/frame?t=ms           the stored frame nearest t (corners and angles)
 *   GET  /api/cases/:id/comparison[?snapshot=N];  PUT /api/cases/:id/achieved {snapshotId|null}
 *   POST /api/cases/:id/notes {note}
 *   GET  /api/cases/:id/snapshots/:n.png
 *   GET  /api/cases/:id/export/:format       csv | json | pdf;  POST … /export/dicom {study} → ZIP
 *   GET  /api/cases/:id/videos/:n.mp4 (ranges) | /videos/:n/index.m3u8 | /videos/:n/:i.ts
 * and the plan routes of plan-routes.ts. Every failure answers `{error}`.
 * Timelines, comparisons and exports run on a worker thread (query-worker.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRoute } from '../monitor/sink.js';
import type { CaseRecorder } from './recorder.js';
import { openCaseDb, type CaseDb } from './db.js';
import { HttpError, readJson, sendBytes, sendError, sendJson } from './http.js';
import { caseEvents, caseSnapshots, caseTargets, caseVideos, frameAt, getCase, listCases, snapshotData, type CaseInfo } from './store.js';
import { isExportFormat, type StudyIdentifiers } from './export/index.js';
import { QueryClient } from './query-client.js';
import { zipStore } from './export/zip.js';
import { planRoutes, type PlanRouteDeps } from './plan-routes.js';
import { serveVideo } from './video-routes.js';

export type CaseRouteDeps = PlanRouteDeps;

const MIME: Record<string, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json', pdf: 'application/pdf' };

/** The case and plan routes for the monitor's HTTP server. */
export function caseRoutes(recorder: CaseRecorder, deps: CaseRouteDeps = {}): HttpRoute[] {
  let reader: CaseDb | undefined;
  /** A read-only connection of its own: WAL lets it read while the recorder writes. */
  const ro = (): CaseDb => (reader ??= openCaseDb(recorder.dataDir, { readonly: true }));
  const find = (db: CaseDb, id: string): CaseInfo => {
    const c = getCase(db, id);
    if (!c) throw new HttpError(404, `no case "${id}"`);
    return c;
  };
  const planOf = (c: CaseInfo) => (c.planId != null ? recorder.plans.byId(c.planId) : undefined);
  /** Reads that take seconds on a long case run on the query worker, off the monitor's thread. */
  const queries = new QueryClient();
  const dataDir = recorder.dataDir;

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const p = url.pathname;
    if (!p.startsWith('/api/cases')) return false;
    const m = req.method ?? 'GET';
    if (p === '/api/cases' && m === 'GET') { sendJson(res, 200, { cases: listCases(recorder.db) }); return true; }
    if (p === '/api/cases/current' && m === 'GET') { sendJson(res, 200, { caseId: recorder.currentCaseId() ?? null, status: recorder.status() }); return true; }
    if (p === '/api/cases/current/start' && m === 'POST') {
      const body = (await readJson(req)) as { label?: unknown };
      const label = typeof body?.label === 'string' ? body.label.slice(0, 200) : '';
      sendJson(res, 200, { caseId: recorder.startCase(label) }); return true;
    }
    if (p === '/api/cases/current/end' && m === 'POST') { recorder.endCase(); sendJson(res, 200, { ok: true }); return true; }
    const mm = /^\/api\/cases\/([0-9]{8}-[A-Z0-9]{6})(\/.*)?$/.exec(p);
    if (!mm) throw new HttpError(404, `no such cases route: ${p}`);
    const id = mm[1]!, rest = mm[2] ?? '';
    recorder.flush();
    if (rest === '' && m === 'GET') {
      const c = find(recorder.db, id);
      sendJson(res, 200, { case: c, plan: planOf(c) ?? null, events: caseEvents(recorder.db, c.rid), targets: caseTargets(recorder.db, c.rid), snapshots: caseSnapshots(recorder.db, c.rid), videos: caseVideos(recorder.db, c.rid).map(({ times: _t, ...v }) => v) });
      return true;
    }
    if (rest === '/timeline' && m === 'GET') {
      sendJson(res, 200, await queries.result({ op: 'timeline', dataDir, caseId: id, maxPoints: Number(url.searchParams.get('max') ?? 5000) || 5000 })); return true;
    }
    if (rest === '/frame' && m === 'GET') {
      const c = find(ro(), id);
      const t = Number(url.searchParams.get('t'));
      if (!Number.isFinite(t)) throw new HttpError(400, 't must be a time in ms since the epoch');
      sendJson(res, 200, { frame: frameAt(ro(), c.rid, t) ?? null }); return true;
    }
    if (rest === '/comparison' && m === 'GET') {
      const snap = url.searchParams.get('snapshot');
      sendJson(res, 200, await queries.result({ op: 'comparison', dataDir, caseId: id, ...(snap ? { snapshotId: Number(snap) } : {}) })); return true;
    }
    if (rest === '/achieved' && m === 'PUT') {
      const c = find(recorder.db, id);
      const body = (await readJson(req)) as { snapshotId?: unknown };
      const sid = body?.snapshotId ?? null;
      if (sid !== null && (typeof sid !== 'number' || !snapshotData(recorder.db, c.rid, sid))) throw new HttpError(400, `snapshotId ${JSON.stringify(sid)} is not a snapshot of case ${id}`);
      recorder.db.prepare('UPDATE cases SET achieved_snapshot = ? WHERE rid = ?').run(sid, c.rid);
      sendJson(res, 200, await queries.result({ op: 'comparison', dataDir, caseId: id })); return true;
    }
    if (rest === '/notes' && m === 'POST') {
      const body = (await readJson(req)) as { note?: unknown };
      if (typeof body?.note !== 'string' || !body.note.trim()) throw new HttpError(400, 'note must be a non-empty string');
      if (recorder.currentCaseId() !== id) throw new HttpError(409, `case ${id} is not being recorded; notes go to the open case`);
      recorder.addNote(body.note.slice(0, 2000)); recorder.flush();
      sendJson(res, 200, { ok: true }); return true;
    }
    const snap = /^\/snapshots\/(\d+)\.png$/.exec(rest);
    if (snap && m === 'GET') {
      const c = find(ro(), id);
      const s = snapshotData(ro(), c.rid, Number(snap[1]));
      if (!s) throw new HttpError(404, `no snapshot ${snap[1]} in case ${id}`);
      sendBytes(res, 'image/png', s.png); return true;
    }
    const exp = /^\/export\/([a-z]+)$/.exec(rest);
    if (exp) {
      const format = exp[1]!;
      if (!isExportFormat(format)) throw new HttpError(400, `unknown export format "${format}" (csv, json, pdf, dicom)`);
      if (format === 'dicom' && m !== 'POST') throw new HttpError(405, 'DICOM export is a POST with the study identifiers in the body');
      const study = format === 'dicom' ? ((await readJson(req)) as { study?: StudyIdentifiers })?.study ?? {} : undefined;
      const files = await queries.files({ op: 'export', dataDir, caseId: id, format, ...(study ? { study } : {}) });
      if (format === 'dicom') sendBytes(res, 'application/zip', zipStore(files), `case-${id}-dicom.zip`);
      else sendBytes(res, MIME[format]!, files[0]!.data, files[0]!.name);
      return true;
    }
    if (rest.startsWith('/videos/') && m === 'GET') {
      const c = find(ro(), id);
      return serveVideo(req, res, recorder.dataDir, caseVideos(ro(), c.rid), rest.slice('/videos/'.length));
    }
    throw new HttpError(404, `no such cases route: ${m} ${p}`);
  };

  const guarded: HttpRoute = async (req, res, url) => {
    try { return await handle(req, res, url); } catch (err) { sendError(res, err); return true; }
  };
  return [guarded, ...planRoutes(recorder, deps)];
}
