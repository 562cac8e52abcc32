// Segments on PostgreSQL (issue 14: a segment of 200,000 contacts out of 1,000,000 with a purchase condition
// computed in ≤ 2 s, as a ratio to the bare SQL). Data, each table in one INSERT … SELECT generate_series:
// 1,000,000 contacts of 12 managers in 3 teams; 200 products in 20 categories ("Шины" is category X); one order
// of another category per contact over three years; an order of category X in spring 2026 (March 1st – May
// 31st, Moscow days) for every fifth contact (the 200,000 members); noise the condition must leave out: X orders
// in 2025 for every seventh contact and cancelled X orders in spring for every eleventh. One line per order.
// Measured through the service, as the head of sales (reads all): countSegment() (compile the definition with
// its accessCondition()s, one count), the first page of members (listSegmentRecords(), the list's keyset page of
// 50 by -createdAt) and the campaigns contract's first 1,000 ids (segmentMemberIds()); beside the bare SQL that
// computes the same count over a plain pg client, interleaved in the same run. One sales manager's count too.
// Writes bench/results/segments.json and the "## Segments (issue 14)" section of BENCHMARKS.md.
//   npm run bench:segments     Environment: DATABASE_URL_BENCH, BENCH_CONTACTS (default 1000000), BENCH_RUNS (7).
import os from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { insertUser } from '../packages/server/src/modules/users/users.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { countSegment, createSegment, listSegmentRecords, segmentMemberIds } from '../packages/server/src/modules/segments/segments.service.js';
import { adminQuery, urlFor } from './bench-db.js';
import { percentile, replaceSection, writeResult } from './bench-report.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// The reference: the least SQL counting the same contacts (live contacts of the workspace with a live, not
// cancelled order of a product of the category placed in the period).
const bareSql = `select count(*)::int as count from contacts c
  where c.workspace_id = $1 and c.deleted_at is null and c.id in (
    select o.contact_id from orders o join order_lines ol on ol.order_id = o.id join products p on p.id = ol.product_id
    where o.workspace_id = $1 and o.deleted_at is null and o.status <> 'cancelled' and p.workspace_id = $1 and p.category = 'Шины'
      and o.ordered_at >= '2026-03-01T00:00:00+03:00' and o.ordered_at < '2026-06-01T00:00:00+03:00')`;

const median = (values: number[]) => percentile(values, 0.5);

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

async function main() {
  const name = `svyaz_bench_segments_${process.pid}`;
  await adminQuery(`drop database if exists ${name}`);
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(urlFor(name));
  const client = new pg.Client({ connectionString: urlFor(name) });
  try {
    await migrateDatabase(database);
    const db = database.db;
    const { workspaceId, adminId } = await createWorkspace(db, { name: 'Segments bench', admin: { email: 'bench-segments@bench.local', name: 'Bench', password: 'bench-password-1' } });
    const teams: string[] = [];
    for (const team of ['Север', 'Юг', 'Запад']) {
      const [row] = await rows<{ id: string }>(db, sql`insert into teams (workspace_id, name) values (${workspaceId}, ${team}) returning id`);
      teams.push(row.id);
    }
    const head = (await insertUser(db, workspaceId, { email: 'head@bench.local', name: 'Руководитель', password: 'bench-password-1', role: 'head_of_sales', teamId: teams[0] })) as { id: string };
    const managers: { id: string; teamId: string }[] = [];
    for (let index = 0; index < 12; index++) {
      const teamId = teams[index % 3];
      const user = (await insertUser(db, workspaceId, { email: `m${index}@bench.local`, name: `Менеджер ${index}`, password: 'bench-password-1', role: 'sales_manager', teamId })) as { id: string };
      managers.push({ id: user.id, teamId });
    }
    const owners = `{${managers.map((m) => m.id).join(',')}}`;
    const ownerTeams = `{${managers.map((m) => m.teamId).join(',')}}`;
    const started = Date.now();
    const step = async (label: string, statement: ReturnType<typeof sql>) => {
      const t = Date.now();
      await db.execute(statement);
      console.log(`${label}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    };
    // The search words of contacts (a statement trigger feeding the search's word list) have nothing to do with
    // segments; they are switched off during the load only, to keep the benchmark within minutes.
    await db.execute(sql`alter table contacts disable trigger contacts_words_insert`);
    await step(
      'products',
      sql`insert into products (workspace_id, sku, name, category, price, owner_id, created_by)
          select ${workspaceId}::uuid, 'P-' || i, 'Товар ' || i, case when i % 20 = 0 then 'Шины' else 'Категория ' || (i % 20) end, 100, ${adminId}::uuid, ${adminId}::uuid
          from generate_series(1, 200) as i`,
    );
    await step(
      'contacts',
      sql`insert into contacts (id, workspace_id, last_name, first_name, city, owner_id, team_id, created_by, created_at, updated_at)
          select md5('c' || i)::uuid, ${workspaceId}::uuid, 'Фамилия ' || i, 'Имя', 'Город ' || (i % 50),
                 (${owners}::uuid[])[1 + i % 12], (${ownerTeams}::uuid[])[1 + i % 12], ${adminId}::uuid, t, t
          from generate_series(1, ${CONTACTS}) as i, lateral (select timestamptz '2026-12-01 00:00:00+03' - ((i::bigint * 104729) % (3 * 365 * 86400)) * interval '1 second' as t) as x`,
    );
    await db.execute(sql`alter table contacts enable trigger contacts_words_insert`);
    // Orders: A = another category, any time in three years; B = category X in spring 2026 (every 5th contact);
    // C = category X in 2025 (every 7th); D = cancelled category X in spring (every 11th).
    await step(
      'orders',
      sql`insert into orders (id, workspace_id, number, contact_id, status, ordered_at, total, owner_id, team_id, created_by, created_at, updated_at)
          select md5(kind || i)::uuid, ${workspaceId}::uuid, kind || '-' || i, md5('c' || i)::uuid, case when kind = 'D' then 'cancelled' else 'done' end, at, 100,
                 (${owners}::uuid[])[1 + i % 12], (${ownerTeams}::uuid[])[1 + i % 12], ${adminId}::uuid, at, at
          from generate_series(1, ${CONTACTS}) as i
          cross join lateral (values
            ('A', true, timestamptz '2026-12-01 00:00:00+03' - ((i::bigint * 7919) % (3 * 365 * 86400)) * interval '1 second'),
            ('B', i % 5 = 0, timestamptz '2026-03-01 00:00:00+03' + ((i::bigint * 6151) % (92 * 86400)) * interval '1 second'),
            ('C', i % 7 = 1, timestamptz '2025-01-01 00:00:00+03' + ((i::bigint * 6151) % (360 * 86400)) * interval '1 second'),
            ('D', i % 11 = 3, timestamptz '2026-03-01 00:00:00+03' + ((i::bigint * 3571) % (92 * 86400)) * interval '1 second')
          ) as v(kind, wanted, at)
          where wanted`,
    );
    await step(
      'order lines',
      sql`insert into order_lines (workspace_id, order_id, product_id, quantity, price, amount)
          select o.workspace_id, o.id, p.id, 1, 100, 100
          from orders o
          cross join lateral (select split_part(o.number, '-', 1) as kind, split_part(o.number, '-', 2)::int as i) as n
          join products p on p.workspace_id = o.workspace_id
            and p.sku = 'P-' || case when n.kind = 'A' then (n.i % 190) + 1 + (n.i % 190) / 19 else 20 * (1 + n.i % 10) end
          where o.workspace_id = ${workspaceId}`,
    );
    await step('vacuum analyze', sql`vacuum analyze`);
    const loadSeconds = (Date.now() - started) / 1000;
    await client.connect();
    const headCtx = { db, actor: (await loadActor(db, head.id))! };
    const managerCtx = { db, actor: (await loadActor(db, managers[0].id))! };
    const segment = await createSegment(headCtx, { name: 'Шины весной', object: 'contacts', visibility: 'team', conditions: [{ kind: 'purchased', category: 'Шины', from: '2026-03-01', to: '2026-05-31' }] });

    const bare = (await client.query(bareSql, [workspaceId])).rows[0].count as number;
    const counted = (await countSegment(headCtx, segment.id)).count;
    if (counted !== bare) throw new Error(`the service counts ${counted}, the bare SQL ${bare}`);
    const orderCount = (await client.query('select count(*)::int as count from orders')).rows[0].count as number;
    console.log({ members: counted, orders: orderCount, loadSeconds });

    const series = { count: [] as number[], bare: [] as number[], page: [] as number[], ids: [] as number[], manager: [] as number[] };
    let managerCount = 0;
    for (let run = -1; run < RUNS; run++) {
      const [countMs] = await timed(() => countSegment(headCtx, segment.id));
      const [bareMs] = await timed(() => client.query(bareSql, [workspaceId]));
      const [pageMs, page] = await timed(() => listSegmentRecords(headCtx, segment.id, { limit: 50 }));
      const [idsMs, ids] = await timed(() => segmentMemberIds(headCtx, segment.id, { limit: 1000 }));
      const [managerMs, mine] = await timed(() => countSegment(managerCtx, segment.id));
      if (page.data.length !== 50 || ids.length !== 1000) throw new Error('short first page');
      managerCount = mine.count;
      if (run < 0) continue; // warm-up
      series.count.push(countMs);
      series.bare.push(bareMs);
      series.page.push(pageMs);
      series.ids.push(idsMs);
      series.manager.push(managerMs);
    }
    const result = {
      date: new Date().toISOString(),
      contacts: CONTACTS,
      orders: orderCount,
      members: counted,
      managerMembers: managerCount,
      runs: RUNS,
      loadSeconds,
      medianMs: { count: median(series.count), bare: median(series.bare), firstPage: median(series.page), firstIds: median(series.ids), managerCount: median(series.manager) },
      ratio: median(series.count) / median(series.bare),
      target: { ms: 2000 },
      load: os.loadavg()[0],
    };
    writeResult('segments.json', result);
    console.log(JSON.stringify(result, null, 2));
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, PostgreSQL`;
    const f = (value: number, digits = 0) => value.toFixed(digits);
    const m = result.medianMs;
    replaceSection(
      '## Segments (issue 14)',
      [
        '## Segments (issue 14)',
        '',
        `\`npm run bench:segments\` on ${machine}. ${result.date.slice(0, 10)}.`,
        '',
        '| what | median | reference (same run) | ratio | target |',
        '|---|---|---|---|---|',
        `| countSegment() as the head of sales: "bought category Шины between 2026-03-01 and 2026-05-31" over ${CONTACTS.toLocaleString('en')} contacts and ${orderCount.toLocaleString('en')} orders → ${counted.toLocaleString('en')} members | ${f(m.count)} ms | the bare SQL counting the same contacts (semi-join on orders, lines, products) over a plain pg client: ${f(m.bare)} ms | ${f(result.ratio, 2)} | ≤ 2,000 ms (${f(m.count / 2000, 2)} of it) |`,
        `| first page of members (listSegmentRecords(), 50 by -createdAt, the list's keyset page) | ${f(m.firstPage)} ms | | | |`,
        `| first 1,000 ids for the campaigns (segmentMemberIds(), id order) | ${f(m.firstIds)} ms | | | |`,
        `| the same count as one sales manager (own orders and contacts → ${managerCount.toLocaleString('en')}) | ${f(m.managerCount)} ms | | | |`,
        '',
        `${RUNS} interleaved runs after a warm-up; the service's count was checked equal to the bare SQL's before timing. Loaded by one INSERT … SELECT generate_series per table in ${f(loadSeconds)} s (with VACUUM ANALYZE; the contacts' search-word trigger off during the load). Noise the condition must leave out: category X orders in 2025 for every 7th contact and cancelled ones in spring for every 11th. 1-minute load at the end: ${f(result.load, 1)} (the machine is shared).`,
      ].join('\n'),
    );
  } finally {
    await client.end().catch(() => undefined);
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
