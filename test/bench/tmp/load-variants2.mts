import { PGlite } from '@electric-sql/pglite';
const client = await PGlite.create(process.argv[2]!);
async function time(label: string, fn: () => Promise<number>) { const t = performance.now(); const n = await fn(); console.log(label, ((performance.now() - t) / 1000).toFixed(2), 's', n); }
await time('migrations check', async () => 0);
await time('releases', async () => (await client.query(`select id, app_id, version, prerelease, withdrawn, withdrawn_reason, (extract(epoch from withdrawn_at) * 1000)::float8, (extract(epoch from published_at) * 1000)::float8, insecure, security, tag, url, (extract(epoch from first_seen_at) * 1000)::float8 from releases`, [], { rowMode: 'array' })).rows.length);
await time('runs agg', async () => ((await client.query<any>(`select string_agg(id::text || ' ' || (verdict = 'fail')::int::text || ' ' || (extract(epoch from tested_at) * 1000)::float8::text, ',') from runs where id >= $1 and id < $2`, [1, 100001], { rowMode: 'array' })).rows[0][0] as string).length);
await time('comp agg', async () => ((await client.query<any>(`select string_agg(run_id::text || ' ' || release_id::text || case when failed then '!' else '' end, ',') from run_components where run_id >= $1 and run_id < $2`, [1, 100001], { rowMode: 'array' })).rows[0][0] as string).length);
await time('comp agg literal', async () => ((await client.query<any>(`select string_agg(run_id::text || ' ' || release_id::text || case when failed then '!' else '' end, ',') from run_components where run_id >= 1 and run_id < 100001`, [], { rowMode: 'array' })).rows[0][0] as string).length);
await time('comp agg no filter', async () => ((await client.query<any>(`select string_agg(run_id::text || ' ' || release_id::text, ',') from run_components`, [], { rowMode: 'array' })).rows[0][0] as string).length);
await client.close();
