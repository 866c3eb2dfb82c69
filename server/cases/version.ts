/** The software version printed in every report (package.json `version`). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function softwareVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    cached = `${pkg.name ?? 'sagitta'} ${pkg.version ?? '0.0.0'}`;
  } catch {
    cached = 'sagitta (unknown version)';
  }
  return cached;
}
