// Leaderboard live update (issue 13): the time from a deal being won through the API (POST /deals/:id/move to a
// won stage) to the "progress" event arriving on ANOTHER user's stream (the head's /api/v1/gamification/stream,
// over real HTTP), p50/p95/p99 over BENCH_WINS wins (default 60). Reference in the same run: the bare
// notification round trip through the same stream (pg_notify on svyaz_gamification from a plain pg client to the
// head's SSE event), and the move request's own response time. Target: p95 ≤ 2 s. Writes
// bench/results/leaderboard.json and the "## Leaderboard live update (issue 13)" section of BENCHMARKS.md.
//   npm run bench:leaderboard     Environment: DATABASE_URL_BENCH, BENCH_WINS (default 60).
import os from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows } from '../packages/server/src/db/client.js';
import { buildApp } from '../packages/server/src/http/app.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { insertUser } from '../packages/server/src/modules/users/users.service.js';
import { createApiToken, loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { GAMIFICATION_CHANNEL } from '../packages/server/src/modules/gamification/gamification.subscriber.js';
import { adminQuery, urlFor } from './bench-db.js';
import { percentile, replaceSection, writeResult } from './bench-report.js';

const WINS = Math.max(50, Number(process.env.BENCH_WINS ?? 60));
const TARGET_MS = 2000;

interface Stream {
  /** Resolves with the arrival time (performance.now()) of the next progress event about `userId`. */
  next(userId: string, timeoutMs?: number): Promise<number>;
  close(): void;
}

async function openStream(base: string, token: string): Promise<Stream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/gamification/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`stream: ${response.status}`);
  const waiting: { userId: string; resolve: (at: number) => void }[] = [];
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const at = performance.now();
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes(': connected')) connected();
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (!block.includes('event: progress') || !data) continue;
          const { userId } = JSON.parse(data.slice(6)) as { userId: string };
          const index = waiting.findIndex((item) => item.userId === userId);
          if (index >= 0) waiting.splice(index, 1)[0]!.resolve(at);
        }
      }
    } catch {
      /* aborted */
    }
  })();
  await ready;
  return {
    next(userId, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no progress event for ${userId} within ${timeoutMs} ms`)), timeoutMs);
        waiting.push({ userId, resolve: (at) => (clearTimeout(timer), resolve(at)) });
      });
    },
    close: () => controller.abort(),
  };
}

const stats = (values: number[]) => ({ p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99), max: Math.max(...values) });

async function main() {
  const loadBefore = os.loadavg()[0];
  const name = `svyaz_bench_leaderboard_${process.pid}`;
  await adminQuery(`drop database if exists ${name}`);
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(urlFor(name));
  const notifier = new pg.Client({ connectionString: urlFor(name) });
  try {
    await migrateDatabase(database);
    const db = database.db;
    const { workspaceId } = await createWorkspace(db, { name: 'Bench', admin: { email: 'admin@bench.local', name: 'Admin', password: 'bench-password-1' } });
    const [team] = await rows<{ id: string }>(db, sql`insert into teams (workspace_id, name) values (${workspaceId}, 'Отдел') returning id`);
    const head = (await insertUser(db, workspaceId, { email: 'head@bench.local', name: 'Руководитель', password: 'bench-password-1', role: 'head_of_sales', teamId: team!.id })) as { id: string };
    await db.execute(sql`update teams set head_user_id = ${head.id} where id = ${team!.id}`);
    const manager = (await insertUser(db, workspaceId, { email: 'anna@bench.local', name: 'Анна', password: 'bench-password-1', role: 'sales_manager', teamId: team!.id })) as { id: string };
    const token = async (id: string) => (await createApiToken(db, (await loadActor(db, id))!, 'bench')).token;
    const headToken = await token(head.id);
    const managerToken = await token(manager.id);

    const app = await buildApp({ database });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${base}/api/v1${url}`, { method, headers: { authorization: `Bearer ${managerToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const pipelines = (await call('GET', '/pipelines')) as { data: { stages: { id: string; kind: string }[] }[] };
    const won = pipelines.data[0]!.stages.find((stage) => stage.kind === 'won')!.id;
    const stream = await openStream(base, headToken);
    await notifier.connect();

    const wins: number[] = [];
    const moves: number[] = [];
    const bare: number[] = [];
    for (let index = 0; index < WINS + 5; index += 1) {
      // Reference: the bare notification through the same LISTEN connection and SSE stream.
      const heard = stream.next(manager.id);
      const sent = performance.now();
      await notifier.query('select pg_notify($1, $2)', [GAMIFICATION_CHANNEL, `${head.id}:${manager.id}`]);
      const bareMs = (await heard) - sent;

      const deal = (await call('POST', '/deals', { title: `Сделка ${index}`, amount: String(1000 + index) })) as { id: string };
      const arrived = stream.next(manager.id);
      const started = performance.now();
      await call('POST', `/deals/${deal.id}/move`, { stageId: won });
      const answered = performance.now();
      const at = await arrived;
      if (index < 5) continue; // warm-up
      bare.push(bareMs);
      wins.push(at - started);
      moves.push(answered - started);
    }
    stream.close();
    const points = await rows<{ points: number }>(db, sql`select coalesce(sum(points), 0)::int as points from gamification_points where user_id = ${manager.id}`);
    await app.close();

    const result = {
      date: new Date().toISOString(),
      database: 'postgres',
      wins: wins.length,
      winToStream: stats(wins),
      moveResponse: stats(moves),
      bareNotify: stats(bare),
      ratioP95: stats(wins).p95 / stats(bare).p95,
      pointsAwarded: Number(points[0]!.points),
      target: { p95: TARGET_MS },
      load: { before: loadBefore, after: os.loadavg()[0] },
    };
    writeResult('leaderboard.json', result);
    const f = (value: number, digits = 1) => value.toFixed(digits);
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, PostgreSQL 15`;
    const line = (label: string, s: ReturnType<typeof stats>) => `| ${label} | ${f(s.p50)} ms | ${f(s.p95)} ms | ${f(s.p99)} ms | ${f(s.max)} ms |`;
    replaceSection(
      '## Leaderboard live update (issue 13)',
      [
        '## Leaderboard live update (issue 13)',
        '',
        `\`npm run bench:leaderboard\` on ${machine}. ${result.date.slice(0, 10)}. 1-minute load ${f(loadBefore)} before, ${f(result.load.after)} after (the machine is shared).`,
        '',
        `${wins.length} wins (after 5 warm-up ones): a manager moves a deal to the won stage through the API over HTTP; measured until the "progress" event about that manager arrives on the head's \`/api/v1/gamification/stream\` (Server-Sent Events over HTTP, another user). The points are awarded and the team announced (pg_notify) in the transaction of the move, so the event leaves when it commits. Reference in the same run: the bare notification round trip (pg_notify on the same channel from a plain pg client to the same SSE stream). ${result.pointsAwarded} points awarded (${wins.length + 5} × 50: each win once).`,
        '',
        '| measured | p50 | p95 | p99 | max |',
        '|---|---|---|---|---|',
        line('won deal → event on the head\'s stream', result.winToStream),
        line('the move request alone (response)', result.moveResponse),
        line('reference: bare pg_notify → same stream', result.bareNotify),
        '',
        `Target p95 ≤ ${TARGET_MS} ms: ${result.winToStream.p95 <= TARGET_MS ? 'met' : 'missed'} (${f(result.winToStream.p95 / TARGET_MS, 3)} of the target; ${f(result.ratioP95, 1)} × the bare round trip at p95).`,
      ].join('\n'),
    );
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await notifier.end().catch(() => undefined);
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
