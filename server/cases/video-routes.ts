/**
 * Serves recorded shot videos: the MP4 itself (with byte ranges, for a
 * <video> element), its HLS playlist and MPEG-TS segments, and its frame-time
 * index (`/videos/:n/index.json`: wall-clock time of every frame, keyframes).
 */
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, sendBytes, sendJson } from './http.js';
import { hlsPlaylist, hlsSegment } from './hls.js';
import type { VideoRecord } from './store.js';

/** Handles `rest` = `N.mp4`, `N/index.m3u8`, `N/I.ts`, `N/index.json` for the case's videos. */
export function serveVideo(req: IncomingMessage, res: ServerResponse, dataDir: string, videos: VideoRecord[], rest: string): boolean {
  const m = /^(\d+)(\.mp4|\/index\.m3u8|\/index\.json|\/(\d+)\.ts)$/.exec(rest);
  if (!m) throw new HttpError(404, `no such video route: ${rest}`);
  const v = videos.find((x) => x.id === Number(m[1]));
  if (!v) throw new HttpError(404, `no video ${m[1]} in this case`);
  if (m[2] === '/index.json') { sendJson(res, 200, v); return true; }
  if (v.endMs === null) throw new HttpError(409, `video ${v.id} is still being recorded`);
  if (v.keyframes === null) throw new HttpError(410, `video ${v.id} was not finalised (recording interrupted); the timeline and snapshots of that shot remain`);
  const file = join(dataDir, v.file);
  if (m[2] === '/index.m3u8') { sendBytes(res, 'application/vnd.apple.mpegurl', hlsPlaylist(file, '')); return true; }
  if (m[3] !== undefined) { sendBytes(res, 'video/mp2t', hlsSegment(file, Number(m[3]))); return true; }
  const size = statSync(file).size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : size - Number(range[2]);
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) { res.writeHead(416, { 'content-range': `bytes */${size}` }); res.end(); return true; }
    res.writeHead(206, { 'content-type': 'video/mp4', 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1 });
    createReadStream(file, { start, end }).pipe(res);
    return true;
  }
  res.writeHead(200, { 'content-type': 'video/mp4', 'accept-ranges': 'bytes', 'content-length': size });
  createReadStream(file).pipe(res);
  return true;
}
