// The registry of support kinds: keyed by each kind's own `kind`, and the union of their options
// is what a catalogue's `supportSources` entry may be.
import { describe, expect, it } from 'vitest';
import { SupportSource, supportKinds } from './index.ts';

describe('supportKinds', () => {
  it('keys every kind by the `kind` its options declare', () => {
    for (const [name, kind] of Object.entries(supportKinds)) expect(kind.options.shape.kind.value).toBe(name);
  });

  it('parses a support source by its kind and rejects an unknown kind, a release kind or a stray option', () => {
    expect(SupportSource.parse({ kind: 'php-states', url: 'https://www.php.net/releases/states.php' })).toEqual({ kind: 'php-states', url: 'https://www.php.net/releases/states.php' });
    expect(SupportSource.safeParse({ kind: 'endoflife', url: 'https://endoflife.date/api/php.json' }).success).toBe(false);
    expect(SupportSource.safeParse({ kind: 'json', url: 'https://www.php.net/releases/states.php' }).success).toBe(false);
    expect(SupportSource.safeParse({ kind: 'mariadb-majors', url: 'https://downloads.mariadb.org/rest-api/mariadb/', items: 'major_releases' }).success).toBe(false);
    expect(SupportSource.safeParse({ kind: 'mariadb-majors' }).success).toBe(false);
  });
});
