/**
 * `loadImage(path, { frame })`: reads a PNG (8/16-bit), JPEG or DICOM file
 * into a grayscale image, recognising the format by its bytes (not its name).
 * Anything else, an empty or over-large image is refused with an Error naming
 * the file and the problem.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { GrayImage } from './types.js';
import { decodePng } from './png.js';
import { decodeJpeg } from './jpeg.js';
import { decodeDicom, isDicom } from './dicom/decode.js';
import { checkImage } from './validate.js';

export type ImageFormat = 'png' | 'jpeg' | 'dicom';

/** The format of a file from its first bytes, or null when it is none we read. */
export function sniffFormat(buf: Uint8Array): ImageFormat | null {
  if (buf.length >= 8 && buf[0] === 0x89 && buf[1] === 0x50 && buf[2] === 0x4e && buf[3] === 0x47) return 'png';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (isDicom(buf)) return 'dicom';
  return null;
}

/** Refuses a PNG whose header declares an empty or over-large image before decoding (no 400 MB allocations). */
function checkPngHeader(buf: Uint8Array, name: string): void {
  if (buf.length < 33) throw new Error(`${name}: truncated PNG (${buf.length} bytes, no complete header)`);
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  checkImage({ width: v.getUint32(16), height: v.getUint32(20), data: new Uint8Array(0) }, name, false);
}

/** Decodes bytes already read; `name` is used in messages only. */
export function decodeImage(buf: Uint8Array, name: string, opts: { frame?: number } = {}): GrayImage<Uint8Array | Uint16Array> {
  const format = sniffFormat(buf);
  if (buf.length === 0) throw new Error(`${name}: empty file`);
  if (!format) throw new Error(`${name}: not a PNG, JPEG or DICOM image (unrecognised content)`);
  if (opts.frame !== undefined && format !== 'dicom' && opts.frame !== 0) throw new Error(`${name}: frame ${opts.frame} requested but a ${format.toUpperCase()} has a single frame`);
  if (format === 'png') checkPngHeader(buf, name);
  const img = format === 'png' ? decodePng(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), name)
    : format === 'jpeg' ? decodeJpeg(buf, name)
      : decodeDicom(buf, name, opts.frame ?? 0);
  checkImage(img, name);
  return img;
}

/** Reads and decodes an image file (PNG, JPEG, DICOM; `frame` picks a frame of a multi-frame DICOM, default 0). */
export async function loadImage(path: string, opts: { frame?: number } = {}): Promise<GrayImage<Uint8Array | Uint16Array>> {
  let buf: Buffer;
  try { buf = await readFile(path); } catch (err) {
    throw new Error(`${basename(path)}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return decodeImage(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), basename(path), opts);
}
