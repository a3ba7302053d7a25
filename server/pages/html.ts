// Escaping and link rules for text that may come from upstream or from testers.

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return stripControl(String(value)).replace(/[&<>"']/g, (char) => htmlEntities[char]!);
}

/**
 * Drops the characters XML 1.0 forbids (C0 controls other than tab and newlines, lone
 * surrogates, U+FFFE/U+FFFF), which would make a whole feed unreadable.
 */
export function stripControl(value: string): string {
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/** The URL when it is an absolute http(s) URL, so it may become a link; null otherwise. */
export function safeHref(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
