/**
 * Builds the dashboard with Vite when `ui/dist` is missing or older than its
 * sources. The monitor calls `ensureUiBuilt()` before serving the folder.
 *
 * Usage:
 *   const dist = await ensureUiBuilt(); // absolute path of ui/dist
 *
 * The build goes to a temporary folder that replaces `ui/dist` in one rename,
 * under a lock folder (`ui/.build-lock`), so that several processes (tests,
 * the monitor) starting at once never serve a half-written folder.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const uiDir = fileURLToPath(new URL('.', import.meta.url));
const distDir = join(uiDir, 'dist');
const lockDir = join(uiDir, '.build-lock');
/** Every source file the last build bundled (written by the build), so server modules the UI imports count too. */
const MANIFEST = 'build-sources.json';
/** Files and folders whose changes always trigger a rebuild. */
const sources = [
  join(uiDir, 'src'),
  join(uiDir, 'index.html'),
  join(uiDir, 'bench.html'),
  join(uiDir, 'vite.config.ts'),
  join(uiDir, '..', 'server', 'protocol'),
  join(uiDir, '..', 'server', 'spec', 'labels.ts'),
];
/** A lock older than this (ms) is left over from a killed build and is taken over. */
const STALE_LOCK_MS = 180_000;

/** Newest modification time (ms) under `path`, 0 when it does not exist. */
async function newestMtime(path: string): Promise<number> {
  const s = await stat(path).catch(() => null);
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** True when ui/dist/index.html exists and is newer than every source. */
export async function isUiBuildFresh(): Promise<boolean> {
  const built = await stat(join(distDir, 'index.html')).catch(() => null);
  if (!built) return false;
  const bundled = await readFile(join(distDir, MANIFEST), 'utf8').then((t) => JSON.parse(t) as string[], () => [] as string[]);
  let newest = 0;
  for (const s of [...sources, ...bundled]) newest = Math.max(newest, await newestMtime(s));
  return built.mtimeMs >= newest;
}

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      await mkdir(lockDir);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const s = await stat(lockDir).catch(() => null);
      if (s && Date.now() - s.mtimeMs > STALE_LOCK_MS) await rm(lockDir, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function buildInto(outDir: string): Promise<void> {
  const { build } = await import('vite');
  const { uiViteConfig } = await import('./vite.config.js');
  const result = await build({ ...uiViteConfig, configFile: false, build: { ...uiViteConfig.build, outDir, emptyOutDir: true } });
  const outputs = (Array.isArray(result) ? result : [result]) as { output?: { moduleIds?: string[] }[] }[];
  const files = new Set<string>();
  for (const o of outputs) for (const chunk of o.output ?? []) {
    for (const id of chunk.moduleIds ?? []) if (id.startsWith('/') && !id.includes('/node_modules/')) files.add(id.split('?')[0]!);
  }
  await writeFile(join(outDir, MANIFEST), JSON.stringify([...files].sort(), null, 1));
}

async function buildAtomically(): Promise<void> {
  const tmp = join(uiDir, `.dist-${process.pid}-${Date.now()}`);
  const old = `${tmp}-old`;
  try {
    await buildInto(tmp);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw new Error(`dashboard build failed (vite, root ${uiDir}): ${(err as Error).message}`, { cause: err });
  }
  const hadDist = await stat(distDir).then(() => true, () => false);
  if (hadDist) await rename(distDir, old);
  await rename(tmp, distDir);
  if (hadDist) await rm(old, { recursive: true, force: true });
}

let pending: Promise<string> | null = null;

/**
 * Resolves to the absolute path of `ui/dist`, building it first when it is
 * missing or stale. Concurrent calls in one process share one build.
 */
export function ensureUiBuilt(): Promise<string> {
  pending ??= (async () => {
    try {
      if (await isUiBuildFresh()) return distDir;
      await acquireLock();
      try {
        if (!(await isUiBuildFresh())) await buildAtomically();
      } finally {
        await rm(lockDir, { recursive: true, force: true });
      }
      return distDir;
    } finally {
      pending = null;
    }
  })();
  return pending;
}
