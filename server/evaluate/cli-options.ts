/** Options shared by `sagitta measure` and `sagitta evaluate`: model folder, provider, threads, batch. */
import { existsSync } from 'node:fs';
import { CliError } from '../cli/errors.js';
import { intOption } from '../cli/args.js';
import type { ProviderChoice } from '../pipeline/sessions.js';

/** The model package used when --models is not given. */
export const DEFAULT_MODELS = 'models/default';

export const MODEL_OPTIONS = {
  models: { type: 'string' }, provider: { type: 'string' }, threads: { type: 'string' }, batch: { type: 'string' },
} as const;

export const MODEL_HELP = `  --models DIR      model package (default ${DEFAULT_MODELS})
  --provider P      auto (default: cuda, webgpu, cpu in that order), cuda, webgpu or cpu
  --threads N       ONNX Runtime intra-op threads (default: ORT decides)
  --batch N         images per pipeline run (default 4)
`;

export interface ModelSettings { modelsDir: string; provider: ProviderChoice; threads: number; batch: number }

/** Reads the shared options; a missing package or bad value is a CliError. */
export function modelSettings(values: Record<string, unknown>): ModelSettings {
  const modelsDir = typeof values.models === 'string' && values.models ? values.models : DEFAULT_MODELS;
  if (!existsSync(modelsDir)) {
    throw new CliError(`no model package at ${modelsDir}${values.models ? '' : ' (train one with `sagitta train`, or pass --models DIR)'}`, 1);
  }
  const provider = (values.provider ?? 'auto') as string;
  if (!['auto', 'cuda', 'webgpu', 'cpu'].includes(provider)) throw new CliError(`--provider must be auto, cuda, webgpu or cpu, got "${provider}"`);
  return { modelsDir, provider: provider as ProviderChoice, threads: intOption(values.threads, 'threads', 0, 0, 256), batch: intOption(values.batch, 'batch', 4, 1, 256) };
}
