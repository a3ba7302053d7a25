// Smoke checks a tester declares in the client config file (`probes`), run by
// `vetted report --probe`. Each names the app it checks, so a failure blames that app.
import * as z from 'zod';

const appId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be an app id like "nextcloud"');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const common = {
  /** Shown in the report and the run's notes; default: the URL or the command. */
  name: z.string().min(1).max(100).optional(),
  /** Seconds before the probe counts as failed (default 10). */
  timeoutSeconds: z.number().positive().max(300).optional(),
};

/** An HTTP answer: its status, and optionally a text in the body or a JSON field's value. */
export const HttpProbe = z.strictObject({
  kind: z.literal('http'),
  ...common,
  /** The app a failure blames; absent: the failure blames every component. */
  app: appId.optional(),
  url: httpUrl,
  status: z.number().int().min(100).max(599).default(200),
  /** Text the body must contain. */
  text: z.string().min(1).optional(),
  /** A field of a JSON body (dotted path) that must exist, and equal `equals` when given. */
  json: z.strictObject({ field: z.string().min(1), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional() }).optional(),
});
export type HttpProbe = z.infer<typeof HttpProbe>;

/** A command (argv, no shell) and the exit status it must end with. */
export const CommandProbe = z.strictObject({
  kind: z.literal('command'),
  ...common,
  app: appId.optional(),
  argv: z.array(z.string().min(1)).min(1),
  exitStatus: z.number().int().min(0).max(255).default(0),
  /** Text its output must contain. */
  text: z.string().min(1).optional(),
});
export type CommandProbe = z.infer<typeof CommandProbe>;

/** Nextcloud's own health answer, status.php under the base URL: installed, not in maintenance, no database upgrade pending, the version reported. */
export const NextcloudStatusProbe = z.strictObject({
  kind: z.literal('nextcloud-status'),
  ...common,
  url: httpUrl,
});
export type NextcloudStatusProbe = z.infer<typeof NextcloudStatusProbe>;

export const ProbeConfig = z.discriminatedUnion('kind', [HttpProbe, CommandProbe, NextcloudStatusProbe]);
export type ProbeConfig = z.infer<typeof ProbeConfig>;
