/**
 * Worker thread of `writeStills`: receives `{ index }` messages, answers
 * `{ index, annotation }` per image or `{ index, error }`. The pool
 * terminates it when the dataset is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeStill, type StillsJob } from './stills-job.js';

const job = workerData as StillsJob;
parentPort!.on('message', (msg: { index: number }) => {
  try {
    parentPort!.postMessage({ index: msg.index, annotation: writeStill(job, msg.index) });
  } catch (err) {
    parentPort!.postMessage({ index: msg.index, error: (err as Error).message });
  }
});
