// The agent's desk over 1,000,000 cases on PostgreSQL (issue 12). Writes bench/results/service-desk.json and the
// "## Service desk (issue 12)" section of BENCHMARKS.md.
//   npm run bench:service-desk   N cases bulk-generated with SQL (20 agents in 2 teams, 5 queues, ~30 % open,
//                                statuses, priorities, deadlines), ANALYZE, then the desk's pages through
//                                listDesk() (the record engine's list: rights, filters, keyset cursor) for an agent
//                                with own rights: "my queue" first pages and pages 2-5 by cursor, the team queue and
//                                "breaching soon". Reference: the bare SQL of the same page (same columns, same
//                                WHERE on the desk index, same ORDER BY and LIMIT) on the same connection pool.
//                                p95 of SAMPLES pages each, median of RUNS runs. Target: p95 <= 20 ms.
// Environment: DATABASE_URL_BENCH (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_CASES (1000000),
// BENCH_DESK_SAMPLES (200), BENCH_DESK_RUNS (3), BENCH_KEEP_DB=true keeps the generated database for another run.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows, type Database } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { listDesk } from '../packages/server/src/modules/cases/cases.service.js';
import { caseDefinition } from '../packages/server/src/modules/cases/cases.definition.js';
import { selectList } from '../packages/server/src/core/records/record-service.js';
import { adminQuery, urlFor } from './bench-db.js';
import { percentile, replaceSection, writeResult } from './bench-report.js';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const SAMPLES = Number(process.env.BENCH_DESK_SAMPLES ?? 200);
const RUNS = Number(process.env.BENCH_DESK_RUNS ?? 3);
const AGENTS = 20;
const TARGET_MS = 20;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function seed(database: Database): Promise<{ workspaceId: string; agents: string[]; queues: string[] }> {
  const db = database.db;
  const { workspaceId } = await createWorkspace(db, { name: 'Service desk bench', admin: { email: 'bench-desk@bench.local', name: 'Bench', password: 'bench-password-1' } });
  const teams = await rows<{ id: string }>(db, sql`insert into teams (workspace_id, name) select ${workspaceId}::uuid, 'Линия ' || g from generate_series(1, 2) g returning id`);
  const agents = await rows<{ id: string }>(
    db,
    sql`insert into users (workspace_id, email, name, role_id, team_id, locale)
        select ${workspaceId}::uuid, 'agent' || g || '@bench.local', 'Агент ' || g, (select id from roles where workspace_id = ${workspaceId}::uuid and key = 'sales_manager'),
          (array[${teams[0].id}::uuid, ${teams[1].id}::uuid])[1 + g % 2], 'ru'
        from generate_series(1, ${AGENTS}) g returning id`,
  );
  const queues = await rows<{ id: string }>(db, sql`insert into case_queues (workspace_id, name, team_id) select ${workspaceId}::uuid, 'Очередь ' || g, ${teams[0].id}::uuid from generate_series(1, 5) g returning id`);
  const agentIds = agents.map((row) => row.id);
  const queueIds = queues.map((row) => row.id);
  await db.execute(sql`insert into case_queue_members (workspace_id, queue_id, user_id) select ${workspaceId}::uuid, ${queueIds[0]}::uuid, u from unnest(${`{${agentIds.join(',')}}`}::uuid[]) u`);
  const started = performance.now();
  for (let from = 1; from <= CASES; from += 100_000) {
    const to = Math.min(CASES, from + 99_999);
    await db.execute(sql`
      insert into case_number_sequences (workspace_id, last_number) values (${workspaceId}, ${to}) on conflict (workspace_id) do update set last_number = excluded.last_number;
    `);
    await db.execute(sql`
      insert into cases (workspace_id, number, subject, channel, category, priority, status, is_open, queue_id, owner_id, team_id, created_at, updated_at, status_changed_at,
        resolution_due_at, first_response_due_at, resolved_at)
      select ${workspaceId}::uuid, 'SD-' || lpad(g::text, greatest(6, length(g::text)), '0'),
        (array['Не работает доставка', 'Вопрос по счёту', 'Претензия по качеству', 'Order is late', 'Возврат товара', 'Сломался насос'])[1 + g % 6] || ' №' || g,
        (array['email', 'web_form', 'phone', 'portal', 'manual'])[1 + g % 5],
        (array['question', 'incident', 'request', 'complaint', 'claim', 'refusal', 'other'])[1 + g % 7],
        (array['low', 'normal', 'normal', 'high', 'urgent'])[1 + g % 5],
        s.status, s.status in ('new', 'in_progress', 'waiting_customer', 'reopened'),
        (${`{${queueIds.join(',')}}`}::uuid[])[1 + g % 5],
        case when g % 17 = 0 then null else (${`{${agentIds.join(',')}}`}::uuid[])[1 + g % ${AGENTS}] end,
        null,
        c.at, c.at, c.at,
        case when s.status in ('new', 'in_progress', 'waiting_customer', 'reopened') then c.at + interval '3 days' end,
        c.at + interval '4 hours',
        case when s.status in ('resolved', 'closed') then c.at + interval '1 day' end
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select now() - interval '730 days' * ((${CASES}::int - g)::float8 / ${CASES}::int) as at) c
      cross join lateral (select case when (g / 20) % 10 < 7 then (array['resolved', 'closed'])[1 + (g / 20) % 2] else (array['new', 'in_progress', 'waiting_customer', 'reopened'])[1 + (g / 200) % 4] end as status) s`);
    console.log(`  ${to.toLocaleString('en')} cases (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await db.execute(sql`update cases c set team_id = u.team_id from users u where u.id = c.owner_id and c.workspace_id = ${workspaceId}::uuid`);
  await db.execute(sql`vacuum analyze cases`);
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { workspaceId, agents: agentIds, queues: queueIds };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main() {
  const name = process.env.BENCH_DB_NAME ?? `svyaz_bench_desk`;
  const keep = process.env.BENCH_KEEP_DB === 'true';
  let database: Database | null = null;
  let world: { workspaceId: string; agents: string[]; queues: string[] };
  try {
    if (!keep) throw new Error('a fresh database');
    database = await openPostgres(urlFor(name));
    const [existing] = await rows<{ workspaceId: string }>(database.db, sql`select workspace_id as "workspaceId" from cases group by workspace_id having count(*) >= ${CASES} limit 1`);
    if (!existing) throw new Error('no seeded database');
    const agents = await rows<{ id: string }>(database.db, sql`select id from users where workspace_id = ${existing.workspaceId}::uuid and email like 'agent%' order by email`);
    const queues = await rows<{ id: string }>(database.db, sql`select id from case_queues where workspace_id = ${existing.workspaceId}::uuid order by name`);
    world = { workspaceId: existing.workspaceId, agents: agents.map((row) => row.id), queues: queues.map((row) => row.id) };
    console.log('reusing the seeded database');
  } catch {
    await database?.close();
    await adminQuery(`drop database if exists ${name}`);
    await adminQuery(`create database ${name}`);
    database = await openPostgres(urlFor(name));
    await migrateDatabase(database);
    world = await seed(database);
  }
  if (!database) throw new Error('no database');
  const live: Database = database;
  try {
    const agentId = world.agents[3];
    const actor = (await loadActor(live.db, agentId))!;
    const head = { ...actor, permissions: { ...actor.permissions, cases: { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' } } } as typeof actor;
    const ctx = { db: live.db, actor };
    const columns = selectList(caseDefinition);
    const bare = (where: ReturnType<typeof sql>, order: string, cursor: ReturnType<typeof sql> | null) =>
      rows(live.db, sql`select ${columns} from cases t where t.workspace_id = ${world.workspaceId}::uuid and t.deleted_at is null and ${where} ${cursor ? sql`and ${cursor}` : sql``} order by ${sql.raw(order)} limit 51`);
    type Page = { data: Record<string, unknown>[]; nextCursor: string | null };
    const scenarios: { name: string; svyaz: () => Promise<number[]>; reference: () => Promise<number[]> }[] = [
      {
        name: 'my queue, first page (50 open cases, oldest first)',
        svyaz: async () => [await timed(() => listDesk(ctx, { view: 'mine', limit: '50' }))],
        reference: async () => [await timed(() => bare(sql`t.owner_id = ${agentId}::uuid and t.is_open = true`, 't.created_at asc, t.id asc', null))],
      },
      {
        name: 'my queue, pages 2-5 by keyset cursor',
        svyaz: async () => {
          const times: number[] = [];
          let page = (await listDesk(ctx, { view: 'mine', limit: '50' })) as Page;
          for (let index = 0; index < 4 && page.nextCursor; index++) {
            const cursor = page.nextCursor;
            times.push(await timed(async () => (page = (await listDesk(ctx, { view: 'mine', limit: '50', cursor })) as Page)));
          }
          return times;
        },
        reference: async () => {
          const times: number[] = [];
          let last = (await bare(sql`t.owner_id = ${agentId}::uuid and t.is_open = true`, 't.created_at asc, t.id asc', null)).at(49);
          for (let index = 0; index < 4 && last; index++) {
            const after = sql`(t.created_at, t.id) > (${last.createdAt as string}::timestamptz, ${last.id as string}::uuid)`;
            times.push(await timed(async () => (last = (await bare(sql`t.owner_id = ${agentId}::uuid and t.is_open = true`, 't.created_at asc, t.id asc', after)).at(49))));
          }
          return times;
        },
      },
      {
        name: 'team queue (head of the queue, all rights), first page',
        svyaz: async () => [await timed(() => listDesk({ db: live.db, actor: { ...head, userId: agentId } }, { view: 'team', limit: '50' }))],
        reference: async () => [await timed(() => bare(sql`t.queue_id = any(${`{${world.queues[0]}}`}::uuid[]) and t.is_open = true`, 't.created_at asc, t.id asc', null))],
      },
      {
        name: 'breaching soon (head, all rights), first page by resolution deadline',
        svyaz: async () => [await timed(() => listDesk({ db: live.db, actor: head }, { view: 'breaching', limit: '50' }))],
        reference: async () => [await timed(() => bare(sql`t.is_open = true and t.resolution_due_at <= now() + interval '4 hours'`, 't.resolution_due_at asc nulls last, t.id asc', null))],
      },
    ];
    const results: { name: string; svyazP95: number; referenceP95: number; svyazP50: number; referenceP50: number; ratio: number; runs: { svyaz: number; reference: number }[] }[] = [];
    for (const scenario of scenarios) {
      for (let warm = 0; warm < 10; warm++) {
        await scenario.svyaz();
        await scenario.reference();
      }
      const runs: { svyaz: number; reference: number; svyazP50: number; referenceP50: number }[] = [];
      for (let run = 0; run < RUNS; run++) {
        const svyaz: number[] = [];
        const reference: number[] = [];
        // Interleaved, so both see the same load of the shared machine.
        for (let index = 0; index < SAMPLES; index++) {
          svyaz.push(...(await scenario.svyaz()));
          reference.push(...(await scenario.reference()));
        }
        runs.push({ svyaz: percentile(svyaz, 0.95), reference: percentile(reference, 0.95), svyazP50: percentile(svyaz, 0.5), referenceP50: percentile(reference, 0.5) });
      }
      const svyazP95 = median(runs.map((run) => run.svyaz));
      const referenceP95 = median(runs.map((run) => run.reference));
      results.push({
        name: scenario.name,
        svyazP95,
        referenceP95,
        svyazP50: median(runs.map((run) => run.svyazP50)),
        referenceP50: median(runs.map((run) => run.referenceP50)),
        ratio: svyazP95 / referenceP95,
        runs: runs.map((run) => ({ svyaz: run.svyaz, reference: run.reference })),
      });
      console.log(`${scenario.name}: p95 ${svyazP95.toFixed(2)} ms, bare SQL ${referenceP95.toFixed(2)} ms`);
    }
    const [{ count }] = await rows<{ count: number }>(live.db, sql`select count(*)::int as count from cases where workspace_id = ${world.workspaceId}::uuid`);
    const [{ mine }] = await rows<{ mine: number }>(live.db, sql`select count(*)::int as mine from cases where workspace_id = ${world.workspaceId}::uuid and owner_id = ${agentId}::uuid and is_open`);
    const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}, PostgreSQL on 127.0.0.1`;
    writeResult('service-desk.json', { date: new Date().toISOString(), machine, cases: count, agentOpenCases: mine, samples: SAMPLES, runs: RUNS, targetMs: TARGET_MS, results });
    const f = (value: number, digits = 2) => value.toFixed(digits);
    replaceSection(
      '## Service desk (issue 12)',
      [
        '## Service desk (issue 12)',
        '',
        `\`npm run bench:service-desk\` on ${machine}; ${count.toLocaleString('en')} cases generated with SQL (20 agents, 5 queues, 30 % open), the measured agent holds ${mine.toLocaleString('en')} open cases. ${new Date().toISOString().slice(0, 10)}. Target: the agent's queue page p95 ≤ ${TARGET_MS} ms.`,
        '',
        `| page (50 cases, through listDesk: rights, filters, keyset cursor) | p95 (median of ${RUNS} runs × ${SAMPLES}) | p50 | bare SQL of the same page, p95 | ratio | target |`,
        '|---|---|---|---|---|---|',
        ...results.map((result) => `| ${result.name} | ${f(result.svyazP95)} ms | ${f(result.svyazP50)} ms | ${f(result.referenceP95)} ms (p50 ${f(result.referenceP50)}) | ${f(result.ratio)} | ${result.svyazP95 <= TARGET_MS ? 'met' : `missed (${f(result.svyazP95 / TARGET_MS)}× the ceiling)`} |`),
        '',
        `Measured while ${os.loadavg()[0].toFixed(1)} processes were runnable on average (1-minute load at the end). The pages read the desk indexes of migration 0030 (\`cases_desk_owner_idx\` (workspace, owner, is_open, created_at, id) for my queue and unassigned, \`cases_desk_queue_idx\` for the team queue, \`cases_desk_due_idx\` for breaching soon); the bare SQL is the same SELECT without the engine (no access condition, no parameter parsing, no cursor encoding).`,
      ].join('\n'),
    );
  } finally {
    await live.close();
    if (!keep) await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
