/**
 * DICOM Part 10 to a grayscale image: implicit and explicit VR little endian,
 * RLE lossless, JPEG baseline and JPEG lossless (process 14); MONOCHROME1 is
 * inverted, stored bits are scaled to the full 8/16-bit range, and one frame
 * of a multi-frame object (XA/RF cine) is chosen. Other transfer syntaxes are
 * refused by name. Patient data is never read or reported.
 */
import dicomParser from 'dicom-parser';
import type { GrayImage } from '../types.js';
import { MAX_IMAGE_SIDE } from '../types.js';
import { decodeJpeg } from '../jpeg.js';
import { decodeRleFrame } from './rle.js';
import { decodeJpegLossless } from './jpeg-lossless.js';

/** Transfer syntaxes this decoder reads. */
export const SUPPORTED_SYNTAXES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])',
};

/** Names of common syntaxes we refuse, for the error message. */
const KNOWN_OTHERS: Record<string, string> = {
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 & 4)',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000 Image Compression',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 Image Compression (Lossless Only)',
};

/** True when the bytes look like DICOM Part 10 ("DICM" at offset 128). */
export function isDicom(buf: Uint8Array): boolean {
  return buf.length >= 132 && buf[128] === 0x44 && buf[129] === 0x49 && buf[130] === 0x43 && buf[131] === 0x4d;
}

type DataSet = ReturnType<typeof dicomParser.parseDicom>;

/** The bytes of one encapsulated frame. */
function encapsulatedFrame(ds: DataSet, frames: number, frame: number, jpeg: boolean, name: string): Uint8Array {
  const el = ds.elements.x7fe00010!;
  const fragments = el.fragments ?? [];
  if (frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length) as Uint8Array;
  if (el.basicOffsetTable && el.basicOffsetTable.length) return dicomParser.readEncapsulatedImageFrame(ds, el, frame) as Uint8Array;
  if (fragments.length === frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, frame, 1) as Uint8Array;
  if (jpeg) return dicomParser.readEncapsulatedImageFrame(ds, el, frame, dicomParser.createJPEGBasicOffsetTable(ds, el)) as Uint8Array;
  throw new Error(`${name}: cannot locate frame ${frame} among ${fragments.length} fragments (no offset table)`);
}

/** Decodes frame `frame` (0-based) of a DICOM file. Throws naming the problem. */
export function decodeDicom(buf: Uint8Array, name: string, frame: number): GrayImage<Uint8Array | Uint16Array> {
  let ds: DataSet;
  try { ds = dicomParser.parseDicom(buf); } catch (err) {
    const e = err as { exception?: string; message?: string } | string;
    throw new Error(`${name}: not a readable DICOM file (${typeof e === 'string' ? e : e.exception ?? e.message ?? 'parse error'})`);
  }
  const ts = (ds.string('x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim();
  if (!SUPPORTED_SYNTAXES[ts]) throw new Error(`${name}: DICOM transfer syntax ${KNOWN_OTHERS[ts] ?? 'unknown'} (${ts}) is not supported; supported: ${Object.values(SUPPORTED_SYNTAXES).join(', ')}`);
  const el = ds.elements.x7fe00010;
  if (!el) throw new Error(`${name}: DICOM file has no pixel data (7FE0,0010)`);
  const rows = ds.uint16('x00280010') ?? 0, cols = ds.uint16('x00280011') ?? 0;
  if (!rows || !cols) throw new Error(`${name}: empty image (${cols}×${rows})`);
  if (rows > MAX_IMAGE_SIDE || cols > MAX_IMAGE_SIDE) throw new Error(`${name}: ${cols}×${rows} is too large (at most ${MAX_IMAGE_SIDE} pixels a side)`);
  const spp = ds.uint16('x00280002') ?? 1;
  if (spp !== 1) throw new Error(`${name}: DICOM with ${spp} samples per pixel (only grayscale is supported)`);
  const alloc = ds.uint16('x00280100') ?? 16, stored = ds.uint16('x00280101') ?? alloc, signed = (ds.uint16('x00280103') ?? 0) === 1;
  if (alloc !== 8 && alloc !== 16) throw new Error(`${name}: ${alloc} bits allocated (only 8 and 16 are supported)`);
  const frames = Math.max(1, parseInt(ds.string('x00280008') ?? '1', 10) || 1);
  if (!Number.isInteger(frame) || frame < 0 || frame >= frames) throw new Error(`${name}: frame ${frame} requested, the file has ${frames} frame${frames > 1 ? 's' : ''} (0…${frames - 1})`);
  const photometric = (ds.string('x00280004') ?? 'MONOCHROME2').trim();
  if (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2') throw new Error(`${name}: photometric interpretation ${photometric} is not supported (MONOCHROME1/2 only)`);
  const n = rows * cols;

  let raw: Uint8Array | Uint16Array;
  let bits = stored;
  if (!el.encapsulatedPixelData) {
    const bytes = (alloc / 8) * n, start = el.dataOffset + frame * bytes;
    if (start + bytes > buf.length || (el.length > 0 && (frame + 1) * bytes > el.length)) throw new Error(`${name}: pixel data too short for frame ${frame} of ${cols}×${rows}×${alloc} bits (truncated file)`);
    raw = alloc === 8 ? buf.slice(start, start + bytes) : new Uint16Array(buf.slice(start, start + bytes).buffer);
  } else {
    const f = encapsulatedFrame(ds, frames, frame, ts.startsWith('1.2.840.10008.1.2.4'), name);
    if (ts === '1.2.840.10008.1.2.5') raw = decodeRleFrame(f, n, alloc === 8 ? 1 : 2, name);
    else if (ts === '1.2.840.10008.1.2.4.50') { raw = decodeJpeg(f, name).data; bits = 8; }
    else { const j = decodeJpegLossless(f, name); raw = j.data; bits = j.precision; }
    if (raw.length !== n) throw new Error(`${name}: decoded frame has ${raw.length} pixels, header says ${cols}×${rows}`);
  }
  return { data: toFullRange(raw, bits, signed, photometric === 'MONOCHROME1'), width: cols, height: rows };
}

/** Maps stored values (signed or not, `bits` wide) to the full 8/16-bit range; MONOCHROME1 inverted. */
function toFullRange(raw: Uint8Array | Uint16Array, bits: number, signed: boolean, invert: boolean): Uint8Array | Uint16Array {
  const out16 = raw instanceof Uint16Array;
  const max = out16 ? 65535 : 255, top = 2 ** bits - 1, k = max / top, half = 2 ** (bits - 1);
  const out = out16 ? new Uint16Array(raw.length) : new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    let v = raw[i]! & top;
    if (signed) v = (v >= half ? v - 2 * half : v) + half; // two's complement → offset binary
    const q = Math.round(v * k);
    out[i] = invert ? max - q : q;
  }
  return out;
}
