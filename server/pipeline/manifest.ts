/**
 * Reads and validates a model package folder: `manifest.json` against the
 * `sagitta-models/1` format (manifest-types.ts) and each ONNX file against its
 * SHA-256. Every failure is an Error that says exactly what is wrong.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LABELS } from '../spec/labels.js';
import { MODEL_FORMAT, type ModelManifest, type NetworkSpec } from './manifest-types.js';

type Json = Record<string, unknown>;

function isObj(x: unknown): x is Json { return typeof x === 'object' && x !== null && !Array.isArray(x); }

function need<T>(ok: boolean, value: unknown, what: string, where: string): T {
  if (!ok) throw new Error(`${where}: ${what} (got ${JSON.stringify(value) ?? String(value)})`);
  return value as T;
}

const posInt = (x: unknown): boolean => Number.isInteger(x) && (x as number) > 0;
const str = (x: unknown): boolean => typeof x === 'string' && x.length > 0;

function checkNetwork(x: unknown, key: 'stepI' | 'stepII', where: string): void {
  const w = `${where}: ${key}`;
  if (!isObj(x)) throw new Error(`${w} is missing or not an object`);
  need(str(x.file), x.file, '"file" must be a file name', w);
  need(isObj(x.input), x.input, '"input" must be { name, height, width }', w);
  const input = x.input as Json;
  need(str(input.name), input.name, 'input.name must be a tensor name', w);
  need(posInt(input.height) && posInt(input.width), [input.height, input.width], 'input height/width must be positive integers', w);
  need(isObj(x.normalisation), x.normalisation, '"normalisation" must be { mean, std }', w);
  const n = x.normalisation as Json;
  need(Number.isFinite(n.mean) && Number.isFinite(n.std) && (n.std as number) > 0, [n.mean, n.std], 'normalisation mean must be finite and std > 0', w);
  need(isObj(x.outputs) && str((x.outputs as Json).heatmaps), x.outputs, 'outputs.heatmaps must be a tensor name', w);
  if (key === 'stepI') need(str((x.outputs as Json).presence), x.outputs, 'outputs.presence must be a tensor name', w);
  need(isObj(x.heatmap) && posInt((x.heatmap as Json).height) && posInt((x.heatmap as Json).width), x.heatmap, 'heatmap must be { height, width } positive integers', w);
  need(typeof x.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(x.sha256), x.sha256, 'sha256 must be 64 hex digits', w);
  if (x.spreadScale !== undefined) need(Number.isFinite(x.spreadScale) && (x.spreadScale as number) > 0 && (x.spreadScale as number) <= 10, x.spreadScale, 'spreadScale must be a number in (0, 10]', w);
  const mi = x.mirror as Json | undefined;
  if (mi !== undefined) need(isObj(mi) && Number.isFinite(mi.spreadScale) && (mi.spreadScale as number) > 0 && (mi.spreadScale as number) <= 10, mi, 'mirror must be { spreadScale } with spreadScale in (0, 10]', w);
  if (key === 'stepII') {
    const c = x.crop;
    need(isObj(c) && Number.isFinite((c as Json).enlarge) && ((c as Json).enlarge as number) >= 0 && typeof (c as Json).square === 'boolean', c, 'crop must be { enlarge ≥ 0, square: boolean }', w);
  }
}

/** Validates a parsed manifest object; throws naming the first problem. */
export function validateManifest(x: unknown, where = 'manifest.json'): ModelManifest {
  if (!isObj(x)) throw new Error(`${where}: not a JSON object`);
  need(x.format === MODEL_FORMAT, x.format, `format must be "${MODEL_FORMAT}"`, where);
  need(str(x.name), x.name, 'name must be a non-empty string', where);
  need(str(x.version), x.version, 'version must be a non-empty string', where);
  const labels = x.labels;
  need(Array.isArray(labels) && labels.length === LABELS.length && labels.every((l, i) => l === LABELS[i]), labels, `labels must be the 24 labels ${LABELS[0]}…${LABELS[23]} in order`, where);
  checkNetwork(x.stepI, 'stepI', where);
  const pt = (x.stepI as Json).presenceThreshold;
  if (pt !== undefined) need(Number.isFinite(pt) && (pt as number) > 0 && (pt as number) < 1, pt, 'stepI.presenceThreshold must be a number in (0, 1)', where);
  checkNetwork(x.stepII, 'stepII', where);
  need(typeof x.syntheticOnly === 'boolean', x.syntheticOnly, 'syntheticOnly must be true or false', where);
  need(typeof x.trainingData === 'string', x.trainingData, 'trainingData must be a string', where);
  need(typeof x.intendedUse === 'string', x.intendedUse, 'intendedUse must be a string', where);
  return x as unknown as ModelManifest;
}

/** Reads `<dir>/manifest.json` and validates it. */
export async function readManifest(dir: string): Promise<ModelManifest> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch (err) {
    throw new Error(`model package ${dir}: cannot read manifest.json (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return validateManifest(parsed, path);
}

/** Reads one network's ONNX file and checks its SHA-256; returns the bytes. */
export async function readNetworkFile(dir: string, net: NetworkSpec, key: 'stepI' | 'stepII'): Promise<Uint8Array> {
  const path = join(dir, net.file);
  let bytes: Buffer;
  try { bytes = await readFile(path); } catch (err) {
    throw new Error(`model package ${dir}: ${key} file "${net.file}" cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== net.sha256.toLowerCase()) {
    throw new Error(`model package ${dir}: ${key} file "${net.file}" has SHA-256 ${sha}, manifest says ${net.sha256.toLowerCase()} (wrong or corrupted file)`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
