// Runs the detectors against a server (or a --root tree) and says, app by app, what it found.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { commandDetectors, fileDetectors, type CommandApp, type DetectableApp, type FileApp } from './index.ts';
import { looksLikeVersion } from './php-source.ts';
import { runCommand } from './run-command.ts';
import type { CommandDetector, Detection, FileDetector } from './types.ts';

export interface DetectSettings {
  /** Prefixed to every install path ('/' on a real server, a fixture tree in tests). */
  root: string;
  /** Candidate install directories per app, tried in order. */
  installDirs: Record<FileApp, string[]>;
  /** Candidate command names (or paths) per app, tried in order; names are looked up on PATH. */
  commands: Record<CommandApp, string[]>;
  /** The apps to look for. */
  apps: DetectableApp[];
  /** Environment for the commands (PATH decides which executables are found). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export async function detectInstalled(settings: DetectSettings): Promise<Detection[]> {
  return Promise.all(settings.apps.map((app) => detectApp(app, settings)));
}

export async function detectApp(app: DetectableApp, settings: DetectSettings): Promise<Detection> {
  if (app in fileDetectors) {
    const fileApp = app as FileApp;
    return detectFromFile(fileDetectors[fileApp], settings.installDirs[fileApp], settings.root);
  }
  const commandApp = app as CommandApp;
  return detectFromCommand(commandDetectors[commandApp], settings.commands[commandApp], settings);
}

function rooted(root: string, dir: string): string {
  return path.join(root, dir);
}

export async function detectFromFile(detector: FileDetector, dirs: string[], root: string): Promise<Detection> {
  const tried: string[] = [];
  for (const dir of dirs) {
    const base = rooted(root, dir);
    tried.push(base);
    for (const file of detector.files) {
      const full = path.join(base, file);
      let text: string;
      try {
        text = await readFile(full, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        return failure(detector.app, full, `cannot read ${full}: ${code ?? String(error)}`);
      }
      const version = detector.extract(text);
      if (version === null) return failure(detector.app, full, `${full} does not say which version it is`);
      if (!looksLikeVersion(version)) return failure(detector.app, full, `${full} says ${JSON.stringify(version)}, which is not a version`);
      return { app: detector.app, status: 'found', version, source: full, reason: null };
    }
  }
  const files = detector.files.join(' or ');
  return { app: detector.app, status: 'not-found', version: null, source: null, reason: `no ${files} in ${tried.join(', ')}` };
}

export async function detectFromCommand(detector: CommandDetector, commands: string[], settings: Pick<DetectSettings, 'env' | 'timeoutMs'>): Promise<Detection> {
  for (const command of commands) {
    const line = [command, ...detector.args.map(quoteArg)].join(' ');
    const outcome = await runCommand(command, detector.args, settings);
    if (outcome.kind === 'missing') continue;
    if (outcome.kind === 'timeout') return failure(detector.app, line, `${line} gave no answer within ${settings.timeoutMs / 1000} s`);
    if (outcome.kind === 'failed') return failure(detector.app, line, `${line} could not run: ${outcome.message}`);
    const version = detector.extract(outcome.output);
    if (version && looksLikeVersion(version)) return { app: detector.app, status: 'found', version, source: line, reason: null };
    if (outcome.exitCode !== 0) {
      const said = firstLine(outcome.stderr) ?? firstLine(outcome.output);
      return failure(detector.app, line, `${line} failed with status ${outcome.exitCode}${said ? `: ${said}` : ''}`);
    }
    const said = firstLine(outcome.output);
    return failure(detector.app, line, `${line} printed no version${said ? ` (${JSON.stringify(said)})` : ''}`);
  }
  return { app: detector.app, status: 'not-found', version: null, source: null, reason: `${commands.join(' or ')} not found on PATH` };
}

function failure(app: string, source: string, reason: string): Detection {
  return { app, status: 'error', version: null, source, reason };
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function firstLine(text: string): string | null {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0);
  if (!line) return null;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
