// The whole-stack plan on the cases a sysadmin meets, one row each (docs/api.md, "Whole-stack plan").
import { describe, expect, it } from 'vitest';
import { computePlan } from './plan.ts';
import { testRegistry, type TestData } from './test-registry.ts';

const now = new Date('2026-11-25T10:00:00Z');
const platform = new Set(['php', 'debian', 'mariadb']);

interface Row {
  data: TestData;
  installed: Record<string, string>;
  hold?: string[];
  /** `app from → to`, with what each step is needed for. */
  steps: Array<[step: string, unlocks: string[]]>;
  held: Array<[app: string, at: string, newest: string, reason: string]>;
}

const rows: Record<string, Row> = {
  'a platform upgrade that unlocks an app: PHP first, because Nextcloud 34 fails on 8.2 and passes on 8.3': {
    data: {
      releases: { nextcloud: ['33.0.8', '34.0.3'], php: ['8.2.33', '8.3.30'] },
      runs: [
        [1, 'fail', 1, { nextcloud: '34.0.3', php: '8.2.33' }, ['nextcloud']],
        [2, 'pass', 2, { nextcloud: '34.0.3', php: '8.3.30' }],
        [3, 'pass', 2, { nextcloud: '33.0.8', php: '8.3.30' }],
      ],
    },
    installed: { nextcloud: '33.0.8', php: '8.2.33' },
    steps: [['php 8.2.33 → 8.3.30', ['needed for Nextcloud 34.0.3']], ['nextcloud 33.0.8 → 34.0.3', []]],
    held: [],
  },
  'an app held by a constraint, its platform by a missing test': {
    data: {
      releases: { roundcube: ['1.6.12', '1.7.3'], php: ['8.2.33', '8.3.30'] },
      runs: [[1, 'pass', 1, { roundcube: '1.7.3', php: '8.2.33' }]],
      constraints: [{ appId: 'roundcube', range: '>=1.7.0', requiresAppId: 'php', requiresRange: '>=8.3', reason: 'Roundcube 1.7 needs PHP 8.3' }],
    },
    installed: { roundcube: '1.6.12', php: '8.2.33' },
    steps: [],
    held: [
      ['roundcube', '1.6.12', '1.7.3', '1.7.3 is blocked: Roundcube 1.7 needs PHP 8.3'],
      ['php', '8.2.33', '8.3.30', '8.3.30 is untested: no run of 8.3.30 yet'],
    ],
  },
  'a withdrawn intermediate release is stepped over': {
    data: {
      releases: { nextcloud: ['32.0.5', '33.0.0', '33.0.1', '34.0.3'] },
      runs: [[1, 'pass', 1, { nextcloud: '33.0.0' }], [2, 'pass', 1, { nextcloud: '33.0.1' }], [3, 'pass', 1, { nextcloud: '34.0.3' }]],
      withdrawn: { nextcloud: { '33.0.0': 'loses calendar data' } },
    },
    installed: { nextcloud: '32.0.5' },
    steps: [['nextcloud 32.0.5 → 33.0.1', ['needed for Nextcloud 34.0.3']], ['nextcloud 33.0.1 → 34.0.3', []]],
    held: [],
  },
  'a major that cannot be skipped: Nextcloud 32 → 33 → 34': {
    data: {
      releases: { nextcloud: ['32.0.5', '33.0.9', '34.0.3'], php: ['8.3.30'] },
      runs: [[1, 'pass', 1, { nextcloud: '33.0.9', php: '8.3.30' }], [2, 'pass', 1, { nextcloud: '34.0.3', php: '8.3.30' }]],
    },
    installed: { nextcloud: '32.0.5', php: '8.3.30' },
    steps: [['nextcloud 32.0.5 → 33.0.9', ['needed for Nextcloud 34.0.3']], ['nextcloud 33.0.9 → 34.0.3', []]],
    held: [],
  },
  'a major that cannot be skipped and has no tested release stops the app': {
    data: {
      releases: { nextcloud: ['32.0.5', '33.0.9', '34.0.3'] },
      runs: [[1, 'pass', 1, { nextcloud: '34.0.3' }]],
    },
    installed: { nextcloud: '32.0.5' },
    steps: [],
    held: [['nextcloud', '32.0.5', '34.0.3', '33.0.9 is untested: no run of 33.0.9 yet']],
  },
  'an app held by request': {
    data: {
      releases: { roundcube: ['1.6.12', '1.6.13'], php: ['8.2.33', '8.2.34'] },
      runs: [[1, 'pass', 1, { roundcube: '1.6.13', php: '8.2.34' }], [2, 'pass', 1, { php: '8.2.34' }]],
    },
    installed: { roundcube: '1.6.12', php: '8.2.33' },
    hold: ['roundcube'],
    steps: [['php 8.2.33 → 8.2.34', []]],
    held: [['roundcube', '1.6.12', '1.6.13', 'held by request']],
  },
  'a safe upgrade that would leave another app broken is not taken': {
    data: {
      releases: { nextcloud: ['33.0.8'], roundcube: ['1.6.12'], php: ['8.2.33', '8.3.30'] },
      runs: [
        [1, 'fail', 1, { roundcube: '1.6.12', php: '8.3.30' }, ['roundcube']],
        [2, 'pass', 2, { nextcloud: '33.0.8', php: '8.3.30' }],
      ],
    },
    installed: { nextcloud: '33.0.8', roundcube: '1.6.12', php: '8.2.33' },
    steps: [],
    held: [['php', '8.2.33', '8.3.30', '8.3.30 is safe, but it would leave Roundcube 1.6.12 broken: run 1 failed with PHP 8.3 (it blamed Roundcube)']],
  },
  'a patch release first, because the installed one breaks on the next PHP': {
    data: {
      releases: { nextcloud: ['33.0.8', '33.0.9'], php: ['8.2.33', '8.3.30'] },
      runs: [
        [1, 'fail', 1, { nextcloud: '33.0.8', php: '8.3.30' }, ['nextcloud']],
        [2, 'pass', 2, { nextcloud: '33.0.9', php: '8.2.33' }],
        [3, 'pass', 3, { nextcloud: '33.0.9', php: '8.3.30' }],
      ],
    },
    installed: { nextcloud: '33.0.8', php: '8.2.33' },
    steps: [['nextcloud 33.0.8 → 33.0.9', ['needed for PHP 8.3.30']], ['php 8.2.33 → 8.3.30', []]],
    held: [],
  },
  'two finals that exclude each other: each moves one app, and the first app in catalogue order wins': {
    data: {
      releases: { nextcloud: ['33.0.8', '33.0.9'], php: ['8.2.33', '8.3.30'] },
      runs: [
        [1, 'pass', 1, { nextcloud: '33.0.9', php: '8.2.33' }],
        [2, 'fail', 2, { nextcloud: '33.0.9', php: '8.3.30' }, ['nextcloud']],
        [3, 'pass', 3, { php: '8.3.30' }],
      ],
    },
    installed: { nextcloud: '33.0.8', php: '8.2.33' },
    steps: [['nextcloud 33.0.8 → 33.0.9', []]],
    held: [['php', '8.2.33', '8.3.30', '8.3.30 is safe, but it would leave Nextcloud 33.0.9 broken: run 2 failed with PHP 8.3 (it blamed Nextcloud)']],
  },
  'an app broken before the plan may stay broken while the others move': {
    data: {
      releases: { wordpress: ['6.8.1'], php: ['8.2.33', '8.3.30'] },
      runs: [[1, 'fail', 1, { wordpress: '6.8.1', php: '8.2.33' }], [2, 'fail', 1, { wordpress: '6.8.1', php: '8.3.30' }], [3, 'pass', 2, { php: '8.3.30' }]],
    },
    installed: { wordpress: '6.8.1', php: '8.2.33' },
    steps: [['php 8.2.33 → 8.3.30', []]],
    held: [],
  },
};

describe('the whole-stack plan', () => {
  it.each(Object.entries(rows))('%s', (_name, row) => {
    const plan = computePlan(testRegistry(row.data), { installed: row.installed, includePrereleases: false, hold: row.hold ?? [] }, now, { platform });
    expect(plan.steps.map((s) => [`${s.app} ${s.from} → ${s.to}`, s.unlocks])).toEqual(row.steps);
    expect(plan.held.map((h) => [h.app, h.at, h.newest, h.reason])).toEqual(row.held);
    expect(plan.complete).toBe(true);
  });

  it('quotes the deciding run of every step first', () => {
    const row = rows['a platform upgrade that unlocks an app: PHP first, because Nextcloud 34 fails on 8.2 and passes on 8.3']!;
    const plan = computePlan(testRegistry(row.data), { installed: row.installed, includePrereleases: false, hold: [] }, now, { platform });
    expect(plan.steps.map((s) => s.evidence[0])).toEqual([
      { run: 3, verdict: 'pass', testedAt: '2026-11-02T00:00:00.000Z', with: { nextcloud: '33' } },
      { run: 2, verdict: 'pass', testedAt: '2026-11-02T00:00:00.000Z', with: { php: '8.3' } },
    ]);
    expect(plan.final).toEqual({ nextcloud: '34.0.3', php: '8.3.30' });
  });

  it('lists unknown apps and versions like the check, and plans the rest', () => {
    const plan = computePlan(
      testRegistry({ releases: { php: ['8.2.33', '8.2.34'] }, runs: [[1, 'pass', 1, { php: '8.2.34' }]] }),
      { installed: { php: '8.2.33', nextcloud: 'not a version', mystery: '1.0' }, includePrereleases: false, hold: ['mystery'] },
      now,
    );
    expect(plan.unknown).toEqual({ apps: ['mystery'], versions: [{ app: 'nextcloud', version: 'not a version' }] });
    expect(plan.final).toEqual({ php: '8.2.34' });
  });

  it('takes prereleases only when asked to', () => {
    const data: TestData = { releases: { php: ['8.2.33', '8.3.0-rc.1'] }, runs: [[1, 'pass', 1, { php: '8.3.0-rc.1' }]] };
    const ask = (includePrereleases: boolean) => computePlan(testRegistry(data), { installed: { php: '8.2.33' }, includePrereleases, hold: [] }, now).final;
    expect(ask(false)).toEqual({ php: '8.2.33' });
    expect(ask(true)).toEqual({ php: '8.3.0-rc.1' });
  });
});

describe('security and support in the plan', () => {
  const supportPhp = (securitySupportEnd: string) => [
    { app: 'php', series: '8.2', origin: 'upstream' as const, releasedAt: '2022-12-08', activeSupportEnd: '2024-12-31', securitySupportEnd, lts: null, source: 'https://www.php.net/releases/states.php', note: null },
  ];
  const independent: TestData = {
    releases: { nextcloud: ['33.0.8', '33.0.9'], wordpress: ['6.7.0', '6.7.1'], php: ['8.3.30'] },
    runs: [[1, 'pass', 1, { nextcloud: '33.0.9', php: '8.3.30' }], [2, 'pass', 1, { wordpress: '6.7.1', php: '8.3.30' }]],
  };
  const installed = { nextcloud: '33.0.8', wordpress: '6.7.0', php: '8.3.30' };
  const stepsOf = (plan: ReturnType<typeof computePlan>) => plan.steps.map((s) => `${s.app} ${s.from} → ${s.to}${s.security ? ' (security)' : ''}`);

  it('puts an app whose upgrade fixes vulnerabilities first, and says so', () => {
    expect(stepsOf(computePlan(testRegistry(independent), { installed, includePrereleases: false, hold: [] }, now, { platform })))
      .toEqual(['nextcloud 33.0.8 → 33.0.9', 'wordpress 6.7.0 → 6.7.1']);
    const plan = computePlan(testRegistry({ ...independent, security: { wordpress: ['6.7.1'] } }), { installed, includePrereleases: false, hold: [] }, now, { platform });
    expect(stepsOf(plan)).toEqual(['wordpress 6.7.0 → 6.7.1 (security)', 'nextcloud 33.0.8 → 33.0.9']);
    expect(plan.security).toEqual(['wordpress']);
  });

  it('marks a step off a version upstream lists as vulnerable', () => {
    const plan = computePlan(testRegistry({ ...independent, insecure: { nextcloud: ['33.0.8'] } }), { installed, includePrereleases: false, hold: [] }, now, { platform });
    expect(stepsOf(plan)).toEqual(['nextcloud 33.0.8 → 33.0.9 (security)', 'wordpress 6.7.0 → 6.7.1']);
  });

  // Nextcloud 34 passes only on PHP 8.2, PHP 8.3 only with Nextcloud 33: two finals, neither newer everywhere.
  const either: TestData = {
    releases: { nextcloud: ['33.0.8', '34.0.3'], php: ['8.2.33', '8.3.30'] },
    runs: [
      [1, 'pass', 1, { nextcloud: '34.0.3', php: '8.2.33' }],
      [2, 'pass', 1, { nextcloud: '33.0.8', php: '8.3.30' }],
      [3, 'fail', 2, { nextcloud: '34.0.3', php: '8.3.30' }],
    ],
  };
  const server = { nextcloud: '33.0.8', php: '8.2.33' };

  it('prefers the final whose series are still supported when the evidence allows either', () => {
    const supported = computePlan(testRegistry({ ...either, support: supportPhp('2026-12-31') }), { installed: server, includePrereleases: false, hold: [] }, now, { platform });
    expect(stepsOf(supported)).toEqual(['nextcloud 33.0.8 → 34.0.3']);
    expect(supported.support?.php).toMatchObject({ series: '8.2', state: 'security', daysLeft: 36 });
    // PHP 8.2 past its end: move PHP instead, and Nextcloud stays on 33.
    const ended = computePlan(testRegistry({ ...either, support: supportPhp('2026-11-24') }), { installed: server, includePrereleases: false, hold: [] }, now, { platform });
    expect(stepsOf(ended)).toEqual(['php 8.2.33 → 8.3.30']);
    expect(ended.final).toEqual({ nextcloud: '33.0.8', php: '8.3.30' });
    expect(ended.held.map((h) => h.app)).toEqual(['nextcloud']);
  });

  it('never gives up a newer final for support: a final some other one dominates is not taken', () => {
    // Nextcloud 34's series marked ended (an admin may enter that): staying on 33 would have fewer
    // ended series, but 34 is newer with everything else equal, so the plan still goes there.
    const data: TestData = { releases: { nextcloud: ['33.0.8', '34.0.3'], php: ['8.2.33'] }, runs: [[1, 'pass', 1, { nextcloud: '34.0.3', php: '8.2.33' }]] };
    const support = [{ app: 'nextcloud', series: '34', origin: 'admin' as const, releasedAt: null, activeSupportEnd: null, securitySupportEnd: '2026-11-01', lts: null, source: 'alice', note: null }];
    const plan = computePlan(testRegistry({ ...data, support }), { installed: server, includePrereleases: false, hold: [] }, now, { platform });
    expect(stepsOf(plan)).toEqual(['nextcloud 33.0.8 → 34.0.3']);
    expect(plan.support?.nextcloud).toMatchObject({ state: 'ended', daysLeft: -24 });
  });
});
