// Reading values out of PHP source without running PHP: the version files of the PHP apps are
// plain assignments, defines and class constants.

// Commented-out lines (`// $wp_version = …`, `# define(…)`, docblocks) must not count; code that
// merely contains `//` in a string (URLs) must, so only whole comment lines are dropped.
function withoutCommentLines(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s*(?:\/\/|#|\/\*|\*)/.test(line))
    .join('\n');
}

const quoted = String.raw`['"]([^'"\r\n]*)['"]`;

function escapeName(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function allMatches(text: string, pattern: RegExp): string[] {
  const values: string[] = [];
  for (const match of withoutCommentLines(text).matchAll(pattern)) values.push(match[1]!.trim());
  return values;
}

/** Values of `$name = '…';` (also `public $name = "…";`), in file order. */
export function phpVariables(text: string, name: string): string[] {
  return allMatches(text, new RegExp(String.raw`\$${escapeName(name)}\s*=\s*${quoted}`, 'g'));
}

/** Values of `define('NAME', '…')`, in file order. */
export function phpDefines(text: string, name: string): string[] {
  return allMatches(text, new RegExp(String.raw`define\s*\(\s*['"]${escapeName(name)}['"]\s*,\s*${quoted}`, 'g'));
}

/** Values of `const NAME = '…'` (any visibility), in file order; a concatenated suffix is left out. */
export function phpConstants(text: string, name: string): string[] {
  return allMatches(text, new RegExp(String.raw`\bconst\s+${escapeName(name)}\s*=\s*${quoted}`, 'g'));
}

/** Values of `$array['key'] = '…'`, in file order. */
export function phpArrayEntries(text: string, array: string, key: string): string[] {
  return allMatches(text, new RegExp(String.raw`\$${escapeName(array)}\s*\[\s*['"]${escapeName(key)}['"]\s*\]\s*=\s*${quoted}`, 'g'));
}

/** Whether a string starts like a version number (`28.0.4`, `2024.08`, `5.2.1-rc1`). */
export function looksLikeVersion(value: string): boolean {
  return /^\d+(?:\.\d+)+(?:[-+~._a-z0-9]*)$/i.test(value);
}
