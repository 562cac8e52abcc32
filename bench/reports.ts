// Report builder on PostgreSQL (issue 13: p95 ≤ 300 ms): 1,000,000 deals (one INSERT … SELECT generate_series:
// 12 managers in 3 teams, the default pipeline's stages, created over 3 years, amounts 1,000–1,000,000), the report
// "deals by month and stage, sum of amount" run through executeReport() (compile, the one statement with the head of
// sales' accessCondition(), labels, the result shape) beside the bare SQL computing the same numbers over a plain pg
// client, interleaved in the same run; the two answers must be equal. A sales manager's run (own deals only) is
// measured too. Writes bench/results/reports.json and the "## Report builder (issue 13)" section of BENCHMARKS.md.
//   npm run bench:reports     Environment: DATABASE_URL_BENCH, BENCH_DEALS (default 1000000), BENCH_RUNS (40).
import os from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { insertUser } from '../packages/server/src/modules/users/users.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { executeReport } from '../packages/server/src/modules/reports/report-builder.service.js';
import { reportDefinitionSchema } from '../packages/server/src/modules/reports/report-builder.schema.js';
import { adminQuery, urlFor } from './bench-db.js';
import { percentile, replaceSection, writeResult } from './bench-report.js';

const DEALS = Number(process.env.BENCH_DEALS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

const definition = reportDefinitionSchema.parse({
  source: 'deals',
  groupBy: [{ field: 'createdAt', bucket: 'month' }, { field: 'stageId' }],
  measures: [{ fn: 'sum', field: 'amount' }],
  chart: 'bar',
  tz: '+03:00',
});

// The reference: the least work that computes the same numbers (group on the raw month and stage id, format the
// 216 groups afterwards), so the ratio is to what PostgreSQL itself needs for one pass over the deals.
const bareSql = `select to_char(m, 'YYYY-MM-DD') as month, stage_id::text as stage, total::text as sum
  from (select date_trunc('month', created_at at time zone interval '+03:00') as m, stage_id, sum(amount) as total
        from deals where workspace_id = $1 and deleted_at is null group by 1, 2) as g`;

async function main() {
  const name = `svyaz_bench_reports_${process.pid}`;
  await adminQuery(`drop database if exists ${name}`);
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(urlFor(name));
  const client = new pg.Client({ connectionString: urlFor(name) });
  try {
    await migrateDatabase(database);
    const db = database.db;
    const { workspaceId, adminId } = await createWorkspace(db, { name: 'Reports bench', admin: { email: 'bench-reports@bench.local', name: 'Bench', password: 'bench-password-1' } });
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
    const [pipeline] = await rows<{ id: string }>(db, sql`select id from pipelines where workspace_id = ${workspaceId} order by is_default desc limit 1`);
    const stages = (await rows<{ id: string }>(db, sql`select id from stages where pipeline_id = ${pipeline.id} order by position`)).map((row) => row.id);
    const started = Date.now();
    // One statement: the i-th deal gets a manager, a stage and a creation time from i (3 years back from 2026-12-01).
    await db.execute(sql`insert into deals (workspace_id, title, amount, pipeline_id, stage_id, owner_id, team_id, created_by, created_at, updated_at, stage_entered_at)
      select ${workspaceId}::uuid, 'Сделка ' || i, 1000 + (i * 7919) % 999001, ${pipeline.id}::uuid,
             (${`{${stages.join(',')}}`}::uuid[])[1 + (i * 31) % ${stages.length}],
             (${`{${managers.map((m) => m.id).join(',')}}`}::uuid[])[1 + i % ${managers.length}],
             (${`{${managers.map((m) => m.teamId).join(',')}}`}::uuid[])[1 + i % ${managers.length}],
             ${adminId}::uuid, t, t, t
      from generate_series(1::bigint, ${DEALS}::bigint) as i, lateral (select timestamptz '2026-12-01 00:00:00+03' - ((i * 104729) % (3 * 365 * 86400)) * interval '1 second' as t) as x`);
    await db.execute(sql`vacuum analyze deals`);
    const loadSeconds = (Date.now() - started) / 1000;
    await client.connect();
    const headCtx = { db, actor: (await loadActor(db, head.id))! };
    const managerCtx = { db, actor: (await loadActor(db, managers[0].id))! };

    // Same numbers: every (month, stage) sum of the report equals the bare SQL's.
    const report = await executeReport(headCtx, definition);
    const bare = await client.query(bareSql, [workspaceId]);
    const fromReport = new Map(report.rows.map((row) => [`${row.keys[0]}|${row.keys[1]}`, row.values[0]]));
    const fromBare = new Map(bare.rows.map((row: { month: string; stage: string; sum: string }) => [`${row.month}|${row.stage}`, row.sum]));
    if (fromReport.size !== fromBare.size || [...fromBare].some(([key, value]) => fromReport.get(key) !== value)) throw new Error('the report and the bare SQL disagree');
    if (report.capped) throw new Error('unexpectedly capped');

    for (let run = 0; run < 3; run++) {
      await executeReport(headCtx, definition);
      await client.query(bareSql, [workspaceId]);
    }
    const service: number[] = [];
    const reference: number[] = [];
    const manager: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now();
      await executeReport(headCtx, definition);
      service.push(performance.now() - t);
      t = performance.now();
      await client.query(bareSql, [workspaceId]);
      reference.push(performance.now() - t);
      t = performance.now();
      await executeReport(managerCtx, definition);
      manager.push(performance.now() - t);
    }
    const summary = (values: number[]) => ({ p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99) });
    const result = {
      date: new Date().toISOString(),
      deals: DEALS,
      runs: RUNS,
      cells: report.rows.length,
      loadSeconds,
      head: summary(service),
      bare: summary(reference),
      manager: summary(manager),
      ratio: percentile(service, 0.95) / percentile(reference, 0.95),
      target: { p95: 300 },
      load: os.loadavg()[0],
    };
    writeResult('reports.json', result);
    console.log(JSON.stringify(result, null, 2));
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, PostgreSQL`;
    const f = (value: number, digits = 1) => value.toFixed(digits);
    replaceSection(
      '## Report builder (issue 13)',
      [
        '## Report builder (issue 13)',
        '',
        `\`npm run bench:reports\` on ${machine}. ${result.date.slice(0, 10)}.`,
        '',
        '| what | measured | reference (same run) | ratio | target |',
        '|---|---|---|---|---|',
        `| executeReport() as the head of sales: ${DEALS.toLocaleString('en')} deals grouped by month (+03:00) and stage, sum of amount (${result.cells} cells, stage names in the same statement) | p50 ${f(result.head.p50)} ms, p95 ${f(result.head.p95)} ms, p99 ${f(result.head.p99)} ms | the least SQL computing the same numbers (group on the raw month and stage id, format the groups after) over a plain pg client: p50 ${f(result.bare.p50)} ms, p95 ${f(result.bare.p95)} ms | ${f(result.ratio, 2)} | p95 ≤ 300 ms (${f(result.head.p95 / 300, 2)} of it) |`,
        `| the same report as one sales manager (own deals, 1/12 of them) | p50 ${f(result.manager.p50)} ms, p95 ${f(result.manager.p95)} ms | | | |`,
        '',
        `${RUNS} interleaved runs after 3 warm-ups; the report's sums were checked equal to the bare SQL's before timing. The deals were generated by one INSERT … SELECT generate_series in ${f(loadSeconds, 0)} s (with VACUUM ANALYZE). 1-minute load at the end: ${f(result.load)} (the machine is shared).`,
      ].join('\n'),
    );
  } finally {
    await client.end().catch(() => undefined);
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
