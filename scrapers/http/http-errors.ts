// What an admin reads when an upstream cannot be reached or answers with an error.

/** An upstream answered with an error status after all retries, or could not be reached. */
export class UpstreamHttpError extends Error {
  override name = 'UpstreamHttpError';
  constructor(
    message: string,
    /** Null when no answer came (network error). */
    readonly status: number | null,
  ) {
    super(message);
  }
}

// What the common socket and TLS error codes mean, for the admin reading the watch health.
const networkHints: Record<string, string> = {
  ENOTFOUND: 'the host name does not resolve: no network, no DNS, or a wrong URL',
  EAI_AGAIN: 'DNS did not answer in time: no network or DNS?',
  ECONNREFUSED: 'nothing listens at that address and port',
  ECONNRESET: 'the connection was cut by the other end or a proxy',
  ETIMEDOUT: 'the connection timed out: a firewall or no route?',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'no route to the network: is this machine online?',
  CERT_HAS_EXPIRED: 'the server\'s TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a TLS certificate in the chain is self-signed (an intercepting proxy?)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server\'s TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server\'s TLS certificate is for another name',
};

/** The error's own message plus, for a known socket or TLS error code anywhere in its causes, what it means. */
export function describeNetworkError(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current !== error && current.message) message = current.message;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && networkHints[code]) return `${message} (${networkHints[code]})`;
  }
  return message;
}
