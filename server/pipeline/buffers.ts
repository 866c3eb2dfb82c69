/**
 * Preallocated network input buffers, one per batch size, reused across runs
 * (a frame never allocates its input tensor). Holds at most `limit` sizes.
 */
export class InputBuffers {
  private readonly bySize = new Map<number, Float32Array>();
  /** @param plane floats per batch item (H·W). */
  constructor(private readonly plane: number, private readonly limit = 64) {}

  /** The buffer for a batch of n items (n·plane floats); contents are stale. */
  get(n: number): Float32Array {
    let b = this.bySize.get(n);
    if (!b) {
      if (this.bySize.size >= this.limit) this.bySize.delete(this.bySize.keys().next().value!);
      b = new Float32Array(n * this.plane);
      this.bySize.set(n, b);
    }
    return b;
  }
}
