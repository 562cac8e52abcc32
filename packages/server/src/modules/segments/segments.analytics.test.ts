// Segments over what the analytics module serves, on PGlite and PostgreSQL: an EM cluster (the same companies
// as the companies list's segment filter, a contact segment through the contacts' companies) and "product X is
// among their recommendations" (the same top-k the company card shows), each computed with the viewer's rights.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { seedWorkspace } from '../demo/seed.service.js';
import { createTrainingRow, runTraining } from '../analytics/analytics.training.js';

describeWithWorld('segments over analytics', (world) => {
  const own: string[] = [];

  beforeAll(async () => {
    const { db, workspaceId, users, teams } = world();
    await seedWorkspace(db, workspaceId, { companies: 80, contacts: 120, deals: 5, orders: 700, activities: 5, tasks: 5, products: 30 });
    const customers = await rows<{ id: string }>(db, sql`select c.id from companies c where c.workspace_id = ${workspaceId}
      and exists (select 1 from orders o where o.company_id = c.id and o.deleted_at is null) order by c.id limit 6`);
    own.push(...customers.map((row) => row.id));
    await db.execute(sql`update companies set owner_id = ${users.managerA1.id}, team_id = ${teams.a}, collaborator_ids = '{}' where id in (${sql.join(own.map((id) => sql`${id}::uuid`), sql`, `)})`);
    const model = await createTrainingRow(db, workspaceId, null);
    expect(await runTraining(db, model.id)).toBe('ready');
  }, 180_000);

  it('takes the members of EM clusters, as the companies list filters them, and their contacts', async () => {
    const w = world();
    const clusters = (await w.as('admin', { method: 'GET', url: '/api/v1/analytics/segments' })).body.items as { id: number; size: number }[];
    expect(clusters.length).toBeGreaterThan(0);
    const [first] = clusters;
    const listed = await w.as('admin', { method: 'GET', url: `/api/v1/companies?filter[segment][eq]=${first.id}&limit=1000&fields=id` });
    const segment = await w.as('admin', { method: 'POST', url: '/api/v1/segments', payload: { name: 'Кластер', object: 'companies', visibility: 'team', conditions: [{ kind: 'cluster', clusters: [first.id] }] } });
    expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    const members = await w.as('admin', { method: 'GET', url: `/api/v1/segments/${segment.body.id}/members?limit=1000&fields=id` });
    expect(members.body.data.map((row: { id: string }) => row.id).sort()).toEqual(listed.body.data.map((row: { id: string }) => row.id).sort());
    expect(members.body.data.length).toBeGreaterThan(0);
    const contacts = await w.as('admin', { method: 'POST', url: '/api/v1/segments/preview', payload: { object: 'contacts', conditions: [{ kind: 'cluster', clusters: [first.id] }], limit: 100 } });
    expect(contacts.status).toBe(200);
    const expected = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from contacts ct where ct.workspace_id = ${w.workspaceId} and ct.deleted_at is null
      and ct.company_id = any(${`{${listed.body.data.map((row: { id: string }) => row.id).join(',')}}`}::uuid[])`);
    expect(contacts.body.count).toBe(expected[0].count);
    const none = await w.as('admin', { method: 'POST', url: '/api/v1/segments/preview', payload: { object: 'companies', conditions: [{ kind: 'cluster', clusters: [clusters.length + 5] }] } });
    expect(none.body.count).toBe(0);
    // The manager sees only their own companies of the cluster.
    const mine = await w.as('managerA1', { method: 'POST', url: '/api/v1/segments/preview', payload: { object: 'companies', conditions: [{ kind: 'cluster', clusters: clusters.map((item) => item.id) }], limit: 100 } });
    expect(mine.body.data.map((row: { id: string }) => row.id).sort()).toEqual([...own].sort());
  });

  it('takes the companies whose top recommendations include a product, as their cards show them', async () => {
    const w = world();
    const card = await w.as('admin', { method: 'GET', url: `/api/v1/companies/${own[0]}/recommendations?k=5` });
    expect(card.status).toBe(200);
    const product = card.body.items[0].productId as string;
    const preview = await w.as('admin', { method: 'POST', url: '/api/v1/segments/preview', payload: { object: 'companies', conditions: [{ kind: 'recommended', productId: product, k: 5 }], limit: 100 } });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const ids = preview.body.data.map((row: { id: string }) => row.id) as string[];
    expect(ids).toContain(own[0]);
    for (const id of ids.slice(0, 5)) {
      const recommended = await w.as('admin', { method: 'GET', url: `/api/v1/companies/${id}/recommendations?k=5` });
      expect(recommended.body.items.map((item: { productId: string }) => item.productId)).toContain(product);
    }
    const others = await rows<{ id: string }>(w.db, sql`select id from companies where workspace_id = ${w.workspaceId} and deleted_at is null and id <> all(${`{${ids.join(',')}}`}::uuid[]) limit 5`);
    for (const other of others) {
      const recommended = await w.as('admin', { method: 'GET', url: `/api/v1/companies/${other.id}/recommendations?k=5` });
      if (recommended.body.coldStart) continue; // cold start is not a recommendation of the model
      expect(recommended.body.items.map((item: { productId: string }) => item.productId)).not.toContain(product);
    }
    const mine = await w.as('managerA1', { method: 'POST', url: '/api/v1/segments/preview', payload: { object: 'companies', conditions: [{ kind: 'recommended', productId: product, k: 5 }], limit: 100 } });
    for (const row of mine.body.data) expect(own).toContain(row.id);
    expect(mine.body.data.map((row: { id: string }) => row.id)).toContain(own[0]);
  });
});
