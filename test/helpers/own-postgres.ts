// A PostgreSQL server of the test's own (initdb into a temporary folder, pg_ctl on a free port),
// so a test can stop and restart it without touching the machine's shared server.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
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
  destroy(): Promise<void>;
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
    async destroy() {
      await exec(`${bin}/pg_ctl`, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
