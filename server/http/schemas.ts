// Schemas shared by several routes.
import { z } from 'zod';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const AppIdParam = z.strictObject({
  app: z.string().max(40).describe('App id from the catalogue, e.g. nextcloud'),
});

export const AppVersionParams = z.strictObject({
  app: z.string().max(40),
  version: z.string().max(100).describe('Version, loosely written: v30.0.2, 30.0.2, 6.7'),
});

/** An absolute http(s) URL. */
export const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

/** An ISO 8601 date-time with an offset; read as a Date. */
export const Timestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time like 2026-11-25T10:00:00Z' }).transform((value) => new Date(value));
