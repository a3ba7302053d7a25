// `timestamptz` columns read and written exactly, on both drivers. drizzle hands the driver's
// text to `new Date(text)`, whose legacy parser reads `0049-06-01 00:00:00+00` as 2049 and
// `0001-…` as 2001, and writes `toISOString()`, which PostgreSQL refuses for year 0 and
// years BC (issue 11). This column type does both conversions itself.
import { customType } from 'drizzle-orm/pg-core';

// PostgreSQL's ISO output (DateStyle ISO, the default for both drivers): `2026-11-25 10:00:00.123456+00`,
// with an offset of the session's time zone that may carry minutes and seconds (`+05:30`, the
// `+00:09:21` of a local mean time), and ` BC` for years before 1.
const outputPattern = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?( BC)?$/;

// The JavaScript Date range ends at ±8.64e15 ms; PostgreSQL writes its own infinities as words.
const infinities: Record<string, number> = { infinity: 8.64e15, '-infinity': -8.64e15 };

/** A timestamptz as PostgreSQL prints it → the instant; years 1 to 99 and BC included. */
export function parseTimestamptz(text: string): Date {
  const infinity = infinities[text];
  if (infinity !== undefined) return new Date(infinity);
  const match = outputPattern.exec(text);
  // Any other spelling (another DateStyle): what drizzle did before.
  if (!match) return new Date(text);
  const [, year, month, day, hours, minutes, seconds, fraction = '', sign, offsetHours = '0', offsetMinutes = '0', offsetSeconds = '0', bc] = match;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0–99 as they are. Year 1 BC is year 0.
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hours), Number(minutes), Number(seconds), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const offsetMs = ((Number(offsetHours) * 60 + Number(offsetMinutes)) * 60 + Number(offsetSeconds)) * 1000;
  return new Date(date.getTime() - (sign === '-' ? -offsetMs : offsetMs));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The instant as PostgreSQL reads it back exactly: UTC, years before 1 written as BC. */
export function formatTimestamptz(date: Date): string {
  const year = date.getUTCFullYear();
  const shown = year >= 1 ? year : 1 - year;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;
  return `${pad(shown, 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${time}+00${year >= 1 ? '' : ' BC'}`;
}

/** A `timestamp with time zone` column holding a Date. */
export const timestamptz = customType<{ data: Date; driverData: string | Date }>({
  dataType() {
    return 'timestamp with time zone';
  },
  toDriver: formatTimestamptz,
  fromDriver: (value) => (value instanceof Date ? value : parseTimestamptz(value)),
});
