/**
 * Training the CRM's hybrid model (modules/analytics: read orders, train in a worker thread, store the
 * version and its segment members) on seeded workspaces in a fresh embedded database (PGlite): the demo
 * size and a larger one. Reports read / train / store seconds per run (median of RUNS), the model's size,
 * and the longest stall of the main thread's event loop while training (what API requests would wait).
 * `node --import tsx bench/analytics-training.ts [demo|large|all]`; JSON in bench/results/analytics-training.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openPglite, migrateDatabase, firstRow } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { demoSize, seedWorkspace, type SeedSize } from '../packages/server/src/modules/demo/seed.service.js';
import { createTrainingRow, runTraining } from '../packages/server/src/modules/analytics/analytics.training.js';
import { median, repoRoot } from './analytics-datasets.js';

const RUNS = Number(process.env.TRAINING_RUNS ?? 3);
const sizes: Record<string, SeedSize> = {
  demo: demoSize,
  large: { companies: 20_000, contacts: 20_000, deals: 2_000, orders: 100_000, activities: 2_000, tasks: 500, products: 1_000 },
};

async function measure(name: string, size: SeedSize) {
  const dir = mkdtempSync(join(tmpdir(), 'svyaz-bench-training-'));
  const database = await openPglite(dir);
  try {
    await migrateDatabase(database);
    const { workspaceId } = await createWorkspace(database.db, { name: 'Bench', admin: { email: 'admin@bench.local', name: 'Admin', password: 'bench-password-1' } });
    const seeded = Date.now();
    await seedWorkspace(database.db, workspaceId, size);
    const seedSeconds = (Date.now() - seeded) / 1000;
    const runs: { totalSeconds: number; readSeconds: number; trainingSeconds: number; storeSeconds: number; maxEventLoopStallMs: number }[] = [];
    let metrics: Record<string, number> = {};
    let modelMegabytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const row = await createTrainingRow(database.db, workspaceId, null);
      // The event loop's longest stall while training (a timer due every 10 ms).
      let last = performance.now();
      let maxStall = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        maxStall = Math.max(maxStall, now - last - 10);
        last = now;
      }, 10);
      const started = performance.now();
      const status = await runTraining(database.db, row.id);
      const totalSeconds = (performance.now() - started) / 1000;
      clearInterval(timer);
      const stored = await firstRow<{ metrics: Record<string, number>; error: string | null; bytes: number }>(
        database.db,
        sql`select metrics, error, pg_column_size(model) as bytes from analytics_models where id = ${row.id}`,
      );
      if (status !== 'ready') throw new Error(`training ${name} failed: ${stored?.error}`);
      metrics = stored!.metrics;
      modelMegabytes = Number(stored!.bytes) / 1e6;
      runs.push({ totalSeconds, readSeconds: metrics.readSeconds, trainingSeconds: metrics.trainingSeconds, storeSeconds: totalSeconds - metrics.readSeconds - metrics.trainingSeconds, maxEventLoopStallMs: Math.round(maxStall) });
      console.log(name, `run ${run + 1}:`, JSON.stringify(runs[runs.length - 1]));
    }
    return {
      name,
      size,
      seedSeconds,
      metrics,
      modelMegabytes,
      runs,
      median: {
        totalSeconds: median(runs.map((r) => r.totalSeconds)),
        readSeconds: median(runs.map((r) => r.readSeconds)),
        trainingSeconds: median(runs.map((r) => r.trainingSeconds)),
        storeSeconds: median(runs.map((r) => r.storeSeconds)),
        maxEventLoopStallMs: median(runs.map((r) => r.maxEventLoopStallMs)),
      },
    };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const which = process.argv[2] ?? 'all';
const results = [];
for (const name of which === 'all' ? Object.keys(sizes) : [which]) results.push(await measure(name, sizes[name]));
const output = { node: process.version, loadAverage: loadavg(), runs: RUNS, database: 'pglite', results };
writeFileSync(join(repoRoot, 'bench', 'results', 'analytics-training.json'), JSON.stringify(output, null, 2) + '\n');
console.log(JSON.stringify(output.results.map((r) => ({ name: r.name, median: r.median, metrics: r.metrics, modelMegabytes: r.modelMegabytes })), null, 2));
