// Routes are declared once: the same zod schemas validate the request and describe it in the
// OpenAPI document, so the two cannot drift apart.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { invalidFields } from '../errors.ts';
import { authenticate, type Actor, type RequestTokens, type Role } from '../auth.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Media type when not JSON (feeds, pages). */
  contentType?: string;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Who called; null for anonymous reads. */
  actor: Actor | null;
  req: Request;
  res: Response;
}

export interface RouteSpec<P = any, Q = any, B = any> {
  method: Method;
  /** Express path, e.g. `/api/v1/apps/:app/releases`. */
  path: string;
  summary: string;
  tag: string;
  /** Role needed; absent for public routes. */
  auth?: Role;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful answer. Default 200. */
  status?: number;
  responses: Record<number, ResponseSpec>;
  /**
   * Returns the JSON body to send, or undefined when it answered itself (304, non-JSON).
   */
  handler(input: RouteInput<P, Q, B>): unknown | Promise<unknown>;
}

/** Declares a route; the identity function that lets TypeScript infer P, Q and B from the schemas. */
export function defineRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: RouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  return spec;
}

/** Parses one part of a request strictly; a failure is a 422 naming every bad field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: 'body' | 'query' | 'path'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap(branchIssues).flatMap((issue) => {
    const path = [where, ...issue.path.map(String)];
    // One entry per unknown field, so the caller sees exactly which ones to drop.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
    // zod says "Invalid input: expected boolean, received undefined" for a field left out.
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    return [{ path: path.join('.'), message: missing ? `required (${issue.expected})` : issue.message }];
  });
  throw invalidFields(where, details);
}

/**
 * A union (one run or an array of runs) that matched no branch: the issues of the branch the value
 * was meant for, the one that did not fail on the value's type itself.
 */
function branchIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const meant = issue.errors.find((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0)) ?? issue.errors[0]!;
  return meant.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })).flatMap(branchIssues);
}

// API routes that declare no query take none: an unknown parameter is a caller's mistake (422).
const noQuery = z.strictObject({});

/** Mounts declared routes on a router. */
export function mountRoutes(router: Router, specs: RouteSpec[], tokens: RequestTokens): void {
  for (const spec of specs) {
    router[spec.method](spec.path, async (req: Request, res: Response) => {
      const actor = spec.auth ? await authenticate(req, spec.auth, tokens) : null;
      const params = spec.params ? parseInput(spec.params, req.params, 'path') : {};
      const query = spec.query ? parseInput(spec.query, { ...req.query }, 'query') : spec.path.startsWith('/api/') && req.url.includes('?') ? parseInput(noQuery, { ...req.query }, 'query') : {};
      const body = spec.body ? parseInput(spec.body, req.body ?? {}, 'body') : undefined;
      const result = await spec.handler({ params, query, body, actor, req, res });
      if (result === undefined) return;
      res.status(spec.status ?? 200).json(result);
    });
  }
}

export function createRouter(): Router {
  return express.Router({ strict: false, caseSensitive: true });
}
