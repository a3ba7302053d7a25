// What `vetted report` prints: the stored run, the probes, and the verdicts it changed per stack
// ("Nextcloud 34.0.3 is now confirmed on Debian 13 · PHP 8.4 · MariaDB 11.8").
import type { VerdictChange } from '../matrix/contract.ts';
import { appName } from './app-names.ts';
import type { ProbeResult } from './probes/run-probes.ts';
import type { RecordedRun } from './registry-answers.ts';

export function probeNotes(probes: ProbeResult[]): string {
  return ['Probes:', ...probes.map(probeLine)].join('\n');
}

function probeLine(probe: ProbeResult): string {
  return `${probe.ok ? 'ok  ' : 'FAIL'} ${probe.name}${probe.app ? ` (${appName(probe.app)})` : ''}: ${probe.detail} (${probe.ms} ms)`;
}

/** One sentence per changed verdict. */
export function describeChange(change: VerdictChange): string {
  const release = `${appName(change.app)} ${change.version}`;
  const where = change.stack.id === '' ? 'any platform' : change.stack.name;
  switch (change.after) {
    case 'safe':
      return `${release} is now confirmed on ${where}`;
    case 'broken':
      return `${release} is now broken on ${where}${change.before === 'safe' ? ' (it was confirmed)' : ''}`;
    case 'untested':
      return `${release} is no longer ${change.before === 'safe' ? 'confirmed' : change.before} on ${where} (now untested)`;
    default:
      return `${release} is now ${change.after} on ${where}`;
  }
}

export function renderRecorded(server: string, run: RecordedRun, probes: ProbeResult[]): string {
  const lines: string[] = [];
  const tested = Object.entries(run.components).map(([app, version]) => `${appName(app)} ${version}`).join(', ');
  lines.push(`Recorded run ${run.id} at ${server}: ${run.verdict === 'pass' ? 'pass' : 'FAIL'}, tested ${run.testedAt} by ${run.recordedBy}`);
  lines.push(`  with ${tested}`);
  if (run.verdict === 'fail') lines.push(`  blaming ${run.failed ? run.failed.map(appName).join(', ') : 'every component (none named)'}`);
  if (run.evidenceUrl) lines.push(`  evidence: ${run.evidenceUrl}`);
  if (probes.length > 0) {
    lines.push('', 'Probes:');
    for (const probe of probes) lines.push(`  ${probeLine(probe)}`);
  }
  lines.push('');
  if (run.changes.length === 0) lines.push('No verdict changed on any stack.');
  else for (const change of run.changes) lines.push(describeChange(change));
  return `${lines.join('\n')}\n`;
}

export function renderRecordedJson(server: string, run: RecordedRun, probes: ProbeResult[]): string {
  const { changes, ...stored } = run;
  return `${JSON.stringify({ stored: true, server, run: stored, changes: changes.map((change) => ({ ...change, message: describeChange(change) })), probes }, null, 2)}\n`;
}
