import { describe, expect, it } from 'vitest';
import { computeAdvice } from './advice.ts';
import { testApps, testRegistry, type TestData } from './test-registry.ts';
import type { Inventory, UpgradeAdvice } from './types.ts';

const now = new Date('2026-11-25T10:00:00Z');

const releases = {
  nextcloud: ['28.0.4', '29.0.8', '29.0.9', '30.0.1', '30.0.2', '31.0.0-rc.1'],
  roundcube: ['1.6.9', '1.7.0'],
  php: ['8.0.30', '8.1.31', '8.2.18', '8.2.26', '8.3.14', '8.4.1'],
  mariadb: ['10.11.10', '11.4.4'],
};

function upgrade(data: Omit<TestData, 'releases'>, installed: Inventory, app: string, version: string): UpgradeAdvice {
  const advice = computeAdvice(testRegistry({ releases, ...data }), { installed, includePrereleases: false }, now);
  const found = advice.apps.find((a) => a.app === app)?.upgrades.find((u) => u.version === version);
  if (!found) throw new Error(`no candidate ${app} ${version}`);
  return found;
}

const nc28 = { nextcloud: '28.0.4', php: '8.2.18' };

describe('clause 1: a run matches when it has the candidate and agrees on the series of every other app in both', () => {
  const cases: Array<[string, TestData['runs'], string, string, string]> = [
    ['same candidate, other app in the same series (different patch)', [[1, 'pass', 1, { nextcloud: '30.0.2', php: '8.2.26' }]], 'nextcloud', '30.0.2', 'safe'],
    ['other app in another series', [[1, 'pass', 1, { nextcloud: '30.0.2', php: '8.3.14' }]], 'nextcloud', '30.0.2', 'untested'],
    ['another version of the candidate app', [[1, 'pass', 1, { nextcloud: '30.0.1', php: '8.2.26' }]], 'nextcloud', '30.0.2', 'untested'],
    ['run without an app the inventory has', [[1, 'pass', 1, { nextcloud: '30.0.2' }]], 'nextcloud', '30.0.2', 'safe'],
    ['run with an app the inventory lacks', [[1, 'pass', 1, { nextcloud: '30.0.2', php: '8.2.26', mariadb: '11.4.4' }]], 'nextcloud', '30.0.2', 'safe'],
    ['series of one part: nextcloud 29 is not 28', [[1, 'pass', 1, { php: '8.3.14', nextcloud: '29.0.9' }]], 'php', '8.3.14', 'untested'],
    ['series of one part: nextcloud 28.0.4 agrees with 28', [[1, 'pass', 1, { php: '8.3.14', nextcloud: '28.0.4' }]], 'php', '8.3.14', 'safe'],
  ];
  it.each(cases)('%s', (_name, runs, app, version, status) => {
    expect(upgrade({ runs }, nc28, app, version).status).toBe(status);
  });
});

describe('clause 2: the most recently tested matching run decides', () => {
  const cases: Array<[string, TestData['runs'], string, number]> = [
    ['a later pass overrides an earlier fail', [[1, 'fail', 1, { nextcloud: '30.0.2', php: '8.2.26' }], [2, 'pass', 2, { nextcloud: '30.0.2', php: '8.2.18' }]], 'safe', 2],
    ['a later fail overrides an earlier pass', [[1, 'pass', 1, { nextcloud: '30.0.2', php: '8.2.26' }], [2, 'fail', 2, { nextcloud: '30.0.2', php: '8.2.18' }]], 'broken', 2],
    ['order by testedAt, not by id', [[2, 'pass', 1, { nextcloud: '30.0.2' }], [1, 'fail', 2, { nextcloud: '30.0.2' }]], 'broken', 1],
    ['same testedAt: the later recorded (higher id) decides', [[1, 'pass', 3, { nextcloud: '30.0.2' }], [2, 'fail', 3, { nextcloud: '30.0.2' }]], 'broken', 2],
    ['a later run that does not match is ignored', [[1, 'pass', 1, { nextcloud: '30.0.2', php: '8.2.26' }], [2, 'fail', 2, { nextcloud: '30.0.2', php: '8.3.14' }]], 'safe', 1],
  ];
  it.each(cases)('%s', (_name, runs, status, decider) => {
    const advice = upgrade({ runs }, nc28, 'nextcloud', '30.0.2');
    expect(advice.status).toBe(status);
    expect(advice.evidence?.[0]?.run).toBe(decider);
  });

  it('lists no evidence when untested, and says no run exists', () => {
    expect(upgrade({}, nc28, 'nextcloud', '30.0.2')).toEqual({ version: '30.0.2', status: 'untested', direct: false, reason: 'no run of 30.0.2 yet' });
  });

  it('lists the relevant runs newest first, at most five, with the other apps by series and what each failure blamed', () => {
    const runs: TestData['runs'] = [];
    for (let i = 1; i <= 7; i++) runs.push(i % 2 ? [i, 'pass', i, { nextcloud: '30.0.2', php: '8.2.26', mariadb: '11.4.4' }] : [i, 'fail', i, { nextcloud: '30.0.2', php: '8.2.26', mariadb: '11.4.4' }, ['nextcloud']]);
    runs.push([8, 'fail', 9, { nextcloud: '30.0.2', php: '8.4.1' }]);
    const advice = upgrade({ runs }, nc28, 'nextcloud', '30.0.2');
    expect(advice.evidence?.map((e) => e.run)).toEqual([7, 6, 5, 4, 3]);
    expect(advice.evidence?.[0]).toEqual({ run: 7, verdict: 'pass', testedAt: '2026-11-07T00:00:00.000Z', with: { php: '8.2', mariadb: '11.4' } });
    expect(advice.evidence?.[1]).toEqual({ run: 6, verdict: 'fail', testedAt: '2026-11-06T00:00:00.000Z', with: { php: '8.2', mariadb: '11.4' }, failed: ['nextcloud'] });
  });
});

describe('clause 1c: a failure counts only on a server that runs everything it blames', () => {
  const server = { nextcloud: '31.0.14', php: '8.2.33', debian: '12.11' };
  const registry = { nextcloud: ['31.0.14', '31.0.15'], dolibarr: ['22.0.0'], php: ['8.2.33', '8.2.34', '8.3.30'], debian: ['12.11', '12.12'], mariadb: ['10.11.14'] };
  function status(runs: TestData['runs'], installed: Inventory, app: string, version: string): UpgradeAdvice {
    const advice = computeAdvice(testRegistry({ releases: registry, runs }), { installed, includePrereleases: false }, now);
    const found = advice.apps.find((a) => a.app === app)?.upgrades.find((u) => u.version === version);
    if (!found) throw new Error(`no candidate ${app} ${version}`);
    return found;
  }
  const cases: Array<[string, TestData['runs'], Inventory, string, string, string]> = [
    ['a failure naming no component blames all of them: not on a server without one of them',
      [[1, 'fail', 2, { dolibarr: '22.0.0', php: '8.2.34', debian: '12.11' }]], server, 'php', '8.2.34', 'untested'],
    ['…but on a server that runs all of them',
      [[1, 'fail', 2, { dolibarr: '22.0.0', php: '8.2.34', debian: '12.11' }]], { ...server, dolibarr: '22.0.0' }, 'php', '8.2.34', 'broken'],
    ['a failure blamed on what the server runs counts though the run has more',
      [[1, 'fail', 2, { nextcloud: '31.0.15', php: '8.2.33', mariadb: '10.11.14' }, ['nextcloud']]], server, 'nextcloud', '31.0.15', 'broken'],
    ['a failure blamed on an app the server does not run does not count',
      [[1, 'fail', 2, { nextcloud: '31.0.15', php: '8.2.33', mariadb: '10.11.14' }, ['mariadb']]], server, 'nextcloud', '31.0.15', 'untested'],
    ['blame decides relevance, not guilt: a failure blamed on Nextcloud makes PHP broken where that Nextcloud runs',
      [[1, 'fail', 2, { nextcloud: '31.0.14', php: '8.3.30' }, ['nextcloud']]], server, 'php', '8.3.30', 'broken'],
    ['a blamed app at another series on the server does not count (clause 1b)',
      [[1, 'fail', 2, { nextcloud: '31.0.15', php: '8.3.30' }, ['nextcloud']]], server, 'nextcloud', '31.0.15', 'untested'],
    ['a pass with more apps than the server runs still counts',
      [[1, 'pass', 2, { nextcloud: '31.0.15', php: '8.2.33', mariadb: '10.11.14', dolibarr: '22.0.0' }]], server, 'nextcloud', '31.0.15', 'safe'],
    ['a later failure blamed elsewhere does not override an earlier pass',
      [[1, 'pass', 1, { php: '8.2.34', debian: '12.11' }], [2, 'fail', 2, { dolibarr: '22.0.0', php: '8.2.34', debian: '12.11' }]], server, 'php', '8.2.34', 'safe'],
  ];
  it.each(cases)('%s', (_name, runs, installed, app, version, expected) => {
    expect(status(runs, installed, app, version).status).toBe(expected);
  });

  it('reproduces the report: a Dolibarr failure leaves PHP and Debian safe on a server without Dolibarr, with evidence', () => {
    const runs: TestData['runs'] = [
      [1, 'pass', 1, { nextcloud: '31.0.14', php: '8.2.33', debian: '12.11' }],
      [2, 'fail', 2, { dolibarr: '22.0.0', php: '8.2.33', debian: '12.11' }],
    ];
    const advice = computeAdvice(testRegistry({ releases: registry, runs }), { installed: server, includePrereleases: false }, now);
    for (const app of advice.apps) {
      expect(app.installedStatus).toBe('safe');
      expect(app.installedEvidence?.map((e) => e.run)).toEqual([1]);
    }
  });
});

describe('every verdict says why', () => {
  it('names the app where the nearest run differs from the server (the wrong-why report)', () => {
    const apps = [...testApps, { id: 'collabora', name: 'Collabora Online', series: 2, versioning: 'collabora' as const, policy: {} }];
    const registry = testRegistry({
      apps,
      releases: { nextcloud: ['31.0.14', '33.0.8'], collabora: ['25.04.5-1', '25.04.5-2'], php: ['8.2.33'], debian: ['12.11'], mariadb: ['10.11.14'] },
      runs: [[7, 'pass', 3, { collabora: '25.04.5-2', nextcloud: '33.0.8', php: '8.2.33', debian: '12.11', mariadb: '10.11.14' }]],
    });
    const installed = { nextcloud: '31.0.14', collabora: '25.04.5-1', php: '8.2.33', debian: '12.11', mariadb: '10.11.14' };
    const advice = computeAdvice(registry, { installed, includePrereleases: false }, now);
    const collabora = advice.apps.find((a) => a.app === 'collabora')!;
    expect(collabora.upgrades[0]).toMatchObject({ version: '25.04.5-2', status: 'untested', reason: 'tested only with Nextcloud 33 (run 7); this server runs Nextcloud 31' });
    expect(collabora.installedStatus).toBe('untested');
    expect(collabora.installedReason).toBe('no run of 25.04.5-1 yet');
  });

  it('says when the nearest run is a failure blamed on an app the server does not run', () => {
    const registry = testRegistry({ releases: { nextcloud: ['31.0.14'], dolibarr: ['22.0.0'], php: ['8.2.33', '8.2.34'] }, runs: [[3, 'fail', 1, { dolibarr: '22.0.0', php: '8.2.34' }]] });
    const advice = computeAdvice(registry, { installed: { nextcloud: '31.0.14', php: '8.2.33' }, includePrereleases: false }, now);
    expect(advice.apps.find((a) => a.app === 'php')!.upgrades[0]).toMatchObject({ status: 'untested', reason: 'run 3 failed with Dolibarr 22.0, which this server does not run' });
  });

  it('gives the installed version its evidence or its reason like any candidate', () => {
    const registry = testRegistry({
      releases: { nextcloud: ['29.0.16', '30.0.1'], php: ['8.4.24'] },
      runs: [[1, 'fail', 1, { nextcloud: '30.0.1', php: '8.4.24' }]],
      constraints: [{ appId: 'nextcloud', range: '<30', requiresAppId: 'php', requiresRange: '<8.4', reason: 'Nextcloud before 30 does not run on PHP 8.4' }],
    });
    const blocked = computeAdvice(registry, { installed: { nextcloud: '29.0.16', php: '8.4.24' }, includePrereleases: false }, now).apps[0]!;
    expect(blocked).toMatchObject({ installedStatus: 'blocked', installedReason: 'Nextcloud before 30 does not run on PHP 8.4' });
    const broken = computeAdvice(registry, { installed: { nextcloud: '30.0.1', php: '8.4.24' }, includePrereleases: false }, now).apps[0]!;
    expect(broken).toMatchObject({ installedStatus: 'broken', installedEvidence: [{ run: 1, verdict: 'fail', failed: ['nextcloud', 'php'] }] });
    expect(broken.installedReason).toBeUndefined();
  });
});

describe('clause 3: a constraint broken by the upgraded inventory blocks, outranking runs', () => {
  const roundcubeNeedsPhp81 = { appId: 'roundcube', range: '>=1.7.0', requiresAppId: 'php', requiresRange: '>=8.1', reason: 'Roundcube 1.7 needs PHP 8.1' };
  const oldNextcloudNeedsOldPhp = { appId: 'nextcloud', range: '<30', requiresAppId: 'php', requiresRange: '<8.4', reason: 'Nextcloud before 30 does not run on PHP 8.4' };
  const cases: Array<[string, TestData['constraints'], Inventory, string, string, string]> = [
    ['candidate as X, Y outside its range', [roundcubeNeedsPhp81], { roundcube: '1.6.9', php: '8.0.30' }, 'roundcube', '1.7.0', 'blocked'],
    ['candidate as X, Y at the bottom of its range', [roundcubeNeedsPhp81], { roundcube: '1.6.9', php: '8.1.0' }, 'roundcube', '1.7.0', 'untested'],
    ['candidate as X, X below the range', [roundcubeNeedsPhp81], { roundcube: '1.6.0', php: '8.0.30' }, 'roundcube', '1.6.9', 'untested'],
    ['candidate as X, Y not installed', [roundcubeNeedsPhp81], { roundcube: '1.6.9' }, 'roundcube', '1.7.0', 'untested'],
    ['candidate as Y, moved outside the range', [oldNextcloudNeedsOldPhp], { nextcloud: '29.0.9', php: '8.3.14' }, 'php', '8.4.1', 'blocked'],
    ['candidate as Y, X outside its range', [oldNextcloudNeedsOldPhp], { nextcloud: '30.0.2', php: '8.3.14' }, 'php', '8.4.1', 'untested'],
    ['constraint not involving the candidate app is ignored', [oldNextcloudNeedsOldPhp], { nextcloud: '29.0.9', php: '8.4.1', roundcube: '1.6.9' }, 'roundcube', '1.7.0', 'untested'],
    ['upgrading X out of its range lifts the block', [oldNextcloudNeedsOldPhp], { nextcloud: '29.0.9', php: '8.4.1' }, 'nextcloud', '30.0.1', 'untested'],
    ['upgrading X within its range stays blocked', [oldNextcloudNeedsOldPhp], { nextcloud: '28.0.4', php: '8.4.1' }, 'nextcloud', '29.0.9', 'blocked'],
  ];
  it.each(cases)('%s', (_name, constraints, installed, app, version, status) => {
    expect(upgrade({ constraints }, installed, app, version).status).toBe(status);
  });

  it('outranks a passing run and gives the constraint reason', () => {
    const advice = upgrade(
      { constraints: [roundcubeNeedsPhp81], runs: [[1, 'pass', 1, { roundcube: '1.7.0', php: '8.0.30' }]] },
      { roundcube: '1.6.9', php: '8.0.30' }, 'roundcube', '1.7.0',
    );
    expect(advice).toEqual({ version: '1.7.0', status: 'blocked', direct: true, reason: 'Roundcube 1.7 needs PHP 8.1' });
  });

  it('gives the reason of the lowest-id constraint when several block', () => {
    const advice = upgrade(
      { constraints: [{ ...roundcubeNeedsPhp81, id: 9, reason: 'nine' }, { ...roundcubeNeedsPhp81, id: 4, reason: 'four' }] },
      { roundcube: '1.6.9', php: '8.0.30' }, 'roundcube', '1.7.0',
    );
    expect(advice.reason).toBe('four');
  });
});

describe('clause 4: a withdrawn release is withdrawn, outranking everything', () => {
  it('outranks a blocking constraint and a passing run', () => {
    const advice = upgrade(
      {
        withdrawn: { roundcube: { '1.7.0': 'data loss on upgrade' } },
        constraints: [{ appId: 'roundcube', range: '>=1.7.0', requiresAppId: 'php', requiresRange: '>=8.1' }],
        runs: [[1, 'pass', 1, { roundcube: '1.7.0', php: '8.0.30' }]],
      },
      { roundcube: '1.6.9', php: '8.0.30' }, 'roundcube', '1.7.0',
    );
    expect(advice).toEqual({ version: '1.7.0', status: 'withdrawn', direct: true, reason: 'data loss on upgrade' });
  });

  it('says so when withdrawn without a reason', () => {
    expect(upgrade({ withdrawn: { roundcube: { '1.7.0': null } } }, { roundcube: '1.6.9' }, 'roundcube', '1.7.0').reason).toBe('withdrawn by an admin');
  });

  it('is never latestSafe', () => {
    const registry = testRegistry({ releases, withdrawn: { roundcube: { '1.7.0': 'bad' } }, runs: [[1, 'pass', 1, { roundcube: '1.7.0' }]] });
    const [app] = computeAdvice(registry, { installed: { roundcube: '1.6.9' }, includePrereleases: false }, now).apps;
    expect(app?.latestSafe).toBeNull();
    expect(app?.latest).toBe('1.7.0');
  });
});
