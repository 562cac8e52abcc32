// Profiling aid: every SQL statement of one web-form submission with its time, after a warm-up.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { migrateDatabase, openPostgres, rows } from '../packages/server/src/db/client.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { insertUser } from '../packages/server/src/modules/users/users.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { createWebForm } from '../packages/server/src/modules/web-forms/web-forms.service.js';
import { adminQuery, urlFor } from './bench-db.js';

const log: { text: string; ms: number; full: string; values: unknown[] }[] = [];
let recording = false;
const original = pg.Client.prototype.query;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: any[]) {
  const t0 = performance.now();
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const result = (original as any).apply(this, args);
  if (recording && result && typeof result.then === 'function') result.then(() => log.push({ text: String(text).replace(/\s+/g, ' ').slice(0, 220), ms: performance.now() - t0, full: String(text), values: (Array.isArray(args[1]) ? args[1] : args[0]?.values) ?? [] }), () => {});
  return result;
};

const name = `svyaz_prof_forms_${process.pid}`;
await adminQuery(`drop database if exists ${name}`);
await adminQuery(`create database ${name}`);
const database = await openPostgres(urlFor(name));
try {
  await migrateDatabase(database);
  const db = database.db;
  const { workspaceId, adminId } = await createWorkspace(db, { name: 'Forms bench', admin: { email: 'bench-forms@bench.local', name: 'Bench', password: 'bench-password-1' } });
  const [team] = await rows<{ id: string }>(db, sql`insert into teams (workspace_id, name) values (${workspaceId}, 'Продажи') returning id`);
  for (const key of ['one', 'two', 'three', 'four']) await insertUser(db, workspaceId, { email: `${key}@bench.local`, name: key, password: 'bench-password-1', role: 'sales_manager', teamId: team.id });
  const admin = (await loadActor(db, adminId))!;
  const form = await createWebForm({ db, actor: admin }, {
    name: 'Заявка',
    fields: [
      { key: 'name', target: 'firstName', type: 'text', label: { ru: 'Имя', en: 'Name' }, required: true },
      { key: 'phone', target: 'phone', type: 'phone', label: { ru: 'Телефон', en: 'Phone' }, required: true },
      { key: 'email', target: 'email', type: 'email', label: { ru: 'Почта', en: 'Email' } },
      { key: 'city', target: 'city', type: 'text', label: { ru: 'Город', en: 'City' } },
    ],
    consent: { enabled: true, text: { ru: 'Согласен', en: '' } },
    allowedOrigins: ['https://shop.example.ru'],
    assignment: { rules: [], fallback: { type: 'team', teamId: team.id } },
    task: { enabled: true, title: { ru: 'Перезвонить', en: 'Call back' }, dueMinutes: 60 },
  });
  const app = await buildApp({ database, config: { WEB_FORM_SUBMISSIONS_PER_MINUTE: 1_000_000 } });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `${address}/api/public/forms/${form.key}`;
  let counter = 0;
  const submitOne = async () => {
    const index = counter++;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://shop.example.ru' }, body: JSON.stringify({ name: `Посетитель ${index}`, phone: `+7 916 ${String(1_000_000 + index).slice(-7)}`, email: `visitor${index}@client.test`, city: 'Москва', consent: 'true', utm_source: 'yandex', page_url: 'https://shop.example.ru/' }) });
    if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
  };
  const warm = Number(process.env.WARM ?? 300);
  for (let index = 0; index < warm; index++) await submitOne();
  const runs = 20;
  const t0 = performance.now();
  recording = true;
  for (let index = 0; index < runs; index++) await submitOne();
  recording = false;
  const total = (performance.now() - t0) / runs;
  const byText = new Map<string, { n: number; ms: number }>();
  for (const entry of log) {
    const item = byText.get(entry.text) ?? { n: 0, ms: 0 };
    item.n++;
    item.ms += entry.ms;
    byText.set(entry.text, item);
  }
  const sorted = [...byText.entries()].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`per submission: ${total.toFixed(1)} ms, ${(log.length / runs).toFixed(1)} statements, ${(log.reduce((s, e) => s + e.ms, 0) / runs).toFixed(1)} ms in SQL`);
  for (const [text, item] of sorted) console.log(`${(item.ms / runs).toFixed(2).padStart(6)} ms  x${(item.n / runs).toFixed(1)}  ${text}`);
  if (process.env.ANALYZE) await db.execute(sql.raw('analyze'));
  if (process.env.EXPLAIN) {
    const seen = new Set<string>();
    for (const entry of log) {
      if (seen.has(entry.text) || /^(begin|commit)/.test(entry.text) || !new RegExp(process.env.EXPLAIN).test(entry.full)) continue;
      seen.add(entry.text);
      const client = await database.pool!.connect();
      try {
        await client.query('begin');
        const plan = await client.query(`explain (analyze, buffers) ${entry.full}`, entry.values as unknown[]);
        console.log(`\n=== ${entry.text}\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}`);
      } catch (error) {
        console.log('explain failed', entry.text, (error as Error).message);
      } finally {
        await client.query('rollback');
        client.release();
      }
    }
  }
  await app.close();
} finally {
  await database.close();
  await adminQuery(`drop database if exists ${name}`);
}
