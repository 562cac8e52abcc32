// Web-form submissions on PostgreSQL (issue 11): POST /api/public/forms/:key over HTTP against the real
// server (a throw-away database), each submission one transaction with round-robin assignment in a team
// (locked row), the lead through the record engine, matches, the first task, the submission, the event and
// the owner's notification. Reference in the same run: the same number of bare INSERTs of a lead row over
// the same pool with the same concurrency. Writes bench/results/web-forms.json and the
// "## Web forms (issue 11)" section of BENCHMARKS.md.
//   npm run bench:web-forms     Environment: DATABASE_URL_BENCH, BENCH_SECONDS (default 20), BENCH_CONCURRENCY (16).
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows } from '../packages/server/src/db/client.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { insertUser } from '../packages/server/src/modules/users/users.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { createWebForm } from '../packages/server/src/modules/web-forms/web-forms.service.js';
import { adminQuery, urlFor } from './bench-db.js';
import { percentile, replaceSection, writeResult } from './bench-report.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

async function main() {
  const name = `svyaz_bench_forms_${process.pid}`;
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
      consent: { enabled: true, text: { ru: 'Согласен на обработку персональных данных (152-ФЗ)', en: '' } },
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
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://shop.example.ru' },
        body: JSON.stringify({ name: `Посетитель ${index}`, phone: `+7 916 ${String(1_000_000 + index).slice(-7)}`, email: `visitor${index}@client.test`, city: 'Москва', consent: 'true', utm_source: 'yandex', page_url: 'https://shop.example.ru/' }),
      });
      if (response.status !== 201) throw new Error(`submission ${index}: ${response.status} ${await response.text()}`);
    };
    for (let index = 0; index < 50; index++) await submitOne(); // warm-up
    // Statistics as a database in use has them (autovacuum analyzes; a never-analyzed table of 50 rows made the
    // planner scan the workspace's leads for the duplicate probes instead of the phones/emails GIN indexes).
    await db.execute(sql`analyze`);
    const latencies: number[] = [];
    const started = performance.now();
    const until = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          const t0 = performance.now();
          await submitOne();
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const svyaz = { submissions: latencies.length, seconds, perSecond: latencies.length / seconds, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
    await app.close();
    const [check] = await rows<{ leads: number; tasks: number; owners: number }>(db, sql`select (select count(*)::int from leads) as leads, (select count(*)::int from tasks) as tasks, (select count(distinct owner_id)::int from web_form_submissions) as owners`);

    // Reference: the same number of bare lead INSERTs over the same pool, same concurrency.
    const referenceLatencies: number[] = [];
    let next = 0;
    const referenceStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < svyaz.submissions) {
          const index = next++;
          const t0 = performance.now();
          await db.execute(sql`insert into leads (workspace_id, title, first_name, phones, emails, city, source, owner_id) values (${workspaceId}, ${`Заявка ${index}`}, ${'Посетитель'}, ${`{+7916${index}}`}::text[], ${`{ref${index}@client.test}`}::text[], 'Москва', 'yandex', ${adminId})`);
          referenceLatencies.push(performance.now() - t0);
        }
      }),
    );
    const referenceSeconds = (performance.now() - referenceStart) / 1000;
    const reference = { inserts: referenceLatencies.length, seconds: referenceSeconds, perSecond: referenceLatencies.length / referenceSeconds, p95: percentile(referenceLatencies, 0.95) };
    const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}, PostgreSQL on 127.0.0.1`;
    const result = { date: new Date().toISOString(), machine, concurrency: CONCURRENCY, svyaz, reference, check, ratio: svyaz.perSecond / reference.perSecond, load: os.loadavg()[0] };
    console.log(result);
    writeResult('web-forms.json', result);
    const f = (value: number, digits = 0) => value.toFixed(digits);
    replaceSection(
      '## Web forms (issue 11)',
      [
        '## Web forms (issue 11)',
        '',
        `\`npm run bench:web-forms\` on ${machine}. ${result.date.slice(0, 10)}.`,
        '',
        '| what | measured | reference (same run) | ratio | target |',
        '|---|---|---|---|---|',
        `| ${svyaz.submissions.toLocaleString('en')} submissions over HTTP, ${CONCURRENCY} at a time for ${f(seconds, 1)} s: round-robin in a team of 4 (locked row), lead through the record engine, matches, task, submission, event, notification — one transaction each | ${f(svyaz.perSecond)}/s, p50 ${f(svyaz.p50, 1)} ms, p95 ${f(svyaz.p95, 1)} ms, p99 ${f(svyaz.p99, 1)} ms | the same number of bare lead INSERTs over the same pool: ${f(reference.perSecond)}/s, p95 ${f(reference.p95, 1)} ms | ${f(result.ratio, 3)} | ≥ 200/s, p95 ≤ 50 ms |`,
        '',
        `Check after the submissions (before the reference INSERTs): ${check.leads} leads and ${check.tasks} tasks, the ${svyaz.submissions} measured submissions and the 50 of the warm-up, spread over ${check.owners} owners. 1-minute load at the end: ${f(result.load, 1)} (the machine is shared).`,
      ].join('\n'),
    );
  } finally {
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
