// Entry of the case query worker thread (exports, timelines, comparisons off
// the monitor's thread). Plain JavaScript so that it loads without a
// TypeScript loader: it registers tsx in this thread, then loads the source.
import { register } from 'tsx/esm/api';

register();
await import('./query-worker.ts');
