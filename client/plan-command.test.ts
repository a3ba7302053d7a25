// `vetted plan` against answers built to the contract's Plan schema (docs/api.md, "Whole-stack
// plan"); the end-to-end test comes with the API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Advice, Plan } from '../matrix/contract.ts';
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
