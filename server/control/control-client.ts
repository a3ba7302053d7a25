// The CLI's side of the control socket: sends one request to a running `vetted serve` and prints
// its output as it arrives. No service listening (no socket, or a dead one's) → null, and the CLI
// opens the database itself.
import { connect } from 'node:net';
import type { AdminRequest } from '../admin/admin-request.ts';
import type { CommandOutput } from '../admin/run-admin.ts';
import { ControlMessage } from './control-protocol.ts';

export class ControlError extends Error {}

export function askService(socketPath: string, request: AdminRequest, out: CommandOutput): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let connected = false;
    let exit: number | null = null;
    let buffered = '';
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const parsed = ControlMessage.safeParse(safeJson(line));
        if (!parsed.success) continue;
        const message = parsed.data;
        if ('stdout' in message) out.stdout.write(message.stdout);
        else if ('stderr' in message) out.stderr.write(message.stderr);
        else exit = message.exit;
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && (error.code === 'ENOENT' || error.code === 'ECONNREFUSED')) resolve(null);
      else reject(new ControlError(`lost the running service's control socket ${socketPath}: ${error.code ?? error.message}`));
    });
    socket.on('close', () => {
      if (!connected) return;
      if (exit === null) reject(new ControlError(`the running service closed its control socket ${socketPath} before the command finished; see its log`));
      else resolve(exit);
    });
  });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
