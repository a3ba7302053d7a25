// Prometheus metrics at GET /metrics: the process, the registry's size and freshness, and each
// source's watch health, so an alert can say "Nextcloud's release watch has failed 5 times".
// Everything is read when scraped; nothing is added to the request path.
import { Gauge, Registry as MetricsRegistry, collectDefaultMetrics } from 'prom-client';
import { runCount } from '../matrix/registry.ts';
import type { Catalog } from '../scrapers/catalog.ts';
import type { Database } from './db/database.ts';
import { watchSources } from './db/schema.ts';
import type { RegistryHolder } from './registry/holder.ts';

export interface MetricsDeps {
  database: Database;
  catalog: Catalog;
  registry: RegistryHolder;
}

export interface Metrics {
  contentType: string;
  render(): Promise<string>;
}

export function createMetrics(deps: MetricsDeps): Metrics {
  const metrics = new MetricsRegistry();
  collectDefaultMetrics({ register: metrics, prefix: 'vetted_' });

  new Gauge({
    name: 'vetted_releases',
    help: 'Releases the registry knows, per app',
    labelNames: ['app'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const [appId, entry] of deps.registry.registry?.apps ?? []) this.set({ app: appId }, entry.releases.length);
    },
  });
  new Gauge({
    name: 'vetted_runs',
    help: 'Runs recorded',
    registers: [metrics],
    collect() {
      this.set(deps.registry.registry ? runCount(deps.registry.registry) : 0);
    },
  });
  new Gauge({
    name: 'vetted_change_seq',
    help: 'registry_state.change_seq this instance has caught up with (compare instances to see lag)',
    registers: [metrics],
    collect() {
      this.set(Math.max(deps.registry.changeSeq, 0));
    },
  });

  const failures = new Gauge({
    name: 'vetted_watch_consecutive_failures',
    help: 'Consecutive failed polls of one upstream source (0 when its last poll succeeded)',
    labelNames: ['app', 'source'],
    registers: [metrics],
  });
  const lastSuccess = new Gauge({
    name: 'vetted_watch_last_success_timestamp_seconds',
    help: 'When a poll of the source last succeeded (Unix time); absent until one has',
    labelNames: ['app', 'source'],
    registers: [metrics],
  });

  return {
    contentType: metrics.contentType,
    async render() {
      // One small query per scrape, not per request.
      const rows = await deps.database.db.select().from(watchSources);
      failures.reset();
      lastSuccess.reset();
      const known = new Set(deps.catalog.apps.map((app) => app.id));
      for (const row of rows) {
        if (!known.has(row.appId)) continue;
        const labels = { app: row.appId, source: row.sourceKey };
        failures.set(labels, row.consecutiveFailures);
        if (row.lastSuccessAt) lastSuccess.set(labels, row.lastSuccessAt.getTime() / 1000);
      }
      return metrics.metrics();
    },
  };
}
