// Entry of the one-file client (GET /client/vetted.cjs): bundled by server/client-bundle.ts, which
// defines VETTED_VERSION. Runs on Node.js 18 and newer with nothing else installed.
import { buildClientCli } from './cli.ts';

declare const VETTED_VERSION: string;

buildClientCli(VETTED_VERSION).parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`vetted: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 3;
});
