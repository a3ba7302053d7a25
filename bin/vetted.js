#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a checkout works right after npm install.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli.ts');
await runCli(process.argv);
