import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppId, IdParam, Text } from '../http/schemas.ts';
import { addConstraint, listConstraints, removeConstraint } from '../repositories/constraints.ts';
import type { AppDeps } from '../deps.ts';

export const ConstraintSchema = z.object({
  id: z.number(),
  app: z.string(),
  range: z.string(),
  requires: z.object({ app: z.string(), range: z.string() }),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

const AppRange = {
  app: AppId,
  range: Text.min(1).max(200).describe('node-semver range over the app’s versions, e.g. ">=1.7.0"'),
};

const NewConstraintBody = z.strictObject({
  ...AppRange,
  requires: z.strictObject(AppRange),
  reason: Text.trim().min(1).max(2000).describe('Shown as the reason of a blocked upgrade'),
});

export function constraintRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/constraints',
      tag: 'constraints',
      summary: 'Declare that an app in a range needs another app in a range',
      auth: 'admin',
      body: NewConstraintBody,
      status: 201,
      responses: { 201: { description: 'Declared', schema: ConstraintSchema }, 422: { description: 'Unknown app or a range node-semver cannot read' } },
      async handler({ body, actor }) {
        const constraint = await addConstraint(db, deps.catalog, body, actor!.name);
        await deps.changes.publish({ kind: 'constraint-added', constraintId: constraint.id });
        return constraint;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/constraints',
      tag: 'constraints',
      summary: 'Every constraint, oldest first',
      responses: { 200: { description: 'The constraints', schema: z.object({ constraints: z.array(ConstraintSchema) }) } },
      async handler() {
        return { constraints: await listConstraints(db) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/constraints/:id',
      tag: 'constraints',
      summary: 'Remove a constraint',
      auth: 'admin',
      params: IdParam,
      responses: { 200: { description: 'Removed; the constraint as it was', schema: ConstraintSchema }, 404: { description: 'No such constraint' } },
      async handler({ params, actor }) {
        const removed = await removeConstraint(db, params.id, actor!.name);
        await deps.changes.publish({ kind: 'constraint-removed', constraintId: removed.id });
        return removed;
      },
    }),
  ];
}
