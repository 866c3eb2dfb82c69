// Entry of the snapshot worker thread. Plain JavaScript so that it loads
// without a TypeScript loader: it registers tsx in this thread, then loads
// the worker's TypeScript source.
import { register } from 'tsx/esm/api';

register();
await import('./snapshot-worker.ts');
