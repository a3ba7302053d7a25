// The one-file client a server installs with one curl (GET /client/vetted.cjs): client/main.ts and
// what it imports (client/, matrix/contract.ts, zod, commander) bundled by esbuild. Built on the
// first request and kept in memory, so the file always matches the running service and a fresh
// clone needs no build step before `npm start`.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface ClientBundle {
  code: string;
  /** Strong ETag of the code. */
  etag: string;
  /** Every source file that went in, relative to the repository (for the test that nothing of the service does). */
  inputs: string[];
}

const entry = fileURLToPath(new URL('../client/main.ts', import.meta.url));
const repository = fileURLToPath(new URL('..', import.meta.url));

// Debian 12 ships Node.js 18, Debian 13 Node.js 20: the file must run on both as they are.
export const clientTarget = 'node18';

export async function buildClientBundle(version: string): Promise<ClientBundle> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: repository,
    bundle: true,
    platform: 'node',
    // CommonJS, so the file runs under any name (`/usr/local/bin/vetted`, no extension) on Node 18 and 20.
    format: 'cjs',
    target: clientTarget,
    minify: true,
    write: false,
    metafile: true,
    legalComments: 'eof',
    define: { VETTED_VERSION: JSON.stringify(version) },
    banner: { js: `#!/usr/bin/env node\n// vetted client ${version}: vetted check | plan | report --help` },
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  return {
    code,
    etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"`,
    inputs: Object.keys(result.metafile.inputs),
  };
}

/** Builds once, on first use; a failed build is tried again on the next request. */
export function createClientBundleCache(version: string): () => Promise<ClientBundle> {
  let pending: Promise<ClientBundle> | null = null;
  return () => {
    pending ??= buildClientBundle(version).catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
