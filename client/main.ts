// Entry of the one-file client (GET /client/vetted.mjs): bundled by server/client-bundle.ts, which
// defines VETTED_VERSION. Runs on Node.js 18 and newer with nothing else installed.
import { buildClientCli } from './cli.ts';

declare const VETTED_VERSION: string;

await buildClientCli(VETTED_VERSION).parseAsync(process.argv);
