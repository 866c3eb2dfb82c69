// Entry of the preview worker thread (see preview-encoder.ts): registers tsx
// in this thread, then loads the worker's TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('./preview-worker.ts');
