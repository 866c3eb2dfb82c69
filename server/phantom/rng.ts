/**
 * Seeded pseudo-random numbers (no Math.random anywhere in the phantom):
 * sfc32 seeded through splitmix32, so that the same seed gives the same
 * images byte for byte on every machine.
 */

/** A deterministic random source; every method advances the same stream. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  u32(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer uniform in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Normal with mean `mu` and SD `sd` (Box–Muller). */
  normal(mu?: number, sd?: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A child stream, independent of later draws from this one. */
  fork(tag: number): Rng;
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Mixes any number of integers into one 32-bit seed. */
export function hashSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const v = Math.floor(p) | 0;
    const lo = Math.floor(p / 4294967296) | 0;
    h = Math.imul(h ^ v, 0x01000193);
    h = Math.imul(h ^ lo, 0x01000193);
    h ^= h >>> 15;
  }
  return splitmix32(h)();
}

/** Creates the random stream of `seed` (any finite number). */
export function createRng(seed: number): Rng {
  const sm = splitmix32(hashSeed(seed));
  let a = sm(), b = sm(), c = sm(), d = sm();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const next = (): number => u32() / 4294967296;
  let spare: number | null = null;
  const rng: Rng = {
    next,
    u32,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: (mu = 0, sd = 1) => {
      if (spare !== null) { const s = spare; spare = null; return mu + sd * s; }
      const u = 1 - next(), v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mu + sd * r * Math.cos(2 * Math.PI * v);
    },
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    fork: (tag) => createRng(hashSeed(u32(), tag)),
  };
  return rng;
}
