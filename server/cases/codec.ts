/**
 * Compact encoding of one measured frame for the `frames` table.
 * Vertebrae: a Float32 blob, 14 numbers per vertebra
 * [label index, score, SA.x, SA.y, SP.x, SP.y, IP.x, IP.y, IA.x, IA.y, spread×4],
 * NaN for an unknown corner or spread (about 56 bytes per vertebra).
 * Angles: JSON `{name: [valueDeg, sdDeg]}` for measured ones and
 * `{name: "reason"}` for unmeasurable ones, values rounded to 0.001°.
 */
import { LABELS, indexOfLabel } from '../spec/labels.js';
import type { AngleValue, VertebraWire } from '../protocol/messages.js';

const PER_VERTEBRA = 14;

/** Encodes vertebrae to a little-endian Float32 blob; unknown labels are dropped. */
export function encodeVertebrae(vertebrae: readonly VertebraWire[]): Buffer {
  const known = vertebrae.filter((v) => indexOfLabel(v.label) >= 0);
  const f = new Float32Array(known.length * PER_VERTEBRA);
  let o = 0;
  for (const v of known) {
    f[o++] = indexOfLabel(v.label);
    f[o++] = v.score;
    for (let c = 0; c < 4; c++) {
      const p = v.corners[c];
      f[o++] = p ? p[0] : NaN;
      f[o++] = p ? p[1] : NaN;
    }
    for (let c = 0; c < 4; c++) f[o++] = v.spread[c] ?? NaN;
  }
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

/** Decodes what `encodeVertebrae` wrote. Throws when the blob length is not a multiple of a vertebra record. */
export function decodeVertebrae(blob: Uint8Array): VertebraWire[] {
  if (blob.byteLength % (PER_VERTEBRA * 4) !== 0) throw new Error(`vertebra blob of ${blob.byteLength} bytes is not a multiple of ${PER_VERTEBRA * 4}`);
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  const f = new Float32Array(copy.buffer);
  const out: VertebraWire[] = [];
  for (let o = 0; o < f.length; o += PER_VERTEBRA) {
    const corners: ([number, number] | null)[] = [];
    const spread: (number | null)[] = [];
    for (let c = 0; c < 4; c++) {
      const x = f[o + 2 + 2 * c]!, y = f[o + 3 + 2 * c]!;
      corners.push(Number.isNaN(x) || Number.isNaN(y) ? null : [x, y]);
      const s = f[o + 10 + c]!;
      spread.push(Number.isNaN(s) ? null : s);
    }
    out.push({ label: LABELS[f[o]!] ?? '?', score: f[o + 1]!, corners, spread });
  }
  return out;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Encodes a measurement's angles as compact JSON (see the file comment). */
export function encodeAngles(angles: Record<string, AngleValue>): string {
  const out: Record<string, [number, number] | string> = {};
  for (const [name, a] of Object.entries(angles)) {
    out[name] = a.value === null ? a.reason : [r3(a.value), r3(a.sd)];
  }
  return JSON.stringify(out);
}

/** A decoded angle: value and SD in degrees, or the reason it is missing. */
export type StoredAngle = { value: number; sd: number } | { value: null; reason: string };

/** Decodes what `encodeAngles` wrote. */
export function decodeAngles(text: string): Record<string, StoredAngle> {
  const raw = JSON.parse(text) as Record<string, [number, number] | string>;
  const out: Record<string, StoredAngle> = {};
  for (const [name, a] of Object.entries(raw)) {
    out[name] = typeof a === 'string' ? { value: null, reason: a } : { value: a[0], sd: a[1] };
  }
  return out;
}
