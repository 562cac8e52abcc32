// Webhook delivery benchmark on PostgreSQL (issue 11), against a receiver on loopback. Writes
// bench/results/webhooks.json and the "## Webhooks (issue 11)" section of BENCHMARKS.md.
//   npm run bench:webhooks   N deals created through the record engine (bulk, so N record.created events in the
//                            outbox), then the webhooks-dispatch job's loop (runWebhookDispatcher) until every
//                            delivery has succeeded: matching, the owner's rights check, the record read again
//                            with the owner's rights, HMAC signing, the POST, and the log written per batch.
//                            Reference: bare fetch POSTs of the same bodies to the same receiver, 16 at a time
//                            (the sender's concurrency). Median of RUNS runs of each.
// Environment: DATABASE_URL_BENCH (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_WEBHOOK_EVENTS
// (default 5000), BENCH_WEBHOOK_RUNS (default 3).
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows, type Database } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { createRecords } from '../packages/server/src/core/records/record-service.js';
import { dealDefinition } from '../packages/server/src/modules/deals/deals.definition.js';
import { createWebhook } from '../packages/server/src/modules/webhooks/webhooks.service.js';
import { runWebhookDispatcher } from '../packages/server/src/modules/webhooks/webhooks.jobs.js';
import { closeWebhookAgents, signPayload } from '../packages/server/src/modules/webhooks/webhook-sender.js';
import { startReceiver } from '../packages/server/src/test/webhook-receiver.js';
import { adminQuery, urlFor } from './bench-db.js';
import { replaceSection, writeResult } from './bench-report.js';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5000);
const RUNS = Number(process.env.BENCH_WEBHOOK_RUNS ?? 3);
const CONCURRENCY = 16; // webhook-delivery.ts sends 16 at a time per batch
process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function createDeals(ctx: { db: Database['db']; actor: NonNullable<Awaited<ReturnType<typeof loadActor>>> }, run: number): Promise<void> {
  for (let start = 0; start < EVENTS; start += 1000) {
    const bodies = Array.from({ length: Math.min(1000, EVENTS - start) }, (_, index) => ({ title: `Поставка №${run}-${start + index}`, amount: String(10_000 + index) }));
    await createRecords(ctx, dealDefinition, bodies, { force: true });
  }
}

async function main() {
  const name = `svyaz_bench_webhooks_${process.pid}`;
  await adminQuery(`drop database if exists ${name}`);
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(urlFor(name));
  const receiver = await startReceiver({ record: false });
  try {
    await migrateDatabase(database);
    const { adminId } = await createWorkspace(database.db, { name: 'Webhooks bench', admin: { email: 'bench-webhooks@bench.local', name: 'Bench', password: 'bench-password-1' } });
    const actor = (await loadActor(database.db, adminId))!;
    const ctx = { db: database.db, actor };
    const hook = await createWebhook(ctx, { name: 'Bench', url: `${receiver.url}/bench`, events: ['record.created'], objects: ['deals'] });

    const svyaz: { seconds: number; perSecond: number; delivered: number }[] = [];
    const reference: { seconds: number; perSecond: number }[] = [];
    let sampleBody = '';
    for (let run = 0; run < RUNS; run += 1) {
      await createDeals(ctx, run);
      const started = performance.now();
      let delivered = 0;
      while (delivered < EVENTS) {
        await runWebhookDispatcher(database);
        const [{ count }] = await rows<{ count: number }>(database.db, sql`select count(*)::int as count from webhook_deliveries where webhook_id = ${hook.id}::uuid and status = 'succeeded'`);
        delivered = count - run * EVENTS;
        if (performance.now() - started > 120_000) throw new Error(`only ${delivered} of ${EVENTS} delivered in 120 s`);
      }
      const seconds = (performance.now() - started) / 1000;
      svyaz.push({ seconds, perSecond: EVENTS / seconds, delivered });
      if (!sampleBody) {
        const [sample] = await rows<{ body: string }>(database.db, sql`select request_body as body from webhook_delivery_attempts order by id desc limit 1`);
        sampleBody = sample.body;
      }

      // Reference: the same number of bodies of the same size, signed the same way, POSTed by fetch alone.
      const referenceStart = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < EVENTS) {
            next += 1;
            const timestamp = Math.floor(Date.now() / 1000);
            const response = await fetch(`${receiver.url}/bench`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-svyaz-signature': signPayload(hook.secret, timestamp, sampleBody), 'x-svyaz-timestamp': String(timestamp) },
              body: sampleBody,
            });
            await response.text();
          }
        }),
      );
      const referenceSeconds = (performance.now() - referenceStart) / 1000;
      reference.push({ seconds: referenceSeconds, perSecond: EVENTS / referenceSeconds });
      console.log(`run ${run + 1}: svyaz ${svyaz[run].perSecond.toFixed(0)}/s, fetch ${reference[run].perSecond.toFixed(0)}/s`);
    }
    const result = {
      events: EVENTS,
      runs: RUNS,
      bodyBytes: Buffer.byteLength(sampleBody),
      svyaz: { perSecond: median(svyaz.map((run) => run.perSecond)), runs: svyaz },
      reference: { perSecond: median(reference.map((run) => run.perSecond)), runs: reference },
    };
    const ratio = result.svyaz.perSecond / result.reference.perSecond;
    const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}, PostgreSQL on 127.0.0.1`;
    writeResult('webhooks.json', { date: new Date().toISOString(), machine, ...result, ratio });
    const f = (value: number, digits = 0) => value.toFixed(digits);
    replaceSection(
      '## Webhooks (issue 11)',
      [
        '## Webhooks (issue 11)',
        '',
        `\`npm run bench:webhooks\` on ${machine}; a receiver on loopback. ${new Date().toISOString().slice(0, 10)}. The issue sets no target.`,
        '',
        '| what | measured (median of ' + RUNS + ') | reference (same run) | ratio |',
        '|---|---|---|---|',
        `| ${EVENTS.toLocaleString('en')} record.created events (bulk-created deals) to delivered: dispatch, owner's rights, record read again, HMAC, POST, log | ${f(result.svyaz.perSecond)} deliveries/s | bare fetch POSTs of the same ${result.bodyBytes}-byte body, ${CONCURRENCY} at a time: ${f(result.reference.perSecond)} req/s | ${f(ratio, 2)} |`,
        '',
        `Measured while ${os.loadavg()[0].toFixed(1)} processes were runnable on average (1-minute load at the end of the run). The job claims 100 due deliveries at a time, sends them 16 at a time and writes their results (state, attempt log, failure counts) in one transaction per batch; the reference only talks HTTP. A ratio near or above 1 does not mean the database work is free: the sender uses node:http with keep-alive agents, which costs less per request than fetch (undici) does, and that difference pays for the outbox reads and the per-batch writes; the receiver runs in the same process for both.`,
      ].join('\n'),
    );
  } finally {
    closeWebhookAgents();
    await receiver.stop();
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
