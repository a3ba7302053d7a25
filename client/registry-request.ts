// One request to a vetted registry, parsed with the contract's schema. Every way it can go wrong
// (unreachable, slow, 4xx, 5xx, not JSON, not the expected answer) becomes one RegistryError with a
// sentence a sysadmin can act on.
import type * as z from 'zod';

export class RegistryError extends Error {
  constructor(message: string, readonly status: number | null = null) {
    super(message);
  }
}

export interface RegistryRequest<T> {
  /** Registry base URL, without a trailing slash. */
  server: string;
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/api/v1/check`. */
  path: string;
  body?: unknown;
  /** Bearer token for writes. */
  token?: string;
  timeoutMs: number;
  /** The contract's schema of a successful answer. */
  schema: z.ZodType<T>;
  /** What the answer is, for messages: "advice", "a plan", "a stored run". */
  what: string;
  fetch?: typeof fetch;
}

export async function askRegistry<T>(request: RegistryRequest<T>): Promise<T> {
  const { server } = request;
  const doFetch = request.fetch ?? fetch;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'vetted-client' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  let response: Response;
  let text: string;
  try {
    // The signal also bounds reading the body, so a registry that stalls mid-answer times out too.
    response = await doFetch(`${server}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    if (isTimeout(error)) throw new RegistryError(`the registry at ${server} did not answer within ${request.timeoutMs / 1000} s`);
    throw new RegistryError(`cannot reach the registry at ${server}: ${networkReason(error)}`);
  }

  const { status } = response;
  if (status >= 500) {
    const said = errorMessage(text);
    throw new RegistryError(`the registry at ${server} failed (HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''})${said ? `: ${said}` : ''}; try again later`, status);
  }
  if (status >= 400) {
    const said = errorMessage(text);
    if (said) throw new RegistryError(`the registry at ${server} refused the request (HTTP ${status}): ${said}`, status);
    // No API error body: most likely a web server or another service, not a vetted registry.
    const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
    throw new RegistryError(`the registry at ${server} refused the request (HTTP ${status}, ${type}) — is --server pointing at a vetted registry?`, status);
  }
  if (status !== 200 && status !== 201) throw new RegistryError(`the registry at ${server} answered HTTP ${status} instead of ${request.what}`, status);

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new RegistryError(`the registry at ${server} answered with something that is not JSON (${type}): ${snippet(text) || 'an empty body'} — is --server pointing at a vetted registry?`);
  }
  const parsed = request.schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the answer';
    throw new RegistryError(`the registry at ${server} answered JSON that is not ${request.what} this client understands (${where}: ${issue.message}) — is --server pointing at a vetted registry?`);
  }
  return parsed.data;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function errorMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof body?.error?.message === 'string' ? body.error.message : null;
  } catch {
    return null;
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}
