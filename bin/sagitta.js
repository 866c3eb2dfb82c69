#!/usr/bin/env node
// Entry point of the `sagitta` command. The sources are TypeScript; tsx
// compiles them on the fly so that `npx sagitta …` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
