// HTTP validators (ETag, Last-Modified) per URL, for conditional requests. The watch run loads the
// stored ones and commits new ones only with the releases they describe: a validator saved without
// its releases would make the next poll answer 304 and lose them.

export interface Validators {
  /** Null when the server sent no ETag. */
  etag: string | null;
  /** Null when the server sent no Last-Modified. */
  lastModified: string | null;
}

export interface ValidatorCache {
  get(url: string): Validators | undefined;
  /** Remembers validators for the URL until `pending()` is committed. */
  set(url: string, validators: Validators): void;
  /** Validators set since the cache was made, to store with the releases. */
  pending(): Map<string, Validators>;
}

export function createValidatorCache(stored: ReadonlyMap<string, Validators> = new Map()): ValidatorCache {
  const fresh = new Map<string, Validators>();
  return {
    get(url) {
      return fresh.get(url) ?? stored.get(url);
    },
    set(url, validators) {
      if (validators.etag === null && validators.lastModified === null) return;
      fresh.set(url, validators);
    },
    pending() {
      return fresh;
    },
  };
}

/** The conditional-request headers for a URL's stored validators (RFC 9110 §13.1). */
export function conditionalHeaders(validators: Validators | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  return headers;
}
