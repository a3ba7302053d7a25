import { PGlite } from '@electric-sql/pglite';
const client = await PGlite.create(process.argv[2]!);
async function time(label: string, sql: string) { const t = performance.now(); const r = await client.query<any>(sql, [], { rowMode: 'array' }); console.log(label, ((performance.now() - t) / 1000).toFixed(2), 's', String(r.rows[0]?.[0] ?? '').slice(0, 80)); }
await time('warm', 'select count(*) from releases');
await client.exec(`alter table runs add column if not exists list text`);
await time('backfill', `update runs set list = (select string_agg(release_id::text || case when failed then '!' else '' end, ' ') from run_components c where c.run_id = runs.id) returning 1`);
await time('load denorm', `select string_agg(id::text || ' ' || (verdict = 'fail')::int::text || ' ' || tested_at::text || ' ' || list, ',') from runs`);
await time('load denorm again', `select string_agg(id::text || ' ' || (verdict = 'fail')::int::text || ' ' || tested_at::text || ' ' || list, ',') from runs`);
await time('load denorm epoch', `select string_agg(id::text || ' ' || (verdict = 'fail')::int::text || ' ' || (extract(epoch from tested_at) * 1000)::float8::text || ' ' || list, ',') from runs`);
await client.exec(`alter table runs drop column list`);
await client.close();
