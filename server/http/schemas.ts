// Schemas shared by several routes.
import { z } from 'zod';
import { maxSerialId } from '../db/schema.ts';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

// How long an app id and a version may be as callers write them, the same in every route.
export const maxAppIdLength = 40;
export const maxVersionLength = 100;

export const AppId = z.string().min(1).max(maxAppIdLength);
export const VersionText = z.string().min(1).max(maxVersionLength);

export const AppIdParam = z.strictObject({
  app: z.string().max(maxAppIdLength).describe('App id from the catalogue, e.g. nextcloud'),
});

export const AppVersionParams = z.strictObject({
  app: z.string().max(maxAppIdLength),
  version: z.string().max(maxVersionLength).describe('Version, loosely written: v30.0.2, 30.0.2, 6.7'),
});

// PostgreSQL's text cannot hold NUL, and a lone UTF-16 surrogate is not Unicode: text refuses
// one, jsonb (the audit log) the other, and either would answer a 500 (issue 11).
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why the database could not keep `value` faithfully; null when it can. */
export function textProblem(value: string): string | null {
  const found = unstorable.exec(value)?.[0];
  if (found === undefined) return null;
  return found === '\u0000' ? 'must not contain the NUL character' : 'must be valid Unicode (an unpaired surrogate was found)';
}

function storable(ctx: z.core.ParsePayload<string>): void {
  const problem = textProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
}

/** Free text from a caller, as the database can store it; chain .max() and friends. */
export const Text = z.string().check(storable);

/** An absolute http(s) URL. */
export const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000).check(storable);

// No app of the suite released, and nobody tested it, before 1990 (Debian 1993, PHP 1995): an
// earlier date is a typo or a probe, and years 0–99 are where date handling goes wrong (issue 11).
const earliest = new Date('1990-01-01T00:00:00Z');

/** An ISO 8601 date-time with an offset, from 1990 on; read as a Date. */
export const Timestamp = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time like 2026-11-25T10:00:00Z' })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= earliest.getTime(), 'must not be before 1990-01-01');

/** A row id in a path: decimal digits only (`0x1`, `1e0` and ` 1` are not ids), 1 to 2^31 - 1. */
export const Id = z
  .string()
  .regex(/^\d{1,10}$/, 'must be a whole number in decimal digits')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be 1 or more').max(maxSerialId, `must be at most ${maxSerialId}`));

export const IdParam = z.strictObject({ id: Id });
