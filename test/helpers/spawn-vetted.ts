// Runs the real `vetted` executable as a child process, as a sysadmin would.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

export const vettedBin = path.resolve(import.meta.dirname, '../../bin/vetted.js');

/**
 * A new data folder holding an empty, migrated embedded database, copied from the run's
 * (pglite-template.setup.ts): a spawned `vetted` opens it in under a second instead of spending
 * about 6 s initialising PostgreSQL in it. Tests of a first start on an empty folder use mkdtemp instead.
 */
export async function migratedDataDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await cp(inject('pgliteDataDir'), dir, { recursive: true });
  return dir;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `vetted args…` to completion. */
export function runVetted(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vettedBin, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vetted ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningService {
  child: ChildProcess;
  baseUrl: string;
  /** Milliseconds from spawn until /api/v1/health answered 200. */
  readyMs: number;
  output(): string;
  /** SIGTERM and wait for exit; resolves to the exit code (null when it had to be killed after 30 s). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `vetted serve` and waits until its health endpoint answers. The wait is generous: start-up
 * is measured and printed by the tests, not judged by this deadline, and a shared machine running
 * the whole suite (PGlite's WebAssembly, Chromium) has been seen to take over 20 s.
 */
export async function startService(env: NodeJS.ProcessEnv, timeoutMs = 45_000): Promise<RunningService> {
  const started = await tryStartService(env, timeoutMs);
  if ('service' in started) return started.service;
  throw new Error(`vetted serve exited with ${started.exit.code}:\n${started.exit.stderr}${started.exit.stdout}`);
}

/** As startService, but a process that exits before it is healthy is an answer, not a failure. */
export async function tryStartService(env: NodeJS.ProcessEnv, timeoutMs = 45_000): Promise<{ service: RunningService } | { exit: CommandResult }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [vettedBin, 'serve'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, WATCH_SCHEDULE: 'off', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) return { exit: { code: await exited, stdout, stderr } };
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`vetted serve did not become healthy within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const readyMs = performance.now() - started;
  return {
    service: {
      child, baseUrl, readyMs,
      output: () => output,
      async stop(signal = 'SIGTERM') {
        if (child.exitCode === null) child.kill(signal);
        // A test must not leave a process behind, even one that hangs on its way out.
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        try {
          return await exited;
        } finally {
          clearTimeout(timer);
        }
      },
    },
  };
}
