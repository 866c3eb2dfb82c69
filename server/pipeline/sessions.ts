/**
 * ONNX Runtime sessions for the two networks of a package: execution provider
 * chosen once (cuda, webgpu, cpu in that order when available, with a clean
 * fallback and a note saying why), and every session's inputs and outputs
 * checked against the manifest at load. The only file that creates sessions.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import type { NetworkSpec } from './manifest-types.js';

export type Provider = 'cuda' | 'webgpu' | 'cpu';
export type ProviderChoice = 'auto' | Provider;

export interface SessionOptions {
  readonly provider: ProviderChoice;
  /** ORT intra-op threads; 0 lets ORT decide. */
  readonly threads: number;
  /**
   * Whether ORT's intra-op threads spin-wait for work between operators
   * (ORT's default, true). Spinning shaves a little latency off a lone
   * process but burns the cores it waits on: off where inference shares a
   * small machine with ffmpeg and a server (the live monitor).
   */
  readonly spinning?: boolean;
}

/** Backends this onnxruntime-node build can use: bundled ones plus any listed as installed. */
function available(): Map<string, boolean> {
  const list = (ort as unknown as { listSupportedBackends?: () => { name: string; bundled: boolean }[] }).listSupportedBackends?.() ?? [{ name: 'cpu', bundled: true }];
  return new Map(list.map((b) => [b.name, b.bundled]));
}

/** Whether this machine shows a GPU device node (Linux); without one, trying webgpu only prints driver noise. */
function hasGpuNode(): boolean {
  if (process.platform !== 'linux') return true;
  if (existsSync('/dev/nvidia0')) return true;
  try { return readdirSync('/dev/dri').some((f) => f.startsWith('renderD')); } catch { return false; }
}

/** The informative tail of an ORT error (its messages start with a long source location). */
function shortReason(msg: string): string {
  const line = msg.split('\n')[0] ?? msg;
  const m = /(Failed to [^.]*(?:\.[^.]*)?)$/.exec(line);
  return (m ? m[1]! : line).slice(-160);
}

/**
 * Creates an InferenceSession on the first provider that works. `auto` tries
 * cuda, webgpu, cpu; an explicit choice tries only it, then cpu.
 */
export async function createSession(bytes: Uint8Array, opts: SessionOptions): Promise<{ session: ort.InferenceSession; provider: Provider; note: string }> {
  const order: Provider[] = opts.provider === 'auto' ? ['cuda', 'webgpu', 'cpu'] : opts.provider === 'cpu' ? ['cpu'] : [opts.provider, 'cpu'];
  const backends = available();
  const notes: string[] = [];
  for (const p of order) {
    if (p !== 'cpu' && backends.get(p) !== true) { notes.push(`${p} unavailable (not bundled with onnxruntime-node ${ort.env.versions.common})`); continue; }
    if (p === 'webgpu' && opts.provider === 'auto' && !hasGpuNode()) { notes.push('webgpu skipped (no GPU device on this machine)'); continue; }
    try {
      const session = await ort.InferenceSession.create(bytes, {
        executionProviders: [p],
        graphOptimizationLevel: 'all',
        ...(opts.threads > 0 ? { intraOpNumThreads: opts.threads } : {}),
        ...(opts.spinning === false ? { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } } : {}),
      });
      const note = notes.length ? `${notes.join('; ')}; using ${p}` : `using ${p}`;
      return { session, provider: p, note };
    } catch (err) {
      if (p === 'cpu') throw new Error(`ONNX Runtime could not load the model on cpu: ${(err as Error).message}`);
      notes.push(`${p} failed (${shortReason((err as Error).message)})`);
    }
  }
  throw new Error(`no execution provider could be used: ${notes.join('; ')}`);
}

function shapeOf(s: ort.InferenceSession, name: string, kind: 'input' | 'output'): readonly (number | string)[] | null {
  const list = kind === 'input' ? s.inputMetadata : s.outputMetadata;
  const m = list.find((x) => x.name === name);
  return m && m.isTensor ? m.shape : null;
}

/** Checks a session's input and output names and static shapes against the manifest; throws naming the mismatch. */
export function checkSessionIo(s: ort.InferenceSession, net: NetworkSpec, key: 'stepI' | 'stepII'): void {
  const w = `${key} model "${net.file}"`;
  if (s.inputNames.length !== 1 || s.inputNames[0] !== net.input.name) {
    throw new Error(`${w} has inputs [${s.inputNames.join(', ')}], manifest expects exactly one input "${net.input.name}"`);
  }
  const expectIn = ['N', 1, net.input.height, net.input.width];
  const shape = shapeOf(s, net.input.name, 'input');
  if (shape && shape.length > 0) {
    const bad = shape.length !== 4 || shape.slice(1).some((d, i) => typeof d === 'number' && d !== expectIn[i + 1]) || (typeof shape[0] === 'number' && shape[0] !== -1);
    if (bad) throw new Error(`${w} input "${net.input.name}" has shape [${shape.join(', ')}], manifest expects [N, 1, ${net.input.height}, ${net.input.width}] with a dynamic batch N`);
  }
  const wanted = key === 'stepI' ? [net.outputs.presence!, net.outputs.heatmaps] : [net.outputs.heatmaps];
  for (const name of wanted) {
    if (!s.outputNames.includes(name)) throw new Error(`${w} has outputs [${s.outputNames.join(', ')}], manifest expects "${name}" (is this a model for another task?)`);
  }
}

/** Checks the dims of an output tensor after a run; throws naming the mismatch. */
export function checkDims(t: ort.Tensor, expected: readonly number[], what: string): void {
  if (t.type !== 'float32') throw new Error(`${what} is ${t.type}, expected float32`);
  if (t.dims.length !== expected.length || t.dims.some((d, i) => d !== expected[i])) {
    throw new Error(`${what} has shape [${t.dims.join(', ')}], expected [${expected.join(', ')}] (manifest and model disagree)`);
  }
}
