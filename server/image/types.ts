/**
 * Grayscale images as plain typed-array records, row-major, one channel.
 * 8-bit images use Uint8Array (0..255), 16-bit ones Uint16Array (0..65535),
 * renderer/working images Float32Array (0..1).
 */
export interface GrayImage<T extends Uint8Array | Uint16Array | Float32Array = Uint8Array | Uint16Array | Float32Array> {
  readonly data: T;
  readonly width: number;
  readonly height: number;
}

/** An 8-bit frame from a capture, with its capture time. */
export interface GrayFrame extends GrayImage<Uint8Array> {
  /** Milliseconds on the server's monotonic clock (performance.now()) when the frame was read. */
  readonly timestampMs: number;
}

/** Largest dimension accepted anywhere (10 000 × 10 000 images are refused by name). */
export const MAX_IMAGE_SIDE = 8192;
