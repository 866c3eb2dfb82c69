/** Checks that a GrayImage is usable: positive integer size, at most MAX_IMAGE_SIDE, data length matching. */
import { MAX_IMAGE_SIDE, type GrayImage } from './types.js';

/** Throws an Error naming the problem (empty, too large, inconsistent data) for image `name`; `checkData` false checks the size only. */
export function checkImage(img: GrayImage, name = 'image', checkData = true): void {
  const { width, height } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${name}: empty image (${width}×${height})`);
  }
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
    throw new Error(`${name}: ${width}×${height} is too large (at most ${MAX_IMAGE_SIDE} pixels a side)`);
  }
  if (checkData && (!img.data || img.data.length !== width * height)) {
    throw new Error(`${name}: pixel data has ${img.data?.length ?? 0} values, expected ${width}×${height} = ${width * height}`);
  }
}
