// How dates and catalogue facts read on pages and in feeds. Absolute UTC dates, never "3 days
// ago": a page is cached by its ETag, and a relative date would go stale inside it.

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `25 Nov 2026`. */
export function formatDate(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** `25 Nov 2026, 10:05 UTC`. */
export function formatDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${formatDate(date)}, ${hh}:${mm} UTC`;
}

export function isoString(value: Date | string): string {
  return typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
}

/** `PHP 8.2.26, Debian 12.8 and MariaDB 10.11.6`, in catalogue order. */
export function describeComponents(components: Record<string, string>, names: Map<string, string>): string {
  const ids = Object.keys(components);
  const order = [...names.keys()];
  ids.sort((a, b) => rank(order, a) - rank(order, b) || (a < b ? -1 : 1));
  const parts = ids.map((id) => `${names.get(id) ?? id} ${components[id]}`);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function rank(order: string[], id: string): number {
  const index = order.indexOf(id);
  return index === -1 ? order.length : index;
}
