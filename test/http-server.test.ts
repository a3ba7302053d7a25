// Node's own answers below express: requests it cannot parse, headers too large, requests that
// trickle in. /api clients get the JSON error shape; nobody holds a connection for minutes.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

/** Sends raw bytes, then (after `pauseMs`) more; resolves to everything the server answered before it closed. */
async function raw(t: TestApp, first: string, options: { then?: string; pauseMs?: number } = {}): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(t.baseUrl);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(first);
  if (options.then !== undefined) {
    const paused = new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 0).unref());
    if ((await Promise.race([paused.then(() => 'paused'), closed])) === 'paused') socket.write(options.then);
  }
  await closed;
  const [headers = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0), headers, body };
}

describe('the HTTP server below express', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { http: { requestTimeoutMs: 1500, headersTimeoutMs: 1000, checkIntervalMs: 200 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers headers too large with 431 in the JSON error shape on /api', async () => {
    const res = await raw(t, `GET /api/v1/apps HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });

  it('answers a request it cannot parse with 400 in the JSON error shape on /api', async () => {
    const res = await raw(t, 'GET /api/v1/apps HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'bad_request', message: 'the request could not be read' } });
  });

  it('keeps Node’s bare answer outside /api', async () => {
    const res = await raw(t, 'GET / HTTP/1.1\r\nHost: x\r\nNot a header\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.body).toBe('');
  });

  it('answers a body that trickles in past the request deadline with 408 in the JSON error shape', async () => {
    const body = JSON.stringify({ version: '1.0.0' });
    const started = performance.now();
    const res = await raw(t, `POST /api/v1/apps/roundpin/releases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.adminToken}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 3)}`, { then: body.slice(3), pauseMs: 4000 });
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'request_timeout', message: expect.any(String) } });
    // Answered at the deadline, not when the rest of the body came.
    expect(performance.now() - started).toBeLessThan(3500);
    const list = (await (await t.request('/api/v1/apps/roundpin/releases')).json()) as { releases: unknown[] };
    expect(list.releases).toEqual([]);
  });

  it('closes a connection whose headers never end', async () => {
    const started = performance.now();
    const res = await raw(t, 'GET /api/v1/apps HTTP/1.1\r\nHost: x\r\n', { then: 'X-Slow: 1\r\n', pauseMs: 4000 });
    expect(res.status).toBe(408);
    expect(performance.now() - started).toBeLessThan(3500);
  });
});
