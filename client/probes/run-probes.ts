// Runs the declared probes, each within its own time limit, all at once: no probe can hang
// `vetted report`, and the slowest one bounds how long they take together.
import { runCommand } from '../detect/run-command.ts';
import type { CommandProbe, HttpProbe, NextcloudStatusProbe, ProbeConfig } from './probe-config.ts';
import { NextcloudStatus } from './nextcloud-status.ts';

// A health page answers in well under a second; 10 s allows for a cold PHP-FPM pool after an upgrade.
const defaultTimeoutSeconds = 10;

export interface ProbeResult {
  name: string;
  /** The app a failure blames; null: every component. */
  app: string | null;
  ok: boolean;
  /** What was seen: "HTTP 200", "exit status 1: …", "in maintenance mode". */
  detail: string;
  ms: number;
}

export interface ProbeContext {
  /** The versions being reported, to compare with what an app says of itself. */
  components: Record<string, string>;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

export async function runProbes(probes: ProbeConfig[], ctx: ProbeContext): Promise<ProbeResult[]> {
  return Promise.all(probes.map((probe) => runProbe(probe, ctx)));
}

async function runProbe(probe: ProbeConfig, ctx: ProbeContext): Promise<ProbeResult> {
  const started = performance.now();
  const timeoutMs = (probe.timeoutSeconds ?? defaultTimeoutSeconds) * 1000;
  let outcome: { ok: boolean; detail: string };
  switch (probe.kind) {
    case 'http':
      outcome = await httpProbe(probe, timeoutMs, ctx);
      break;
    case 'command':
      outcome = await commandProbe(probe, timeoutMs, ctx);
      break;
    case 'nextcloud-status':
      outcome = await nextcloudProbe(probe, timeoutMs, ctx);
      break;
  }
  return { name: nameOf(probe), app: appOf(probe), ...outcome, ms: Math.round(performance.now() - started) };
}

export function nameOf(probe: ProbeConfig): string {
  if (probe.name) return probe.name;
  if (probe.kind === 'command') return probe.argv.join(' ');
  if (probe.kind === 'nextcloud-status') return `Nextcloud ${statusUrl(probe)}`;
  return probe.url;
}

export function appOf(probe: ProbeConfig): string | null {
  return probe.kind === 'nextcloud-status' ? 'nextcloud' : (probe.app ?? null);
}

/** Fetches a URL within the time limit (headers and body); a thrown error is the probe's failure. */
async function fetchText(url: string, timeoutMs: number, ctx: ProbeContext): Promise<{ status: number; text: string }> {
  const response = await (ctx.fetch ?? fetch)(url, { headers: { 'user-agent': 'vetted-probe' }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, text: await response.text() };
}

function failureOf(error: unknown, timeoutMs: number): { ok: false; detail: string } {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { ok: false, detail: `no answer within ${timeoutMs / 1000} s` };
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return { ok: false, detail: `unreachable: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}` };
}

async function httpProbe(probe: HttpProbe, timeoutMs: number, ctx: ProbeContext): Promise<{ ok: boolean; detail: string }> {
  let answer;
  try {
    answer = await fetchText(probe.url, timeoutMs, ctx);
  } catch (error) {
    return failureOf(error, timeoutMs);
  }
  if (answer.status !== probe.status) return { ok: false, detail: `HTTP ${answer.status}, expected ${probe.status}` };
  if (probe.text && !answer.text.includes(probe.text)) return { ok: false, detail: `HTTP ${answer.status}, but the page does not contain ${JSON.stringify(probe.text)}` };
  if (probe.json) {
    let data: unknown;
    try {
      data = JSON.parse(answer.text);
    } catch {
      return { ok: false, detail: `HTTP ${answer.status}, but the body is not JSON` };
    }
    const value = fieldOf(data, probe.json.field);
    if (value === undefined) return { ok: false, detail: `HTTP ${answer.status}, but the JSON has no ${probe.json.field}` };
    if (probe.json.equals !== undefined && value !== probe.json.equals) {
      return { ok: false, detail: `${probe.json.field} is ${JSON.stringify(value)}, expected ${JSON.stringify(probe.json.equals)}` };
    }
    return { ok: true, detail: `HTTP ${answer.status}, ${probe.json.field} = ${JSON.stringify(value)}` };
  }
  return { ok: true, detail: `HTTP ${answer.status}` };
}

function fieldOf(data: unknown, field: string): unknown {
  let value: unknown = data;
  for (const key of field.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

async function commandProbe(probe: CommandProbe, timeoutMs: number, ctx: ProbeContext): Promise<{ ok: boolean; detail: string }> {
  const [command, ...args] = probe.argv as [string, ...string[]];
  const outcome = await runCommand(command, args, { env: ctx.env, timeoutMs });
  if (outcome.kind === 'missing') return { ok: false, detail: `${command} not found` };
  if (outcome.kind === 'timeout') return { ok: false, detail: `no answer within ${timeoutMs / 1000} s` };
  if (outcome.kind === 'failed') return { ok: false, detail: `could not run: ${outcome.message}` };
  const said = outcome.output.split(/\r?\n/).map((line) => line.trim()).find((line) => line.length > 0);
  const tail = said ? `: ${said.length > 120 ? `${said.slice(0, 120)}…` : said}` : '';
  if (outcome.exitCode !== probe.exitStatus) return { ok: false, detail: `exit status ${outcome.exitCode}, expected ${probe.exitStatus}${tail}` };
  if (probe.text && !outcome.output.includes(probe.text)) return { ok: false, detail: `exit status ${outcome.exitCode}, but the output does not contain ${JSON.stringify(probe.text)}` };
  return { ok: true, detail: `exit status ${outcome.exitCode}` };
}

function statusUrl(probe: NextcloudStatusProbe): string {
  return `${probe.url.replace(/\/+$/, '')}/status.php`;
}

async function nextcloudProbe(probe: NextcloudStatusProbe, timeoutMs: number, ctx: ProbeContext): Promise<{ ok: boolean; detail: string }> {
  let answer;
  try {
    answer = await fetchText(statusUrl(probe), timeoutMs, ctx);
  } catch (error) {
    return failureOf(error, timeoutMs);
  }
  if (answer.status !== 200) return { ok: false, detail: `status.php answered HTTP ${answer.status}` };
  let data: unknown;
  try {
    data = JSON.parse(answer.text);
  } catch {
    return { ok: false, detail: 'status.php did not answer JSON (is the URL the Nextcloud\'s base?)' };
  }
  const parsed = NextcloudStatus.safeParse(data);
  if (!parsed.success) return { ok: false, detail: `status.php answered JSON without ${parsed.error.issues[0]!.path.join('.') || 'the expected fields'}` };
  const status = parsed.data;
  if (!status.installed) return { ok: false, detail: 'not installed' };
  if (status.maintenance) return { ok: false, detail: 'in maintenance mode' };
  if (status.needsDbUpgrade) return { ok: false, detail: 'a database upgrade is pending (occ upgrade)' };
  const expected = ctx.components.nextcloud;
  if (expected && status.versionstring !== expected) return { ok: false, detail: `reports ${status.versionstring}, but ${expected} is being reported` };
  return { ok: true, detail: `installed, not in maintenance, no upgrade pending, ${status.versionstring}` };
}
