import { describe, expect, it } from 'vitest';
import { buildGrid } from './grid.ts';
import { testRegistry } from './test-registry.ts';

const registry = testRegistry({
  releases: { nextcloud: ['29.0.9', '30.0.2', '31.0.0-rc.1'], php: ['8.2.18', '8.2.26', '8.3.14', '8.4.0-rc.1'] },
  withdrawn: { nextcloud: { '29.0.9': 'bad' } },
  runs: [
    [1, 'pass', 1, { nextcloud: '30.0.2', php: '8.2.18' }],
    [2, 'fail', 2, { nextcloud: '30.0.2', php: '8.2.26' }],
    [3, 'pass', 3, { nextcloud: '30.0.2', php: '8.3.14' }],
    [4, 'pass', 4, { nextcloud: '29.0.9' }],
    [5, 'pass', 5, { nextcloud: '31.0.0-rc.1', php: '8.4.0-rc.1' }],
  ],
});

describe('buildGrid', () => {
  it('puts versions newest first against series newest first, counting runs per cell', () => {
    expect(buildGrid(registry, 'nextcloud', 'php', { includePrereleases: false })).toEqual({
      app: 'nextcloud',
      with: 'php',
      columns: ['8.3', '8.2'],
      rows: [
        { version: '30.0.2', prerelease: false, withdrawn: false, cells: { '8.3': { pass: 1, fail: 0, latest: 'pass' }, '8.2': { pass: 1, fail: 1, latest: 'fail' } } },
        { version: '29.0.9', prerelease: false, withdrawn: true, cells: { '8.3': { pass: 0, fail: 0, latest: null }, '8.2': { pass: 0, fail: 0, latest: null } } },
      ],
    });
  });

  it('includes prereleases when asked for', () => {
    const grid = buildGrid(registry, 'nextcloud', 'php', { includePrereleases: true });
    expect(grid?.columns).toEqual(['8.4', '8.3', '8.2']);
    expect(grid?.rows[0]).toMatchObject({ version: '31.0.0-rc.1', prerelease: true, cells: { '8.4': { pass: 1, fail: 0, latest: 'pass' } } });
  });

  it('takes series by the other app scheme (one part for nextcloud)', () => {
    expect(buildGrid(registry, 'php', 'nextcloud', { includePrereleases: false })?.columns).toEqual(['30', '29']);
  });

  it('returns null for an unknown app', () => {
    expect(buildGrid(registry, 'nextcloud', 'nope', { includePrereleases: false })).toBeNull();
  });
});
