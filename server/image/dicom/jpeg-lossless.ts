/**
 * Lossless JPEG decoder (ITU T.81 process 14: Huffman, predictors 1–7, point
 * transform, restart intervals) for single-component images of 2–16 bits, as
 * in DICOM transfer syntaxes 1.2.840.10008.1.2.4.57 and .70 (SV1).
 */

interface Huffman { maxcode: Int32Array; valptr: Int32Array; mincode: Int32Array; values: Uint8Array }

function buildHuffman(bits: Uint8Array, values: Uint8Array): Huffman {
  const maxcode = new Int32Array(18).fill(-1), valptr = new Int32Array(17), mincode = new Int32Array(17);
  let code = 0, k = 0;
  for (let l = 1; l <= 16; l++) {
    valptr[l] = k; mincode[l] = code;
    code += bits[l - 1]!; k += bits[l - 1]!;
    maxcode[l] = bits[l - 1] ? code - 1 : -1;
    code <<= 1;
  }
  maxcode[17] = 0x7fffffff;
  return { maxcode, valptr, mincode, values };
}

/** Bit reader over entropy-coded data, removing stuffed zero bytes and stopping at markers. */
class Bits {
  private acc = 0; private n = 0;
  constructor(private readonly d: Uint8Array, public pos: number, private readonly name: string) {}
  bit(): number {
    if (this.n === 0) {
      if (this.pos >= this.d.length) throw new Error(`${this.name}: JPEG lossless data ends early (truncated)`);
      let b = this.d[this.pos++]!;
      if (b === 0xff) {
        const next = this.d[this.pos];
        if (next === 0) this.pos++;
        else { b = 0; this.pos--; } // a marker: feed zeros (well-formed streams stop before)
      }
      this.acc = b; this.n = 8;
    }
    this.n--;
    return (this.acc >> this.n) & 1;
  }
  bitsN(k: number): number { let v = 0; for (let i = 0; i < k; i++) v = (v << 1) | this.bit(); return v; }
  decode(h: Huffman): number {
    let code = this.bit(), l = 1;
    while (code > h.maxcode[l]!) { code = (code << 1) | this.bit(); if (++l > 16) throw new Error(`${this.name}: bad Huffman code in JPEG lossless data`); }
    return h.values[h.valptr[l]! + code - h.mincode[l]!]!;
  }
  /** Skips to after the next RSTn marker. */
  restart(): void {
    this.n = 0;
    while (this.pos + 1 < this.d.length && !(this.d[this.pos] === 0xff && this.d[this.pos + 1]! >= 0xd0 && this.d[this.pos + 1]! <= 0xd7)) this.pos++;
    this.pos += 2;
  }
}

/** Decodes a lossless JPEG stream to samples (Uint16Array when precision > 8, else Uint8Array). */
export function decodeJpegLossless(d: Uint8Array, name: string): { data: Uint8Array | Uint16Array; width: number; height: number; precision: number } {
  if (d[0] !== 0xff || d[1] !== 0xd8) throw new Error(`${name}: JPEG lossless frame does not start with SOI`);
  const tables = new Map<number, Huffman>();
  let width = 0, height = 0, precision = 0, restartInterval = 0, pos = 2;
  const u16 = (p: number): number => (d[p]! << 8) | d[p + 1]!;
  for (;;) {
    if (pos + 4 > d.length) throw new Error(`${name}: JPEG lossless stream ends before its scan`);
    if (d[pos] !== 0xff) throw new Error(`${name}: JPEG marker expected at byte ${pos}`);
    const marker = d[pos + 1]!, len = u16(pos + 2), seg = pos + 4;
    if (marker === 0xc4) {
      let p = seg;
      while (p < pos + 2 + len) {
        const id = d[p]! & 0x0f, bits = d.subarray(p + 1, p + 17);
        const total = bits.reduce((a, b) => a + b, 0);
        tables.set(id, buildHuffman(bits, d.slice(p + 17, p + 17 + total)));
        p += 17 + total;
      }
    } else if (marker === 0xc3) {
      precision = d[seg]!; height = u16(seg + 1); width = u16(seg + 3);
      if (d[seg + 5] !== 1) throw new Error(`${name}: JPEG lossless with ${d[seg + 5]} components (only grayscale is supported)`);
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new Error(`${name}: JPEG process SOF${marker - 0xc0} is not lossless Huffman (SOF3)`);
    } else if (marker === 0xdd) restartInterval = u16(seg);
    else if (marker === 0xda) {
      if (!width || !height) throw new Error(`${name}: JPEG lossless scan before its frame header`);
      const table = tables.get(d[seg + 2]! >> 4);
      if (!table) throw new Error(`${name}: JPEG lossless scan uses an undefined Huffman table`);
      const ns = d[seg]!, predictor = d[seg + 1 + 2 * ns]!, pt = d[seg + 3 + 2 * ns]! & 0x0f;
      const data = decodeScan(new Bits(d, pos + 2 + len, name), table, width, height, precision, predictor, pt, restartInterval);
      return { data: precision > 8 ? data : Uint8Array.from(data), width, height, precision };
    }
    pos += 2 + len;
  }
}

function decodeScan(b: Bits, h: Huffman, W: number, H: number, P: number, sel: number, pt: number, ri: number): Uint16Array {
  const out = new Uint16Array(W * H), mask = (1 << (P - pt)) - 1, init = 1 << (P - pt - 1);
  let sinceRestart = 0, firstRow = 0; // index of the first pixel of the current restart interval
  for (let i = 0; i < W * H; i++) {
    if (ri && sinceRestart === ri) { b.restart(); sinceRestart = 0; firstRow = i; }
    sinceRestart++;
    const s = b.decode(h);
    let diff = 0;
    if (s === 16) diff = 32768;
    else if (s > 0) { diff = b.bitsN(s); if (diff < 1 << (s - 1)) diff -= (1 << s) - 1; }
    const x = i % W, top = i - W < firstRow;
    let pred: number;
    if (i === firstRow) pred = init;
    else if (top) pred = out[i - 1]!;
    else if (x === 0) pred = out[i - W]!;
    else {
      const ra = out[i - 1]!, rb = out[i - W]!, rc = out[i - W - 1]!;
      pred = sel === 1 ? ra : sel === 2 ? rb : sel === 3 ? rc : sel === 4 ? ra + rb - rc : sel === 5 ? ra + ((rb - rc) >> 1) : sel === 6 ? rb + ((ra - rc) >> 1) : (ra + rb) >> 1;
    }
    out[i] = (pred + diff) & mask;
  }
  if (pt) for (let i = 0; i < out.length; i++) out[i] = out[i]! << pt;
  return out;
}
