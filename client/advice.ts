// The registry's answer to /api/v1/check (API.md, "The advice"), declaring only what the client
// reads. Extra fields are ignored, so a newer registry does not break an older client.
import { z } from 'zod';

export const UpgradeStatus = z.enum(['safe', 'untested', 'broken', 'withdrawn', 'blocked']);
export type UpgradeStatus = z.infer<typeof UpgradeStatus>;

export const Evidence = z.object({
  run: z.union([z.number(), z.string()]),
  testedAt: z.string(),
  with: z.record(z.string(), z.string()).optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const UpgradeAdvice = z.object({
  version: z.string(),
  status: UpgradeStatus,
  direct: z.boolean(),
  reason: z.string().nullish(),
  evidence: z.array(Evidence).nullish(),
  insecure: z.boolean().nullish(),
});
export type UpgradeAdvice = z.infer<typeof UpgradeAdvice>;

export const AppAdvice = z.object({
  app: z.string(),
  installed: z.string(),
  installedStatus: UpgradeStatus,
  installedReason: z.string().nullish(),
  installedInsecure: z.boolean().nullish(),
  latest: z.string().nullable(),
  latestSafe: z.string().nullable(),
  nextStep: z.string().nullable(),
  path: z.array(z.string()),
  pathComplete: z.boolean(),
  upgrades: z.array(UpgradeAdvice),
});
export type AppAdvice = z.infer<typeof AppAdvice>;

const UnknownVersion = z.union([
  z.object({ app: z.string(), version: z.string() }),
  z.string().transform((text) => ({ app: text, version: '' })),
]);

export const Advice = z.object({
  generatedAt: z.string(),
  apps: z.array(AppAdvice),
  unknown: z.object({ apps: z.array(z.string()), versions: z.array(UnknownVersion) }).default({ apps: [], versions: [] }),
});
export type Advice = z.infer<typeof Advice>;
