/**
 * A small DICOM Part 10 writer: explicit VR little endian, data elements
 * sorted by tag, even-length values (UI padded with NUL, text with space),
 * sequences of defined length, and the group 0002 file meta information
 * with its group length.
 */
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION, UID } from './uid.js';

export type Vr = 'AE' | 'AS' | 'CS' | 'DA' | 'DS' | 'DT' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UI' | 'UT' | 'US' | 'UL' | 'OB' | 'OW' | 'SQ';

/** One data element; `value` is text (multiple values joined with `\`), numbers for US/UL, bytes for OB/OW, item lists for SQ. */
export type Element =
  | { tag: number; vr: Exclude<Vr, 'US' | 'UL' | 'OB' | 'OW' | 'SQ'>; value: string }
  | { tag: number; vr: 'US' | 'UL'; value: number | number[] }
  | { tag: number; vr: 'OB' | 'OW'; value: Uint8Array }
  | { tag: number; vr: 'SQ'; value: Element[][] };

/** (group, element) → tag number. */
export const tag = (group: number, element: number): number => ((group << 16) | element) >>> 0;

const LONG = new Set<Vr>(['OB', 'OW', 'SQ', 'UT']);

function valueBytes(e: Element): Buffer {
  switch (e.vr) {
    case 'US': { const v = Array.isArray(e.value) ? e.value : [e.value]; const b = Buffer.alloc(2 * v.length); v.forEach((x, i) => b.writeUInt16LE(x, 2 * i)); return b; }
    case 'UL': { const v = Array.isArray(e.value) ? e.value : [e.value]; const b = Buffer.alloc(4 * v.length); v.forEach((x, i) => b.writeUInt32LE(x, 4 * i)); return b; }
    case 'OB': case 'OW': { const b = Buffer.from(e.value.buffer, e.value.byteOffset, e.value.byteLength); return b.length % 2 ? Buffer.concat([b, Buffer.alloc(1)]) : b; }
    case 'SQ': return Buffer.concat(e.value.map((item) => {
      const body = encodeDataset(item);
      const head = Buffer.alloc(8);
      head.writeUInt16LE(0xfffe, 0); head.writeUInt16LE(0xe000, 2); head.writeUInt32LE(body.length, 4);
      return Buffer.concat([head, body]);
    }));
    default: {
      const b = Buffer.from(e.value, 'utf8');
      return b.length % 2 ? Buffer.concat([b, Buffer.from(e.vr === 'UI' ? [0] : [0x20])]) : b;
    }
  }
}

function encodeElement(e: Element): Buffer {
  const v = valueBytes(e);
  const long = LONG.has(e.vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(e.tag >>> 16, 0); head.writeUInt16LE(e.tag & 0xffff, 2); head.write(e.vr, 4, 'latin1');
  if (long) head.writeUInt32LE(v.length, 8);
  else {
    if (v.length > 0xffff) throw new Error(`DICOM element (${(e.tag >>> 16).toString(16)},${(e.tag & 0xffff).toString(16)}) ${e.vr} value of ${v.length} bytes is too long`);
    head.writeUInt16LE(v.length, 6);
  }
  return Buffer.concat([head, v]);
}

/** Encodes a data set (elements sorted by tag; duplicate tags refused). */
export function encodeDataset(elements: readonly Element[]): Buffer {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.tag === sorted[i - 1]!.tag) throw new Error(`duplicate DICOM tag ${sorted[i]!.tag.toString(16)}`);
  return Buffer.concat(sorted.map(encodeElement));
}

/** A Part 10 file: 128-byte preamble, "DICM", file meta (group 0002) and the data set, explicit VR little endian. */
export function dicomFile(sopClassUid: string, sopInstanceUid: string, dataset: readonly Element[]): Buffer {
  const meta = encodeDataset([
    { tag: tag(0x0002, 0x0001), vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: tag(0x0002, 0x0002), vr: 'UI', value: sopClassUid },
    { tag: tag(0x0002, 0x0003), vr: 'UI', value: sopInstanceUid },
    { tag: tag(0x0002, 0x0010), vr: 'UI', value: UID.explicitLittle },
    { tag: tag(0x0002, 0x0012), vr: 'UI', value: IMPLEMENTATION_CLASS_UID },
    { tag: tag(0x0002, 0x0013), vr: 'SH', value: IMPLEMENTATION_VERSION },
  ]);
  const groupLength = encodeElement({ tag: tag(0x0002, 0x0000), vr: 'UL', value: meta.length });
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, groupLength, meta, encodeDataset(dataset)]);
}

/** DICOM date (YYYYMMDD) and time (HHMMSS.ffffff) in UTC of a time in ms. */
export function dicomDateTime(ms: number): { date: string; time: string } {
  const iso = new Date(ms).toISOString();
  return { date: iso.slice(0, 10).replaceAll('-', ''), time: `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}` };
}

/** A DS value (decimal string, at most 16 characters). */
export function ds(x: number): string {
  for (let d = 6; d >= 0; d--) { const s = String(Number(x.toFixed(d))); if (s.length <= 16) return s; }
  return x.toExponential(6);
}
