/** Modules shared by our DICOM objects: SOP Common, Patient, General Study, General Series, General Equipment. */
import type { StudyIdentifiers } from '../export/index.js';
import { dicomDateTime, tag, type Element } from './writer.js';

export interface StudyContext {
  study: StudyIdentifiers;
  studyUid: string;
  /** Study date/time: the case start, ms since the epoch. */
  studyMs: number;
  softwareVersion: string;
  modelText: string;
}

/** PN: at most 64 characters per component group; `^` separates family and given names as entered. */
const pn = (s: string | undefined): string => (s ?? '').replace(/[\\\r\n]/g, ' ').slice(0, 64);
const lo = (s: string | undefined, n = 64): string => (s ?? '').replace(/[\\\r\n]/g, ' ').slice(0, n);

export function commonElements(ctx: StudyContext, sop: { classUid: string; instanceUid: string }, series: { uid: string; number: number; modality: string; description: string }, contentMs: number): Element[] {
  const s = ctx.study, st = dicomDateTime(ctx.studyMs), ct = dicomDateTime(contentMs);
  return [
    { tag: tag(0x0008, 0x0005), vr: 'CS', value: 'ISO_IR 192' },
    { tag: tag(0x0008, 0x0012), vr: 'DA', value: ct.date },
    { tag: tag(0x0008, 0x0013), vr: 'TM', value: ct.time },
    { tag: tag(0x0008, 0x0016), vr: 'UI', value: sop.classUid },
    { tag: tag(0x0008, 0x0018), vr: 'UI', value: sop.instanceUid },
    { tag: tag(0x0008, 0x0020), vr: 'DA', value: st.date },
    { tag: tag(0x0008, 0x0030), vr: 'TM', value: st.time },
    { tag: tag(0x0008, 0x0050), vr: 'SH', value: lo(s.accessionNumber, 16) },
    { tag: tag(0x0008, 0x0060), vr: 'CS', value: series.modality },
    { tag: tag(0x0008, 0x0070), vr: 'LO', value: 'Sagitta' },
    { tag: tag(0x0008, 0x0090), vr: 'PN', value: pn(s.referringPhysician) },
    { tag: tag(0x0008, 0x103e), vr: 'LO', value: lo(series.description) },
    { tag: tag(0x0008, 0x1090), vr: 'LO', value: lo(ctx.modelText) },
    { tag: tag(0x0010, 0x0010), vr: 'PN', value: pn(s.patientName) },
    { tag: tag(0x0010, 0x0020), vr: 'LO', value: lo(s.patientId) },
    { tag: tag(0x0010, 0x0030), vr: 'DA', value: '' },
    { tag: tag(0x0010, 0x0040), vr: 'CS', value: '' },
    { tag: tag(0x0018, 0x1020), vr: 'LO', value: lo(ctx.softwareVersion) },
    { tag: tag(0x0020, 0x000d), vr: 'UI', value: ctx.studyUid },
    { tag: tag(0x0020, 0x000e), vr: 'UI', value: series.uid },
    { tag: tag(0x0020, 0x0010), vr: 'SH', value: lo(s.studyId, 16) },
    { tag: tag(0x0020, 0x0011), vr: 'IS', value: String(series.number) },
  ];
}
