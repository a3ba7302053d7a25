// A PostgreSQL server of the test's own (initdb into a temporary folder, pg_ctl on a free port),
// so a test can stop and restart it without touching the machine's shared server.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './spawn-vetted.ts';

const run = promisify(execFile);

async function binDir(): Promise<string | null> {
  try {
    const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
    return versions[0] ? `/usr/lib/postgresql/${versions[0]}/bin` : null;
  } catch {
    return null;
  }
}

export interface OwnPostgres {
  url: string;
  start(): Promise<void>;
  /** Fast shutdown: open connections are cut, as when the server crashes or restarts. */
  stop(): Promise<void>;
  /**
   * SIGSTOP to the server and every process it forked: connections stay open and nothing answers,
   * as when the database host hangs. Undo with resume().
   */
  pause(): Promise<void>;
  resume(): Promise<void>;
  destroy(): Promise<void>;
}

/** The postmaster (from postmaster.pid) and its children (by parent pid in /proc), postmaster first. */
async function serverPids(dataDir: string): Promise<number[]> {
  const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}

/** Null when PostgreSQL's server binaries are not installed here. */
export async function createOwnPostgres(): Promise<OwnPostgres | null> {
  const bin = await binDir();
  if (!bin) return null;
  const dir = await mkdtemp(path.join(tmpdir(), 'vetted-pg-'));
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  // initdb and postgres refuse to run as root.
  const asRoot = userInfo().uid === 0;
  const wrap = (command: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] as const : [command, args] as const);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const exec = async (command: string, args: string[]) => {
    const [file, argv] = wrap(command, args);
    await run(file, [...argv], { timeout: 60_000 });
  };
  await exec(`${bin}/initdb`, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await exec(`${bin}/pg_ctl`, ['-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
    },
    async stop() {
      await exec(`${bin}/pg_ctl`, ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
    async pause() {
      const pids = await serverPids(dataDir);
      // The postmaster first, so it forks no new backend meanwhile.
      for (const pid of pids) signal(pid, 'SIGSTOP');
    },
    async resume() {
      for (const pid of (await serverPids(dataDir)).reverse()) signal(pid, 'SIGCONT');
    },
    async destroy() {
      for (const pid of await serverPids(dataDir).catch(() => [])) signal(pid, 'SIGCONT');
      await exec(`${bin}/pg_ctl`, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Signals a server process; one that exited since it was listed (a backend ending) is left alone. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
