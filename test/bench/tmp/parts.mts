import { resolveInventory, computeAdvice } from '../../../matrix/advice.ts';
import { compileAll } from '../../../matrix/registry.ts';
import { judgeContext, statusIn, judgeIn } from '../../../matrix/status.ts';
import { compareParsed } from '../../../matrix/versions.ts';
import { buildRegistry } from '../scale.ts';
import { benchCatalog, benchVersions, realisticInventories } from '../generate.ts';
const runs = Number(process.argv[2] ?? 20000);
const size = { apps: 16, releasesPerApp: 300, runs };
const registry = buildRegistry(size);
compileAll(registry);
const next = realisticInventories(benchCatalog(size), benchVersions(300), 7);
const invs = Array.from({ length: 3000 }, () => next());
function time(label: string, fn: (inv: Record<string, string>) => number) {
  for (let i = 0; i < 300; i++) fn(invs[i]!);
  const t = process.cpuUsage(); let n = 0;
  for (let i = 300; i < 3000; i++) n += fn(invs[i]!);
  const u = process.cpuUsage(t);
  console.log(label.padEnd(30), ((u.user + u.system) / 2700).toFixed(1), 'µs/check', (n / 2700).toFixed(1));
}
time('resolve', (inv) => resolveInventory(registry, inv).inventory.size);
time('context', (inv) => { const r = resolveInventory(registry, inv); judgeContext(registry, r.inventory); return 1; });
time('statuses', (inv) => {
  const r = resolveInventory(registry, inv); const ctx = judgeContext(registry, r.inventory); let n = 0;
  for (const installed of r.inventory.values()) { const app = installed.app; for (let i = app.releases.length - 1; i >= 0; i--) { const rel = app.releases[i]!; if (compareParsed(rel.info.parsed, installed.parsed) <= 0) break; statusIn(ctx, app, rel); n++; } }
  return n;
});
time('judge all (evidence 1)', (inv) => {
  const r = resolveInventory(registry, inv); const ctx = judgeContext(registry, r.inventory); let n = 0;
  for (const installed of r.inventory.values()) { const app = installed.app; for (let i = app.releases.length - 1; i >= 0; i--) { const rel = app.releases[i]!; if (compareParsed(rel.info.parsed, installed.parsed) <= 0) break; judgeIn(ctx, app, { version: rel.info.version, parsed: rel.info.parsed, release: rel }, 1); n++; } }
  return n;
});
time('advice summary', (inv) => computeAdvice(registry, { installed: inv, includePrereleases: false, candidates: 'summary' }, new Date()).apps.length);
