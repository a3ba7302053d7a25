import { describe, expect, it } from 'vitest';
import { formatTimestamptz, parseTimestamptz } from './timestamptz.ts';

describe('timestamptz as PostgreSQL prints it', () => {
  it.each([
    ['0049-06-01 00:00:00+00', '0049-06-01T00:00:00.000Z'],
    ['0001-01-01 00:00:00+00', '0001-01-01T00:00:00.000Z'],
    ['0001-01-01 00:00:00+00 BC', '0000-01-01T00:00:00.000Z'],
    ['0045-03-15 12:00:00+00 BC', '-000044-03-15T12:00:00.000Z'],
    ['2026-11-25 10:00:00.123456+00', '2026-11-25T10:00:00.123Z'],
    ['2026-11-25 10:00:00.5+00', '2026-11-25T10:00:00.500Z'],
    ['2026-11-25 15:30:00+05:30', '2026-11-25T10:00:00.000Z'],
    ['1850-01-01 00:09:21+00:09:21', '1850-01-01T00:00:00.000Z'],
    ['2026-11-25 05:00:00-05', '2026-11-25T10:00:00.000Z'],
    ['12026-01-01 00:00:00+00', '+012026-01-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseTimestamptz(text).toISOString()).toBe(iso);
  });

  it('reads the infinities as the ends of the Date range', () => {
    expect(parseTimestamptz('infinity').getTime()).toBe(8.64e15);
    expect(parseTimestamptz('-infinity').getTime()).toBe(-8.64e15);
  });

  it.each([
    ['0049-06-01T00:00:00.000Z', '0049-06-01 00:00:00.000+00'],
    ['0000-01-01T00:00:00.000Z', '0001-01-01 00:00:00.000+00 BC'],
    ['2026-11-25T10:00:00.123Z', '2026-11-25 10:00:00.123+00'],
  ])('writes %s as %s, which it reads back the same', (iso, text) => {
    expect(formatTimestamptz(new Date(iso))).toBe(text);
    expect(parseTimestamptz(text).toISOString()).toBe(iso);
  });
});
