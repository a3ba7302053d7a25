// The Node HTTP server around the express app: deadlines suited to an API of small JSON bodies,
// and Node's own parser-level answers (400, 408, 431) in the JSON error shape for /api clients.
import { createServer, STATUS_CODES, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { classifyError, errorBody } from './classify-error.ts';

export interface HttpServerOptions {
  /** Time for a client to send the request headers (Node's default: 60 s). */
  headersTimeoutMs?: number;
  /** Time for a client to send the whole request, body included (Node's default: 300 s). */
  requestTimeoutMs?: number;
  /** How often those deadlines are checked (Node's default: 30 s, which makes them up to 30 s late). */
  checkIntervalMs?: number;
}

// Headers are a few hundred bytes and bodies at most 256 kB: a client that needs longer is
// trickling on purpose (issue 11), and holds a connection meanwhile.
const defaults = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, checkIntervalMs: 1000 } satisfies Required<HttpServerOptions>;

// The request line Node could read before it gave up, when it could read one.
const requestLine = /^[A-Z]+ (\/\S*)/;

export function createHttpServer(app: RequestListener, options: HttpServerOptions = {}): Server {
  const { headersTimeoutMs, requestTimeoutMs, checkIntervalMs } = { ...defaults, ...options };
  const server = createServer({ connectionsCheckingInterval: checkIntervalMs, headersTimeout: headersTimeoutMs, requestTimeout: requestTimeoutMs }, app);
  // The request a socket is busy with, so a timeout's answer knows its path and whether it began.
  const inFlight = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    inFlight.set(req.socket, { req, res });
    res.once('finish', () => inFlight.delete(req.socket));
  });
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    const current = inFlight.get(socket);
    // As Node does by default: never answer over a response already begun, nor to a peer that left.
    if (error.code === 'ECONNRESET' || !socket.writable || current?.res.headersSent) {
      socket.destroy();
      return;
    }
    const path = current?.req.url ?? requestLine.exec(error.rawPacket?.toString('latin1', 0, 200) ?? '')?.[1];
    const classified = classifyError(error);
    const head = `HTTP/1.1 ${classified.status} ${STATUS_CODES[classified.status] ?? ''}\r\nConnection: close\r\n`;
    if (path?.startsWith('/api/')) {
      const body = JSON.stringify(errorBody(classified));
      socket.end(`${head}Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    } else {
      socket.end(`${head}\r\n`);
    }
  });
  return server;
}
