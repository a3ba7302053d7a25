// The OpenAPI 3.1 document, generated from the declared routes' zod schemas.
import { z } from 'zod';
import { ErrorBody } from './schemas.ts';
import type { RouteSpec } from './route.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function objectFields(schema: z.ZodType | undefined): Array<[string, JsonSchema, boolean]> {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => [name, property, required.has(name)]);
}

export function openApiDocument(specs: RouteSpec[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    const parameters = [
      ...objectFields(spec.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
      ...objectFields(spec.query).map(([name, schema, required]) => ({ name, in: 'query', required, schema })),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      const contentType = response.contentType ?? 'application/json';
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { [contentType]: { schema: toSchema(response.schema, 'output') } } } : {}),
      };
    }
    if (spec.auth) {
      responses['401'] ??= { description: 'Missing or unknown token', content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } } };
      responses['403'] ??= { description: `Token lacks the ${spec.auth} role`, content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } } };
    }
    if (spec.body || spec.query || spec.params) {
      responses['422'] ??= { description: 'Invalid request (details lists each bad field)', content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } } };
    }
    paths[path] ??= {};
    paths[path][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.auth ? { security: [{ bearer: [] }], description: `Requires a token with the ${spec.auth} role.` } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'vetted',
      version: info.version,
      description: 'Upgrade compatibility registry: which upgrades of a self-hosted suite are tested safe together.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
