// Install directories as configured: plain paths, or patterns with `*` in a path segment
// (`/var/www/*` — every site in its own domain folder, as the suite's guide lays them out).
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface InstallDir {
  /** The directory as a sysadmin names it, without --root: `/var/www/example.com`. */
  dir: string;
  /** The same under --root, to read from. */
  full: string;
  /** Found through a `*`: the detector's marker file must be there too. */
  wildcard: boolean;
}

export function isPattern(dir: string): boolean {
  return dir.includes('*');
}

/** The directories a configured entry stands for, in name order; a plain path stands for itself. */
export async function expandInstallDir(root: string, pattern: string): Promise<InstallDir[]> {
  if (!isPattern(pattern)) return [{ dir: pattern, full: path.join(root, pattern), wildcard: false }];
  let dirs = ['/'];
  for (const segment of pattern.split('/').filter((s) => s.length > 0)) {
    const next: string[] = [];
    for (const dir of dirs) {
      if (!isPattern(segment)) {
        next.push(path.posix.join(dir, segment));
        continue;
      }
      const matcher = new RegExp(`^${segment.split('*').map(escapeRegExp).join('[^/]*')}$`);
      let entries;
      try {
        entries = await readdir(path.join(root, dir), { withFileTypes: true });
      } catch {
        continue;
      }
      // Hidden folders are no sites; symlinked ones are followed later by realpath.
      for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink()) || !matcher.test(entry.name)) continue;
        next.push(path.posix.join(dir, entry.name));
      }
    }
    dirs = next;
  }
  return dirs.map((dir) => ({ dir, full: path.join(root, dir), wildcard: true }));
}

/** Every directory of the configured list, each real directory once (a symlinked site is one site). */
export async function expandInstallDirs(root: string, patterns: string[]): Promise<InstallDir[]> {
  const seen = new Set<string>();
  const out: InstallDir[] = [];
  for (const pattern of patterns) {
    for (const entry of await expandInstallDir(root, pattern)) {
      const real = await realpath(entry.full).catch(() => entry.full);
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(entry);
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
