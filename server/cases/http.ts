/** Small HTTP helpers for the case routes: JSON replies, bounded bodies, errors with a status. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error with the HTTP status to answer; the message is shown to the user. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); this.name = 'HttpError'; }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendBytes(res: ServerResponse, type: string, body: Buffer | string, filename?: string): void {
  const headers: Record<string, string | number> = { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) };
  if (filename) headers['content-disposition'] = `attachment; filename="${filename}"`;
  res.writeHead(200, headers);
  res.end(body);
}

/** Reads the request body, refusing more than `limit` bytes with 413. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `request body over ${Math.round(limit / 1048576)} MB`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads and parses a JSON body (at most 1 MB). */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const buf = await readBody(req, 1 << 20);
  try { return JSON.parse(buf.toString('utf8')); } catch (err) { throw new HttpError(400, `body is not valid JSON (${(err as Error).message})`); }
}

/** Answers an error as `{error}` JSON (HttpError status, else 500). */
export function sendError(res: ServerResponse, err: unknown): void {
  const status = err instanceof HttpError ? err.status : 500;
  if (!res.headersSent) sendJson(res, status, { error: (err as Error).message ?? String(err) });
  else res.destroy();
}
