// The layering rules of .dependency-cruiser.cjs hold on the whole tree, and each rule fails on a
// deliberate violation, so a rule that matches nothing cannot pass unnoticed.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(import.meta.dirname, '..');
const config = path.join(root, '.dependency-cruiser.cjs');
const depcruise = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const layers = ['bin', 'client', 'matrix', 'scrapers', 'server', 'test'];

/** Runs dependency-cruiser with the project's rules; `ok` false when a rule is broken. */
async function cruise(cwd: string, paths: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [depcruise, '--config', config, '--output-type', 'err', ...paths], { cwd });
    return { ok: true, output: stdout };
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout ?? ''}${stderr ?? ''}` };
  }
}

describe('the dependency rules', () => {
  it('hold on the tree', async () => {
    const { ok, output } = await cruise(root, layers);
    expect(ok, output).toBe(true);
  }, 60_000);

  const scratch = mkdtempSync(path.join(tmpdir(), 'vetted-rules-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const exported = 'export const value = 1;\n';
  const violations: Array<[rule: string, files: Record<string, string>]> = [
    ['no-circular', { 'scrapers/a.ts': "import { value } from './b.ts';\nexport const a = value;\n", 'scrapers/b.ts': "import { a } from './a.ts';\nexport const value = a;\n" }],
    ['matrix-no-io-builtins', { 'matrix/hash.ts': "import { createHash } from 'node:crypto';\nexport const hash = createHash('sha1');\n" }],
    ['matrix-only-pure-packages', { 'matrix/db.ts': "import pg from 'pg';\nexport const Pool = pg.Pool;\n" }],
    ['matrix-not-other-layers', { 'matrix/rule.ts': "import { value } from '../scrapers/kind.ts';\nexport const rule = value;\n", 'scrapers/kind.ts': exported }],
    ['scrapers-not-server-or-client', { 'scrapers/run.ts': "import { value } from '../server/db.ts';\nexport const run = value;\n", 'server/db.ts': exported }],
    ['client-not-server-or-scrapers', { 'client/check.ts': "import { value } from '../server/env.ts';\nexport const check = value;\n", 'server/env.ts': exported }],
    ['production-not-tests', { 'server/app.ts': "import { value } from '../test/helper.ts';\nexport const app = value;\n", 'test/helper.ts': exported }],
  ];

  it.concurrent.each(violations)('%s fails on a deliberate violation', async (rule, files) => {
    const dir = path.join(scratch, rule);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    // Packages resolve from the project's node_modules, as they would in the tree.
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const { ok, output } = await cruise(dir, [...new Set(Object.keys(files).map((file) => file.split('/')[0]!))]);
    expect(ok).toBe(false);
    expect(output).toContain(`error ${rule}:`);
  }, 60_000);
});
