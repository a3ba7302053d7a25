// The registry of kinds: keyed by each kind's own `kind`, and the union of their options is what
// a catalogue source may be.
import { describe, expect, it } from 'vitest';
import { Source, sourceKinds } from './index.ts';

describe('sourceKinds', () => {
  it('keys every kind by the `kind` its options declare', () => {
    for (const [name, kind] of Object.entries(sourceKinds)) expect(kind.options.shape.kind.value).toBe(name);
  });

  it('parses a source by its kind, with that kind\'s defaults', () => {
    expect(Source.parse({ kind: 'html', url: 'https://www.debian.org/releases/' })).toEqual({ kind: 'html', url: 'https://www.debian.org/releases/', selector: 'a' });
  });

  it('rejects an unknown kind and an option of another kind', () => {
    expect(Source.safeParse({ kind: 'gitlab-tags', repo: 'a/b' }).success).toBe(false);
    expect(Source.safeParse({ kind: 'github-tags', repo: 'a/b', url: 'https://example.org/' }).success).toBe(false);
  });

  it('rejects a regex that does not compile, when the catalogue is read', () => {
    const result = Source.safeParse({ kind: 'github-tags', repo: 'a/b', include: '^v(?<version>' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['include'], message: expect.stringMatching(/^not a valid regular expression: /) });
  });
});
