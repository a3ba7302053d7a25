// Asks a registry for advice about an inventory. Every way it can go wrong (unreachable, slow,
// 4xx, 5xx, not JSON, not advice) becomes one RegistryError with a sentence a sysadmin can act on.
import { Advice } from './advice.ts';

export class RegistryError extends Error {}

export interface FetchAdviceOptions {
  /** Registry base URL, without a trailing slash. */
  server: string;
  installed: Record<string, string>;
  includePrereleases: boolean;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export async function fetchAdvice(options: FetchAdviceOptions): Promise<Advice> {
  const url = `${options.server}/api/v1/check`;
  const doFetch = options.fetch ?? fetch;
  const seconds = options.timeoutMs / 1000;
  let response: Response;
  let text: string;
  try {
    // The signal also bounds reading the body, so a registry that stalls mid-answer times out too.
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'vetted-check' },
      body: JSON.stringify({ installed: options.installed, includePrereleases: options.includePrereleases }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    if (isTimeout(error)) throw new RegistryError(`the registry at ${options.server} did not answer within ${seconds} s`);
    throw new RegistryError(`cannot reach the registry at ${options.server}: ${networkReason(error)}`);
  }

  if (response.status >= 500) {
    const said = errorMessage(text);
    throw new RegistryError(`the registry at ${options.server} failed (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''})${said ? `: ${said}` : ''}; try again later`);
  }
  if (response.status >= 400) {
    const said = errorMessage(text);
    if (said) throw new RegistryError(`the registry at ${options.server} refused the request (HTTP ${response.status}): ${said}`);
    // No API error body: most likely a web server or another service, not a vetted registry.
    const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
    throw new RegistryError(`the registry at ${options.server} refused the request (HTTP ${response.status}, ${type}) — is --server pointing at a vetted registry?`);
  }
  if (response.status !== 200) throw new RegistryError(`the registry at ${options.server} answered HTTP ${response.status} instead of advice`);

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new RegistryError(`the registry at ${options.server} answered with something that is not JSON (${type}): ${snippet(text) || 'an empty body'} — is --server pointing at a vetted registry?`);
  }
  const parsed = Advice.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the answer';
    throw new RegistryError(`the registry at ${options.server} answered JSON that is not advice this client understands (${where}: ${issue.message}) — is --server pointing at a vetted registry?`);
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
