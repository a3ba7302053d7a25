// The load of many servers, each asking about its own inventory: autocannon in its own process,
// every request a different realistic inventory (generate.ts), so no answer comes from a cache.
// `node --import tsx test/bench/distinct-load.ts URL SECONDS CONNECTIONS CANDIDATES SEED [HEADERS]`
// (HEADERS: a JSON object of extra request headers); prints autocannon's JSON report.
import autocannon from 'autocannon';
import { benchCatalog, benchSize, benchVersions, realisticInventories } from './generate.ts';

const [url, seconds, connections, candidates, seed, headers] = process.argv.slice(2);
const next = realisticInventories(benchCatalog(benchSize), benchVersions(benchSize.releasesPerApp), Number(seed ?? 1));
const result = await autocannon({
  url: url!,
  duration: Number(seconds ?? 8),
  connections: Number(connections ?? 10),
  requests: [{
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(JSON.parse(headers ?? '{}') as Record<string, string>) },
    setupRequest: (request) => ({ ...request, body: JSON.stringify({ installed: next(), candidates }) }),
  }],
});
process.stdout.write(JSON.stringify(result));
