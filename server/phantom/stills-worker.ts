/**
 * Worker thread of `writeStills`: receives `{ job, indices }` messages,
 * answers `{ index, annotation }` per image or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeStill, type StillsJob } from './stills-job.js';

const job = workerData as StillsJob;
parentPort!.on('message', (msg: { index: number } | null) => {
  if (msg === null) { parentPort!.close(); return; }
  try {
    parentPort!.postMessage({ index: msg.index, annotation: writeStill(job, msg.index) });
  } catch (err) {
    parentPort!.postMessage({ index: msg.index, error: (err as Error).message });
  }
});
