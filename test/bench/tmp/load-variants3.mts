import { PGlite } from '@electric-sql/pglite';
const client = await PGlite.create(process.argv[2]!);
async function time(label: string, sql: string) { const t = performance.now(); const r = await client.query<any>(sql, [], { rowMode: 'array' }); console.log(label, ((performance.now() - t) / 1000).toFixed(2), 's', String(r.rows[0][0]).slice(0, 60)); }
await time('warm', 'select count(*) from releases');
await time('ids only', `select string_agg(id::text, ',') from runs`);
await time('date_part', `select string_agg(id::text || ' ' || (date_part('epoch', tested_at) * 1000)::text, ',') from runs`);
await time('extract', `select string_agg(id::text || ' ' || (extract(epoch from tested_at) * 1000)::float8::text, ',') from runs`);
await time('raw text', `select string_agg(id::text || ' ' || tested_at::text, ',') from runs`);
await time('verdict', `select string_agg(id::text || ' ' || (verdict = 'fail')::int::text, ',') from runs`);
await time('comp', `select string_agg(run_id::text || ' ' || release_id::text || case when failed then '!' else '' end, ',') from run_components`);
await time('comp ordered', `select string_agg(run_id::text || ' ' || release_id::text || case when failed then '!' else '' end, ',' order by run_id) from run_components`);
await client.close();
