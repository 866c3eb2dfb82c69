/**
 * `sagitta <command> [options]`: dispatches to `server/cli/commands/<command>.ts`.
 *
 * Each command module exports `summary` (one line for the help) and
 * `run(argv): Promise<number>` (the process exit code). Adding a command is
 * adding a file; nothing here changes.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CliError } from './errors.js';

export interface CommandModule {
  /** One line shown by `sagitta help`. */
  readonly summary: string;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

const commandsDir = fileURLToPath(new URL('./commands/', import.meta.url));

async function listCommands(): Promise<string[]> {
  const files = await readdir(commandsDir);
  return files.filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();
}

async function loadCommand(name: string): Promise<CommandModule | undefined> {
  if (!/^[a-z][a-z-]*$/.test(name)) return undefined;
  const names = await listCommands();
  if (!names.includes(name)) return undefined;
  return (await import(`./commands/${name}.ts`)) as CommandModule;
}

async function printHelp(): Promise<void> {
  const lines = ['Usage: sagitta <command> [options]', '', 'Commands:'];
  for (const name of await listCommands()) {
    const mod = await loadCommand(name);
    lines.push(`  ${name.padEnd(12)} ${mod?.summary ?? ''}`);
  }
  lines.push('', 'Run `sagitta <command> --help` for the options of one command.');
  process.stdout.write(lines.join('\n') + '\n');
}

/** Runs the CLI; resolves to the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    await printHelp();
    return name === undefined ? 2 : 0;
  }
  const command = await loadCommand(name);
  if (!command) {
    process.stderr.write(`sagitta: unknown command "${name}". Run \`sagitta help\` for the list.\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`sagitta ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    process.stderr.write(`sagitta ${name}: ${e.message ?? String(err)}\n`);
    if (process.env.SAGITTA_DEBUG) process.stderr.write(`${e.stack ?? ''}\n`);
    return 1;
  }
}
