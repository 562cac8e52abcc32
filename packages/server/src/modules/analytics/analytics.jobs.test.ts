// On-demand training goes through pg-boss: the API queues a model row and a job, a worker trains it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { seedWorkspace } from '../demo/seed.service.js';
import { runTraining } from './analytics.training.js';
import type { Interaction } from '@svyaz/analytics';
import { readInteractions } from './analytics.queries.js';
import { startJobRunner, type JobRunner } from '../../jobs/job-runner.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithWorld('analytics training as a pg-boss job', (world) => {
  let runner: JobRunner | undefined;

  beforeAll(async () => {
    const { db, workspaceId } = world();
    await seedWorkspace(db, workspaceId, { companies: 40, contacts: 40, deals: 5, orders: 300, activities: 5, tasks: 5, products: 25 });
  }, 120_000);

  afterAll(async () => {
    await runner?.stop();
  });

  it('queues a model row and a real job (202), refuses a second one and non-admins, and a worker trains it', async () => {
    const { db } = world();
    const train = await world().as('admin', { method: 'POST', url: '/api/v1/analytics/models/train' });
    expect(train.status).toBe(202);
    expect(train.body).toMatchObject({ version: 1, status: 'queued', jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const modelId: string = train.body.id;

    // The job is in pg-boss's table, waiting for a worker (this app runs none).
    const [job] = await rows<{ name: string; data: { modelId: string }; state: string }>(db, sql`select name, data, state from pgboss.job where id = ${train.body.jobId}`);
    expect(job).toMatchObject({ name: 'analytics-train-model', data: { modelId }, state: 'created' });
    const queued = await world().as('admin', { method: 'GET', url: '/api/v1/analytics/models' });
    expect(queued.body.items[0]).toMatchObject({ id: modelId, status: 'queued', progress: { step: 'queued', jobId: train.body.jobId } });

    const again = await world().as('admin', { method: 'POST', url: '/api/v1/analytics/models/train' });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ modelId, status: 'queued' });
    const manager = await world().as('managerA1', { method: 'POST', url: '/api/v1/analytics/models/train' });
    expect(manager.status).toBe(403);
    expect(await rows(db, sql`select id from pgboss.job where name = 'analytics-train-model'`)).toHaveLength(1);

    // Before training nothing serves.
    const [company] = await rows<{ id: string }>(db, sql`select company_id as id from orders where deleted_at is null and status <> 'cancelled' limit 1`);
    expect((await world().as('admin', { method: 'GET', url: `/api/v1/companies/${company.id}/recommendations` })).status).toBe(404);

    runner = await startJobRunner(world().database, { escalationGraceHours: 24 });
    const seen = new Set<string>();
    let latest: { status: string; progress: { step: string }; metrics: { interactions?: number }; finishedAt: string | null } | undefined;
    for (let i = 0; i < 600; i++) {
      latest = (await world().as('admin', { method: 'GET', url: '/api/v1/analytics/models' })).body.items[0];
      seen.add(latest!.status);
      if (latest!.status === 'ready' || latest!.status === 'failed') break;
      await sleep(100);
    }
    expect(latest).toMatchObject({ status: 'ready', progress: { step: 'done' }, finishedAt: expect.any(String) });
    expect(latest!.metrics.interactions).toBeGreaterThan(100);
    expect([...seen].every((status) => ['queued', 'training', 'ready'].includes(status))).toBe(true);

    const served = await world().as('admin', { method: 'GET', url: `/api/v1/companies/${company.id}/recommendations?k=3` });
    expect(served.status).toBe(200);
    expect(served.body.modelVersion).toBe(1);
    for (let i = 0; i < 50; i++) {
      const [done] = await rows<{ state: string }>(db, sql`select state from pgboss.job where id = ${train.body.jobId}`);
      if (done.state === 'completed') break;
      await sleep(100);
    }
    expect((await rows<{ state: string }>(db, sql`select state from pgboss.job where id = ${train.body.jobId}`))[0].state).toBe('completed');
    // A repeated delivery of the job finds the row taken and leaves it alone.
    expect(await runTraining(db, modelId)).toBe('skipped');
    // Once it is done, a new training may be queued.
    const next = await world().as('admin', { method: 'POST', url: '/api/v1/analytics/models/train' });
    expect(next.status).toBe(202);
    expect(next.body.version).toBe(2);
  }, 120_000);

  it('refuses a malformed job payload naming the field', async () => {
    const refused = await (runner ?? (runner = await startJobRunner(world().database, { escalationGraceHours: 24 }))).enqueue('analytics-train-model', { modelId: 'nope' }).catch((error: unknown) => error);
    expect((refused as Error).message).toContain('data.modelId');
  });

  it('reads the order lines by pages of orders without losing or repeating one, skipping cancelled and deleted orders', async () => {
    const { db, workspaceId } = world();
    const [one] = await rows<{ id: string }>(db, sql`select id from orders where workspace_id = ${workspaceId} and deleted_at is null and status <> 'cancelled' order by id limit 1`);
    const [two] = await rows<{ id: string }>(db, sql`select id from orders where workspace_id = ${workspaceId} and deleted_at is null and status <> 'cancelled' order by id desc limit 1`);
    await db.execute(sql`update orders set status = 'cancelled' where id = ${one.id}`);
    await db.execute(sql`update orders set deleted_at = now() where id = ${two.id}`);
    try {
      const key = (i: Interaction) => `${i.customer}|${i.item}|${i.quantity}|${i.amount}|${i.timestamp}`;
      const whole = await readInteractions(db, workspaceId, 1_000_000);
      const paged = await readInteractions(db, workspaceId, 7);
      expect(paged.length).toBe(whole.length);
      expect(paged.map(key).sort()).toEqual(whole.map(key).sort());
      const [expected] = await rows<{ n: number }>(
        db,
        sql`select count(*)::int as n from order_lines l join orders o on o.id = l.order_id join companies c on c.id = o.company_id and c.deleted_at is null
            join products p on p.id = l.product_id and p.deleted_at is null
            where l.workspace_id = ${workspaceId} and o.deleted_at is null and o.status <> 'cancelled'`,
      );
      expect(paged).toHaveLength(expected.n);
      expect(expected.n).toBeGreaterThan(100);
    } finally {
      await db.execute(sql`update orders set deleted_at = null where id = ${two.id}`);
    }
  });
});
