import { PGlite } from '@electric-sql/pglite';
const dir = process.argv[2]!;
const client = await PGlite.create(dir);
async function time(label: string, fn: () => Promise<number>) { const t = performance.now(); const n = await fn(); console.log(label, ((performance.now() - t) / 1000).toFixed(2), 's', n); }
await time('count', async () => (await client.query<any>('select count(*) from run_components')).rows[0].count);
await time('agg', async () => (await client.query('select r.id, r.verdict, (extract(epoch from r.tested_at) * 1000)::float8, string_agg(c.release_id::text || case when c.failed then \'!\' else \'\' end, \',\') from runs r left join run_components c on c.run_id = r.id where r.id >= 0 and r.id < 100001 group by r.id', [], { rowMode: 'array' })).rows.length);
await time('components rows', async () => (await client.query('select run_id, release_id, failed from run_components order by run_id', [], { rowMode: 'array' })).rows.length);
await time('components rows unordered', async () => (await client.query('select run_id, release_id, failed from run_components', [], { rowMode: 'array' })).rows.length);
await time('runs rows', async () => (await client.query('select id, verdict, (extract(epoch from tested_at) * 1000)::float8 from runs', [], { rowMode: 'array' })).rows.length);
await time('copy binary-ish text', async () => { const r = await client.query("select string_agg(run_id::text || ':' || release_id::text, ',') from run_components"); return (r.rows[0] as any).string_agg.length; });
await client.close();
