/**
 * `sagitta export --case ID --format csv|json|pdf|dicom [--out PATH] [--data DIR]`:
 * exports a recorded case. Reads through its own read-only connection, so it
 * may run while the monitor records. DICOM writes a folder (default
 * `case-<ID>-dicom/`) of Secondary Capture snapshots and one SR; the study
 * identifiers given here go into the files only and are never printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandArgs } from '../args.js';
import { CliError } from '../errors.js';
import { openCaseDb } from '../../cases/db.js';
import { exportCase, isExportFormat, type StudyIdentifiers } from '../../cases/export/index.js';
import { PlanStore } from '../../cases/plan-store.js';
import { getCase, listCases } from '../../cases/store.js';

export const summary = 'Export a recorded case (csv, json, pdf report, dicom for the archive)';

const HELP = `Usage: sagitta export --case ID --format csv|json|pdf|dicom [--out PATH] [--data DIR]
       sagitta export --list [--data DIR]
  --data DIR          data folder of the monitor (default: data)
  --out PATH          output file (a folder for dicom); default case-<ID>.<ext> or case-<ID>-dicom/
  DICOM study identifiers (written into the files, never printed):
  --patient-name N  --patient-id ID  --accession N  --study-id ID  --study-uid UID  --referring N
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    case: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, data: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    'patient-name': { type: 'string' }, 'patient-id': { type: 'string' }, accession: { type: 'string' }, 'study-id': { type: 'string' }, 'study-uid': { type: 'string' }, referring: { type: 'string' },
  });
  if (values.help) { process.stdout.write(HELP); return 0; }
  const dataDir = (values.data as string | undefined) ?? 'data';
  let db;
  try { db = openCaseDb(dataDir, { readonly: true }); } catch (err) { throw new CliError(`no case database in ${dataDir} (${(err as Error).message})`, 1); }
  try {
    if (values.list) {
      for (const c of listCases(db)) {
        process.stdout.write(`${c.id}  ${new Date(c.startedMs).toISOString()}  ${c.endedMs ? 'ended' : 'open '}  ${String(c.frames).padStart(7)} frames  ${c.label}\n`);
      }
      return 0;
    }
    const id = values.case as string | undefined, format = values.format as string | undefined;
    if (!id) throw new CliError('--case ID is required (see `sagitta export --list`)');
    if (!format || !isExportFormat(format)) throw new CliError(`--format must be csv, json, pdf or dicom, got "${format ?? ''}"`);
    const info = getCase(db, id);
    if (!info) throw new CliError(`no case "${id}" in ${dataDir} (see \`sagitta export --list --data ${dataDir}\`)`, 1);
    const plan = info.planId != null ? new PlanStore(db).byId(info.planId) : undefined;
    const study: StudyIdentifiers = {};
    const s = (k: string): string | undefined => values[k] as string | undefined;
    if (s('patient-name')) study.patientName = s('patient-name')!;
    if (s('patient-id')) study.patientId = s('patient-id')!;
    if (s('accession')) study.accessionNumber = s('accession')!;
    if (s('study-id')) study.studyId = s('study-id')!;
    if (s('study-uid')) { if (!/^[0-9]+(\.[0-9]+)*$/.test(s('study-uid')!) || s('study-uid')!.length > 64) throw new CliError('--study-uid must be a DICOM UID (digits and dots, at most 64 characters)'); study.studyInstanceUid = s('study-uid')!; }
    if (s('referring')) study.referringPhysician = s('referring')!;
    const files = await exportCase(format, { db, info, plan, study });
    const out = values.out as string | undefined;
    if (format === 'dicom') {
      const dir = out ?? `case-${id}-dicom`;
      mkdirSync(dir, { recursive: true });
      for (const f of files) writeFileSync(join(dir, f.name), f.data);
      process.stdout.write(`wrote ${files.length} DICOM files to ${dir}\n`);
    } else {
      const file = out ?? files[0]!.name;
      writeFileSync(file, files[0]!.data);
      process.stdout.write(`wrote ${file} (${files[0]!.data.length} bytes)\n`);
    }
    return 0;
  } finally {
    db.close();
  }
}
