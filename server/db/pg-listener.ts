// One LISTEN session of the pg driver that outlives its connection. A PostgreSQL restart, a
// network blip or a proxy closing idle connections ends the session, and without a new one every
// NOTIFY after that is lost until the process restarts (issue 11). It connects again with
// backoff and, since notifications sent meanwhile are lost, calls the listener once it is back.
import pg from 'pg';

export interface ListenOptions {
  url: string;
  channel: string;
  onNotify: () => void;
  /** Delay before the first reconnection attempt, doubled after each failure up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

// A restart takes a second or two; 5 s is the poll that covers a lost notification anyway.
const defaultMinDelayMs = 250;
const defaultMaxDelayMs = 5000;
// As the pool's deadlines (server/db/database.ts): a server that does not answer is not waited for.
const connectTimeoutMs = 2000;

/** Listens until the returned function is called; rejects when the first session cannot be opened. */
export async function listenWithReconnect(options: ListenOptions): Promise<() => Promise<void>> {
  const { url, channel, onNotify } = options;
  const minDelayMs = options.minDelayMs ?? defaultMinDelayMs;
  const maxDelayMs = options.maxDelayMs ?? defaultMaxDelayMs;
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let delayMs = minDelayMs;

  async function open(): Promise<void> {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, query_timeout: connectTimeoutMs, keepAlive: true });
    // A lost connection emits 'error' and then 'end'; 'end' reconnects.
    next.on('error', () => {});
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    next.once('end', () => {
      if (client === next) client = null;
      if (!stopped) reconnectLater();
    });
  }

  function reconnectLater(): void {
    timer = setTimeout(() => {
      timer = null;
      open().then(
        () => {
          delayMs = minDelayMs;
          if (!stopped) onNotify();
        },
        () => {
          delayMs = Math.min(delayMs * 2, maxDelayMs);
          if (!stopped) reconnectLater();
        },
      );
    }, delayMs);
    // Reconnecting alone must not keep a finished process (a CLI command, a test) alive.
    timer.unref();
  }

  await open();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => {});
    client = null;
  };
}
