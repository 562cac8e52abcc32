/**
 * Search and timeline latency on a large generated CRM (seed it with bench/search-seed.ts), through the
 * services (SQL + ranking + permission filtering), as an administrator (all records) and as a sales
 * manager (own records only), beside a bare single-index full-text query measured in the same run.
 * Usage: node --import tsx bench/search-bench.ts postgres://…/svyaz_search_bench
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { openPostgres, rows } from '../packages/server/src/db/client.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { searchRecords } from '../packages/server/src/modules/search/search.service.js';
import { getTimeline } from '../packages/server/src/modules/timeline/timeline.service.js';
import type { Ctx } from '../packages/server/src/core/context.js';

const url = process.argv[2];
if (!url) throw new Error('usage: search-bench.ts <postgres url>');
const RUNS = Number(process.env.RUNS ?? 15);
const database = await openPostgres(url, { max: 2 });
const db = database.db;

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run();
  const samples: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { p50: Math.round(percentile(samples, 50) * 10) / 10, p95: Math.round(percentile(samples, 95) * 10) / 10 };
}

const [{ contacts }] = await rows<{ contacts: number }>(db, sql`select count(*)::int as contacts from contacts`);
const [admin] = await rows<{ id: string }>(db, sql`select u.id from users u join roles r on r.id = u.role_id where r.key = 'admin' order by u.created_at desc limit 1`);
const [manager] = await rows<{ id: string }>(db, sql`select u.id from users u join roles r on r.id = u.role_id where r.key = 'sales_manager' order by u.created_at desc limit 1`);
const [sample] = await rows<{ id: string; phone: string; email: string; owner: string }>(db, sql`select id, phones[1] as phone, emails[1] as email, owner_id as owner from contacts where owner_id = ${manager.id} offset 1000 limit 1`);
const [company] = await rows<{ inn: string; id: string }>(db, sql`select inn, id from companies where inn is not null offset 5000 limit 1`);
const digits = sample.phone.slice(2);
const queries: Record<string, string> = {
  'misspelt surname (Иваноф)': 'Иваноф',
  'surname + number (Петрова 512)': 'Петрова 512',
  'partial word (Romash)': 'Romash',
  'common word (Ромашка)': 'Ромашка',
  'English typo (Smyth)': 'Smyth',
  'phone +7 (xxx) xxx-xx-xx': `+7 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8)}`,
  'phone 8xxxxxxxxxx': `8${digits}`,
  'phone xxx xxx xx xx': `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 8)} ${digits.slice(8)}`,
  'phone fragment (7 digits)': digits.slice(3),
  INN: company.inn,
  email: sample.email,
};

const results: { case: string; actor: string; p50: number; p95: number; hits: number }[] = [];
for (const [actorName, userId] of [['admin', admin.id], ['sales manager', manager.id]] as const) {
  const ctx: Ctx = { db, actor: (await loadActor(db, userId))! };
  for (const [name, q] of Object.entries(queries)) {
    let hits = 0;
    const timing = await time(async () => {
      hits = (await searchRecords(ctx, { q })).data.length;
    });
    results.push({ case: `search: ${name}`, actor: actorName, ...timing, hits });
  }
  const timelineRecord = actorName === 'admin' ? company.id : sample.id;
  let items = 0;
  const timing = await time(async () => {
    items = (await getTimeline(ctx, actorName === 'admin' ? 'companies' : 'contacts', timelineRecord, { limit: '50' })).data.length;
  });
  results.push({ case: `timeline first page (${actorName === 'admin' ? 'company with its contacts' : 'contact'})`, actor: actorName, ...timing, hits: items });
}
const reference = await time(() => rows(db, sql`select id from contacts where search_vector @@ websearch_to_tsquery('russian', 'Петрова') limit 20`));
results.push({ case: 'reference: bare FTS query on one index, no ranking or rights', actor: '-', ...reference, hits: 20 });

console.table(results);
console.log('load average', loadavg()[0].toFixed(1));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/search.json', JSON.stringify({ measuredAt: new Date().toISOString(), contacts, runs: RUNS, loadAverage: loadavg()[0], results }, null, 2));
await database.close();
