/** DICOM UIDs under the UUID-derived root `2.25.<uuid as a decimal integer>` (PS3.5 B.2): no registered root needed. */
import { randomUUID } from 'node:crypto';

/** A new UID, e.g. `2.25.329800735698586629295641978511506172918` (at most 44 characters). */
export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replaceAll('-', '')}`).toString()}`;
}

/** Our implementation class UID (fixed, derived from a fixed UUID). */
export const IMPLEMENTATION_CLASS_UID = `2.25.${BigInt('0x5a6c1e2b9f4d4e3a8a1b7c0d2e3f4a5b').toString()}`;
export const IMPLEMENTATION_VERSION = 'SAGITTA_0_1';

export const UID = {
  explicitLittle: '1.2.840.10008.1.2.1',
  secondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  comprehensiveSR: '1.2.840.10008.5.1.4.1.1.88.33',
} as const;
