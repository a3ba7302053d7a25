import { describe, expect, it } from 'vitest';
import { decideAction, exitStatusFor } from './actions.ts';
import type { Advice, AppAdvice } from './advice.ts';

function app(fields: Partial<AppAdvice>): AppAdvice {
  return { app: 'nextcloud', installed: '28.0.4', installedStatus: 'safe', latest: '28.0.4', latestSafe: null, nextStep: null, path: [], pathComplete: true, upgrades: [], ...fields };
}

const safe = (version: string, direct = true) => ({ version, status: 'safe' as const, direct });
const inventory = { nextcloud: '28.0.4', php: '8.1.27', debian: '12.8', mariadb: '10.11.6' };

describe('the action per app', () => {
  it.each<[string, Partial<AppAdvice>, string]>([
    ['nothing newer', {}, 'up to date'],
    ['no release known at all', { latest: null }, 'up to date (the registry knows no release of it)'],
    ['one safe step', { latest: '28.0.14', latestSafe: '28.0.14', path: ['28.0.14'], upgrades: [safe('28.0.14')] }, 'upgrade to 28.0.14'],
    ['a path of steps', { latest: '30.0.2', latestSafe: '30.0.2', path: ['29.0.9', '30.0.2'], upgrades: [safe('30.0.2', false), safe('29.0.9')] }, 'upgrade to 29.0.9 (then 30.0.2)'],
    ['an incomplete path', { latest: '31.0.1', latestSafe: '31.0.1', path: ['29.0.9'], pathComplete: false, upgrades: [safe('31.0.1', false), safe('29.0.9')] }, 'upgrade to 29.0.9; 31.0.1 is safe too, but no safe step beyond 29.0.9 yet'],
    ['safe but out of reach', { latest: '30.0.2', latestSafe: '30.0.2', path: [], pathComplete: false, upgrades: [safe('30.0.2', false)] }, 'hold: 30.0.2 is safe, but there is no safe step to it from 28.0.4 yet'],
    ['untested', { latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true }] }, 'hold: 29.0.9 untested with PHP 8.1, Debian 12, MariaDB 10.11'],
    ['broken, with the run', { latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'broken', direct: true, evidence: [{ run: 3, testedAt: 'x', with: { php: '8.1' } }] }] }, 'hold: 29.0.9 broken with PHP 8.1'],
    ['withdrawn candidate', { latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'withdrawn', direct: true, reason: 'pulled upstream' }] }, 'hold: 29.0.9 withdrawn: pulled upstream'],
    ['installed withdrawn, no way out', { installedStatus: 'withdrawn', installedReason: 'data loss', latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true }] }, 'installed version withdrawn: data loss; no safe upgrade yet'],
    ['installed insecure upstream', { installedInsecure: true, latest: '28.0.14', latestSafe: '28.0.14', path: ['28.0.14'], upgrades: [safe('28.0.14')] }, 'upstream lists 28.0.4 as insecure; upgrade to 28.0.14'],
    ['installed insecure upstream, nothing tested', { installedInsecure: true, latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true }] }, 'upstream lists 28.0.4 as insecure; hold: 29.0.9 untested with PHP 8.1, Debian 12, MariaDB 10.11'],
    ['installed broken, with a way out', { installedStatus: 'broken', latest: '28.0.14', latestSafe: '28.0.14', path: ['28.0.14'], upgrades: [safe('28.0.14')] }, 'installed version broken with PHP 8.1, Debian 12, MariaDB 10.11; upgrade to 28.0.14'],
  ])('%s', (_name, fields, text) => {
    expect(decideAction(app(fields), inventory).text).toBe(text);
  });

  it('says "this stack" when no platform was given', () => {
    expect(decideAction(app({ latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true }] }), { nextcloud: '28.0.4' }).text).toBe('hold: 29.0.9 untested with this stack');
  });
});

describe('the exit status', () => {
  const advice = (...apps: AppAdvice[]): Advice => ({ generatedAt: 'x', apps, unknown: { apps: [], versions: [] } });

  it('is 0 when nothing newer is safe', () => {
    expect(exitStatusFor(advice(app({}), app({ app: 'php', upgrades: [{ version: '8.1.30', status: 'untested', direct: true }] })))).toBe(0);
  });

  it('is 1 when a safe upgrade exists, even one not reachable in one step', () => {
    expect(exitStatusFor(advice(app({ upgrades: [safe('30.0.2', false)] })))).toBe(1);
  });

  it('is 2 when an installed version is broken or withdrawn, whatever else', () => {
    expect(exitStatusFor(advice(app({ upgrades: [safe('29.0.9')] }), app({ app: 'php', installedStatus: 'broken' })))).toBe(2);
    expect(exitStatusFor(advice(app({ installedStatus: 'withdrawn' })))).toBe(2);
  });

  it('is not 2 for an installed version that is only untested or blocked', () => {
    expect(exitStatusFor(advice(app({ installedStatus: 'untested' }), app({ app: 'php', installedStatus: 'blocked' })))).toBe(0);
  });
});
