/** Hand-made protocol messages for the dashboard's component tests. */
import { encodePng } from '../../server/image/png.js';
import type {
  AngleValue, MeasurementMessage, PreviewMessage, StatusMessage, Target, TargetsMessage, VertebraWire,
} from '../../server/protocol/messages.js';

export function status(over: Partial<StatusMessage> = {}): StatusMessage {
  return {
    type: 'status', v: 1, source: 'phantom', sourceState: 'live', fps: 15, latencyMs: 42, executionProvider: 'cpu',
    model: { name: 'default', version: '1.0.0', syntheticOnly: true }, recording: { active: false }, ...over,
  };
}

export function targets(list: Target[]): TargetsMessage {
  return { type: 'targets', v: 1, targets: list };
}

/** Five lumbar vertebrae and S1 stacked down a 512×512 frame. */
export function vertebrae(score = 0.97): VertebraWire[] {
  const labels = ['L1', 'L2', 'L3', 'L4', 'L5', 'S1'];
  return labels.map((label, i) => {
    const y = 40 + i * 75, x = 200 + i * 6;
    const corners: ([number, number] | null)[] = label === 'S1'
      ? [[x + 90, y], [x, y + 10], null, null]
      : [[x + 90, y], [x, y + 4], [x + 2, y + 52], [x + 92, y + 48]];
    return { label, corners, score: i === 4 ? 0.7 : score, spread: [1, 1, 1, 1] };
  });
}

export function measurement(frame: number, angles: Record<string, AngleValue>, over: Partial<MeasurementMessage> = {}): MeasurementMessage {
  return {
    type: 'measurement', v: 1, frame, timeMs: Date.now(), shot: 1, width: 512, height: 512,
    vertebrae: vertebrae(), angles, timings: { stepI: 10, stepII: 8 }, ...over,
  };
}

/** A 256×256 grey gradient PNG preview (scale 0.5 of the 512×512 frame). */
export function preview(frame: number, held = false): PreviewMessage {
  const w = 256, h = 256, data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = 40 + ((x + y) >> 2);
  const png = encodePng({ width: w, height: h, data });
  return { type: 'preview', v: 1, frame, image: `data:image/png;base64,${png.toString('base64')}`, scale: 0.5, held };
}
