/**
 * Reusable scratch buffers for the renderer (one set per thread): avoids
 * allocating several full-size Float32Arrays per image. A buffer is only
 * valid until the next `scratch` call with the same name.
 */
const buffers = new Map<string, Float32Array>();

/** A Float32Array of `n` elements for `name`, zero-filled when `zero`. */
export function scratch(name: string, n: number, zero = true): Float32Array {
  let b = buffers.get(name);
  if (!b || b.length !== n) { b = new Float32Array(n); buffers.set(name, b); return b; }
  if (zero) b.fill(0);
  return b;
}
