// The administrative commands that need the database — tokens, stacks, support dates, a watch — as data, so the
// same request runs in the CLI's own process or, over the control socket, inside `vetted serve`.
import { z } from 'zod';
import { roles } from '../auth.ts';
import { AppId } from '../http/schemas.ts';

const Json = z.boolean().default(false);
const Day = (option: string) => z.iso.date(`${option} must be a calendar day, YYYY-MM-DD (e.g. 2026-12-31)`);

export const AdminRequest = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('token.create'), role: z.enum(roles), name: z.string().trim().min(1, '--name must be 1 to 100 characters').max(100, '--name must be 1 to 100 characters') }),
  z.strictObject({ command: z.literal('token.list'), json: Json }),
  z.strictObject({ command: z.literal('token.revoke'), id: z.number().int().positive() }),
  z.strictObject({
    command: z.literal('stack.add'),
    id: z.string().min(1).max(64),
    components: z.record(AppId, z.string().min(1).max(40)),
    name: z.string().max(200).optional(),
    default: z.boolean().default(false),
  }),
  z.strictObject({ command: z.literal('stack.list'), json: Json }),
  z.strictObject({ command: z.literal('stack.remove'), id: z.string().min(1).max(64) }),
  z.strictObject({ command: z.literal('support.list'), app: AppId.optional(), json: Json }),
  z.strictObject({
    command: z.literal('support.set'),
    app: AppId,
    series: z.string().min(1).max(40),
    releasedAt: Day('--released').optional(),
    activeSupportEnd: Day('--active-end').optional(),
    securitySupportEnd: Day('--security-end').optional(),
    lts: z.boolean().optional(),
    note: z.string().trim().min(1).max(500).optional(),
  }),
  z.strictObject({ command: z.literal('support.clear'), app: AppId, series: z.string().min(1).max(40) }),
  // `tty`: whether the caller's stdout is a terminal (progress lines rewritten in place).
  z.strictObject({ command: z.literal('watch'), apps: z.array(AppId).max(100), json: Json, tty: z.boolean().default(false) }),
]);
export type AdminRequest = z.infer<typeof AdminRequest>;
