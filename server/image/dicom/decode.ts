/** DICOM decoding (placeholder: completed in the next commit). */
import type { GrayImage } from '../types.js';

/** True when the bytes look like DICOM Part 10 ("DICM" at offset 128). */
export function isDicom(buf: Uint8Array): boolean {
  return buf.length >= 132 && buf[128] === 0x44 && buf[129] === 0x49 && buf[130] === 0x43 && buf[131] === 0x4d;
}

export function decodeDicom(_buf: Uint8Array, name: string, _frame: number): GrayImage<Uint8Array | Uint16Array> {
  throw new Error(`${name}: DICOM decoding not available yet`);
}
