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
  /** Validators set since the cache was made (by storage key), to store with the releases. */
  pending(): Map<string, Validators>;
}

/**
 * A cache over the stored validators. With `variant` (a digest of the source's options), validators
 * are kept under the URL plus a `#source=` fragment, which no server ever sees: when the catalogue
 * changes how a source is read (a wider `include`), the next poll is unconditional and reads the
 * whole list again instead of being told "304, nothing changed".
 */
export function createValidatorCache(stored: ReadonlyMap<string, Validators> = new Map(), variant: string | null = null): ValidatorCache {
  const fresh = new Map<string, Validators>();
  const keyOf = (url: string) => (variant ? `${url}#source=${variant}` : url);
  return {
    get(url) {
      return fresh.get(keyOf(url)) ?? stored.get(keyOf(url));
    },
    set(url, validators) {
      if (validators.etag === null && validators.lastModified === null) return;
      fresh.set(keyOf(url), validators);
    },
    pending() {
      return fresh;
    },
  };
}
