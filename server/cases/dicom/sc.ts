/** Secondary Capture Image objects for snapshots: the masked frame with its overlay, RGB, 8 bits. */
import { PNG } from 'pngjs';
import { commonElements, type StudyContext } from './common.js';
import { UID } from './uid.js';
import { dicomDateTime, dicomFile, tag, type Element } from './writer.js';

/** Decodes our snapshot PNG to packed RGB. */
export function pngToRgb(png: Buffer): { rgb: Uint8Array; width: number; height: number } {
  const img = PNG.sync.read(png);
  const rgb = new Uint8Array(img.width * img.height * 3);
  for (let i = 0, o = 0; i < img.width * img.height; i++, o += 3) { rgb[o] = img.data[4 * i]!; rgb[o + 1] = img.data[4 * i + 1]!; rgb[o + 2] = img.data[4 * i + 2]!; }
  return { rgb, width: img.width, height: img.height };
}

export function secondaryCapture(ctx: StudyContext, series: { uid: string; number: number }, instance: { uid: string; number: number; timeMs: number; comment: string }, png: Buffer): Buffer {
  const { rgb, width, height } = pngToRgb(png);
  const cap = dicomDateTime(instance.timeMs);
  const ds: Element[] = [
    ...commonElements(ctx, { classUid: UID.secondaryCapture, instanceUid: instance.uid }, { ...series, modality: 'OT', description: 'Sagitta snapshots with overlay' }, instance.timeMs),
    { tag: tag(0x0008, 0x0064), vr: 'CS', value: 'WSD' },
    { tag: tag(0x0018, 0x1012), vr: 'DA', value: cap.date },
    { tag: tag(0x0018, 0x1014), vr: 'TM', value: cap.time },
    { tag: tag(0x0020, 0x0013), vr: 'IS', value: String(instance.number) },
    { tag: tag(0x0020, 0x0020), vr: 'CS', value: '' },
    { tag: tag(0x0020, 0x0060), vr: 'CS', value: '' },
    { tag: tag(0x0020, 0x4000), vr: 'LT', value: instance.comment.slice(0, 10240) },
    { tag: tag(0x0028, 0x0002), vr: 'US', value: 3 },
    { tag: tag(0x0028, 0x0004), vr: 'CS', value: 'RGB' },
    { tag: tag(0x0028, 0x0006), vr: 'US', value: 0 },
    { tag: tag(0x0028, 0x0010), vr: 'US', value: height },
    { tag: tag(0x0028, 0x0011), vr: 'US', value: width },
    { tag: tag(0x0028, 0x0100), vr: 'US', value: 8 },
    { tag: tag(0x0028, 0x0101), vr: 'US', value: 8 },
    { tag: tag(0x0028, 0x0102), vr: 'US', value: 7 },
    { tag: tag(0x0028, 0x0103), vr: 'US', value: 0 },
    { tag: tag(0x0028, 0x0301), vr: 'CS', value: 'NO' },
    { tag: tag(0x0028, 0x2110), vr: 'CS', value: '00' },
    { tag: tag(0x7fe0, 0x0010), vr: 'OB', value: rgb },
  ];
  return dicomFile(UID.secondaryCapture, instance.uid, ds);
}
