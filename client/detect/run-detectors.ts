// Runs the detectors against a server (or a --root tree) and says, app by app, what it found.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { commandDetectors, fileDetectors, type CommandApp, type DetectableApp, type FileApp } from './index.ts';
import { expandInstallDirs, type InstallDir } from './install-dirs.ts';
import { looksLikeVersion } from './php-source.ts';
import { runCommand } from './run-command.ts';
import type { CommandDetector, Detection, FileDetector } from './types.ts';

export interface DetectSettings {
  /** Prefixed to every install path ('/' on a real server, a fixture tree in tests). */
  root: string;
  /** Install directories per app (`*` matches every folder of a level), each holding at most one install. */
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
  return (await Promise.all(settings.apps.map((app) => detectApp(app, settings)))).flat();
}

/** Every install of one app: several for a web app that runs as several sites; one entry when none is found. */
export async function detectApp(app: DetectableApp, settings: DetectSettings): Promise<Detection[]> {
  if (app in fileDetectors) {
    const fileApp = app as FileApp;
    return detectFromFile(fileDetectors[fileApp], settings.installDirs[fileApp], settings.root);
  }
  const commandApp = app as CommandApp;
  return [await detectFromCommand(commandDetectors[commandApp], settings.commands[commandApp], settings)];
}

/**
 * Reads the version in every configured directory that holds the app. A directory found through a
 * `*` counts only when it holds the version file, the detector's marker and a version: a site's
 * own `config.inc.php` is no Postfix Admin.
 */
export async function detectFromFile(detector: FileDetector, dirs: string[], root: string): Promise<Detection[]> {
  const found: Detection[] = [];
  const tried: string[] = [];
  for (const install of await expandInstallDirs(root, dirs)) {
    if (!install.wildcard) tried.push(install.full);
    const detection = await readInstall(detector, install);
    if (detection) found.push(detection);
  }
  if (found.length > 0) return found;
  const files = detector.files.join(' or ');
  const where = tried.length > 0 ? tried.join(', ') : dirs.map((dir) => path.join(root, dir)).join(', ');
  return [{ app: detector.app, status: 'not-found', version: null, source: null, reason: `no ${files} in ${where}`, site: null }];
}

async function readInstall(detector: FileDetector, install: InstallDir): Promise<Detection | null> {
  if (install.wildcard && detector.marker && !(await exists(path.join(install.full, detector.marker)))) return null;
  for (const file of detector.files) {
    const full = path.join(install.full, file);
    let text: string;
    try {
      text = await readFile(full, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      return failure(detector.app, full, `cannot read ${full}: ${code ?? String(error)}`, install.dir);
    }
    const version = detector.extract(text);
    if (version === null) return install.wildcard ? null : failure(detector.app, full, `${full} does not say which version it is`, install.dir);
    if (!looksLikeVersion(version)) return install.wildcard ? null : failure(detector.app, full, `${full} says ${JSON.stringify(version)}, which is not a version`, install.dir);
    return { app: detector.app, status: 'found', version, source: full, reason: null, site: install.dir };
  }
  return null;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export async function detectFromCommand(detector: CommandDetector, commands: string[], settings: Pick<DetectSettings, 'env' | 'timeoutMs'>): Promise<Detection> {
  for (const command of commands) {
    const line = [command, ...detector.args.map(quoteArg)].join(' ');
    const outcome = await runCommand(command, detector.args, settings);
    if (outcome.kind === 'missing') continue;
    if (outcome.kind === 'timeout') return failure(detector.app, line, `${line} gave no answer within ${settings.timeoutMs / 1000} s`);
    if (outcome.kind === 'failed') return failure(detector.app, line, `${line} could not run: ${outcome.message}`);
    const version = detector.extract(outcome.output);
    if (version && looksLikeVersion(version)) return { app: detector.app, status: 'found', version, source: line, reason: null, site: null };
    if (outcome.exitCode !== 0) {
      const said = firstLine(outcome.stderr) ?? firstLine(outcome.output);
      return failure(detector.app, line, `${line} failed with status ${outcome.exitCode}${said ? `: ${said}` : ''}`);
    }
    const said = firstLine(outcome.output);
    return failure(detector.app, line, `${line} printed no version${said ? ` (${JSON.stringify(said)})` : ''}`);
  }
  return { app: detector.app, status: 'not-found', version: null, source: null, reason: `${commands.join(' or ')} not found on PATH`, site: null };
}

function failure(app: string, source: string, reason: string, site: string | null = null): Detection {
  return { app, status: 'error', version: null, source, reason, site };
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function firstLine(text: string): string | null {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0);
  if (!line) return null;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
