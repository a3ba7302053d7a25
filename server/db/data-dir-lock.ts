// The embedded database's folder is one process's at a time: PGlite is PostgreSQL inside this
// process, and a second process writing the same files loses the first one's writes (issue 11:
// 150 acknowledged runs gone). A lock directory (proper-lockfile: refreshed every 2.5 s, stale
// after 5 s) says who has it, and an owner file says which process, so that
//  - a lock whose owner is still alive on this host is never taken over, however stale: a paused
//    or hung process may wake up and write again (docs/operations.md);
//  - a stale lock of a process that is gone (SIGKILL, a crash) is taken over after 5 s;
//  - a process that finds its lock taken anyway (someone removed it, another host took it) is
//    told at once, so it can stop before it writes anything more.
import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** Another process has the embedded database open. */
export class DataDirInUseError extends Error {}

// The lock is refreshed every 2.5 s and taken over when 5 s old, so a process killed with SIGKILL
// blocks the next start for at most about 5 s (proper-lockfile's stale/update options).
const lockStaleMs = 5000;
// While the folder is in use, try again for about 8 s: a process being restarted needs up to
// a few seconds to finish its requests and let go.
const retryDelaysMs = [250, 375, 560, 840, 1260, 1500, 1500, 1500];

interface Owner {
  pid: number;
  host: string;
  /** Start time of the process (Linux /proc/<pid>/stat), so a reused pid is not taken for it; null elsewhere. */
  start: string | null;
}

/** What a held lock offers its process. */
export interface DataDirLock {
  release(): Promise<void>;
}

function lockPath(dataDir: string): string {
  return path.join(dataDir, 'vetted.lock');
}

function ownerPath(dataDir: string): string {
  return path.join(dataDir, 'vetted.lock.owner');
}

/** The start time of a running process, and whether it is a zombie; null when there is none or no /proc. */
function processStat(pid: number): { start: string; zombie: boolean } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid … starttime (field 22): comm may hold spaces, so count after ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { start: fields[19] ?? '', zombie: fields[0] === 'Z' };
  } catch {
    return null;
  }
}

function isAlive(owner: Owner): boolean {
  // Another host's process cannot be asked; its lock is judged by staleness alone. A pid equal to
  // ours is an earlier process's (a container restarted in place), since this one holds no lock yet.
  if (owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const stat = processStat(owner.pid);
  if (stat === null) return true;
  return !stat.zombie && (owner.start === null || owner.start === stat.start);
}

async function readOwner(dataDir: string): Promise<Owner | null> {
  try {
    const owner = JSON.parse(await readFile(ownerPath(dataDir), 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host, start: owner.start ?? null } : null;
  } catch {
    return null;
  }
}

async function writeOwner(dataDir: string): Promise<void> {
  const owner: Owner = { pid: process.pid, host: hostname(), start: processStat(process.pid)?.start ?? null };
  const temporary = `${ownerPath(dataDir)}.${process.pid}`;
  await writeFile(temporary, JSON.stringify(owner));
  await rename(temporary, ownerPath(dataDir));
}

function inUse(dataDir: string, owner: Owner | null): DataDirInUseError {
  const who = owner && isAlive(owner) ? `vetted process ${owner.pid} (a running "vetted serve"? if it does not answer, it is stopped or hung)` : 'another vetted process (a running "vetted serve"?)';
  return new DataDirInUseError(`the embedded database in ${dataDir} is in use by ${who}; stop it first, or share a PostgreSQL server through DATABASE_URL`);
}

/**
 * Takes the folder's lock, or throws DataDirInUseError. `onLost` is called, once, if the lock is
 * later found taken by someone else; the process must then stop writing at once.
 */
export async function lockDataDir(dataDir: string, onLost: (message: string) => void): Promise<DataDirLock> {
  for (let attempt = 0; ; attempt++) {
    const owner = await readOwner(dataDir);
    // A live owner's lock is never ours to take, stale or not: only wait for it to let go.
    if (!owner || !isAlive(owner)) {
      try {
        const unlock = await lockfile.lock(dataDir, {
          lockfilePath: lockPath(dataDir),
          stale: lockStaleMs,
          update: lockStaleMs / 2,
          retries: 0,
          onCompromised: (error) => onLost(`lost the lock on the embedded database in ${dataDir} (${error.message}): another process may have taken it over; stopping at once, without writing more`),
        });
        await writeOwner(dataDir).catch(async (error: unknown) => {
          await unlock().catch(() => {});
          throw error;
        });
        return {
          async release() {
            await rm(ownerPath(dataDir), { force: true });
            await unlock().catch(() => {});
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      }
    }
    const delay = retryDelaysMs[attempt];
    if (delay === undefined) throw inUse(dataDir, await readOwner(dataDir));
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
