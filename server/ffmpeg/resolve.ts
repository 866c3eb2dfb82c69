/**
 * Which ffmpeg binary to run: `FFMPEG_PATH`, then `ffmpeg-static` when its
 * binary was installed (optional dependency; its download fails offline),
 * then the binary shipped inside `@ffmpeg-installer/ffmpeg`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface ResolvedFfmpeg {
  readonly path: string;
  readonly source: 'FFMPEG_PATH' | 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg';
}

let cached: ResolvedFfmpeg | undefined;

function tryRequire(name: string): unknown {
  try { return require(name); } catch { return undefined; }
}

/** Resolves the ffmpeg binary once; throws an Error saying what was tried when none is found. */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): ResolvedFfmpeg {
  if (env === process.env && cached) return cached;
  let found: ResolvedFfmpeg | undefined;
  const fromEnv = env.FFMPEG_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FFMPEG_PATH is set to "${fromEnv}", which does not exist`);
    found = { path: fromEnv, source: 'FFMPEG_PATH' };
  }
  if (!found) {
    const stat = tryRequire('ffmpeg-static');
    if (typeof stat === 'string' && existsSync(stat)) found = { path: stat, source: 'ffmpeg-static' };
  }
  if (!found) {
    const inst = tryRequire('@ffmpeg-installer/ffmpeg') as { path?: string } | undefined;
    if (inst?.path && existsSync(inst.path)) found = { path: inst.path, source: '@ffmpeg-installer/ffmpeg' };
  }
  if (!found) throw new Error('no ffmpeg found: set FFMPEG_PATH, or run `npm ci` so that @ffmpeg-installer/ffmpeg is installed');
  if (env === process.env) cached = found;
  return found;
}
