// Where the time of a contact insert goes (issue 2: bulk create >= 20,000 contacts/s). Writes
// bench/results/insert-cost.json and the "## Contact insert cost by index (issue 2)" section of BENCHMARKS.md.
//   npm run bench:insert-cost            (BENCH_ROWS, default 100000; BENCH_RUNS, default 2: the faster run counts)
// A fresh database with every migration; 100,000 generated contacts in a staging table; then, each in its own
// transaction that is rolled back, an INSERT ... SELECT of those rows into `contacts`: with everything, with
// nothing (no index but the primary key, no trigger), and with nothing but one index or the trigger.
// Environment: DATABASE_URL_BENCH (default postgres://postgres@127.0.0.1:5432/postgres).
import os from 'node:os';
import { migrateDatabase, openPostgres } from '../packages/server/src/db/client.js';
import { replaceSection, writeResult } from './bench-report.js';
import { ADMIN_URL, urlFor, withClient } from './bench-db.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const NAME = 'svyaz_bench_insert_cost';

const WORKSPACE = '00000000-0000-4000-8000-000000000001';
const OWNERS = Array.from({ length: 12 }, (_, index) => `00000000-0000-4000-8000-${String(index + 100).padStart(12, '0')}`);

/** Contacts as the seed makes them: Russian and Latin names, one mobile phone, one e-mail, a city, one of 12 owners in 3 teams. */
const stageSql = `
  create table stage as
  select gen_random_uuid() as id, '${WORKSPACE}'::uuid as workspace_id,
    (array['Иван','Пётр','Мария','Анна','Сергей','John','Olga','Дмитрий'])[1 + g % 8] as first_name,
    (array['Иванов','Петрова','Сидоров','Smith','Кузнецова','Попов','Волков','Johnson'])[1 + (g / 8) % 8] || (array['','ский','ко','ин'])[1 + g % 4] || (g % 997)::text as last_name,
    (array['Сергеевич','Ивановна','Петрович',null])[1 + g % 4] as middle_name,
    (array['менеджер','директор','бухгалтер','manager'])[1 + g % 4] as position,
    array['+7916' || lpad(((g * 7919) % 10000000)::text, 7, '0')] as phones,
    array['user' || g || '@example' || (g % 100) || '.ru'] as emails,
    (array['Москва','Казань','Almaty','Новосибирск'])[1 + g % 4] as city,
    ('{${OWNERS.join(',')}}'::uuid[])[1 + g % 12] as owner_id,
    ('{${OWNERS.slice(0, 3).join(',')}}'::uuid[])[1 + g % 3] as team_id
  from generate_series(1, ${ROWS}) g`;

const insertSql = `insert into contacts (id, workspace_id, first_name, last_name, middle_name, position, phones, emails, city, owner_id, team_id)
  select id, workspace_id, first_name, last_name, middle_name, position, phones, emails, city, owner_id, team_id from stage`;

interface Variant {
  name: string;
  seconds: number;
  rowsPerSecond: number;
}

async function main(): Promise<void> {
  await withClient(ADMIN_URL, async (client) => {
    await client.query(`drop database if exists ${NAME} with (force)`);
    await client.query(`create database ${NAME}`);
  });
  const database = await openPostgres(urlFor(NAME), { max: 1 });
  await migrateDatabase(database);
  await database.close();
  try {
    const variants: Variant[] = [];
    await withClient(urlFor(NAME), async (client) => {
      await client.query(`insert into workspaces (id, name) values ('${WORKSPACE}', 'Bench')`);
      await client.query(stageSql);
      const { rows: indexRows } = await client.query<{ name: string; definition: string }>(
        `select indexname as name, indexdef as definition from pg_indexes where tablename = 'contacts' and indexname <> 'contacts_pkey' order by indexname`,
      );
      const { rows: triggerRows } = await client.query<{ name: string }>(`select tgname as name from pg_trigger where tgrelid = 'contacts'::regclass and not tgisinternal and tgname like '%insert%'`);
      const indexes = indexRows.map((row) => row.name);
      const triggers = triggerRows.map((row) => row.name);
      const setups: { name: string; keep: string[] }[] = [
        { name: 'everything', keep: [...indexes, ...triggers] },
        { name: 'nothing (primary key and generated columns only)', keep: [] },
        ...indexes.map((index) => ({ name: `only ${index} (${/using (\w+)/i.exec(indexRows.find((row) => row.name === index)!.definition)?.[1] ?? ''})`, keep: [index] })),
        ...triggers.map((trigger) => ({ name: `only trigger ${trigger}`, keep: [trigger] })),
      ];
      for (const setup of setups) {
        let best = Infinity;
        for (let run = 0; run < RUNS; run++) {
          await client.query('begin');
          for (const index of indexes) if (!setup.keep.includes(index)) await client.query(`drop index ${index}`);
          for (const trigger of triggers) if (!setup.keep.includes(trigger)) await client.query(`alter table contacts disable trigger ${trigger}`);
          const started = performance.now();
          await client.query(insertSql);
          best = Math.min(best, (performance.now() - started) / 1000);
          await client.query('rollback');
          await client.query('checkpoint');
        }
        variants.push({ name: setup.name, seconds: best, rowsPerSecond: ROWS / best });
        console.log(`${setup.name}: ${best.toFixed(2)} s, ${Math.round(ROWS / best)} rows/s`);
      }
    });
    const load = os.loadavg()[0].toFixed(1);
    const settings = await withClient(urlFor(NAME), async (client) => (await client.query<{ shared_buffers: string }>('show shared_buffers')).rows[0].shared_buffers);
    writeResult('insert-cost.json', { when: new Date().toISOString(), rows: ROWS, runs: RUNS, load, sharedBuffers: settings, variants });
    const nothing = variants[1].seconds;
    replaceSection(
      '## Contact insert cost by index (issue 2)',
      `## Contact insert cost by index (issue 2)

\`npm run bench:insert-cost\` (bench/insert-cost.ts), PostgreSQL 15 (shared_buffers ${settings}), ${process.version}, 1-minute load average ${load} on 2 cores, ${new Date().toISOString().slice(0, 10)}.
${ROWS.toLocaleString('en-US')} generated contacts inserted with one INSERT … SELECT into an empty \`contacts\` table, in a transaction rolled back
afterwards; the faster of ${RUNS} runs. "Added" is the time over the table with nothing but its primary key and generated
columns (the tsvector in Russian and English, the phone digits). The additions need not sum to "everything": the indexes
compete for the same buffers and WAL, and single runs vary by a few tenths of a second.

| table keeps | time | rows/s | added |
|---|---|---|---|
${variants.map((v, index) => `| ${v.name} | ${v.seconds.toFixed(2)} s | ${Math.round(v.rowsPerSecond).toLocaleString('en-US')} | ${index < 2 ? '' : `${v.seconds >= nothing ? '+' : '−'}${Math.abs(v.seconds - nothing).toFixed(2)} s`} |`).join('\n')}

Bulk create through the API (≥ 20,000 contacts/s wanted) can be no faster than the table with "everything", and every
request also validates, checks duplicates and writes an audit event per record. On 2026-11-29, with random ids and the
separate full-text and collaborators indexes of before migration 0018, "everything" took 14.29 s and "nothing" 3.26 s
(the phone trigram index alone +2.64 s, the name trigram index +1.99 s); since version 7 ids (migration 0019) every
variant is faster, most of all those whose index is keyed by a random value. The search indexes (name and phone
trigrams, words with access) and the words trigger are what a table indexed asynchronously would take off the write.
By hand on the million-contact benchmark database (2026-11-30, 20 INSERTs of 1,000 real-vocabulary contacts after a
checkpoint, rolled back): 0.93-1.29 s with everything, 0.56-0.57 s without those three indexes and the trigger, 0.47 s
without the e-mail and phone indexes as well.
`,
    );
  } finally {
    await withClient(ADMIN_URL, (client) => client.query(`drop database if exists ${NAME} with (force)`));
  }
}

await main();
