/** An error that ends a command with one line on stderr and exit status 1 (bad database, folder in use, unknown id). */
export class StartupError extends Error {}
