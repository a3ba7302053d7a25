// Errors that end a command with one line on stderr and exit status 1.
import { CatalogError } from '../scrapers/catalog.ts';
import { ControlError } from './control/control-client.ts';
import { ConfigError } from './env.ts';
import { StartupError } from './startup-error.ts';

export function expectedMessage(error: unknown): string | null {
  if (error instanceof ConfigError || error instanceof CatalogError || error instanceof StartupError || error instanceof ControlError) return error.message;
  return null;
}
