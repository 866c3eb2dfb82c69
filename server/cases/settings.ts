/**
 * Optional per-folder settings, `<dataDir>/cases-settings.json`, for what the
 * monitor's command line does not expose:
 * `{"mask": {...}, "retentionDays": 90, "synchronous": "FULL", "video": false}`.
 * Options given in code win over the file. A malformed file is refused with
 * an Error naming the field (recording does not start on a guess).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateMask, type MaskConfig } from './mask.js';
import type { SyncLevel } from './db.js';

export const SETTINGS_FILE = 'cases-settings.json';

export interface FolderSettings { mask?: MaskConfig; retentionDays?: number; synchronous?: SyncLevel; video?: boolean }

export function readFolderSettings(dataDir: string): FolderSettings {
  const file = join(dataDir, SETTINGS_FILE);
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return {}; }
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (err) { throw new Error(`${file}: not valid JSON (${(err as Error).message})`); }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file}: must hold a JSON object`);
  const o = raw as Record<string, unknown>;
  const out: FolderSettings = {};
  for (const k of Object.keys(o)) if (!['mask', 'retentionDays', 'synchronous', 'video'].includes(k)) throw new Error(`${file}: unknown field "${k}" (allowed: mask, retentionDays, synchronous, video)`);
  if (o.mask !== undefined) { try { out.mask = validateMask(o.mask); } catch (err) { throw new Error(`${file}: ${(err as Error).message}`); } }
  if (o.retentionDays !== undefined) {
    if (typeof o.retentionDays !== 'number' || !(o.retentionDays >= 1)) throw new Error(`${file}: retentionDays must be a number of days ≥ 1, got ${JSON.stringify(o.retentionDays)}`);
    out.retentionDays = o.retentionDays;
  }
  if (o.synchronous !== undefined) {
    if (o.synchronous !== 'NORMAL' && o.synchronous !== 'FULL') throw new Error(`${file}: synchronous must be "NORMAL" or "FULL", got ${JSON.stringify(o.synchronous)}`);
    out.synchronous = o.synchronous;
  }
  if (o.video !== undefined) {
    if (typeof o.video !== 'boolean') throw new Error(`${file}: video must be true or false`);
    out.video = o.video;
  }
  return out;
}
