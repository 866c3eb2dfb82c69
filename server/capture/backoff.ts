/** Restart delays of a source that died: 250 ms doubling up to `maxMs`. */
export function backoffMs(attempt: number, baseMs = 250, maxMs = 5000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}
