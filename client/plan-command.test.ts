// `vetted plan` against answers built to the contract's Plan schema (docs/api.md, "Whole-stack
// plan"); the end-to-end test comes with the API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Advice, Plan, type SupportNote } from '../matrix/contract.ts';
import { runPlanCommand, type PlanCommandOptions } from './plan-command.ts';

let plan: Plan;
let advice: Advice;
let requests: Array<{ url: string; body: unknown }> = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url === '/api/v1/plan' ? Plan.parse(plan) : Advice.parse(advice)));
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

const installed = { nextcloud: '33.0.8', php: '8.2.33', roundcube: '1.6.9', debian: '12.8' };

function appAdvice(app: string, version: string, fields: Partial<Advice['apps'][number]> = {}): Advice['apps'][number] {
  return { app, installed: version, installedStatus: 'safe', latest: version, latestSafe: null, nextStep: null, path: [], pathComplete: true, upgrades: [], ...fields };
}

const calmAdvice: Advice = { generatedAt: '2026-11-25T10:00:00Z', apps: Object.entries(installed).map(([app, version]) => appAdvice(app, version)), unknown: { apps: [], versions: [] } };

const twoSteps: Plan = {
  generatedAt: '2026-11-25T10:00:00Z',
  steps: [
    {
      app: 'php', from: '8.2.33', to: '8.3.30',
      evidence: [{ run: 41, verdict: 'pass', testedAt: '2026-11-20T08:00:00Z', with: { nextcloud: '34', debian: '12' } }],
      unlocks: ['needed for Nextcloud 34.0.3 (it fails on PHP 8.2: run 40)'],
    },
    {
      app: 'nextcloud', from: '33.0.8', to: '34.0.3',
      evidence: [{ run: 41, verdict: 'pass', testedAt: '2026-11-20T08:00:00Z', with: { php: '8.3', debian: '12' } }],
      unlocks: [],
    },
  ],
  final: { nextcloud: '34.0.3', php: '8.3.30', roundcube: '1.6.9', debian: '12.8' },
  held: [{ app: 'roundcube', at: '1.6.9', newest: '1.7.0', reason: '1.7.0 untested: no run of 1.7.0 yet' }],
  complete: true,
  unknown: { apps: [], versions: [] },
};

async function planCommand(options: PlanCommandOptions) {
  let out = '';
  let err = '';
  const status = await runPlanCommand({ server: base, installed: Object.entries(installed).map(([app, version]) => `${app}=${version}`), ...options }, {
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text) },
    env: {},
  });
  return { status, out, err };
}

describe('vetted plan', () => {
  it('prints numbered steps with why each is safe and what it unlocks, then what stays behind; exit 1', async () => {
    plan = twoSteps;
    advice = calmAdvice;
    const result = await planCommand({ hold: ['debian'] });
    expect(result.err).toBe('');
    expect(result.status).toBe(1);
    expect(result.out).toBe([
      `vetted plan: ${base}, plan of 2026-11-25T10:00:00Z`,
      '',
      'Steps:',
      ' 1. PHP 8.2.33 → 8.3.30',
      '    safe because it passed on 2026-11-20 with Nextcloud 34, Debian 12 (run 41)',
      '    unlocks: needed for Nextcloud 34.0.3 (it fails on PHP 8.2: run 40)',
      ' 2. Nextcloud 33.0.8 → 34.0.3',
      '    safe because it passed on 2026-11-20 with PHP 8.3, Debian 12 (run 41)',
      '',
      'Held back:',
      '  Roundcube stays at 1.6.9 (newest 1.7.0): 1.7.0 untested: no run of 1.7.0 yet',
      '',
      'After these steps: Nextcloud 34.0.3, PHP 8.3.30.',
      '',
      '2 steps to take, in this order.',
      '',
    ].join('\n'));
    expect(requests.find((r) => r.url === '/api/v1/plan')!.body).toEqual({ installed, includePrereleases: false, hold: ['debian'] });
  });

  it('exits 0 with "Nothing to do" only when there is no step and nothing held', async () => {
    plan = { generatedAt: '2026-11-25T10:00:00Z', steps: [], final: installed, held: [], complete: true, unknown: { apps: [], versions: [] } };
    advice = calmAdvice;
    const result = await planCommand({});
    expect(result.status).toBe(0);
    expect(result.out).toContain('Nothing to do: every app is at its newest release.');
  });

  it('exits 0 without "Nothing to do" when apps are held back', async () => {
    plan = { ...twoSteps, steps: [], final: installed };
    advice = calmAdvice;
    const result = await planCommand({});
    expect(result.status).toBe(0);
    expect(result.out).not.toContain('Nothing to do');
    expect(result.out).toContain('No step to take yet: what stays behind waits for the evidence above.');
  });

  it('exits 2 when an installed version is blocked, with the constraint\'s reason, and still shows the way out', async () => {
    plan = twoSteps;
    advice = { ...calmAdvice, apps: [appAdvice('nextcloud', '33.0.8', { installedStatus: 'blocked', installedReason: 'Nextcloud <34 needs PHP <8.5' }), ...calmAdvice.apps.slice(1)] };
    const result = await planCommand({});
    expect(result.status).toBe(2);
    expect(result.out).toContain('Installed version blocked: Nextcloud 33.0.8: Nextcloud <34 needs PHP <8.5');
    expect(result.out).toContain(' 1. PHP 8.2.33 → 8.3.30');
  });

  it('says when the registry stopped searching early', async () => {
    plan = { ...twoSteps, complete: false };
    advice = calmAdvice;
    expect((await planCommand({})).out).toContain('The registry stopped searching early');
  });

  it('prints the plan as JSON for scripts', async () => {
    plan = twoSteps;
    advice = calmAdvice;
    const result = await planCommand({ json: true });
    expect(JSON.parse(result.out)).toMatchObject({ exitStatus: 1, outcome: 'steps-available', plan: twoSteps, installed });
  });

  it('exits 3 on a hold of an app not installed, and on an answer that is not a plan', async () => {
    plan = twoSteps;
    advice = calmAdvice;
    const hold = await planCommand({ hold: ['wordpress'] });
    expect(hold.status).toBe(3);
    expect(hold.err).toContain('--hold wordpress: not among the installed apps');
    plan = { ...twoSteps, steps: [{ app: 'php' } as never] };
    // The fake registry parses what it sends, as the real one does: a broken plan cannot even be sent.
    expect(() => Plan.parse(plan)).toThrow();
  });
});

// Issue 17: steps that are a security matter, and where each series stands (matrix/contract.ts).
describe('vetted plan: security and end of support', () => {
  const generatedAt = '2026-11-30T10:00:00.000Z';
  const note = (series: string, state: SupportNote['state'], activeSupportEnd: string | null, securitySupportEnd: string | null, daysLeft: number | null): SupportNote =>
    ({ series, state, releasedAt: null, activeSupportEnd, securitySupportEnd, lts: null, daysLeft });
  const installedHere = { nextcloud: '33.0.8', php: '8.2.33', roundcube: '1.6.9', debian: '12.8' };
  const securityPlan: Plan = {
    generatedAt,
    steps: [
      {
        app: 'roundcube', from: '1.6.9', to: '1.6.12', security: true, support: note('1.6', 'supported', '2027-12-31', '2028-12-31', 762),
        evidence: [{ run: 50, verdict: 'pass', testedAt: '2026-11-28T08:00:00Z', with: { php: '8.2', debian: '12' } }], unlocks: [],
      },
      {
        app: 'php', from: '8.2.33', to: '8.3.30', support: note('8.3', 'security', '2025-12-31', '2027-12-31', 396),
        evidence: [{ run: 41, verdict: 'pass', testedAt: '2026-11-20T08:00:00Z', with: { nextcloud: '34', debian: '12' } }],
        unlocks: ['needed for Nextcloud 34.0.3'],
      },
      {
        app: 'nextcloud', from: '33.0.8', to: '34.0.3', support: note('34', 'supported', '2027-01-31', '2027-01-31', 62),
        evidence: [{ run: 41, verdict: 'pass', testedAt: '2026-11-20T08:00:00Z', with: { php: '8.3', debian: '12' } }], unlocks: [],
      },
    ],
    final: { nextcloud: '34.0.3', php: '8.3.30', roundcube: '1.6.12', debian: '12.8' },
    held: [],
    complete: true,
    support: {
      nextcloud: note('34', 'supported', '2027-01-31', '2027-01-31', 62),
      php: note('8.3', 'security', '2025-12-31', '2027-12-31', 396),
      roundcube: note('1.6', 'supported', '2027-12-31', '2028-12-31', 762),
      debian: note('12', 'ended', '2026-06-10', '2026-06-30', -153),
    },
    security: ['roundcube'],
    unknown: { apps: [], versions: [] },
  };
  const securityAdvice: Advice = {
    generatedAt,
    apps: [
      appAdvice('nextcloud', '33.0.8', { installedSupport: { ...note('33', 'supported', '2026-07-31', '2026-07-31', -122), state: 'ended', newerSeries: { series: '34', version: '34.0.3', state: 'supported' } } }),
      appAdvice('php', '8.2.33', { installedSupport: { ...note('8.2', 'security', '2024-12-31', '2026-12-31', 31), newerSeries: { series: '8.3', version: '8.3.30', state: 'security' } } }),
      appAdvice('roundcube', '1.6.9', {
        latest: '1.6.12', latestSafe: '1.6.12', nextStep: '1.6.12', path: ['1.6.12'],
        upgrades: [{ version: '1.6.12', status: 'safe', direct: true, security: true }],
        security: { installedInsecure: false, fixes: ['1.6.12'], upgradeTo: '1.6.12', reason: '1.6.12 fixes vulnerabilities and is safe here' },
        installedSupport: { ...note('1.6', 'supported', '2027-12-31', '2028-12-31', 762), newerSeries: null },
      }),
      appAdvice('debian', '12.8'),
    ],
    unknown: { apps: [], versions: [] },
  };

  async function planHere(options: PlanCommandOptions) {
    return planCommand({ installed: Object.entries(installedHere).map(([app, version]) => `${app}=${version}`), ...options });
  }

  it('keeps the registry\'s order, marks the security steps, says what each new series is supported until, and what ends soon', async () => {
    plan = securityPlan;
    advice = securityAdvice;
    const result = await planHere({});
    expect(result.err).toBe('');
    expect(result.status).toBe(1);
    expect(result.out).toBe([
      `vetted plan: ${base}, plan of ${generatedAt}`,
      '',
      'Security matter: Roundcube; the steps marked SECURITY come first where the evidence allows.',
      '',
      'Steps:',
      ' 1. Roundcube 1.6.9 → 1.6.12  [SECURITY]',
      '    security: 1.6.12 fixes vulnerabilities and is safe here',
      '    safe because it passed on 2026-11-28 with PHP 8.2, Debian 12 (run 50)',
      ' 2. PHP 8.2.33 → 8.3.30',
      '    safe because it passed on 2026-11-20 with Nextcloud 34, Debian 12 (run 41)',
      '    unlocks: needed for Nextcloud 34.0.3',
      '    → PHP 8.3, security support until 31 Dec 2027',
      ' 3. Nextcloud 33.0.8 → 34.0.3',
      '    safe because it passed on 2026-11-20 with PHP 8.3, Debian 12 (run 41)',
      '    → Nextcloud 34, security support ends 31 Jan 2027 (in 62 days)',
      '',
      'After these steps: Nextcloud 34.0.3, PHP 8.3.30, Roundcube 1.6.12.',
      '',
      'Security support ended or ending within 90 days, after these steps:',
      '! Nextcloud 34: security support ends 31 Jan 2027 (in 62 days)',
      '! Debian 12: security support ended 30 Jun 2026 (153 days ago)',
      '',
      '3 steps to take, in this order (security: Roundcube).',
      '',
    ].join('\n'));
  });

  it('says where the installed series stand when there is no step', async () => {
    plan = { ...securityPlan, steps: [], final: installedHere, security: [], support: { php: note('8.2', 'security', '2024-12-31', '2026-12-31', 31), debian: note('12', 'security', '2026-06-10', '2028-06-30', 578) } };
    advice = { ...securityAdvice, apps: securityAdvice.apps.map((app) => ({ ...app, security: undefined })) };
    const result = await planHere({});
    expect(result.status).toBe(0);
    expect(result.out).toContain('Security support ended or ending within 90 days:\n! PHP 8.2: security support ends 31 Dec 2026 (in 31 days)\n\nNothing to do');
    expect(result.out).not.toContain('Debian 12');
  });

  it('colours the marks on a terminal', async () => {
    plan = securityPlan;
    advice = securityAdvice;
    let out = '';
    await runPlanCommand({ server: base, installed: Object.entries(installedHere).map(([app, version]) => `${app}=${version}`) }, {
      stdout: { write: (text: string) => (out += text), isTTY: true },
      stderr: { write: () => true },
      env: {},
    });
    expect(out).toContain('\u001b[31m[SECURITY]\u001b[39m');
    expect(out).toContain('\u001b[31m! Debian 12: security support ended');
  });

  it('passes the registry\'s fields through in --json, and keeps the exit statuses', async () => {
    plan = securityPlan;
    advice = securityAdvice;
    const result = await planHere({ json: true });
    expect(result.status).toBe(1);
    const document = JSON.parse(result.out);
    expect(document.plan).toEqual(securityPlan);
    expect(document.plan.steps[0]).toMatchObject({ security: true, support: { series: '1.6' } });
    expect(document.plan.security).toEqual(['roundcube']);

    advice = { ...securityAdvice, apps: [appAdvice('nextcloud', '33.0.8', { installedStatus: 'broken' }), ...securityAdvice.apps.slice(1)] };
    expect((await planHere({})).status).toBe(2);
  });
});
