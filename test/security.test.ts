import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../server/repositories/tokens.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

describe.each(databaseKinds)('security on %s', (kind) => {
  let t: TestApp;
  const logLines: string[] = [];
  let verifications = 0;
  beforeAll(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
    t = await startTestApp(kind, {
      customize: (deps) => ({
        ...deps,
        tokens: { verify: (secret) => (verifications++, deps.tokens.verify(secret)) },
        log: pino({ level: 'debug' }, sink),
        rateLimits: { writesPerWindow: 40, failedAuthPerWindow: 5, windowMs: 60_000 },
      }),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends protective headers', async () => {
    const res = await t.request('/api/v1/health');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('lets any origin read the API but not write to it', async () => {
    const read = await t.request('/api/v1/apps', { headers: { origin: 'https://dashboard.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await t.request('/api/v1/apps/php/releases', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const write = await t.request('/api/v1/apps/php/releases', { method: 'POST', token: t.adminToken, json: { version: '8.3.0' }, headers: { origin: 'https://evil.example' } });
    expect(write.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a burst of bad tokens from one address with 429, logs it without the tokens, and still serves a valid token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await t.request('/api/v1/apps/php/releases', { method: 'POST', token: `vt_guess_${i}`, json: { version: `8.2.${i}` } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(logLines.some((line) => line.includes('too many failed sign-ins'))).toBe(true);
    expect(logLines.join('\n')).not.toContain('vt_guess_');
    const valid = await t.request('/api/v1/apps/php/releases', { method: 'POST', token: t.adminToken, json: { version: '8.2.99' } });
    expect(valid.status).toBe(201);
    const stillRefused = await t.request('/api/v1/apps/php/releases', { method: 'POST', token: 'vt_guess_again', json: { version: '8.2.98' } });
    expect(stillRefused.status).toBe(429);
  });

  it('looks a write\'s token up once, though both the sign-in limit and the route need it', async () => {
    verifications = 0;
    const res = await t.request('/api/v1/apps/php/releases', { method: 'POST', token: t.adminToken, json: { version: '8.1.5' } });
    expect(res.status).toBe(201);
    expect(verifications).toBe(1);
  });

  it('never logs a token secret', async () => {
    await t.request('/api/v1/apps/php/releases', { method: 'POST', token: t.adminToken, json: { version: '8.1.0' } });
    expect(logLines.join('\n')).not.toContain(t.adminToken);
  });
});

// Issue 15: several CI jobs behind one NAT or proxy must not share one budget.
describe.each(databaseKinds)('write limits per token, from one address, on %s', (kind) => {
  let t: TestApp;
  let jobA: string;
  let jobB: string;
  let jobC: string;
  beforeAll(async () => {
    t = await startTestApp(kind, { customize: (deps) => ({ ...deps, rateLimits: { writesPerWindow: 3, failedAuthPerWindow: 2, windowMs: 60_000 } }) });
    const make = async (name: string) => (await createToken(t.deps.database.db, { name, role: 'admin', actor: 'test' })).secret;
    [jobA, jobB, jobC] = [await make('ci-a'), await make('ci-b'), await make('ci-c')];
  });
  afterAll(async () => {
    await t?.close();
  });

  let n = 0;
  const write = (token: string) => t.request('/api/v1/apps/roundpin/releases', { method: 'POST', token, json: { version: `1.0.${n++}` } });

  it('gives each token its own budget: one token refused with 429 and Retry-After, the other still served', async () => {
    const a = [await write(jobA), await write(jobA), await write(jobA), await write(jobA)];
    expect(a.map((res) => res.status)).toEqual([201, 201, 201, 429]);
    expect(Number(a[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await a[3]!.json()).toEqual({ error: { code: 'rate_limited', message: 'too many writes with this token; wait and retry (see the RateLimit headers)' } });
    const b = [await write(jobB), await write(jobB), await write(jobB), await write(jobB)];
    expect(b.map((res) => res.status)).toEqual([201, 201, 201, 429]);
  });

  it('counts rejected writes of a token too, and reads never', async () => {
    for (let i = 0; i < 5; i++) expect((await t.request('/api/v1/apps', { token: jobC })).status).toBe(200);
    const bad = await t.request('/api/v1/apps/roundpin/releases', { method: 'POST', token: jobC, json: { version: 'not a version' } });
    expect(bad.status).toBe(422);
    expect([(await write(jobC)).status, (await write(jobC)).status, (await write(jobC)).status]).toEqual([201, 201, 429]);
  });

  it('limits failed sign-ins per address, without touching the valid tokens\' budgets', async () => {
    const guesses = [];
    for (let i = 0; i < 3; i++) guesses.push((await write(`vt_guess_${i}`)).status);
    expect(guesses).toEqual([401, 401, 429]);
    const fresh = (await createToken(t.deps.database.db, { name: 'ci-d', role: 'admin', actor: 'test' })).secret;
    expect((await write(fresh)).status).toBe(201);
  });
});
