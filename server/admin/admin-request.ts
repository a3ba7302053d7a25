// The administrative commands that need the database — tokens, stacks, a watch — as data, so the
// same request runs in the CLI's own process or, over the control socket, inside `vetted serve`.
import { z } from 'zod';
import { roles } from '../auth.ts';

const Json = z.boolean().default(false);

export const AdminRequest = z.discriminatedUnion('command', [
  z.strictObject({ command: z.literal('token.create'), role: z.enum(roles), name: z.string().trim().min(1, '--name must be 1 to 100 characters').max(100, '--name must be 1 to 100 characters') }),
  z.strictObject({ command: z.literal('token.list'), json: Json }),
  z.strictObject({ command: z.literal('token.revoke'), id: z.number().int().positive() }),
  z.strictObject({
    command: z.literal('stack.add'),
    id: z.string().min(1).max(64),
    components: z.record(z.string().min(1).max(40), z.string().min(1).max(40)),
    name: z.string().max(200).optional(),
    default: z.boolean().default(false),
  }),
  z.strictObject({ command: z.literal('stack.list'), json: Json }),
  z.strictObject({ command: z.literal('stack.remove'), id: z.string().min(1).max(64) }),
  // `tty`: whether the caller's stdout is a terminal (progress lines rewritten in place).
  z.strictObject({ command: z.literal('watch'), apps: z.array(z.string().min(1).max(40)).max(100), json: Json, tty: z.boolean().default(false) }),
]);
export type AdminRequest = z.infer<typeof AdminRequest>;
