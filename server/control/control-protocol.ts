// The control socket's protocol: the CLI sends one JSON line (an AdminRequest); the service
// answers with JSON lines of output and ends with the exit status. The CLI prints the output as
// it comes, so a watch shows its progress as it would in the CLI's own process.
import path from 'node:path';
import { z } from 'zod';

export const ControlMessage = z.union([
  z.strictObject({ stdout: z.string() }),
  z.strictObject({ stderr: z.string() }),
  z.strictObject({ exit: z.number().int().min(0).max(255) }),
]);
export type ControlMessage = z.infer<typeof ControlMessage>;

// A request is a short command line's worth of JSON; anything longer is not from the CLI.
export const maxRequestBytes = 64 * 1024;

/** The socket in the embedded database's folder: only a process that may read the data may ask. */
export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, 'vetted.sock');
}
