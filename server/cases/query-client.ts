/**
 * The routes' side of the query worker: starts it at the first call, matches
 * replies to calls, turns worker errors into HttpErrors (404 for an unknown
 * case, 500 otherwise).
 */
import { Worker } from 'node:worker_threads';
import { HttpError } from './http.js';
import type { ExportFile } from './export/index.js';
import type { QueryCall, QueryReply } from './query-protocol.js';

interface Pending { resolve(r: QueryReply): void; reject(e: Error): void }

export class QueryClient {
  #worker: Worker | undefined;
  #next = 0;
  readonly #pending = new Map<number, Pending>();

  #start(): Worker {
    const w = new Worker(new URL('./query-entry.mjs', import.meta.url));
    w.unref();
    w.on('message', (r: QueryReply) => { const p = this.#pending.get(r.id); if (p) { this.#pending.delete(r.id); p.resolve(r); } });
    const fail = (err: Error): void => {
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
      this.#worker = undefined;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`case query worker exited with code ${code}`)));
    return w;
  }

  async #call(q: QueryCall): Promise<QueryReply> {
    const w = (this.#worker ??= this.#start());
    const id = ++this.#next;
    const reply = await new Promise<QueryReply>((resolve, reject) => { this.#pending.set(id, { resolve, reject }); w.postMessage({ ...q, id }); });
    if ('error' in reply) throw new HttpError(reply.status, reply.error);
    return reply;
  }

  /** A timeline or comparison result. */
  async result<T>(q: QueryCall): Promise<T> {
    const r = await this.#call(q);
    if (!('result' in r)) throw new Error('case query worker: unexpected reply');
    return r.result as T;
  }

  /** The files of an export (Buffers again). */
  async files(q: QueryCall): Promise<ExportFile[]> {
    const r = await this.#call(q);
    if (!('files' in r)) throw new Error('case query worker: unexpected reply');
    return r.files.map((f) => ({ name: f.name, data: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength) }));
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) await w.terminate();
  }
}
