import { describe, expect, it } from 'vitest';
import { computeAdvice } from './advice.ts';
import { testRegistry, type TestData } from './test-registry.ts';
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

  it('lists no evidence when untested', () => {
    expect(upgrade({}, nc28, 'nextcloud', '30.0.2')).toEqual({ version: '30.0.2', status: 'untested', direct: false });
  });

  it('lists the matching runs newest first, at most five, with the other apps by series', () => {
    const runs: TestData['runs'] = [];
    for (let i = 1; i <= 7; i++) runs.push([i, i % 2 ? 'pass' : 'fail', i, { nextcloud: '30.0.2', php: '8.2.26', mariadb: '11.4.4' }]);
    runs.push([8, 'fail', 9, { nextcloud: '30.0.2', php: '8.4.1' }]);
    const advice = upgrade({ runs }, nc28, 'nextcloud', '30.0.2');
    expect(advice.evidence?.map((e) => e.run)).toEqual([7, 6, 5, 4, 3]);
    expect(advice.evidence?.[0]).toEqual({ run: 7, testedAt: '2026-11-07T00:00:00.000Z', with: { php: '8.2', mariadb: '11.4' } });
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
