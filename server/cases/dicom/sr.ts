/**
 * The measurements as a Comprehensive SR document: a root container with the
 * prone note, the software and model, and one container per angle holding
 * pre-op, target, tolerance, achieved and delta as NUM items in degrees
 * (UCUM "deg"). Codes not in DCM/LOINC use the private scheme 99SGT.
 */
import type { Comparison } from '../comparison.js';
import { commonElements, type StudyContext } from './common.js';
import { UID } from './uid.js';
import { dicomDateTime, dicomFile, ds, tag, type Element } from './writer.js';

type Code = readonly [value: string, scheme: string, meaning: string];

const code = (c: Code): Element[] => [
  { tag: tag(0x0008, 0x0100), vr: 'SH', value: c[0] },
  { tag: tag(0x0008, 0x0102), vr: 'SH', value: c[1] },
  { tag: tag(0x0008, 0x0104), vr: 'LO', value: c[2].slice(0, 64) },
];
const conceptName = (c: Code): Element => ({ tag: tag(0x0040, 0xa043), vr: 'SQ', value: [code(c)] });
const DEGREE: Code = ['deg', 'UCUM', 'degree'];

function text(name: Code, value: string): Element[] {
  return [
    { tag: tag(0x0040, 0xa010), vr: 'CS', value: 'CONTAINS' },
    { tag: tag(0x0040, 0xa040), vr: 'CS', value: 'TEXT' },
    conceptName(name),
    { tag: tag(0x0040, 0xa160), vr: 'UT', value },
  ];
}

function num(name: Code, value: number): Element[] {
  return [
    { tag: tag(0x0040, 0xa010), vr: 'CS', value: 'CONTAINS' },
    { tag: tag(0x0040, 0xa040), vr: 'CS', value: 'NUM' },
    conceptName(name),
    { tag: tag(0x0040, 0xa300), vr: 'SQ', value: [[
      { tag: tag(0x0040, 0x08ea), vr: 'SQ', value: [code(DEGREE)] },
      { tag: tag(0x0040, 0xa30a), vr: 'DS', value: ds(value) },
    ]] },
  ];
}

function container(name: Code, children: Element[][], relationship?: string): Element[] {
  const e: Element[] = [
    { tag: tag(0x0040, 0xa040), vr: 'CS', value: 'CONTAINER' },
    conceptName(name),
    { tag: tag(0x0040, 0xa050), vr: 'CS', value: 'SEPARATE' },
    { tag: tag(0x0040, 0xa730), vr: 'SQ', value: children },
  ];
  if (relationship) e.push({ tag: tag(0x0040, 0xa010), vr: 'CS', value: relationship });
  return e;
}

const ANGLE_NAMES: Record<string, string> = { L1L5: 'Lumbar lordosis L1-L5', L1S1: 'Lumbar lordosis L1-S1', SS: 'Sacral slope' };

/** The SR file for a case's comparison. */
export function measurementSr(ctx: StudyContext, series: { uid: string; number: number }, instance: { uid: string; timeMs: number }, cmp: Comparison, extra: { note: string; achievedFrom: string }): Buffer {
  const children: Element[][] = [
    text(['121106', 'DCM', 'Comment'], extra.note),
    text(['SGT010', '99SGT', 'Measurement software'], `${ctx.softwareVersion}; ${ctx.modelText}`),
    text(['SGT011', '99SGT', 'Achieved value source'], extra.achievedFrom),
  ];
  for (const r of cmp.rows) {
    const items: Element[][] = [];
    if (r.preopDeg !== null) items.push(num(['SGT101', '99SGT', 'Pre-operative standing value'], r.preopDeg));
    if (r.target) { items.push(num(['SGT102', '99SGT', 'Target value'], r.target.valueDeg)); items.push(num(['SGT103', '99SGT', 'Target tolerance'], r.target.toleranceDeg)); }
    if (r.achievedDeg !== null) items.push(num(['SGT104', '99SGT', 'Achieved intra-operative value'], r.achievedDeg));
    if (r.deltaDeg !== null) items.push(num(['SGT105', '99SGT', 'Difference to target'], r.deltaDeg));
    if (!items.length) continue;
    const name = ANGLE_NAMES[r.angle] ?? `Disc angle ${r.angle.slice(5)}`;
    children.push(container([`SGT2${r.angle.replace(/[^A-Z0-9]/gi, '').slice(0, 12)}`.slice(0, 16), '99SGT', name], items, 'CONTAINS'));
  }
  const ct = dicomDateTime(instance.timeMs);
  const ds_: Element[] = [
    ...commonElements(ctx, { classUid: UID.comprehensiveSR, instanceUid: instance.uid }, { ...series, modality: 'SR', description: 'Sagitta alignment measurements' }, instance.timeMs),
    { tag: tag(0x0008, 0x0023), vr: 'DA', value: ct.date },
    { tag: tag(0x0008, 0x0033), vr: 'TM', value: ct.time },
    { tag: tag(0x0008, 0x0110), vr: 'SQ', value: [[
      { tag: tag(0x0008, 0x0102), vr: 'SH', value: '99SGT' },
      { tag: tag(0x0008, 0x0115), vr: 'ST', value: 'Sagitta private measurement codes' },
    ]] },
    { tag: tag(0x0008, 0x1111), vr: 'SQ', value: [] },
    { tag: tag(0x0020, 0x0013), vr: 'IS', value: '1' },
    { tag: tag(0x0040, 0xa372), vr: 'SQ', value: [] },
    { tag: tag(0x0040, 0xa491), vr: 'CS', value: 'COMPLETE' },
    { tag: tag(0x0040, 0xa493), vr: 'CS', value: 'UNVERIFIED' },
    ...container(['SGT001', '99SGT', 'Intra-operative spinal alignment'], children),
  ];
  return dicomFile(UID.comprehensiveSR, instance.uid, ds_);
}
