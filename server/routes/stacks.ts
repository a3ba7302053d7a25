// Stacks: the named platforms pages, feeds and release statuses are judged on (docs/api.md, Stacks).
import { z } from 'zod';
import { Stack } from '../../matrix/contract.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppId } from '../http/schemas.ts';
import { addStack, listStacks, removeStack } from '../repositories/stacks.ts';
import type { AppDeps } from '../deps.ts';

const StackId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a lowercase id of letters, digits and dashes, e.g. "bookworm"');

const NewStackBody = z.strictObject({
  id: StackId,
  name: z.string().trim().min(1).max(100).optional().describe('Default: the components, e.g. "Debian 12 · PHP 8.2 · MariaDB 10.11"'),
  components: z.record(AppId, z.string().min(1).max(40))
    .refine((c) => Object.keys(c).length > 0, 'name at least one app')
    .refine((c) => Object.keys(c).length <= 16, 'at most 16 apps')
    .describe('app → series, e.g. {"debian": "12", "php": "8.2", "mariadb": "10.11"}; a version is read down to its series'),
  default: z.boolean().optional().describe('Make it the default stack (the first); otherwise it goes last'),
});

const IdParam = z.strictObject({ id: z.string().max(40) });

export function stackRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/stacks',
      tag: 'stacks',
      summary: 'The declared stacks, the default first',
      responses: { 200: { description: 'The stacks; `default` is the first one’s id, null when none is declared (pages then judge on any platform)', schema: z.object({ stacks: z.array(Stack), default: z.string().nullable() }) } },
      async handler() {
        const stacks = await listStacks(db);
        return { stacks, default: stacks[0]?.id ?? null };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/stacks',
      tag: 'stacks',
      summary: 'Declare a stack',
      auth: 'admin',
      body: NewStackBody,
      status: 201,
      responses: { 201: { description: 'Declared', schema: Stack }, 409: { description: 'That id is taken' }, 422: { description: 'Unknown app or unreadable series (details names each)' } },
      async handler({ body, actor }) {
        const stack = await addStack(db, deps.catalog, body, actor!.name);
        await deps.changes.publish({ kind: 'stacks-changed' });
        return stack;
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/stacks/:id',
      tag: 'stacks',
      summary: 'Remove a stack',
      auth: 'admin',
      params: IdParam,
      responses: { 200: { description: 'Removed; the stack as it was', schema: Stack }, 404: { description: 'No such stack' } },
      async handler({ params, actor }) {
        const stack = await removeStack(db, params.id, actor!.name);
        await deps.changes.publish({ kind: 'stacks-changed' });
        return stack;
      },
    }),
  ];
}
