/**
 * Cases: recording the timeline of a surgery in SQLite, the pre-op plan,
 * plan versus achieved, exports (CSV, JSON, PDF, DICOM) and replay.
 *
 * @example
 *   const recorder = await createCaseRecorder({ dataDir: 'data', model: { name, version, sha256 } });
 *   monitor.addSink(recorder);                       // MonitorSink
 *   for (const r of caseRoutes(recorder, { measurer: pipeline, setTargets })) server.addRoute(r);
 *   …
 *   await recorder.close();
 */
export { createCaseRecorder, newCaseId, type CaseRecorder, type CaseRecorderOptions } from './recorder.js';
export { caseRoutes, type CaseRouteDeps } from './routes.js';
export { openCaseDb, dbPath, type CaseDb, type SyncLevel } from './db.js';
export { DEFAULT_MASK, validateMask, applyMask, type MaskConfig } from './mask.js';
export { parsePlan, effectiveTargets, lordosisTargetFromPI, PLAN_FORMAT, PRONE_NOTE, PI_LL_FORMULA, type Plan, type PreopBaseline } from './plan.js';
export { compareCase, type Comparison, type ComparisonRow } from './comparison.js';
export { exportCase, isExportFormat, EXPORT_FORMATS, type ExportFormat, type StudyIdentifiers, type ExportFile } from './export/index.js';
export { listCases, getCase, requireCase, type CaseSummary, type CaseInfo } from './store.js';
