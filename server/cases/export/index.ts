/**
 * One entry point for every export format, used by `sagitta export` and the
 * dashboard: `csv`, `json`, `pdf`, `dicom` (a folder of files, or a ZIP of it
 * for a download). Study identifiers for DICOM are passed in and never logged.
 */
import type { CaseDb } from '../db.js';
import type { Plan } from '../plan.js';
import type { CaseInfo } from '../store.js';
import { caseCsv } from './csv.js';
import { caseJson } from './json.js';

export const EXPORT_FORMATS = ['csv', 'json', 'pdf', 'dicom'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(f: string): f is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(f);
}

/** Study identifiers entered at export for the DICOM files (all optional; never logged). */
export interface StudyIdentifiers {
  patientName?: string;
  patientId?: string;
  accessionNumber?: string;
  studyId?: string;
  /** An existing Study Instance UID to file the objects under (else a new one). */
  studyInstanceUid?: string;
  referringPhysician?: string;
}

/** One output file: name and bytes. */
export interface ExportFile { name: string; data: Buffer }

export interface ExportInput { db: CaseDb; info: CaseInfo; plan: Plan | undefined; study?: StudyIdentifiers }

/** Produces the files of an export (one for csv, json and pdf; several for dicom). */
export async function exportCase(format: ExportFormat, input: ExportInput): Promise<ExportFile[]> {
  const { db, info, plan } = input;
  const base = `case-${info.id}`;
  switch (format) {
    case 'csv': return [{ name: `${base}.csv`, data: Buffer.from([...caseCsv(db, info.rid)].join('')) }];
    case 'json': return [{ name: `${base}.json`, data: Buffer.from(JSON.stringify(caseJson(db, info, plan))) }];
    case 'pdf': {
      const { casePdf } = await import('./pdf.js');
      return [{ name: `${base}.pdf`, data: await casePdf(db, info, plan) }];
    }
    case 'dicom': {
      const { caseDicom } = await import('../dicom/case-dicom.js');
      return caseDicom(db, info, plan, input.study ?? {});
    }
  }
}
