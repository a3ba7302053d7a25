// Versions as servers and testers write them: a tag or a plain version, but also a distribution's
// package version (`8.2.33-1+deb12u1`, `1:10.11.14-0+deb12u1`, `8.1.2-1ubuntu2.14`), what the
// database reports (`10.11.14-MariaDB-0+deb12u1`) and what tools print (`PHP 8.2.33 (cli) (built: …)`,
// `mariadb  Ver 15.1 Distrib 10.11.19-MariaDB, for debian-linux-gnu …`). The check, the plan and
// the runs API all read through here, so a version one accepts the others accept too.
import { parseVersion, type ParsedVersion, type VersionScheme } from './versions.ts';

// Signs of a distribution's packaging after the upstream version: Debian (`+deb12u1`, `~bpo12+1`,
// `+b2`), Ubuntu, Ondřej Surý's PHP packages (`+0~20241121.93+debian12~1.gbp…`), MariaDB's own builds.
const packagingMarker = /(?:\+deb\d|~deb\d|~bpo|\+b\d|ubuntu|\+debian|\+ubuntu|~\d{8}|\+\d+~)/i;

/**
 * Reads a version written loosely or as packaged, in one app's scheme; null when the text holds
 * no version. A text that is already a version is read as such (`2024.08-1` keeps its hotfix).
 */
export function readVersion(text: string, scheme: VersionScheme = 'semver'): ParsedVersion | null {
  const direct = parseVersion(text, scheme);
  if (direct) return direct;
  const token = versionToken(text);
  if (token === null) return null;
  return parseVersion(withoutPackaging(token), scheme);
}

/** The word of a tool's output that holds the version: `10.11.19-MariaDB` in `… Distrib 10.11.19-MariaDB, …`. */
function versionToken(text: string): string | null {
  const firstLine = text.trim().split(/\r?\n/)[0] ?? '';
  if (firstLine.length > 300) return null;
  const words = firstLine.split(/[\s,()]+/).filter((word) => word.length > 0);
  const mariadb = words.find((word) => /^\d+\.\d+\.\d+-MariaDB/i.test(word));
  if (mariadb) return mariadb;
  // `Ver 15.1` is the client's protocol, not the server's version.
  const candidates = words.filter((word, i) => /^v?\d+[.:]\d/i.test(word) && !/^ver$/i.test(words[i - 1] ?? ''));
  return candidates[0] ?? null;
}

/** `1:10.11.14-0+deb12u1` → `10.11.14`; `10.11.14-MariaDB-log` → `10.11.14`; `8.2.33` unchanged. */
function withoutPackaging(token: string): string {
  let text = token.replace(/^\d+:(?=\d)/, '').replace(/-MariaDB.*$/i, '');
  // A Debian revision (`-1`, `-0`, `-1ubuntu2.14`) only when packaging follows: `2024.08-1` alone is a hotfix.
  if (packagingMarker.test(text)) text = text.replace(/-\d[^-]*$/, '');
  const marker = packagingMarker.exec(text);
  return marker ? text.slice(0, marker.index) : text;
}
