import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

describe('migrations', () => {
  it('match the schema: drizzle-kit generate has nothing new to write', async () => {
    // drizzle-kit reads --out relative to the working directory, so the copy lives inside the project.
    await mkdir(path.join(root, 'node_modules/.cache'), { recursive: true });
    const out = await mkdtemp(path.join(root, 'node_modules/.cache/migrations-check-'));
    try {
      await cp(path.join(root, 'migrations'), out, { recursive: true });
      const before = (await readdir(out)).sort();
      const { stdout, stderr } = await run(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--dialect', 'postgresql', '--schema', './server/db/schema.ts', '--out', path.relative(root, out)], { cwd: root });
      expect(stderr + stdout).not.toMatch(/Error/);
      expect(stdout).toMatch(/No schema changes/);
      const after = (await readdir(out)).sort();
      expect(after, `drizzle-kit wrote a new migration: run "npm run db:generate" and commit it\n${stdout}`).toEqual(before);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);
});
