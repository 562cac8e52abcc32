// Tracking endpoint benchmark (issue 14) on PostgreSQL: GET /t/o/:token.gif of the full app (token verified, the
// recipient's open counted, the first open an event) under autocannon, against a bare Fastify route returning the same
// gif, in the same run. Writes bench/results/tracking.json and the "## Campaign tracking (issue 14)" section of BENCHMARKS.md.
import os from 'node:os';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows } from '../packages/server/src/db/client.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { signToken } from '../packages/server/src/modules/campaigns/campaign-tokens.js';
import { PIXEL } from '../packages/server/src/modules/campaigns/campaign-tracking.routes.js';
import { adminQuery, urlFor } from './bench-db.js';
import { replaceSection, writeResult } from './bench-report.js';

const SECONDS = Number(process.env.BENCH_TRACKING_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_TRACKING_CONNECTIONS ?? 20);
const RECIPIENTS = 1000;

async function load(url: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return { perSecond: result.requests.average, p95Ms: (result.latency as unknown as Record<string, number>).p97_5 ?? result.latency.p99, p50Ms: result.latency.p50, non2xx: result.non2xx, errors: result.errors };
}

async function main() {
  const name = `svyaz_bench_tracking_${process.pid}`;
  await adminQuery(`drop database if exists ${name}`);
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(urlFor(name), { max: 10 });
  const bare = Fastify();
  bare.get('/t/o/:file', async (_request, reply) => reply.header('Cache-Control', 'no-store, max-age=0').type('image/gif').send(PIXEL));
  const app = await buildApp({ database });
  try {
    await migrateDatabase(database);
    const { workspaceId, adminId } = await createWorkspace(database.db, { name: 'Tracking bench', admin: { email: 'bench@bench.local', name: 'Bench', password: 'bench-password-1' } });
    const [campaign] = await rows<{ id: string }>(database.db, sql`insert into campaigns (workspace_id, name, mailbox_id, subject, audience, status, owner_id) values (${workspaceId}, 'Bench', gen_random_uuid(), 'S', '{"kind":"all"}', 'sent', ${adminId}) returning id`);
    const recipients = await rows<{ id: string }>(database.db, sql`insert into campaign_recipients (workspace_id, campaign_id, contact_id, email, status) select ${workspaceId}::uuid, ${campaign.id}::uuid, gen_random_uuid(), 'r' || i || '@mail.test', 'sent' from generate_series(1, ${RECIPIENTS}) i returning id`);
    const tokens = recipients.map((row) => signToken(row.id, 'open'));
    const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
    // autocannon asks one URL; the open of one recipient again and again is the worst case (one row updated by every request).
    await load(`${appUrl}/t/o/${tokens[0]}.gif`);
    const runs = [];
    for (let run = 0; run < 3; run++) runs.push({ app: await load(`${appUrl}/t/o/${tokens[run + 1]}.gif`), bare: await load(`${bareUrl}/t/o/${tokens[run + 1]}.gif`) });
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const [{ opens }] = await rows<{ opens: number }>(database.db, sql`select coalesce(sum(open_count), 0)::int as opens from campaign_recipients where campaign_id = ${campaign.id}::uuid`);
    const result = {
      date: new Date().toISOString(),
      seconds: SECONDS,
      connections: CONNECTIONS,
      app: { perSecond: median(runs.map((run) => run.app.perSecond)), p95Ms: median(runs.map((run) => run.app.p95Ms)), p50Ms: median(runs.map((run) => run.app.p50Ms)) },
      bare: { perSecond: median(runs.map((run) => run.bare.perSecond)), p95Ms: median(runs.map((run) => run.bare.p95Ms)) },
      opensRecorded: opens,
      non2xx: runs.reduce((sum, run) => sum + run.app.non2xx, 0),
      target: { perSecond: 2000, p95Ms: 20 },
      load: os.loadavg()[0],
    };
    writeResult('tracking.json', { ...result, runs });
    console.log(JSON.stringify(result, null, 2));
    const f = (value: number, digits = 0) => value.toFixed(digits);
    replaceSection(
      '## Campaign tracking (issue 14)',
      [
        '## Campaign tracking (issue 14)',
        '',
        `\`npm run bench:tracking\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, PostgreSQL. ${result.date.slice(0, 10)}.`,
        '',
        '| what | median of 3 runs | reference (same run) | ratio | target |',
        '|---|---|---|---|---|',
        `| GET /t/o/:token.gif, ${CONNECTIONS} connections for ${SECONDS} s (autocannon): HMAC verified, open counted on the recipient row (one UPDATE … INSERT statement) | ${f(result.app.perSecond)} opens/s, p97.5 ${f(result.app.p95Ms, 1)} ms | a bare Fastify route sending the same gif: ${f(result.bare.perSecond)}/s, p97.5 ${f(result.bare.p95Ms, 1)} ms | ${f(result.app.perSecond / result.bare.perSecond, 2)} | ≥ 2,000/s, p95 ≤ 20 ms |`,
        '',
        `autocannon reports p97.5, not p95 (p95 ≤ p97.5). Each run hammers one recipient's token, the worst case for row locks. ${result.opensRecorded.toLocaleString('en')} opens recorded, ${result.non2xx} non-2xx answers. 1-minute load at the end: ${f(result.load, 1)} (the machine is shared).`,
      ].join('\n'),
    );
  } finally {
    await app.close();
    await bare.close();
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
