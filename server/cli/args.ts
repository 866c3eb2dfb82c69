/**
 * Option parsing shared by every command: node's `util.parseArgs` in strict
 * mode, with its errors turned into `CliError`s that name the option.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Parses `argv` against `options`; unknown options and missing values are `CliError`s. */
export function parseCommandArgs(argv: string[], options: Options, allowPositionals = false): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw new CliError((err as Error).message.replace(/\. To specify.*$/s, ''));
  }
}

/** Reads an integer option; throws a `CliError` naming the option when it is not an integer in [min, max]. */
export function intOption(value: unknown, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^-?\d+$/.test(value.trim()) || n < min || n > max) {
    const range = Number.isFinite(min) && Number.isFinite(max) ? ` from ${min} to ${max}` : Number.isFinite(min) ? ` of at least ${min}` : '';
    throw new CliError(`--${name} must be an integer${range}, got "${String(value)}"`);
  }
  return n;
}

/** Reads a number option; throws a `CliError` naming the option when it is not a finite number in [min, max]. */
export function numberOption(value: unknown, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new CliError(`--${name} must be a number${Number.isFinite(min) ? ` from ${min}` : ''}${Number.isFinite(max) ? ` to ${max}` : ''}, got "${String(value)}"`);
  }
  return n;
}

/** Parses `WxH` (e.g. `1024x768`); throws a `CliError` naming the option otherwise. */
export function sizeOption(value: unknown, name: string, fallback: { width: number; height: number }, min = 1, max = 65535): { width: number; height: number } {
  if (value === undefined) return fallback;
  const m = typeof value === 'string' ? /^(\d+)[x×](\d+)$/.exec(value.trim()) : null;
  const width = m ? Number(m[1]) : NaN;
  const height = m ? Number(m[2]) : NaN;
  if (!m || width < min || height < min || width > max || height > max) {
    throw new CliError(`--${name} must be WIDTHxHEIGHT with each side from ${min} to ${max}, got "${String(value)}"`);
  }
  return { width, height };
}
