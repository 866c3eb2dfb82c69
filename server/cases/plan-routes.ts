/**
 * Plan and pre-op routes:
 *   GET  /api/plan                     plan in force, effective targets, PI–LL formula, prone note
 *   PUT  /api/plan                     a plan JSON file (validated; 400 names the bad field)
 *   POST /api/plan/pi {pelvicIncidenceDeg|null}   derive (or stop deriving) the L1S1 target
 *   POST /api/preop?name=FILE          a PNG/JPEG/DICOM radiograph as the body: measured, kept as baseline
 *   GET  /api/preop                    the baseline;  GET /api/preop/image.png  the picture (8-bit)
 *   PUT  /api/preop/corners {vertebrae}  corrected corners → angles recomputed and stored
 */
import type { HttpRoute } from '../monitor/sink.js';
import type { Target } from '../protocol/messages.js';
import type { CaseRecorder } from './recorder.js';
import { HttpError, readBody, readJson, sendBytes, sendError, sendJson } from './http.js';
import { effectiveTargets, parsePlan, PI_LL_FORMULA, PRONE_NOTE, type Plan } from './plan.js';
import { baselineFrom, importPreop, parseCornerEdit, type StillMeasurer } from './preop.js';

export interface PlanRouteDeps {
  /** The landmark pipeline, for measuring pre-op images. */
  measurer?: StillMeasurer;
  /** Without `measurer`: a model package folder from which a CPU pipeline is created at the first pre-op import. Without both, POST /api/preop answers 503. */
  modelsDir?: string;
  /** Puts targets in force on the monitor (its live status); without it they are only recorded. */
  setTargets?: (targets: Target[]) => void;
}

export function planRoutes(recorder: CaseRecorder, deps: PlanRouteDeps): HttpRoute[] {
  let lazy: Promise<StillMeasurer> | undefined;
  const measurer = async (): Promise<StillMeasurer> => {
    if (deps.measurer) return deps.measurer;
    if (!deps.modelsDir) throw new HttpError(503, 'no model loaded: pre-op images cannot be measured by this server');
    lazy ??= import('../pipeline/index.js').then((p) => p.createPipeline({ modelsDir: deps.modelsDir!, provider: 'cpu', threads: 1 }));
    try { return await lazy; } catch (err) { lazy = undefined; throw new HttpError(503, `pre-op measurement unavailable: ${(err as Error).message}`); }
  };
  const caseRid = (): number | undefined => {
    const id = recorder.currentCaseId();
    return id ? (recorder.db.prepare('SELECT rid FROM cases WHERE id = ?').get(id) as { rid: number } | undefined)?.rid : undefined;
  };
  const view = (plan: Plan) => ({ plan, targets: effectiveTargets(plan), formula: PI_LL_FORMULA, note: PRONE_NOTE, hasPreopImage: recorder.plans.preopPng() !== undefined });
  const save = (plan: Plan, png?: Buffer): Plan => {
    recorder.plans.save(plan, png, caseRid());
    const targets = effectiveTargets(plan);
    if (deps.setTargets) deps.setTargets(targets); else recorder.onTargets(targets);
    return plan;
  };

  const route: HttpRoute = async (req, res, url) => {
    const p = url.pathname, m = req.method ?? 'GET';
    if (!(p === '/api/plan' || p.startsWith('/api/plan/') || p === '/api/preop' || p.startsWith('/api/preop/'))) return false;
    try {
      if (p === '/api/plan' && m === 'GET') { sendJson(res, 200, view(recorder.plans.current())); return true; }
      if (p === '/api/plan' && m === 'PUT') {
        const text = (await readBody(req, 4 << 20)).toString('utf8');
        let plan: Plan;
        try { plan = parsePlan(text); } catch (err) { throw new HttpError(400, (err as Error).message); }
        if (!plan.preop) { const old = recorder.plans.current().preop; if (old) plan.preop = old; }
        sendJson(res, 200, view(save(plan))); return true;
      }
      if (p === '/api/plan/pi' && m === 'POST') {
        const body = (await readJson(req)) as { pelvicIncidenceDeg?: unknown };
        const pi = body?.pelvicIncidenceDeg;
        const plan = recorder.plans.current();
        if (pi === null) { delete plan.pelvicIncidenceDeg; plan.deriveLordosisFromPI = false; }
        else {
          if (typeof pi !== 'number' || !(pi >= 10 && pi <= 120)) throw new HttpError(400, `pelvicIncidenceDeg must be a number from 10 to 120, got ${JSON.stringify(pi)}`);
          plan.pelvicIncidenceDeg = pi; plan.deriveLordosisFromPI = true;
          plan.targets = plan.targets.filter((t) => !(t.angle === 'L1S1' && t.source === 'plan:PI'));
        }
        sendJson(res, 200, view(save(plan))); return true;
      }
      if (p === '/api/preop' && m === 'POST') {
        const m = await measurer();
        const name = (url.searchParams.get('name') ?? 'pre-op image').replace(/^.*[\\/]/, '').slice(0, 120);
        const bytes = await readBody(req, 128 << 20);
        let out: Awaited<ReturnType<typeof importPreop>>;
        try { out = await importPreop(bytes, name, m); } catch (err) { throw new HttpError(400, (err as Error).message); }
        const plan = recorder.plans.current();
        plan.preop = out.baseline;
        save(plan, out.png);
        sendJson(res, 200, { preop: out.baseline }); return true;
      }
      if (p === '/api/preop' && m === 'GET') { sendJson(res, 200, { preop: recorder.plans.current().preop ?? null }); return true; }
      if (p === '/api/preop/image.png' && m === 'GET') {
        const png = recorder.plans.preopPng();
        if (!png) throw new HttpError(404, 'no pre-op image imported');
        sendBytes(res, 'image/png', png); return true;
      }
      if (p === '/api/preop/corners' && m === 'PUT') {
        const plan = recorder.plans.current();
        if (!plan.preop) throw new HttpError(409, 'import a pre-op image first');
        const body = (await readJson(req)) as { vertebrae?: unknown };
        let vertebrae;
        try { vertebrae = parseCornerEdit(body?.vertebrae, plan.preop.width, plan.preop.height); } catch (err) { throw new HttpError(400, (err as Error).message); }
        plan.preop = baselineFrom(vertebrae, plan.preop.width, plan.preop.height, plan.preop.source, true);
        save(plan);
        sendJson(res, 200, { preop: plan.preop }); return true;
      }
      throw new HttpError(404, `no such route: ${m} ${p}`);
    } catch (err) { sendError(res, err); return true; }
  };
  return [route];
}
