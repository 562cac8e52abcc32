import { afterAll, expect, it, beforeAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { seedWorkspace } from '../demo/seed.service.js';
import { createTrainingRow, runTraining } from './analytics.training.js';
import { startJobRunner, type JobRunner } from '../../jobs/job-runner.js';
import { loadActor } from '../auth/auth.service.js';
import { loadServedModel } from './analytics.serving.js';

describeWithWorld('analytics API', (world) => {
  let companies: { id: string; industry: string }[] = [];
  const ownCompanies: string[] = [];
  let runner: JobRunner | undefined;

  afterAll(async () => {
    await runner?.stop();
  });

  beforeAll(async () => {
    const { db, workspaceId, users } = world();
    await seedWorkspace(db, workspaceId, { companies: 150, contacts: 200, deals: 20, orders: 1500, activities: 20, tasks: 20, products: 60 });
    companies = await rows(db, sql`select c.id, c.industry from companies c where c.workspace_id = ${workspaceId}
      and exists (select 1 from orders o where o.company_id = c.id and o.status <> 'cancelled' and o.deleted_at is null) order by c.id`);
    // Manager A1 owns the first five customers; everyone else's stay with the seeded sellers.
    for (const company of companies.slice(0, 5)) ownCompanies.push(company.id);
    await db.execute(sql`update companies set owner_id = ${users.managerA1.id}, team_id = ${world().teams.a} where id in (${sql.join(ownCompanies.map((id) => sql`${id}::uuid`), sql`, `)})`);
    runner = await startJobRunner(world().database, { escalationGraceHours: 24 });
    const train = await world().as('admin', { method: 'POST', url: '/api/v1/analytics/models/train' });
    expect(train.status).toBe(202);
    expect(train.body.status).toBe('queued');
    for (let i = 0; i < 600; i++) {
      const models = await world().as('admin', { method: 'GET', url: '/api/v1/analytics/models' });
      if (!['queued', 'training'].includes(models.body.items[0].status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  it('trains a versioned model visible to admins only, with metrics', async () => {
    const models = await world().as('admin', { method: 'GET', url: '/api/v1/analytics/models' });
    expect(models.body.items[0]).toMatchObject({ version: 1, status: 'ready', progress: { step: 'done', done: 4, total: 4 } });
    expect(models.body.items[0].metrics.interactions).toBeGreaterThan(1000);
    expect(models.body.items[0].metrics.products).toBeGreaterThan(10);
    expect((await world().as('managerA1', { method: 'GET', url: '/api/v1/analytics/models' })).status).toBe(403);
    expect((await world().as('managerA1', { method: 'POST', url: '/api/v1/analytics/models/train' })).status).toBe(403);
  });

  it('learns the blend on a time split of the workspace\'s own orders and serves with it, naming the sources of each recommendation', async () => {
    const { db, users } = world();
    const model = (await world().as('admin', { method: 'GET', url: '/api/v1/analytics/models' })).body.items[0];
    const { blend, blendFit } = model.metrics as { blend: Record<string, number>; blendFit: { method: string; validation: string; validationCustomers: number; ndcg: number; singleSourceNdcg: Record<string, number> } };
    expect(blendFit).toMatchObject({ method: 'learned', validation: 'time:0.2' });
    expect(blendFit.validationCustomers).toBeGreaterThanOrEqual(20);
    // Coordinate ascent starts from the best single source, so on its validation split the blend is never below it.
    expect(blendFit.ndcg).toBeGreaterThanOrEqual(Math.max(...Object.values(blendFit.singleSourceNdcg)) - 1e-12);
    expect(Object.keys(blend).sort()).toEqual(['collaborative', 'ease', 'popularity', 'rules', 'segment']);
    expect(Object.values(blend).some((weight) => weight > 0)).toBe(true);
    const ctx = { db, actor: (await loadActor(db, users.admin.id))! };
    expect((await loadServedModel(ctx)).model.blend).toEqual(blend);
    const weighted = new Set(Object.entries(blend).filter(([, weight]) => weight > 0).map(([source]) => source));
    let withHistory = 0;
    for (const company of companies.slice(0, 10)) {
      const response = await world().as('admin', { method: 'GET', url: `/api/v1/companies/${company.id}/recommendations?k=5` });
      expect(response.body.coldStart).toBe(false);
      withHistory++;
      for (const item of response.body.items as { sources: string[]; explanation: { kind: string } }[]) {
        expect(item.sources.length).toBeGreaterThan(0);
        // Only sources the learnt blend gives weight contribute to a known customer's list.
        for (const source of item.sources) expect(weighted.has(source), `${source} has weight 0 but was named`).toBe(true);
      }
    }
    expect(withHistory).toBe(10);
  });

  it('recommends products the company has not bought (unless repeat-purchase), with explanations', async () => {
    const { db } = world();
    for (const company of companies.slice(0, 10)) {
      const response = await world().as('admin', { method: 'GET', url: `/api/v1/companies/${company.id}/recommendations?k=10` });
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeGreaterThan(0);
      const owned = await rows<{ id: string }>(db, sql`select distinct l.product_id as id from orders o join order_lines l on l.order_id = o.id join products p on p.id = l.product_id
        where o.company_id = ${company.id} and o.status <> 'cancelled' and o.deleted_at is null and not p.is_repeat_purchase`);
      const ownedIds = new Set(owned.map((o) => o.id));
      for (const item of response.body.items) {
        expect(ownedIds.has(item.productId)).toBe(false);
        expect(item.sku).toBeTruthy();
        expect(['bought-together', 'similar-customers', 'related-items', 'popular-in-segment', 'popular']).toContain(item.explanation.kind);
        expect(item.explanationText.length).toBeGreaterThan(10);
      }
    }
  });

  it('recommends differently to companies of different industries', async () => {
    const byIndustry = new Map<string, string>();
    for (const company of companies) if (!byIndustry.has(company.industry)) byIndustry.set(company.industry, company.id);
    expect(byIndustry.size).toBeGreaterThan(1);
    const lists = await Promise.all(
      [...byIndustry.values()].slice(0, 3).map(async (id) => (await world().as('admin', { method: 'GET', url: `/api/v1/companies/${id}/recommendations?k=5` })).body.items.map((i: { productId: string }) => i.productId).join()),
    );
    expect(new Set(lists).size).toBeGreaterThan(1);
  });

  it('answers 404 for a colleague\'s company and filters segment members by access', async () => {
    const colleagues = companies.find((c) => !ownCompanies.includes(c.id))!;
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/companies/${colleagues.id}/recommendations` })).status).toBe(404);
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/companies/${colleagues.id}/segment` })).status).toBe(404);
    expect((await world().as('managerA1', { method: 'GET', url: `/api/v1/companies/${ownCompanies[0]}/recommendations` })).status).toBe(200);
    const segments = await world().as('managerA1', { method: 'GET', url: '/api/v1/analytics/segments' });
    expect(segments.status).toBe(200);
    expect(segments.body.items.length).toBeGreaterThan(0);
    const seenByManager: string[] = [];
    let seenByAdmin = 0;
    for (const segment of segments.body.items) {
      expect(segment.dominantAttributes.find((a: { attribute: string }) => a.attribute === 'industry')).toBeTruthy();
      const mine = await world().as('managerA1', { method: 'GET', url: `/api/v1/analytics/segments/${segment.id}/members?limit=1000` });
      seenByManager.push(...mine.body.items.map((c: { id: string }) => c.id));
      seenByAdmin += (await world().as('admin', { method: 'GET', url: `/api/v1/analytics/segments/${segment.id}/members?limit=1000` })).body.items.length;
    }
    expect(seenByManager.sort()).toEqual([...ownCompanies].sort());
    expect(seenByAdmin).toBeGreaterThan(100);
  });

  it('filters the companies list by segment (only what the reader may see) and refuses a bad segment naming the filter', async () => {
    const segments = (await world().as('admin', { method: 'GET', url: '/api/v1/analytics/segments' })).body.items as { id: number; size: number }[];
    let listedByAdmin = 0;
    const sizes = new Map<number, number>();
    for (const segment of segments) {
      const members = (await world().as('admin', { method: 'GET', url: `/api/v1/analytics/segments/${segment.id}/members?limit=1000` })).body.items.map((c: { id: string }) => c.id);
      const listed = await world().as('admin', { method: 'GET', url: `/api/v1/companies?filter[segment][eq]=${segment.id}&limit=1000&fields=id&count=true` });
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((c: { id: string }) => c.id).sort()).toEqual(members.sort());
      listedByAdmin += listed.body.data.length;
      sizes.set(segment.id, members.length);
      const mine = await world().as('managerA1', { method: 'GET', url: `/api/v1/companies?filter[segment][eq]=${segment.id}&limit=1000&fields=id` });
      for (const company of mine.body.data) expect(ownCompanies).toContain(company.id);
    }
    expect(listedByAdmin).toBeGreaterThan(100);
    const both = await world().as('admin', { method: 'GET', url: `/api/v1/companies?filter[segment][in]=0,1&limit=1000&fields=id&count=true` });
    expect(both.body.total).toBe((sizes.get(0) ?? 0) + (sizes.get(1) ?? 0));
    const bad = await world().as('admin', { method: 'GET', url: '/api/v1/companies?filter[segment][eq]=first' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('filter[segment][eq]');
    expect((await world().as('admin', { method: 'GET', url: '/api/v1/companies?filter[segment][gt]=1' })).status).toBe(400);
    expect((await world().as('admin', { method: 'GET', url: '/api/v1/contacts?filter[segment][eq]=1' })).status).toBe(400);
  });

  it('recommends for a contact through its company, and hides a colleague\'s contact', async () => {
    const { db } = world();
    const [contact] = await rows<{ id: string; company_id: string }>(db, sql`select id, company_id from contacts where company_id in (${sql.join(companies.slice(5).map((c) => sql`${c.id}::uuid`), sql`, `)}) and deleted_at is null order by id limit 1`);
    expect(contact).toBeTruthy();
    const response = await world().as('admin', { method: 'GET', url: `/api/v1/contacts/${contact.id}/recommendations?k=3` });
    expect(response.status).toBe(200);
    expect(response.body.companyId).toBe(contact.company_id);
    expect(response.body.items.length).toBeGreaterThan(0);
    expect((await world().as('managerB1', { method: 'GET', url: `/api/v1/contacts/${contact.id}/recommendations` })).status).toBe(404);
  });

  it('filters and sorts association rules', async () => {
    const response = await world().as('admin', { method: 'GET', url: '/api/v1/analytics/rules?sort=confidence&limit=20&minConfidence=0.2' });
    expect(response.status).toBe(200);
    const confidences = response.body.items.map((r: { confidence: number }) => r.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    for (const c of confidences) expect(c).toBeGreaterThanOrEqual(0.2);
    // A page is the head of the longer page in the same order, and total counts every match.
    const longer = await world().as('admin', { method: 'GET', url: '/api/v1/analytics/rules?sort=confidence&limit=1000&minConfidence=0.2' });
    expect(longer.body.items.slice(0, 20)).toEqual(response.body.items);
    expect(longer.body.total).toBe(response.body.total);
    expect(longer.body.items).toHaveLength(Math.min(1000, longer.body.total));
    const byConviction = await world().as('admin', { method: 'GET', url: '/api/v1/analytics/rules?sort=conviction&limit=1000' });
    expect(byConviction.body.items.length).toBeGreaterThan(5);
    const convictions = byConviction.body.items.map((r: { conviction: number | null }) => r.conviction ?? Infinity);
    expect(convictions).toEqual([...convictions].sort((a, b) => (a === b ? 0 : a > b ? -1 : 1)));
    for (const rule of byConviction.body.items as { support: number; confidence: number; lift: number; coverage: number; leverage: number; conviction: number | null }[]) {
      expect(rule.coverage).toBeCloseTo(rule.support / rule.confidence, 10);
      expect(rule.leverage).toBeCloseTo(rule.support - rule.coverage * (rule.confidence / rule.lift), 10);
      if (rule.confidence === 1) expect(rule.conviction).toBeNull();
      else expect(rule.conviction).toBeCloseTo((1 - rule.confidence / rule.lift) / (1 - rule.confidence), 10);
    }
    const counts = (await world().as('admin', { method: 'GET', url: '/api/v1/analytics/rules?sort=count&limit=50' })).body.items.map((r: { count: number }) => r.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const bad = await world().as('admin', { method: 'GET', url: '/api/v1/analytics/rules?sort=magic' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('sort');
  });

  it('keeps serving the last ready model when a new training fails', async () => {
    const { db, workspaceId } = world();
    const row = await createTrainingRow(db, workspaceId, null);
    expect(await runTraining(db, row.id, () => { throw new Error('out of memory'); })).toBe('failed');
    const models = await world().as('admin', { method: 'GET', url: '/api/v1/analytics/models' });
    expect(models.body.items[0]).toMatchObject({ version: 2, status: 'failed', error: 'out of memory' });
    const served = await world().as('admin', { method: 'GET', url: `/api/v1/companies/${companies[0].id}/recommendations` });
    expect(served.status).toBe(200);
    expect(served.body.modelVersion).toBe(1);
  });

  it('serves a model it has just trained without reading it back, and reads a new version once for requests that arrive together', async () => {
    const { db, workspaceId, users } = world();
    const row = await createTrainingRow(db, workspaceId, null);
    expect(await runTraining(db, row.id)).toBe('ready');
    // The stored copy is spoilt: only the copy the training kept in memory can still answer.
    const [{ model }] = await rows<{ model: unknown }>(db, sql`select model from analytics_models where id = ${row.id}`);
    await db.execute(sql`update analytics_models set model = '{"kind":"broken"}'::jsonb where id = ${row.id}`);
    const served = await world().as('admin', { method: 'GET', url: `/api/v1/companies/${companies[0].id}/recommendations` });
    expect(served.status).toBe(200);
    expect(served.body.modelVersion).toBe(row.version);

    // A version this process has not seen (stored by another process): five requests at once share one read.
    const [next] = await rows<{ id: string; version: number }>(
      db,
      sql`insert into analytics_models (workspace_id, kind, version, status, params, model, finished_at)
          values (${workspaceId}, 'hybrid', ${row.version + 1}, 'ready', '{}'::jsonb, ${JSON.stringify(model)}::jsonb, now()) returning id, version`,
    );
    const ctx = { db, actor: (await loadActor(db, users.admin.id))! };
    const loaded = await Promise.all(Array.from({ length: 5 }, () => loadServedModel(ctx)));
    expect(loaded[0].version).toBe(next.version);
    for (const other of loaded) expect(other).toBe(loaded[0]);
    expect(await loadServedModel(ctx)).toBe(loaded[0]);
  });
});
