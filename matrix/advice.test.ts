import { describe, expect, it } from 'vitest';
import { computeAdvice, requestKey, resolveInventory } from './advice.ts';
import { testRegistry, type TestData } from './test-registry.ts';
import type { AppAdvice, Inventory } from './types.ts';

const now = new Date('2026-11-25T10:00:00Z');

const releases = {
  nextcloud: ['28.0.4', '28.0.14', '29.0.8', '29.0.9', '30.0.2', '31.0.0-rc.1'],
  wordpress: ['6.6.2', '6.7.0', '6.7.1'],
  php: ['8.2.18', '8.2.26', '8.3.14'],
};

function advise(data: Omit<TestData, 'releases'>, installed: Inventory, includePrereleases = false) {
  return computeAdvice(testRegistry({ releases, ...data }), { installed, includePrereleases }, now);
}

function appAdvice(data: Omit<TestData, 'releases'>, installed: Inventory, app: string, includePrereleases = false): AppAdvice {
  const found = advise(data, installed, includePrereleases).apps.find((a) => a.app === app);
  if (!found) throw new Error(`no advice for ${app}`);
  return found;
}

const safeNc: TestData['runs'] = [
  [1, 'pass', 1, { nextcloud: '30.0.2', php: '8.2.26' }],
  [2, 'pass', 2, { nextcloud: '29.0.9', php: '8.2.26' }],
  [3, 'fail', 3, { nextcloud: '29.0.8', php: '8.2.26' }],
];

describe('the example of API.md', () => {
  it('answers as documented', () => {
    const advice = advise({ runs: safeNc }, { nextcloud: '28.0.4', php: '8.2.18' });
    expect(advice.generatedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(advice.unknown).toEqual({ apps: [], versions: [] });
    const nextcloud = advice.apps[0]!;
    expect(nextcloud).toMatchObject({
      app: 'nextcloud', installed: '28.0.4', installedStatus: 'untested', latest: '30.0.2', latestSafe: '30.0.2',
      nextStep: '29.0.9', path: ['29.0.9', '30.0.2'], pathComplete: true,
    });
    expect(nextcloud.upgrades.map((u) => [u.version, u.status, u.direct, u.evidence?.[0]?.run])).toEqual([
      ['30.0.2', 'safe', false, 1],
      ['29.0.9', 'safe', true, 2],
      ['29.0.8', 'broken', true, 3],
      ['28.0.14', 'untested', true, undefined],
    ]);
  });
});

describe('upstream\'s insecure flag', () => {
  it('marks the installed version and the candidates upstream lists as insecure, without changing any status', () => {
    const runs: TestData['runs'] = [[1, 'pass', 1, { wordpress: '6.7.0', php: '8.2.26' }]];
    const plain = appAdvice({ runs }, { wordpress: '6.6.2', php: '8.2.26' }, 'wordpress');
    const flagged = appAdvice({ runs, insecure: { wordpress: ['6.6.2', '6.7.0'] } }, { wordpress: '6.6.2', php: '8.2.26' }, 'wordpress');
    expect(plain.installedInsecure).toBeUndefined();
    expect(flagged.installedInsecure).toBe(true);
    expect(flagged.upgrades.map((u) => [u.version, u.status, u.insecure])).toEqual([['6.7.1', 'untested', undefined], ['6.7.0', 'safe', true]]);
    // The flag is information: the rule, the path and every status stay as they were.
    expect(flagged.security).toEqual({
      installedInsecure: true, fixes: [], upgradeTo: '6.7.0', reason: 'upstream lists 6.6.2 as vulnerable; 6.7.0 is safe here',
    });
    const { installedInsecure: _flag, security: _security, upgrades: flaggedUpgrades, ...flaggedRest } = flagged;
    const { upgrades: plainUpgrades, ...plainRest } = plain;
    expect(flaggedRest).toEqual(plainRest);
    expect(flaggedUpgrades.map(({ insecure: _insecure, ...u }) => u)).toEqual(plainUpgrades);
  });
});

describe('security urgency', () => {
  const runs: TestData['runs'] = [
    [1, 'pass', 1, { wordpress: '6.7.0', php: '8.2.26' }],
    [2, 'fail', 2, { wordpress: '6.7.1', php: '8.2.26' }],
  ];

  it('is absent when nothing is flagged', () => {
    expect(appAdvice({ runs }, { wordpress: '6.6.2', php: '8.2.26' }, 'wordpress').security).toBeUndefined();
  });

  it('names a security fix the upgrade to the highest safe release takes', () => {
    const advice = appAdvice({ runs, security: { wordpress: ['6.7.0'] } }, { wordpress: '6.6.2', php: '8.2.26' }, 'wordpress');
    expect(advice.security).toEqual({ installedInsecure: false, fixes: ['6.7.0'], upgradeTo: '6.7.0', reason: '6.7.0 fixes vulnerabilities and is safe here' });
  });

  it('is not urgent for a fix above every safe release: that upgrade is not confirmed', () => {
    // 6.7.1 fixes something but broke here; 6.7.0 is safe and carries no fix.
    expect(appAdvice({ runs, security: { wordpress: ['6.7.1'] } }, { wordpress: '6.6.2', php: '8.2.26' }, 'wordpress').security).toBeUndefined();
  });

  it('says so when upstream flags the installed version and nothing safe is confirmed', () => {
    const advice = appAdvice({ runs: [], insecure: { wordpress: ['6.6.2'] } }, { wordpress: '6.6.2', php: '8.2.26' }, 'wordpress');
    expect(advice.security).toEqual({
      installedInsecure: true, fixes: [], upgradeTo: null, reason: 'upstream lists 6.6.2 as vulnerable; no upgrade is confirmed safe for this server yet',
    });
  });
});

describe('support of the series', () => {
  const support = [
    { app: 'php', series: '8.2', origin: 'upstream' as const, releasedAt: '2022-12-08', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-12-31', lts: null, source: 'https://www.php.net/releases/states.php', note: null },
    { app: 'php', series: '8.3', origin: 'upstream' as const, releasedAt: '2023-11-23', activeSupportEnd: '2025-12-31', securitySupportEnd: '2027-12-31', lts: null, source: 'https://www.php.net/releases/states.php', note: null },
  ];
  const runs: TestData['runs'] = [[1, 'pass', 1, { php: '8.3.14', nextcloud: '30.0.2' }]];

  it('gives the installed series its dates, days left and the newer series confirmed here', () => {
    const advice = appAdvice({ runs, support }, { php: '8.2.26', nextcloud: '30.0.2' }, 'php');
    // 2026-11-25 → 2026-12-31: 36 days.
    expect(advice.installedSupport).toEqual({
      series: '8.2', state: 'security', releasedAt: '2022-12-08', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-12-31', lts: null, daysLeft: 36,
      // 8.3's active support ended on 2025-12-31 too: security fixes only, until 2027-12-31.
      newerSeries: { series: '8.3', version: '8.3.14', state: 'security' },
    });
    expect(advice.upgrades.find((u) => u.version === '8.3.14')?.support).toMatchObject({ series: '8.3', state: 'security', daysLeft: 401 });
  });

  it('leaves out what is not known', () => {
    const advice = appAdvice({ runs, support }, { php: '8.2.26', nextcloud: '30.0.2' }, 'nextcloud');
    expect(advice.installedSupport).toBeUndefined();
  });

  it('lets an admin\'s date win over upstream\'s, field by field', () => {
    const admin = { ...support[0]!, origin: 'admin' as const, releasedAt: null, activeSupportEnd: null, securitySupportEnd: '2025-12-31', source: 'alice' };
    const advice = appAdvice({ runs, support: [...support, admin] }, { php: '8.2.26', nextcloud: '30.0.2' }, 'php');
    expect(advice.installedSupport).toMatchObject({ state: 'ended', releasedAt: '2022-12-08', securitySupportEnd: '2025-12-31', daysLeft: -329 });
  });
});

describe('clause 5: prereleases are candidates only when asked for', () => {
  it('leaves them out by default, also from latest', () => {
    const nextcloud = appAdvice({}, { nextcloud: '30.0.2' }, 'nextcloud');
    expect(nextcloud.upgrades).toEqual([]);
    expect(nextcloud.latest).toBe('30.0.2');
  });

  it('includes them with includePrereleases', () => {
    const nextcloud = appAdvice({ runs: [[1, 'pass', 1, { nextcloud: '31.0.0-rc.1' }]] }, { nextcloud: '30.0.2' }, 'nextcloud', true);
    expect(nextcloud.upgrades.map((u) => [u.version, u.status])).toEqual([['31.0.0-rc.1', 'safe']]);
    expect(nextcloud).toMatchObject({ latest: '31.0.0-rc.1', latestSafe: '31.0.0-rc.1', path: ['31.0.0-rc.1'] });
  });

  it('offers the final release to a server running its prerelease', () => {
    const registry = testRegistry({ releases: { nextcloud: ['31.0.0-rc.1', '31.0.0'] } });
    const [nextcloud] = computeAdvice(registry, { installed: { nextcloud: '31.0.0rc1' }, includePrereleases: false }, now).apps;
    expect(nextcloud?.installed).toBe('31.0.0-rc.1');
    expect(nextcloud?.upgrades.map((u) => u.version)).toEqual(['31.0.0']);
  });
});

describe('clause 6: the policy decides which steps are direct, not the status', () => {
  const cases: Array<[string, string, string, boolean]> = [
    ['same major', '28.0.4', '28.0.14', true],
    ['one major up, the most maxMajorStep 1 allows', '28.0.4', '29.0.9', true],
    ['two majors up', '28.0.4', '30.0.2', false],
  ];
  it.each(cases)('%s', (_name, installed, version, direct) => {
    const nextcloud = appAdvice({ runs: safeNc }, { nextcloud: installed }, 'nextcloud');
    const candidate = nextcloud.upgrades.find((u) => u.version === version);
    expect(candidate?.direct).toBe(direct);
    if (version === '30.0.2') expect(candidate?.status).toBe('safe');
  });

  it('makes every step direct without a policy', () => {
    const wordpress = appAdvice({ runs: [[1, 'pass', 1, { wordpress: '6.7.1' }]] }, { wordpress: '6.6.2' }, 'wordpress');
    expect(wordpress.upgrades.every((u) => u.direct)).toBe(true);
    expect(wordpress.path).toEqual(['6.7.1']);
  });
});

describe('latestSafe, path and nextStep', () => {
  it('steps through the highest safe direct candidate of each major', () => {
    const nextcloud = appAdvice({ runs: [...safeNc, [4, 'pass', 4, { nextcloud: '28.0.14' }]] }, { nextcloud: '28.0.4' }, 'nextcloud');
    expect(nextcloud.path).toEqual(['29.0.9', '30.0.2']);
  });

  it('stops where no safe direct step exists, with pathComplete false', () => {
    const nextcloud = appAdvice({ runs: [[1, 'pass', 1, { nextcloud: '30.0.2' }], [2, 'pass', 1, { nextcloud: '28.0.14' }]] }, { nextcloud: '28.0.4' }, 'nextcloud');
    expect(nextcloud).toMatchObject({ latestSafe: '30.0.2', path: ['28.0.14'], nextStep: '28.0.14', pathComplete: false });
  });

  it('stops at once when even the first step has no safe candidate', () => {
    const nextcloud = appAdvice({ runs: [[1, 'pass', 1, { nextcloud: '30.0.2' }]] }, { nextcloud: '28.0.4' }, 'nextcloud');
    expect(nextcloud).toMatchObject({ latestSafe: '30.0.2', path: [], nextStep: null, pathComplete: false });
  });

  it('has an empty, complete path when nothing is safe', () => {
    const nextcloud = appAdvice({ runs: [[1, 'fail', 1, { nextcloud: '30.0.2' }]] }, { nextcloud: '28.0.4' }, 'nextcloud');
    expect(nextcloud).toMatchObject({ latestSafe: null, path: [], nextStep: null, pathComplete: true });
  });

  it('ignores a safe step above latestSafe: there is none, latestSafe is the highest', () => {
    const nextcloud = appAdvice({ runs: [[1, 'pass', 1, { nextcloud: '29.0.8' }], [2, 'fail', 1, { nextcloud: '29.0.9' }]] }, { nextcloud: '28.0.4' }, 'nextcloud');
    expect(nextcloud).toMatchObject({ latestSafe: '29.0.8', path: ['29.0.8'], pathComplete: true });
  });
});

describe('installedStatus: the installed version judged by the same rule', () => {
  const cases: Array<[string, Omit<TestData, 'releases'>, string]> = [
    ['broken by a failing run with the same series', { runs: [[1, 'fail', 1, { nextcloud: '28.0.4', php: '8.2.26' }]] }, 'broken'],
    ['not decided by a run with another series', { runs: [[1, 'fail', 1, { nextcloud: '28.0.4', php: '8.3.14' }]] }, 'untested'],
    ['safe', { runs: [[1, 'pass', 1, { nextcloud: '28.0.4' }]] }, 'safe'],
    ['withdrawn', { withdrawn: { nextcloud: { '28.0.4': 'bad' } } }, 'withdrawn'],
    ['blocked', { constraints: [{ appId: 'nextcloud', range: '<29', requiresAppId: 'php', requiresRange: '<8.2' }] }, 'blocked'],
  ];
  it.each(cases)('%s', (_name, data, status) => {
    expect(appAdvice(data, { nextcloud: '28.0.4', php: '8.2.18' }, 'nextcloud').installedStatus).toBe(status);
  });

  it('says why the installed version is withdrawn, and gives no reason for a safe one', () => {
    expect(appAdvice({ withdrawn: { nextcloud: { '28.0.4': 'corrupts shares' } } }, { nextcloud: '28.0.4' }, 'nextcloud').installedReason).toBe('corrupts shares');
    // As a client reads it: the field is left out of the JSON.
    const safe = JSON.parse(JSON.stringify(appAdvice({ runs: [[1, 'pass', 1, { nextcloud: '28.0.4' }]] }, { nextcloud: '28.0.4' }, 'nextcloud')));
    expect(safe).not.toHaveProperty('installedReason');
  });
});

describe('inventories as typed by people', () => {
  it('normalises loose versions through the app scheme', () => {
    const advice = advise({}, { wordpress: '6.7', nextcloud: 'v28.0.4', php: ' 8.2.18 ' });
    expect(advice.apps.map((a) => [a.app, a.installed])).toEqual([['nextcloud', '28.0.4'], ['wordpress', '6.7.0'], ['php', '8.2.18']]);
    expect(advice.unknown.versions).toEqual([]);
  });

  it('lists unknown apps and versions and still advises on a readable unknown version', () => {
    const advice = advise({}, { zz: '1', nextcloud: '28.0.5', php: 'eight', aa: '2' });
    expect(advice.unknown).toEqual({ apps: ['aa', 'zz'], versions: [{ app: 'nextcloud', version: '28.0.5' }, { app: 'php', version: 'eight' }] });
    expect(advice.apps.map((a) => a.app)).toEqual(['nextcloud']);
    expect(advice.apps[0]).toMatchObject({ installed: '28.0.5', installedStatus: 'untested', latest: '30.0.2' });
    expect(advice.apps[0]?.upgrades.map((u) => u.version)).toEqual(['30.0.2', '29.0.9', '29.0.8', '28.0.14']);
  });

  it('advises nothing newer for the newest version, or for one past everything known', () => {
    const advice = advise({}, { php: '8.3.14', wordpress: '7.0' });
    expect(advice.apps.map((a) => [a.app, a.latest, a.upgrades.length, a.pathComplete])).toEqual([['wordpress', '6.7.1', 0, true], ['php', '8.3.14', 0, true]]);
  });

  it('gives equal request keys for equal inventories however they are written', () => {
    const registry = testRegistry({ releases });
    const a = requestKey(resolveInventory(registry, { php: '8.2.18', nextcloud: 'v28.0.4', x: '1' }), false);
    const b = requestKey(resolveInventory(registry, { x: '2', nextcloud: '28.0.4', php: '8.2.18' }), false);
    expect(a).toBe(b);
    expect(requestKey(resolveInventory(registry, { nextcloud: '28.0.4' }), true)).not.toBe(requestKey(resolveInventory(registry, { nextcloud: '28.0.4' }), false));
    expect(requestKey(resolveInventory(registry, { php: 'x' }), false)).not.toBe(requestKey(resolveInventory(registry, { php: 'y' }), false));
  });
});

describe('versions compare by the app scheme, never as strings', () => {
  const apps = [
    { id: 'friendica', name: 'Friendica', series: 2, versioning: 'calver' as const, policy: {} },
    { id: 'debian', name: 'Debian', series: 1, versioning: 'debian' as const, policy: {} },
    { id: 'roundcube', name: 'Roundcube', series: 2, versioning: 'semver' as const, policy: {} },
  ];
  const registry = testRegistry({
    apps,
    releases: { friendica: ['2024.03', '2024.08', '2024.08-1', '2024.12'], debian: ['11.11', '12.8'], roundcube: ['1.6.9', '1.6.10'] },
    runs: [[1, 'pass', 1, { friendica: '2024.08-1', debian: '12.8' }], [2, 'pass', 1, { roundcube: '1.6.10', debian: '11.11' }]],
  });

  it('reads loose spellings in each scheme and orders hotfixes after their release', () => {
    const advice = computeAdvice(registry, { installed: { friendica: '2024.8', debian: '12.8', roundcube: '1.6.9' }, includePrereleases: false }, now);
    expect(advice.apps.map((a) => [a.app, a.installed, a.upgrades.map((u) => `${u.version}:${u.status}`)])).toEqual([
      ['friendica', '2024.08', ['2024.12:untested', '2024.08-1:safe']],
      ['debian', '12.8', []],
      ['roundcube', '1.6.9', ['1.6.10:untested']],
    ]);
    expect(advice.apps[0]?.latestSafe).toBe('2024.08-1');
  });
});

describe('runs kept as evidence across checks', () => {
  const runs: TestData['runs'] = [
    [1, 'pass', 1, { nextcloud: '30.0.2', php: '8.2.26' }],
    [2, 'pass', 2, { nextcloud: '29.0.9', php: '8.2.26', wordpress: '6.7.1' }],
    [3, 'fail', 3, { nextcloud: '29.0.8', php: '8.2.26' }, ['php']],
    [4, 'pass', 4, { wordpress: '6.7.1', php: '8.2.26' }],
    [5, 'pass', 5, { wordpress: '6.7.0', php: '8.3.14' }],
    [6, 'pass', 6, { php: '8.3.14', nextcloud: '30.0.2' }],
  ];
  const inventories: Inventory[] = [
    { nextcloud: '28.0.4', php: '8.2.26', wordpress: '6.6.2' },
    { nextcloud: '28.0.4', php: '8.2.18', wordpress: '6.6.2' },
    { nextcloud: '29.0.8', php: '8.3.14', wordpress: '6.7.0' },
  ];

  it('are at most twice the limit (two generations), and the answers stay the same', () => {
    const bounded = testRegistry({ releases, runs });
    bounded.quoted.limit = 1;
    const unbounded = testRegistry({ releases, runs });
    for (const round of [1, 2]) {
      for (const installed of inventories) {
        const request = { installed, includePrereleases: false };
        expect(computeAdvice(bounded, request, now), `round ${round}`).toEqual(computeAdvice(unbounded, request, now));
        expect(bounded.quoted.current.size + bounded.quoted.previous.size).toBeLessThanOrEqual(2);
      }
    }
    // The unbounded one kept every run it quoted: the bound did drop some.
    expect(unbounded.quoted.current.size).toBeGreaterThan(2);
  });
});
