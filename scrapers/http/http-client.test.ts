// What an admin reads when an upstream cannot be reached: the error, and what it means.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testPolicy } from '../../test/upstream/watch-harness.ts';
import { createHttpClient } from './http-client.ts';
import { describeNetworkError } from './http-errors.ts';
import { createValidatorCache } from './validator-cache.ts';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('errors of unreachable upstreams', () => {
  it('say in words what a refused connection means, after the bounded retries', async () => {
    const port = await closedPort();
    let requests = 0;
    const client = createHttpClient({
      validators: createValidatorCache(new Map(), 'test'),
      policy: testPolicy,
      onRequest: () => requests++,
    });
    await expect(client.getConditional(`http://127.0.0.1:${port}/releases.json`, { accept: 'application/json' }))
      .rejects.toThrow(new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/releases\\.json failed: connect ECONNREFUSED 127\\.0\\.0\\.1:${port} \\(nothing listens at that address and port\\)$`));
    expect(requests).toBe(1 + testPolicy.retries);
  });

  it.each([
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND api.github.com', /^getaddrinfo ENOTFOUND api\.github\.com \(the host name does not resolve/],
    ['CERT_HAS_EXPIRED', 'certificate has expired', /^certificate has expired \(the server's TLS certificate has expired\)$/],
  ])('reads %s through the causes fetch wraps it in', (code, message, expected) => {
    const wrapped = new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
    expect(describeNetworkError(new Error('request failed', { cause: wrapped }))).toMatch(expected);
  });

  it('keeps an error it has no words for as it is', () => {
    expect(describeNetworkError(new Error('something odd'))).toBe('something odd');
    expect(describeNetworkError('plain text')).toBe('plain text');
  });
});
