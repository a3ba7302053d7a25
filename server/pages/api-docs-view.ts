// The OpenAPI document as a readable page: operations grouped by tag, each with its parameters,
// body and responses as field tables, and the raw schema one click away.

type Json = Record<string, unknown>;

export interface FieldRow {
  /** Dotted path: `components.nextcloud`, `apps[].watch.state`. */
  name: string;
  type: string;
  required: boolean;
  description: string | null;
}

export interface ParameterView {
  name: string;
  in: string;
  required: boolean;
  type: string;
  description: string | null;
}

export interface ResponseView {
  status: string;
  description: string;
  contentType: string | null;
  fields: FieldRow[];
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string | null;
  auth: boolean;
  parameters: ParameterView[];
  body: { fields: FieldRow[]; schemaJson: string } | null;
  responses: ResponseView[];
}

export interface ApiDocsView {
  title: string;
  version: string;
  description: string;
  groups: Array<{ tag: string; operations: OperationView[] }>;
}

// Deep enough for every body vetted has; deeper nesting is in the raw schema.
const maxDepth = 5;

export function buildApiDocsView(document: Json): ApiDocsView {
  const info = (document.info ?? {}) as Json;
  const groups = new Map<string, OperationView[]>();
  const paths = (document.paths ?? {}) as Record<string, Record<string, Json>>;
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = ((operation.tags as string[] | undefined) ?? ['other'])[0]!;
      const list = groups.get(tag) ?? [];
      list.push(operationView(path, method, operation));
      groups.set(tag, list);
    }
  }
  return {
    title: String(info.title ?? 'API'),
    version: String(info.version ?? ''),
    description: String(info.description ?? ''),
    groups: [...groups].map(([tag, operations]) => ({ tag, operations })),
  };
}

function operationView(path: string, method: string, operation: Json): OperationView {
  const parameters = ((operation.parameters ?? []) as Json[]).map((parameter) => {
    const schema = (parameter.schema ?? {}) as Json;
    return {
      name: String(parameter.name),
      in: String(parameter.in),
      required: parameter.required === true,
      type: typeOf(schema),
      description: describe(schema),
    };
  });
  const bodySchema = (((operation.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json']?.schema ?? null) as Json | null;
  const responses = Object.entries((operation.responses ?? {}) as Record<string, Json>).map(([status, response]): ResponseView => {
    const content = (response.content ?? {}) as Record<string, Json>;
    const [contentType, media] = Object.entries(content)[0] ?? [null, null];
    const schema = (media?.schema ?? null) as Json | null;
    return {
      status,
      description: String(response.description ?? ''),
      contentType,
      fields: schema ? fieldRows(schema, '', 0) : [],
    };
  });
  return {
    id: `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    method,
    path,
    summary: String(operation.summary ?? ''),
    description: typeof operation.description === 'string' ? operation.description : null,
    auth: Array.isArray(operation.security) && operation.security.length > 0,
    parameters,
    body: bodySchema ? { fields: fieldRows(bodySchema, '', 0), schemaJson: JSON.stringify(bodySchema, null, 2) } : null,
    responses,
  };
}

/** One row per field of an object schema, nested fields under dotted names. */
export function fieldRows(schema: Json, prefix: string, depth: number): FieldRow[] {
  if (depth > maxDepth) return [];
  const object = objectSchema(schema);
  if (!object) {
    const items = schema.type === 'array' ? (schema.items as Json | undefined) : undefined;
    if (items && prefix === '') return fieldRows(items, '[]', depth + 1);
    return [];
  }
  const rows: FieldRow[] = [];
  const required = new Set((object.required ?? []) as string[]);
  for (const [name, property] of Object.entries((object.properties ?? {}) as Record<string, Json>)) {
    const path = prefix === '' ? name : prefix === '[]' ? `[].${name}` : `${prefix}.${name}`;
    rows.push({ name: path, type: typeOf(property), required: required.has(name), description: describe(property) });
    rows.push(...fieldRows(property, path, depth + 1).filter((row) => row.name !== path));
    const items = property.type === 'array' ? (property.items as Json | undefined) : undefined;
    if (items) rows.push(...fieldRows(items, `${path}[]`, depth + 1));
  }
  return rows;
}

function objectSchema(schema: Json): Json | null {
  if (schema.type === 'object' && schema.properties) return schema;
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const variants = schema[key] as Json[] | undefined;
    const object = variants?.find((variant) => variant.type === 'object' && variant.properties);
    if (object) return object;
  }
  return null;
}

/** A short type: `string`, `"pass" | "fail"`, `array of string`, `integer ≥ 1`, `string or null`. */
export function typeOf(schema: Json): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  for (const key of ['anyOf', 'oneOf'] as const) {
    const variants = schema[key] as Json[] | undefined;
    if (variants) return [...new Set(variants.map(typeOf))].join(' or ');
  }
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').at(-1)!;
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : typeof schema.type === 'string' ? schema.type : 'any';
  if (type === 'array') return `array of ${typeOf((schema.items ?? {}) as Json)}`;
  if (type === 'object' && !schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `map of ${typeOf(schema.additionalProperties as Json)}`;
  }
  const limits: string[] = [];
  if (typeof schema.format === 'string') limits.push(schema.format);
  if (typeof schema.minimum === 'number') limits.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === 'number') limits.push(`≤ ${schema.maximum}`);
  if (typeof schema.maxLength === 'number') limits.push(`at most ${schema.maxLength} characters`);
  if (schema.default !== undefined) limits.push(`default ${JSON.stringify(schema.default)}`);
  return limits.length > 0 ? `${type} (${limits.join(', ')})` : type;
}

function describe(schema: Json): string | null {
  return typeof schema.description === 'string' ? schema.description : null;
}
