import { describe, expect, it } from 'vitest';
import { decideAction, exitStatusFor } from './actions.ts';
import type { Advice, AppAdvice } from '../matrix/contract.ts';

function app(fields: Partial<AppAdvice>): AppAdvice {
  return { app: 'nextcloud', installed: '28.0.4', installedStatus: 'safe', latest: '28.0.4', latestSafe: null, nextStep: null, path: [], pathComplete: true, upgrades: [], ...fields };
}

const safe = (version: string, direct = true) => ({ version, status: 'safe' as const, direct });
const inventory = { nextcloud: '28.0.4', php: '8.1.27', debian: '12.8', mariadb: '10.11.6' };

describe('the action per app', () => {
  it.each<[string, Partial<AppAdvice>, string]>([
    ['nothing newer', {}, 'up to date'],
    ['no release known at all', { latest: null }, 'the registry knows no release of it yet'],
    ['one safe step', { latest: '28.0.14', latestSafe: '28.0.14', path: ['28.0.14'], upgrades: [safe('28.0.14')] }, 'upgrade to 28.0.14'],
    ['a path of steps', { latest: '30.0.2', latestSafe: '30.0.2', path: ['29.0.9', '30.0.2'], upgrades: [safe('30.0.2', false), safe('29.0.9')] }, 'upgrade to 29.0.9 (then 30.0.2)'],
    ['an incomplete path', { latest: '31.0.1', latestSafe: '31.0.1', path: ['29.0.9'], pathComplete: false, upgrades: [safe('31.0.1', false), safe('29.0.9')] }, 'upgrade to 29.0.9; 31.0.1 is safe too, but no safe step beyond 29.0.9 yet'],
    ['safe but out of reach', { latest: '30.0.2', latestSafe: '30.0.2', path: [], pathComplete: false, upgrades: [safe('30.0.2', false)] }, 'hold: 30.0.2 is safe, but there is no safe step to it from 28.0.4 yet'],
    ['untested, without a reason', { latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true }] }, 'hold: 29.0.9 untested with PHP 8.1, Debian 12, MariaDB 10.11'],
    ['untested, with the registry\'s reason', { latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true, reason: 'tested only with Nextcloud 33; this server runs 31' }] }, 'hold: 29.0.9 untested: tested only with Nextcloud 33; this server runs 31'],
    ['broken, with the run and what it blamed', { latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'broken', direct: true, evidence: [{ run: 3, verdict: 'fail', testedAt: '2026-11-20T10:00:00Z', with: { php: '8.1' }, failed: ['nextcloud'] }] }] }, 'hold: 29.0.9 broken: failed on 2026-11-20 with PHP 8.1, blaming Nextcloud (run 3)'],
    ['withdrawn candidate', { latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'withdrawn', direct: true, reason: 'pulled upstream' }] }, 'hold: 29.0.9 withdrawn: pulled upstream'],
    ['installed withdrawn, no way out', { installedStatus: 'withdrawn', installedReason: 'data loss', latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true, reason: 'no run of 29.0.9 yet' }] }, 'installed version withdrawn: data loss; no safe upgrade yet (29.0.9 untested: no run of 29.0.9 yet)'],
    ['installed blocked, with the constraint', { installedStatus: 'blocked', installedReason: 'Nextcloud <30 needs PHP <8.4', latest: '29.0.16' }, 'installed version blocked: Nextcloud <30 needs PHP <8.4; no newer release yet'],
    ['installed untested, nothing newer', { installedStatus: 'untested', installedReason: 'no run of 28.0.4 yet' }, 'up to date, but untested here: no run of 28.0.4 yet'],
    ['installed insecure upstream', { installedInsecure: true, latest: '28.0.14', latestSafe: '28.0.14', path: ['28.0.14'], upgrades: [safe('28.0.14')] }, 'upstream lists 28.0.4 as insecure; upgrade to 28.0.14'],
    ['installed insecure upstream, nothing tested', { installedInsecure: true, latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true }] }, 'upstream lists 28.0.4 as insecure; hold: 29.0.9 untested with PHP 8.1, Debian 12, MariaDB 10.11'],
    ['a security matter, with the registry\'s reason instead of the insecure prefix', { installedInsecure: true, security: { installedInsecure: true, fixes: ['28.0.14'], upgradeTo: '28.0.14', reason: 'upstream lists 28.0.4 as vulnerable; 28.0.14 fixes vulnerabilities and is safe here' }, latest: '28.0.14', latestSafe: '28.0.14', path: ['28.0.14'], upgrades: [safe('28.0.14')] }, 'SECURITY: upstream lists 28.0.4 as vulnerable; 28.0.14 fixes vulnerabilities and is safe here; upgrade to 28.0.14'],
    ['installed broken, with a way out', { installedStatus: 'broken', latest: '28.0.14', latestSafe: '28.0.14', path: ['28.0.14'], upgrades: [safe('28.0.14')] }, 'installed version broken: with PHP 8.1, Debian 12, MariaDB 10.11; upgrade to 28.0.14'],
    ['installed broken, with its run', { installedStatus: 'broken', installedEvidence: [{ run: 9, verdict: 'fail', testedAt: '2026-03-01T00:00:00Z', with: { php: '8.2', dolibarr: '22.0' }, failed: ['dolibarr'] }] }, 'installed version broken: failed on 2026-03-01 with PHP 8.2, Dolibarr 22.0, blaming Dolibarr (run 9); no newer release yet'],
  ])('%s', (_name, fields, text) => {
    expect(decideAction(app(fields), inventory).text).toBe(text);
  });

  it('says "this stack" when no platform was given', () => {
    expect(decideAction(app({ latest: '29.0.9', upgrades: [{ version: '29.0.9', status: 'untested', direct: true }] }), { nextcloud: '28.0.4' }).text).toBe('hold: 29.0.9 untested with this stack');
  });
});

describe('the exit status', () => {
  const advice = (...apps: AppAdvice[]): Advice[] => [{ generatedAt: 'x', apps, unknown: { apps: [], versions: [] } }];

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

  it('is 2 when an installed version is blocked by a constraint', () => {
    expect(exitStatusFor(advice(app({ installedStatus: 'blocked', installedReason: 'Nextcloud <30 needs PHP <8.4' })))).toBe(2);
  });

  it('is not 2 for an installed version that is only untested', () => {
    expect(exitStatusFor(advice(app({ installedStatus: 'untested' })))).toBe(0);
  });

  it('takes the worst of several answers (an app run as several sites)', () => {
    expect(exitStatusFor([...advice(app({ upgrades: [safe('29.0.9')] })), ...advice(app({ installedStatus: 'withdrawn' }))])).toBe(2);
  });
});
