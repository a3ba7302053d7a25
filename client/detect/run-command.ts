// Runs a version command without a shell, found on PATH, with a hard time limit.
import { spawn } from 'node:child_process';

export type CommandOutcome =
  | { kind: 'done'; exitCode: number; output: string; stderr: string }
  | { kind: 'missing' }
  | { kind: 'timeout' }
  | { kind: 'failed'; message: string };

// A version banner is a line or two; anything past this is not what we are looking for.
const maxOutputBytes = 64 * 1024;

export function runCommand(command: string, args: string[], options: { env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: CommandOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    // Its own process group, so a timeout also ends whatever the command started (a wrapper
    // script's children would otherwise keep the pipes open).
    const child = spawn(command, args, {
      env: { ...options.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer): void => {
      if (size >= maxOutputBytes) return;
      size += chunk.length;
      into.push(chunk);
    };
    child.stdout.on('data', collect(stdout));
    child.stderr.on('data', collect(stderr));
    const timer = setTimeout(() => {
      killGroup(child.pid);
      finish({ kind: 'timeout' });
    }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') finish({ kind: 'missing' });
      else finish({ kind: 'failed', message: error.code ?? error.message });
    });
    child.on('close', (code, signal) => {
      const out = Buffer.concat(stdout).toString('utf8');
      const err = Buffer.concat(stderr).toString('utf8');
      finish({ kind: 'done', exitCode: code ?? (signal ? 128 : 1), output: `${out}\n${err}`, stderr: err });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
