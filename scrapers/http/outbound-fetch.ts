// The fetch under a kind's own client (the GitHub kinds' octokit, which has no timeout option of
// its own): a timeout per attempt, and a hook per request sent (the watch counts requests per
// source with it). ky does both itself (http-client.ts).

export class HttpTimeoutError extends Error {
  override name = 'HttpTimeoutError';
}

/** Wraps fetch with a per-attempt timeout and a hook called once per request sent. */
export function createOutboundFetch(options: {
  timeoutMs: number;
  onRequest?: (url: string) => void;
  baseFetch?: typeof fetch;
}): typeof fetch {
  const baseFetch = options.baseFetch ?? globalThis.fetch;
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    options.onRequest?.(url);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = given ? AbortSignal.any([given, timeout]) : timeout;
    try {
      return await baseFetch(input, { ...init, signal });
    } catch (error) {
      if (timeout.aborted) throw new HttpTimeoutError(`GET ${url} timed out after ${options.timeoutMs} ms`);
      throw error;
    }
  };
}
