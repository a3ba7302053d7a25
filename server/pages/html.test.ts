import { describe, expect, it } from 'vitest';
import { escapeHtml, safeHref, stripControl } from './html.ts';

describe('escapeHtml', () => {
  it('escapes markup and both quotes', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;');
  });
});

describe('stripControl', () => {
  it('drops what XML 1.0 forbids and keeps tabs, newlines and astral characters', () => {
    expect(stripControl('a\u0000b\u0007c\td\ne\uFFFEf\uD800g 😀')).toBe('abc\td\nefg 😀');
  });
});

describe('safeHref', () => {
  it.each([
    ['https://example.org/a?b=1', 'https://example.org/a?b=1'],
    ['http://example.org', 'http://example.org/'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['//example.org/x', null],
    ['/relative', null],
    ['', null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });
});
