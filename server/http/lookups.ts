// What a path or query names, looked up or refused with a 404 that says where to find the valid ones.
import type { Stack } from '../../matrix/contract.ts';
import type { Registry } from '../../matrix/registry.ts';
import { defaultStack, findStack } from '../../matrix/stacks.ts';
import type { Catalog, CatalogApp } from '../../scrapers/catalog.ts';
import { notFound } from '../errors.ts';

export function requireApp(catalog: Catalog, id: string): CatalogApp {
  const app = catalog.apps.find((entry) => entry.id === id);
  if (!app) throw notFound(`unknown app "${id}"; GET /api/v1/apps lists them`);
  return app;
}

/** The stack named by `?stack=` or a `/stacks/{id}` path; the default stack when none is named. */
export function requireStack(registry: Registry, id: string | undefined): Stack {
  if (id === undefined) return defaultStack(registry);
  const stack = findStack(registry, id);
  if (!stack) throw notFound(`unknown stack "${id}"; GET /api/v1/stacks lists them`);
  return stack;
}
