// `vetted watch [app…]`: poll upstream once, print progress per app and then what is new. The
// same function runs in the CLI's own process or, when `vetted serve` holds the embedded database,
// inside the service (server/admin/), so the output is the same either way.
import type { Catalog } from '../scrapers/catalog.ts';
import type { AppWatchResult, WatchSummary } from '../scrapers/watch/watch-results.ts';
import { UnknownAppsError } from '../scrapers/watch/watch-results.ts';
import { StartupError } from './startup-error.ts';
import type { Watcher } from './watcher.ts';

export interface WatchCommandOptions {
  json?: boolean;
}

interface Output {
  write(text: string): unknown;
}

// A first watch finds hundreds of versions per app: show this many, then a count.
const versionsShown = 8;

/** Runs the watch with a given watcher; resolves to the exit status (0 all polled, 1 some source failed or another watch ran). */
export async function runWatch(
  watcher: Watcher,
  catalog: Catalog,
  apps: string[],
  options: WatchCommandOptions,
  out: { stdout: Output & { isTTY?: boolean }; stderr: Output },
): Promise<number> {
  const width = Math.max(...catalog.apps.map((app) => app.id.length));
  let outcome;
  try {
    outcome = await watcher.runNow({
      ...(apps.length > 0 ? { apps } : {}),
      force: true,
      onProgress: (event) => {
        if (options.json) return;
        if (event.type === 'app-started') {
          // A line rewritten in place only makes sense on a terminal.
          if (!out.stdout.isTTY) return;
          out.stdout.write(`[${String(event.index + 1).padStart(2)}/${event.total}] ${event.app.padEnd(width)}  polling…\r`);
        } else {
          out.stdout.write(`[${String(event.index + 1).padStart(2)}/${event.total}] ${event.result.app.padEnd(width)}  ${describeApp(event.result)}\n`);
        }
      },
    });
  } catch (error) {
    if (error instanceof UnknownAppsError) throw new StartupError(`${error.message} (known: ${catalog.apps.map((a) => a.id).join(', ')})`);
    throw error;
  }
  if (!outcome.ran) {
    out.stderr.write('vetted: another watch is running (here or on another instance); try again when it has finished\n');
    return 1;
  }
  const { summary } = outcome;
  if (options.json) out.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else out.stdout.write(describeSummary(summary));
  return summary.apps.some((a) => a.status === 'failed' || a.status === 'partial') ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeApp(result: AppWatchResult): string {
  const insecure = result.newlyInsecure.length > 0 ? `; now listed insecure upstream: ${result.newlyInsecure.join(', ')}` : '';
  const support = result.supportChanged.length > 0 ? `; support dates changed upstream for ${result.supportChanged.length} series` : '';
  return `${describeOutcome(result)}${insecure}${support}`;
}

function describeOutcome(result: AppWatchResult): string {
  const requests = plural(result.requests, 'request');
  const failures = result.sources.filter((s) => s.status === 'failed').map((s) => `${s.kind}: ${s.error}`);
  switch (result.status) {
    case 'no-sources':
      return 'no upstream feed (releases are entered by hand)';
    case 'skipped':
      return 'skipped: backing off after failures';
    case 'not-modified':
      return `not modified (${requests})`;
    case 'unchanged':
      return `nothing new (${requests})`;
    case 'updated':
      return `${plural(result.newVersions.length, 'new release')} (${requests})`;
    case 'partial':
      return `${plural(result.newVersions.length, 'new release')}, but ${failures.join('; ')} (${requests})`;
    case 'failed':
      return `FAILED: ${failures.join('; ')} (${requests})`;
  }
}

function shortList(items: string[]): string {
  const more = items.length > versionsShown ? ` and ${items.length - versionsShown} more` : '';
  return `${items.slice(0, versionsShown).join(', ')}${more}`;
}

function describeSummary(summary: WatchSummary): string {
  const lines: string[] = [];
  const updated = summary.apps.filter((a) => a.newVersions.length > 0);
  if (updated.length === 0) {
    lines.push(`Nothing new upstream (${plural(summary.requests, 'request')}).`);
  } else {
    lines.push(`New upstream: ${plural(summary.newReleases, 'release')} (${plural(summary.requests, 'request')}):`);
    for (const app of updated) lines.push(`  ${app.app}: ${shortList(app.newVersions)}`);
  }
  const flagged = summary.apps.filter((a) => a.newlyInsecure.length > 0);
  if (flagged.length > 0) {
    lines.push(`Now listed insecure upstream: ${flagged.map((a) => `${a.app} ${a.newlyInsecure.join(', ')}`).join('; ')}.`);
  }
  const supported = summary.apps.filter((a) => a.supportChanged.length > 0);
  if (supported.length > 0) {
    lines.push(`Support dates changed upstream: ${supported.map((a) => `${a.app} ${shortList(a.supportChanged)}`).join('; ')}.`);
  }
  const failed = summary.apps.filter((a) => a.status === 'failed' || a.status === 'partial');
  if (failed.length > 0) lines.push(`Failed: ${failed.map((a) => a.app).join(', ')} (retried with backoff on the next scheduled watch).`);
  return `${lines.join('\n')}\n`;
}
