/** The preview worker thread: encodes one preview per request (see preview-encoder.ts). */
import { parentPort } from 'node:worker_threads';
import { encodePreview } from './preview.js';
import type { PreviewReply, PreviewRequest } from './preview-encoder.js';

const port = parentPort;
if (!port) throw new Error('preview-worker.ts must run in a worker thread');
port.on('message', (r: PreviewRequest) => {
  const p = encodePreview({ data: new Uint8Array(r.data), width: r.width, height: r.height }, r.maxWidth);
  const reply: PreviewReply = { id: r.id, ...p };
  port.postMessage(reply);
});
