// `vetted serve`'s control socket: a Unix socket in the data folder, mode 0600, through which
// `vetted token|stack|watch` ask the running service to do what they cannot do themselves while
// it holds the embedded database.
import { chmod, unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../logger.ts';
import { AdminRequest } from '../admin/admin-request.ts';
import type { CommandOutput } from '../admin/run-admin.ts';
import { maxRequestBytes, type ControlMessage } from './control-protocol.ts';

export interface ControlServerOptions {
  socketPath: string;
  /** Runs one request, writing to `out`; resolves to the exit status. */
  handle(request: AdminRequest, out: CommandOutput): Promise<number>;
  log: Logger;
}

export interface ControlServer {
  close(): Promise<void>;
}

export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  const { socketPath, log } = options;
  // serve holds the data folder's lock, so a socket left here is a dead service's.
  await unlink(socketPath).catch(() => {});
  const server = createServer((socket) => serveConnection(socket, options));
  await listenOwnerOnly(server, socketPath);
  log.info({ socket: socketPath }, 'control socket listening');
  return {
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await unlink(socketPath).catch(() => {});
    },
  };
}

/** Creates the socket as 0600 from the start (umask while binding), then makes sure of it. */
async function listenOwnerOnly(server: Server, socketPath: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The bind happens inside listen(), synchronously for a Unix socket: the umask covers only it.
    const previous = process.umask(0o177);
    try {
      server.listen(socketPath, () => resolve());
    } finally {
      process.umask(previous);
    }
  });
  await chmod(socketPath, 0o600);
}

function serveConnection(socket: Socket, options: ControlServerOptions): void {
  let buffered = '';
  let started = false;
  const send = (message: ControlMessage) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
  };
  socket.setEncoding('utf8');
  socket.on('error', () => {});
  socket.on('data', (chunk: string) => {
    if (started) return;
    buffered += chunk;
    if (buffered.length > maxRequestBytes) {
      socket.destroy();
      return;
    }
    const newline = buffered.indexOf('\n');
    if (newline < 0) return;
    started = true;
    void answer(buffered.slice(0, newline), send, options).finally(() => socket.end());
  });
}

async function answer(line: string, send: (message: ControlMessage) => void, options: ControlServerOptions): Promise<void> {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    data = undefined;
  }
  const parsed = AdminRequest.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    send({ stderr: `vetted: the service refused the request: ${issue.path.join('.') || 'request'}: ${issue.message}\n` });
    send({ exit: 1 });
    return;
  }
  const out: CommandOutput = { stdout: { write: (text: string) => send({ stdout: text }) }, stderr: { write: (text: string) => send({ stderr: text }) } };
  try {
    send({ exit: await options.handle(parsed.data, out) });
  } catch (error) {
    options.log.error({ err: error, command: parsed.data.command }, 'control command failed');
    send({ stderr: 'vetted: the service failed to run the command; see its log\n' });
    send({ exit: 1 });
  }
}
