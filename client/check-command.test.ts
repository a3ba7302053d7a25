import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCheckCommand, type CheckCommandOptions } from './check-command.ts';

// A fake registry on loopback: each test says how it answers; it records what it was asked.
type Handler = (body: { installed: Record<string, string> }, res: ServerResponse, req: IncomingMessage) => void;
let handler: Handler;
let requests: Array<{ method: string; url: string; body: unknown }> = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { installed: Record<string, string> };
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      handler(body, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
});

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

interface AppFields {
  installedStatus?: string;
  installedReason?: string;
  latest?: string | null;
  latestSafe?: string | null;
  path?: string[];
  pathComplete?: boolean;
  upgrades?: Array<Record<string, unknown>>;
}

function appAdvice(app: string, installed: string, fields: AppFields = {}) {
  const path = fields.path ?? [];
  return {
    app,
    installed,
    installedStatus: fields.installedStatus ?? 'safe',
    ...(fields.installedReason ? { installedReason: fields.installedReason } : {}),
    latest: fields.latest ?? installed,
    latestSafe: fields.latestSafe ?? null,
    nextStep: path[0] ?? null,
    path,
    pathComplete: fields.pathComplete ?? true,
    upgrades: fields.upgrades ?? [],
  };
}

function advice(apps: unknown[], unknown = { apps: [] as string[], versions: [] as Array<{ app: string; version: string }> }) {
  return { generatedAt: '2026-11-25T10:00:00Z', apps, unknown };
}

const evidence = (run: number, php = '8.2', verdict: 'pass' | 'fail' = 'pass') => [{ run, verdict, testedAt: '2026-11-20T10:00:00Z', with: { php } }];

const upToDate = advice([appAdvice('nextcloud', '30.0.2'), appAdvice('php', '8.2.26')]);
const upgradeAvailable = advice([
  appAdvice('nextcloud', '28.0.4', {
    latest: '30.0.2',
    latestSafe: '30.0.2',
    path: ['29.0.9', '30.0.2'],
    upgrades: [
      { version: '30.0.2', status: 'safe', direct: false, evidence: evidence(415) },
      { version: '29.0.9', status: 'safe', direct: true, evidence: evidence(412) },
      { version: '29.0.8', status: 'broken', direct: true, evidence: evidence(398, '8.2', 'fail') },
      { version: '28.0.14', status: 'untested', direct: true, reason: 'no run of 28.0.14 yet' },
    ],
  }),
  appAdvice('roundcube', '1.6.9', { latest: '1.7.0', upgrades: [{ version: '1.7.0', status: 'untested', direct: true }] }),
  appAdvice('wordpress', '6.6.2', { latest: '6.7.1', upgrades: [{ version: '6.7.1', status: 'blocked', direct: true, reason: 'WordPress 6.7 needs PHP >= 8.2' }] }),
  appAdvice('matomo', '5.1.2', { latest: '5.2.0', upgrades: [{ version: '5.2.0', status: 'broken', direct: true, evidence: evidence(77, '8.1', 'fail') }] }),
  appAdvice('php', '8.1.2'),
]);
const installedWithdrawn = advice([
  appAdvice('nextcloud', '29.0.8', {
    installedStatus: 'withdrawn',
    installedReason: 'data loss in the files app',
    latest: '29.0.9',
    latestSafe: '29.0.9',
    path: ['29.0.9'],
    upgrades: [{ version: '29.0.9', status: 'safe', direct: true, evidence: evidence(412) }],
  }),
  appAdvice('php', '8.2.26'),
]);

interface Captured {
  status: number;
  out: string;
  err: string;
}

async function check(options: CheckCommandOptions, env: NodeJS.ProcessEnv = {}, isTTY = false): Promise<Captured> {
  let out = '';
  let err = '';
  const status = await runCheckCommand(options, {
    stdout: { write: (text: string) => (out += text), isTTY },
    stderr: { write: (text: string) => (err += text) },
    env,
  });
  return { status, out, err };
}

describe('exit status and report against a registry', () => {
  it('exits 0 when everything is up to date', async () => {
    handler = (_body, res) => json(res, 200, upToDate);
    const result = await check({ server: base, installed: ['nextcloud=30.0.2', 'php=8.2.26'] });
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^Nextcloud\s+30\.0\.2\s+safe\s+30\.0\.2\s+up to date$/m);
    expect(result.out).toContain('Nothing to do: every installed app is safe and up to date.');
    expect(result.err).toBe('');
  });

  it('sends the inventory as API.md says', async () => {
    handler = (_body, res) => json(res, 200, upToDate);
    await check({ server: base, installed: ['nextcloud=30.0.2', 'php=8.2.26'] });
    expect(requests).toEqual([{ method: 'POST', url: '/api/v1/check', body: { installed: { nextcloud: '30.0.2', php: '8.2.26' }, includePrereleases: false, candidates: 'summary' } }]);
  });

  it('exits 1 and says what to do when a safe upgrade exists', async () => {
    handler = (_body, res) => json(res, 200, upgradeAvailable);
    const result = await check({ server: base, installed: ['nextcloud=28.0.4', 'php=8.1.2'] });
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/^Nextcloud\s+28\.0\.4\s+safe\s+30\.0\.2\s+upgrade to 29\.0\.9 \(then 30\.0\.2\)$/m);
    expect(result.out).toMatch(/Roundcube .* hold: 1\.7\.0 untested with PHP 8\.1$/m);
    expect(result.out).toMatch(/WordPress .* hold: 6\.7\.1 blocked: WordPress 6\.7 needs PHP >= 8\.2$/m);
    expect(result.out).toMatch(/Matomo .* hold: 5\.2\.0 broken: failed on 2026-11-20 with PHP 8\.1 \(run 77\)$/m);
    expect(result.out).toContain('Safe upgrade available: Nextcloud.');
  });

  it('exits 2 when an installed version is withdrawn, and still shows the way out', async () => {
    handler = (_body, res) => json(res, 200, installedWithdrawn);
    const result = await check({ server: base, installed: ['nextcloud=29.0.8', 'php=8.2.26'] });
    expect(result.status).toBe(2);
    expect(result.out).toMatch(/installed version withdrawn: data loss in the files app; upgrade to 29\.0\.9$/m);
    expect(result.out).toContain('Installed version broken, withdrawn or blocked: Nextcloud.');
  });

  it('exits 2 when an installed version is broken', async () => {
    handler = (_body, res) => json(res, 200, advice([appAdvice('roundcube', '1.6.8', { installedStatus: 'broken' }), appAdvice('php', '8.3.1')]));
    const result = await check({ server: base, installed: ['roundcube=1.6.8', 'php=8.3.1'] });
    expect(result.status).toBe(2);
    expect(result.out).toMatch(/installed version broken: with PHP 8\.3; no newer release yet$/m);
  });

  it('lists a version the registry does not know, without failing and without "Nothing to do"', async () => {
    handler = (_body, res) => json(res, 200, advice([appAdvice('nextcloud', '99.0.0', { installedStatus: 'untested', installedReason: 'no run of 99.0.0 yet' }), appAdvice('php', '8.2.26')], { apps: [], versions: [{ app: 'nextcloud', version: '99.0.0' }] }));
    const result = await check({ server: base, installed: ['php=8.2.26', 'nextcloud=99.0.0'] });
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^Nextcloud\s+99\.0\.0\s+untested\s+99\.0\.0\s+up to date, but untested here: no run of 99\.0\.0 yet$/m);
    expect(result.out).toContain('Not known to the registry (no verdict; an admin can add a release, or the next watch finds it):\n  Nextcloud 99.0.0: unknown version');
    expect(result.out).toContain('No safe upgrade yet, but not everything is confirmed: waiting for a verdict: Nextcloud; not known to the registry: Nextcloud 99.0.0.');
    expect(result.out).not.toContain('Nothing to do');
  });

  it('exits 2 with the constraint\'s reason when the installed version is blocked (issue 12)', async () => {
    handler = (_body, res) => json(res, 200, advice([
      appAdvice('nextcloud', '29.0.16', { installedStatus: 'blocked', installedReason: 'Nextcloud <30 needs PHP <8.4: 29 fails on 8.4', latest: '29.0.16' }),
      appAdvice('php', '8.4.24', { installedStatus: 'blocked', installedReason: 'Nextcloud <30 needs PHP <8.4: 29 fails on 8.4' }),
    ]));
    const result = await check({ server: base, installed: ['nextcloud=29.0.16', 'php=8.4.24'] });
    expect(result.status).toBe(2);
    expect(result.out).toMatch(/^Nextcloud\s+29\.0\.16\s+blocked\s+29\.0\.16\s+installed version blocked: Nextcloud <30 needs PHP <8\.4: 29 fails on 8\.4; no newer release yet$/m);
    expect(result.out).toContain('Installed version broken, withdrawn or blocked: Nextcloud, PHP.');
    expect(result.out).not.toContain('Nothing to do');
  });

  it('exits 3 on an app given by hand that the registry does not know, with the closest id it knows', async () => {
    handler = (_body, res, req) => {
      if (req.url === '/api/v1/apps') json(res, 200, { apps: [{ id: 'nextcloud', name: 'Nextcloud' }, { id: 'php', name: 'PHP' }] });
      else json(res, 200, advice([appAdvice('php', '8.2.26')], { apps: ['nextclod', 'zzzzzzzz'], versions: [] }));
    };
    const result = await check({ server: base, installed: ['php=8.2.26', 'nextclod=33.0.8', 'zzzzzzzz=1.0'] });
    expect(result.status).toBe(3);
    expect(result.err).toBe('vetted check: nextclod: unknown app; did you mean nextcloud?; zzzzzzzz: unknown app (known: nextcloud, php)\n');
  });

  it('exits 3 on a version given by hand that the registry cannot read', async () => {
    handler = (_body, res) => json(res, 200, advice([appAdvice('php', '8.2.26')], { apps: [], versions: [{ app: 'nextcloud', version: 'banana' }] }));
    const result = await check({ server: base, installed: ['php=8.2.26', 'nextcloud=banana'] });
    expect(result.status).toBe(3);
    expect(result.err).toBe('vetted check: nextcloud=banana: "banana" is not a version of Nextcloud the registry can read\n');
  });

  it('prints JSON for scripts', async () => {
    handler = (_body, res) => json(res, 200, upgradeAvailable);
    const result = await check({ server: base, installed: ['nextcloud=28.0.4', 'php=8.1.2'], json: true });
    expect(result.status).toBe(1);
    const document = JSON.parse(result.out);
    expect(document).toMatchObject({ exitStatus: 1, outcome: 'upgrade-available', server: base, error: null, installed: { nextcloud: '28.0.4', php: '8.1.2' }, detected: null });
    expect(document.actions[0]).toEqual({
      app: 'nextcloud', site: null, installed: '28.0.4', installedStatus: 'safe', action: 'upgrade', message: 'upgrade to 29.0.9 (then 30.0.2)',
      nextStep: '29.0.9', path: ['29.0.9', '30.0.2'], latestSafe: '30.0.2', latest: '30.0.2', security: null, installedSupport: null,
    });
    expect(document.advice.apps).toHaveLength(5);
  });
});

describe('colour', () => {
  beforeEach(() => {
    handler = (_body, res) => json(res, 200, upgradeAvailable);
  });

  it('is used on a terminal', async () => {
    expect((await check({ server: base, installed: ['nextcloud=28.0.4'] }, {}, true)).out).toContain('\u001b[');
  });

  it('is not used when NO_COLOR is set', async () => {
    expect((await check({ server: base, installed: ['nextcloud=28.0.4'] }, { NO_COLOR: '1' }, true)).out).not.toContain('\u001b[');
  });

  it('is not used in a pipe or a mail', async () => {
    expect((await check({ server: base, installed: ['nextcloud=28.0.4'] }, {}, false)).out).not.toContain('\u001b[');
  });
});

describe('errors exit 3 with a clear message', () => {
  it('on a 5xx', async () => {
    handler = (_body, res) => json(res, 503, { error: { code: 'unavailable', message: 'database unreachable' } });
    const result = await check({ server: base, installed: ['php=8.2.26'] });
    expect(result.status).toBe(3);
    expect(result.err).toBe(`vetted check: the registry at ${base} failed (HTTP 503 Service Unavailable): database unreachable; try again later\n`);
  });

  it('on a 5xx without a body', async () => {
    handler = (_body, res) => {
      res.writeHead(502);
      res.end();
    };
    const result = await check({ server: base, installed: ['php=8.2.26'] });
    expect(result.status).toBe(3);
    expect(result.err).toContain('failed (HTTP 502 Bad Gateway); try again later');
  });

  it('on a refusal (4xx), passing on what the registry said', async () => {
    handler = (_body, res) => json(res, 422, { error: { code: 'invalid', message: 'installed.php: "eight" is not a version' } });
    const result = await check({ server: base, installed: ['php=eight'] });
    expect(result.status).toBe(3);
    expect(result.err).toContain('refused the request (HTTP 422): installed.php: "eight" is not a version');
  });

  it('on a refusal that is not from a registry', async () => {
    handler = (_body, res) => {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html>Not Found</html>');
    };
    const result = await check({ server: base, installed: ['php=8.2.26'] });
    expect(result.status).toBe(3);
    expect(result.err).toContain('refused the request (HTTP 404, text/html) — is --server pointing at a vetted registry?');
  });

  it('on an answer that is not JSON', async () => {
    handler = (_body, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Welcome to nginx!</body></html>');
    };
    const result = await check({ server: base, installed: ['php=8.2.26'] });
    expect(result.status).toBe(3);
    expect(result.err).toContain('answered with something that is not JSON (text/html): <html><body>Welcome to nginx!</body></html>');
  });

  it('on JSON that is not advice', async () => {
    handler = (_body, res) => json(res, 200, { generatedAt: '2026-11-25T10:00:00Z', apps: [{ app: 'php', installed: 8.2 }] });
    const result = await check({ server: base, installed: ['php=8.2.26'] });
    expect(result.status).toBe(3);
    expect(result.err).toMatch(/answered JSON that is not advice this client understands \(apps\.0\.installed: .*string.*\)/);
  });

  it('on an answer that misses what the contract requires (matrix/contract.ts)', async () => {
    handler = (_body, res) => json(res, 200, { generatedAt: '2026-11-25T10:00:00Z', apps: [] });
    const result = await check({ server: base, installed: ['php=8.2.26'] });
    expect(result.status).toBe(3);
    expect(result.err).toMatch(/not advice this client understands \(unknown: /);
  });

  it('on a registry that does not answer in time', async () => {
    handler = () => {
      // Never answers.
    };
    const result = await check({ server: base, installed: ['php=8.2.26'], timeout: 0.3 });
    expect(result.status).toBe(3);
    expect(result.err).toBe(`vetted check: the registry at ${base} did not answer within 0.3 s\n`);
  });

  it('on a registry that cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await check({ server: `http://127.0.0.1:${port}`, installed: ['php=8.2.26'] });
    expect(result.status).toBe(3);
    expect(result.err).toBe(`vetted check: cannot reach the registry at http://127.0.0.1:${port}: ECONNREFUSED\n`);
  });

  it('with JSON on stdout for scripts', async () => {
    handler = (_body, res) => json(res, 500, { error: { code: 'internal', message: 'internal error' } });
    const result = await check({ server: base, installed: ['php=8.2.26'], json: true });
    expect(result.status).toBe(3);
    expect(JSON.parse(result.out)).toMatchObject({ exitStatus: 3, outcome: 'error', error: expect.stringContaining('HTTP 500'), advice: null });
  });

  it('when there is nothing to check', async () => {
    const result = await check({ server: base });
    expect(result.status).toBe(3);
    expect(result.err).toContain('nothing to check: give --installed app=version (repeatable) or --detect');
    expect(requests).toEqual([]);
  });

  it('on a bad config file', async () => {
    const result = await check({ server: base, config: '/nonexistent/client.json', installed: ['php=8.2.26'] });
    expect(result.status).toBe(3);
    expect(result.err).toContain('cannot read config file /nonexistent/client.json: ENOENT');
  });
});

describe('--detect on the fake server root', () => {
  const root = fileURLToPath(new URL('../test/fixtures/server-root', import.meta.url));
  const env = { PATH: `${path.join(root, 'usr/bin')}:${process.env.PATH ?? ''}` };

  it('asks about every detected app, and hand-given versions win', async () => {
    handler = (body, res) => json(res, 200, advice(Object.entries(body.installed).map(([app, version]) => appAdvice(app, version))));
    const result = await check({ server: base, detect: true, root, installed: ['roundpin=1.2.0', 'php=8.3.14'] }, env);
    expect(result.status).toBe(0);
    expect(requests[0]!.body).toEqual({
      installed: {
        nextcloud: '28.0.4', wordpress: '6.6.2', roundcube: '1.6.9', phpmyadmin: '5.2.1', postfixadmin: '3.3.13', phplist: '3.6.15',
        dolibarr: '20.0.2', mybb: '1.8.38', friendica: '2024.08', matomo: '5.1.2', debian: '12.8', asterisk: '20.10.0',
        collabora: '24.04.10.2', mariadb: '10.11.6', roundpin: '1.2.0', php: '8.3.14',
      },
      includePrereleases: false,
      candidates: 'summary',
    });
    expect(result.out).toMatch(/^Collabora Online\s+24\.04\.10\.2\s+safe/m);
  });

  it('says what it could not find and goes on', async () => {
    handler = (body, res) => json(res, 200, advice(Object.entries(body.installed).map(([app, version]) => appAdvice(app, version))));
    const result = await check({ server: base, detect: true, root, path: ['nextcloud=/srv/nextcloud'] }, { PATH: path.join(root, 'usr/bin') });
    expect(result.status).toBe(0);
    expect(result.out).toContain(`Not found on this server (skipped):\n  Nextcloud: no version.php in ${path.join(root, 'srv/nextcloud')}`);
    expect(Object.keys((requests[0]!.body as { installed: object }).installed)).not.toContain('nextcloud');
  });

  it('exits 3 when nothing at all is found', async () => {
    const result = await check({ server: base, detect: true, root: '/nonexistent-root' }, { PATH: '/nonexistent' });
    expect(result.status).toBe(3);
    expect(result.err).toContain('no installed app was found on this server');
    expect(result.out).toContain('Not found on this server (skipped):');
  });
});

describe('--detect on a server with several WordPress sites', () => {
  it('asks once per distinct version and prints one line per site', async () => {
    const { mkdir, mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'vetted-sites-check-'));
    const site = async (name: string, version: string) => {
      await mkdir(path.join(dir, 'var/www', name, 'wp-includes'), { recursive: true });
      await writeFile(path.join(dir, 'var/www', name, 'wp-includes/version.php'), `<?php\n$wp_version = '${version}';\n`);
    };
    await site('example.com', '6.6.2');
    await site('shop.example.com', '6.6.2');
    await site('old.example.org', '6.4.5');
    await mkdir(path.join(dir, 'etc'));
    await writeFile(path.join(dir, 'etc/debian_version'), '12.8\n');
    handler = (body, res) => json(res, 200, advice(Object.entries(body.installed).map(([app, version]) =>
      app === 'wordpress' && version === '6.4.5'
        ? appAdvice(app, version, { latest: '6.6.2', latestSafe: '6.6.2', path: ['6.6.2'], upgrades: [{ version: '6.6.2', status: 'safe', direct: true, evidence: evidence(5) }] })
        : appAdvice(app, version))));
    const result = await check({ server: base, detect: true, root: dir }, { PATH: '/nonexistent' });
    expect(requests.map((r) => (r.body as { installed: object }).installed)).toEqual([
      { wordpress: '6.6.2', debian: '12.8' },
      { wordpress: '6.4.5', debian: '12.8' },
    ]);
    expect(result.out).toMatch(/^WordPress \/var\/www\/old\.example\.org\s+6\.4\.5\s+safe\s+6\.6\.2\s+upgrade to 6\.6\.2$/m);
    expect(result.out).toMatch(/^WordPress \/var\/www\/example\.com\s+6\.6\.2\s+safe\s+6\.6\.2\s+up to date$/m);
    expect(result.out).toMatch(/^WordPress \/var\/www\/shop\.example\.com\s+6\.6\.2\s+safe\s+6\.6\.2\s+up to date$/m);
    expect(result.out.match(/^Debian/gm)).toHaveLength(1);
    expect(result.status).toBe(1);
  });
});

describe('the vetted executable', () => {
  const root = fileURLToPath(new URL('../test/fixtures/server-root', import.meta.url));
  const bin = fileURLToPath(new URL('../bin/vetted.js', import.meta.url));

  it('runs `vetted check --detect --root` with the flags wired through and exits with the advice status', async () => {
    handler = (body, res) => json(res, 200, advice(Object.entries(body.installed).map(([app, version]) =>
      app === 'nextcloud'
        ? appAdvice(app, version, { latest: '29.0.9', latestSafe: '29.0.9', path: ['29.0.9'], upgrades: [{ version: '29.0.9', status: 'safe', direct: true, evidence: evidence(1) }] })
        : appAdvice(app, version))));
    const { execFile } = await import('node:child_process');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [bin, 'check', '--detect', '--root', root, '--server', base, '--installed', 'roundpin=1.2.0', '--path', 'mybb=/var/www/mybb', '--include-prereleases', '--timeout', '5'], {
        env: { PATH: `${path.join(root, 'usr/bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
      }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Nextcloud\s+28\.0\.4\s+safe\s+29\.0\.9\s+upgrade to 29\.0\.9$/m);
    expect(result.stdout).toMatch(/^MyBB\s+1\.8\.38\s+safe/m);
    expect(requests[0]!.body).toMatchObject({ includePrereleases: true, installed: { roundpin: '1.2.0', asterisk: '20.10.0' } });
  });
});

// Issue 17: security urgency and end of support, as the registry answers them (matrix/contract.ts).
describe('security upgrades and end of support', () => {
  const generatedAt = '2026-11-30T10:00:00.000Z';
  const support = (series: string, state: string, activeSupportEnd: string | null, securitySupportEnd: string | null, daysLeft: number | null, newerSeries: unknown = null) =>
    ({ installedSupport: { series, state, releasedAt: null, activeSupportEnd, securitySupportEnd, lts: null, daysLeft, newerSeries } });
  const wordpressSecurity = {
    installedInsecure: true,
    security: { installedInsecure: true, fixes: ['6.5.5'], upgradeTo: '6.5.5', reason: 'upstream lists 6.5.2 as vulnerable; 6.5.5 fixes vulnerabilities and is safe here' },
  };
  const answer = {
    generatedAt,
    apps: [
      { ...appAdvice('nextcloud', '30.0.2'), ...support('30', 'ended', '2025-06-30', '2025-12-31', -334, { series: '32', version: '32.0.4', state: 'supported' }),
        latest: '32.0.4', latestSafe: '32.0.4', nextStep: '31.0.9', path: ['31.0.9', '32.0.4'],
        upgrades: [{ version: '32.0.4', status: 'safe', direct: false, evidence: evidence(7) }, { version: '31.0.9', status: 'safe', direct: true, evidence: evidence(6) }] },
      { ...appAdvice('wordpress', '6.5.2', { latest: '6.7.1', latestSafe: '6.5.5', path: ['6.5.5'], pathComplete: true,
        upgrades: [{ version: '6.7.1', status: 'untested', direct: true, reason: 'no run of 6.7.1 yet' }, { version: '6.5.5', status: 'safe', direct: true, security: true, evidence: evidence(5) }] }),
        ...wordpressSecurity, ...support('6.5', 'security', '2024-07-16', '2027-04-30', 151) },
      { ...appAdvice('php', '8.2.26'), ...support('8.2', 'security', '2024-12-31', '2026-12-31', 31, { series: '8.3', version: '8.3.30', state: 'security' }) },
      { ...appAdvice('debian', '12.8'), ...support('12', 'security', '2026-06-10', '2028-06-30', 578) },
      { ...appAdvice('mariadb', '11.4.4'), ...support('11.4', 'supported', '2029-05-29', '2029-05-29', 911) },
      { ...appAdvice('roundcube', '1.6.9'), ...support('1.6', 'supported', '2027-12-31', '2028-12-31', 762, { series: '1.6', version: '1.6.12', state: 'supported' }) },
    ],
    unknown: { apps: [], versions: [] },
  };
  const installed = ['nextcloud=30.0.2', 'wordpress=6.5.2', 'php=8.2.26', 'debian=12.8', 'mariadb=11.4.4', 'roundcube=1.6.9'];

  it('puts the security matter first, marked, and says where each series stands, dated from the answer', async () => {
    handler = (_body, res) => json(res, 200, answer);
    const result = await check({ server: base, installed });
    expect(result.err).toBe('');
    expect(result.status).toBe(1);
    expect(result.out).toBe([
      `vetted check: ${base}, advice of ${generatedAt}`,
      '',
      'APP        INSTALLED  TESTED  LATEST  ACTION',
      'WordPress  6.5.2      safe    6.7.1   SECURITY: upstream lists 6.5.2 as vulnerable; 6.5.5 fixes vulnerabilities and is safe here; upgrade to 6.5.5',
      'Nextcloud  30.0.2     safe    32.0.4  upgrade to 31.0.9 (then 32.0.4)',
      'PHP        8.2.26     safe    8.2.26  up to date',
      'Debian     12.8       safe    12.8    up to date',
      'MariaDB    11.4.4     safe    11.4.4  up to date',
      'Roundcube  1.6.9      safe    1.6.9   up to date',
      '',
      'Support of the installed series (as of 30 Nov 2026):',
      '  WordPress 6.5: no longer actively supported; security fixes until 30 Apr 2027',
      '! Nextcloud 30: security support ended 31 Dec 2025 (334 days ago); 32 is confirmed on your stack',
      '! PHP 8.2: security support ends 31 Dec 2026 (in 31 days); 8.3 is confirmed on your stack',
      '  Debian 12: no longer actively supported; security fixes until 30 Jun 2028',
      '  MariaDB 11.4: supported until 29 May 2029',
      '  Roundcube 1.6: active support ends 31 Dec 2027; security support until 31 Dec 2028',
      '',
      'Security upgrades, to take first: WordPress → 6.5.5.',
      'Security support ended: Nextcloud 30.',
      'Security support ends within 90 days: PHP 8.2.',
      'Safe upgrade available: WordPress, Nextcloud.',
      '',
    ].join('\n'));
  });

  it('colours the security line and the support warnings on a terminal', async () => {
    handler = (_body, res) => json(res, 200, answer);
    const { out } = await check({ server: base, installed }, {}, true);
    expect(out).toContain('\u001b[31mSECURITY: upstream lists 6.5.2');
    expect(out).toContain('\u001b[31m! Nextcloud 30: security support ended');
    expect(out).toContain('\u001b[33m! PHP 8.2: security support ends');
  });

  it('passes the registry\'s fields through in --json, untouched', async () => {
    handler = (_body, res) => json(res, 200, answer);
    const result = await check({ server: base, installed, json: true });
    expect(result.status).toBe(1);
    const document = JSON.parse(result.out);
    expect(document.advice).toEqual(answer);
    expect(document.actions.map((a: { app: string }) => a.app)).toEqual(['wordpress', 'nextcloud', 'php', 'debian', 'mariadb', 'roundcube']);
    expect(document.actions[0]).toMatchObject({ app: 'wordpress', action: 'upgrade', security: wordpressSecurity.security, installedSupport: answer.apps[1]!.installedSupport });
    expect(document.actions[2]).toMatchObject({ app: 'php', security: null, installedSupport: { series: '8.2', daysLeft: 31, newerSeries: { series: '8.3', version: '8.3.30', state: 'security' } } });
  });

  it('keeps the exit statuses: 0 with a security matter and no safe upgrade, 2 when the installed version is also broken', async () => {
    const stuck = {
      ...appAdvice('wordpress', '6.5.2', { latest: '6.7.1', upgrades: [{ version: '6.7.1', status: 'untested', direct: true, reason: 'no run of 6.7.1 yet' }] }),
      installedInsecure: true,
      security: { installedInsecure: true, fixes: [], upgradeTo: null, reason: 'upstream lists 6.5.2 as vulnerable; no upgrade is confirmed safe for this server yet' },
    };
    handler = (_body, res) => json(res, 200, advice([appAdvice('php', '8.2.26'), stuck]));
    const none = await check({ server: base, installed: ['wordpress=6.5.2', 'php=8.2.26'] });
    expect(none.status).toBe(0);
    expect(none.out).toMatch(/^WordPress\s+6\.5\.2\s+safe\s+6\.7\.1\s+SECURITY: upstream lists 6\.5\.2 as vulnerable; no upgrade is confirmed safe for this server yet; hold: 6\.7\.1 untested: no run of 6\.7\.1 yet$/m);
    expect(none.out).toContain('Security matter with no safe upgrade yet: WordPress.\nNo safe upgrade yet, but not everything is confirmed: waiting for a verdict: WordPress.');

    handler = (_body, res) => json(res, 200, advice([appAdvice('php', '8.2.26', { installedStatus: 'broken' }), stuck]));
    const broken = await check({ server: base, installed: ['wordpress=6.5.2', 'php=8.2.26'] });
    expect(broken.status).toBe(2);
    expect(broken.out.indexOf('WordPress')).toBeLessThan(broken.out.indexOf('PHP'));

    handler = (_body, res) => json(res, 200, answer);
    expect((await check({ server: base, installed, json: true })).status).toBe(1);
  });

  it('with several sites, lists the site whose version is a security matter first, and each series once', async () => {
    const { mkdir, mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'vetted-sites-security-'));
    for (const [name, version] of [['a.example', '6.6.2'], ['b.example', '6.5.2'], ['c.example', '6.6.2']] as const) {
      await mkdir(path.join(dir, 'var/www', name, 'wp-includes'), { recursive: true });
      await writeFile(path.join(dir, 'var/www', name, 'wp-includes/version.php'), `<?php\n$wp_version = '${version}';\n`);
    }
    await mkdir(path.join(dir, 'etc'));
    await writeFile(path.join(dir, 'etc/debian_version'), '12.8\n');
    handler = (body, res) => json(res, 200, {
      generatedAt,
      apps: [
        body.installed.wordpress === '6.5.2'
          ? { ...appAdvice('wordpress', '6.5.2', { latest: '6.6.2', latestSafe: '6.6.2', path: ['6.6.2'], upgrades: [{ version: '6.6.2', status: 'safe', direct: true, security: true, evidence: evidence(5) }] }),
            security: { installedInsecure: false, fixes: ['6.6.2'], upgradeTo: '6.6.2', reason: '6.6.2 fixes vulnerabilities and is safe here' }, ...support('6.5', 'security', '2024-07-16', '2027-04-30', 151) }
          : { ...appAdvice('wordpress', '6.6.2'), ...support('6.6', 'supported', '2027-04-30', '2027-10-31', 335) },
        { ...appAdvice('debian', '12.8'), ...support('12', 'security', '2026-06-10', '2028-06-30', 578) },
      ],
      unknown: { apps: [], versions: [] },
    });
    const result = await check({ server: base, detect: true, root: dir }, { PATH: '/nonexistent' });
    expect(result.status).toBe(1);
    const table = result.out.split('\n').filter((line) => /^(WordPress|Debian)/.test(line)).map((line) => line.split(/\s{2,}/)[0]);
    expect(table).toEqual(['WordPress /var/www/b.example', 'WordPress /var/www/a.example', 'WordPress /var/www/c.example', 'Debian']);
    expect(result.out).toContain([
      'Support of the installed series (as of 30 Nov 2026):',
      '  WordPress 6.5: no longer actively supported; security fixes until 30 Apr 2027',
      '  WordPress 6.6: active support ends 30 Apr 2027; security support until 31 Oct 2027',
      '  Debian 12: no longer actively supported; security fixes until 30 Jun 2028',
    ].join('\n'));
    expect(result.out).toContain('Security upgrades, to take first: WordPress /var/www/b.example → 6.6.2.');
  });
});
