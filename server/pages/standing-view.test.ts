import { describe, expect, it } from 'vitest';
import { appStanding } from '../../matrix/app-facts.ts';
import { stackInventory } from '../../matrix/stacks.ts';
import { testApps, testRegistry, type TestData, type TestRun } from '../../matrix/test-registry.ts';
import { standingView } from './standing-view.ts';

const names = new Map(testApps.map((app) => [app.id, app.name]));
const php82 = { id: 'php82', name: 'PHP 8.2', components: { php: '8.2' } };

function nextcloudOn(data: TestData) {
  const registry = testRegistry({ ...data, releases: { php: ['8.2.26', '8.3.14'], ...data.releases } });
  return standingView(appStanding(stackInventory(registry, php82), registry.apps.get('nextcloud')), names);
}

const confirmed302: TestRun = [1, 'pass', 1, { nextcloud: '30.0.2', php: '8.2.26' }];

describe('standingView', () => {
  it('up to date: the newest release is confirmed on the stack, nothing to explain', () => {
    const view = nextcloudOn({ releases: { nextcloud: ['30.0.2'] }, runs: [confirmed302] });
    expect(view).toMatchObject({ status: 'up-to-date', badge: { label: 'Up to date' }, detail: null, confirmed: { version: '30.0.2', run: 1 } });
  });

  it('broken: names the failing run, what it ran with and what it blamed', () => {
    const view = nextcloudOn({ releases: { nextcloud: ['30.0.2', '30.0.3'] }, runs: [confirmed302, [2, 'fail', 2, { nextcloud: '30.0.3', php: '8.2.26' }, ['nextcloud']], [3, 'pass', 3, { nextcloud: '30.0.3', php: '8.3.14' }]] });
    expect(view).toMatchObject({ status: 'broken', badge: { label: 'Newer release broken' }, detail: '30.0.3 failed with PHP 8.2 (run 2), blamed on Nextcloud', confirmed: { version: '30.0.2' } });
  });

  it('blocked: gives the constraint’s reason', () => {
    const view = nextcloudOn({ releases: { nextcloud: ['30.0.2', '31.0.0'] }, runs: [confirmed302], constraints: [{ appId: 'nextcloud', range: '>=31', requiresAppId: 'php', requiresRange: '>=8.3', reason: 'Nextcloud 31 needs PHP 8.3' }] });
    expect(view).toMatchObject({ status: 'blocked', badge: { label: 'Newer release blocked' }, detail: '31.0.0 is blocked: Nextcloud 31 needs PHP 8.3' });
  });

  it('untested: counts what waits, says what is missing when runs exist elsewhere, and names a problem in between', () => {
    const view = nextcloudOn({
      releases: { nextcloud: ['30.0.2', '30.0.3', '30.0.4', '30.0.5'] },
      runs: [confirmed302, [2, 'fail', 2, { nextcloud: '30.0.3', php: '8.2.26' }], [3, 'pass', 3, { nextcloud: '30.0.5', php: '8.3.14' }]],
    });
    expect(view.status).toBe('untested');
    expect(view.detail).toBe('30.0.5 and 1 other release not yet tested on this stack: tested only with PHP 8.3 (run 3); this server runs PHP 8.2; 30.0.3 failed with PHP 8.2 (run 2), blamed on Nextcloud and PHP');
    expect(view.untested).toBe(2);
  });

  it('untested with no run at all says only that', () => {
    const view = nextcloudOn({ releases: { nextcloud: ['30.0.2', '30.0.3'] }, runs: [confirmed302] });
    expect(view).toMatchObject({ status: 'untested', badge: { label: 'Newer release not yet tested' }, detail: '30.0.3 not yet tested' });
  });

  it('without a confirmed version says “latest”, and lists a few more problems with a count of the rest', () => {
    const versions = ['30.0.1', '30.0.2', '30.0.3', '30.0.4', '30.0.5', '30.0.6'];
    const runs = versions.map((version, i): TestRun => [i + 1, 'fail', i + 1, { nextcloud: version, php: '8.2.26' }, ['nextcloud']]);
    const view = nextcloudOn({ releases: { nextcloud: versions }, runs });
    expect(view).toMatchObject({ status: 'broken', badge: { label: 'Latest release broken' }, confirmed: null, detail: '30.0.6 failed with PHP 8.2 (run 6), blamed on Nextcloud' });
    expect(view.otherProblems.map((p) => p.version)).toEqual(['30.0.5', '30.0.4', '30.0.3']);
    expect(view.moreProblems).toBe(2);
  });

  it('no releases', () => {
    expect(nextcloudOn({ releases: {} })).toMatchObject({ status: 'no-releases', latest: null, detail: null });
  });
});
