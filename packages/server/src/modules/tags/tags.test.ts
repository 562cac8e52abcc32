import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';

async function company(w: TestWorld, user: UserKey, name: string, tags: string[] = []): Promise<string> {
  const response = await w.as(user, { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: `${name} ${Math.random().toString(36).slice(2, 8)}`, tags } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

describeWithWorld('tags and bulk tag/assign', (world) => {
  it('counts tags only over the records the actor can read', async () => {
    const w = world();
    await company(w, 'managerA1', 'Тег1', ['vip', 'opt']);
    await company(w, 'managerA1', 'Тег2', ['vip']);
    await company(w, 'managerB1', 'Тег3', ['vip', 'secret-b']);
    const mine = await w.as('managerA1', { method: 'GET', url: '/api/v1/tags?object=companies' });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toEqual(expect.arrayContaining([{ tag: 'vip', count: 2 }, { tag: 'opt', count: 1 }]));
    expect(mine.body.data.map((row: { tag: string }) => row.tag)).not.toContain('secret-b');
    const all = await w.as('admin', { method: 'GET', url: '/api/v1/tags?object=companies' });
    expect(all.body.data).toEqual(expect.arrayContaining([{ tag: 'vip', count: 3 }, { tag: 'secret-b', count: 1 }]));
    const bad = await w.as('admin', { method: 'GET', url: '/api/v1/tags?object=planets' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('object');
  });

  it('adds and removes tags on many records in one step, audited per record', async () => {
    const w = world();
    const a = await company(w, 'managerA1', 'Булк1', ['old', 'keep']);
    const b = await company(w, 'managerA1', 'Булк2');
    const response = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies/bulk-tag', payload: { ids: [a, b], add: ['new'], remove: ['old'] } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.updated).toBe(2);
    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/companies/${a}` });
    expect(read.body.tags).toEqual(['keep', 'new']);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/companies/${b}` })).body.tags).toEqual(['new']);
    const events = await rows<{ recordId: string }>(w.db, sql`select record_id as "recordId" from audit_events where action = 'update' and record_id in (${a}, ${b}) and changes ? 'tags'`);
    expect(events.map((event) => event.recordId).sort()).toEqual([a, b].sort());
  });

  it('is all or nothing: one record the actor cannot see is a 404 and no record changes', async () => {
    const w = world();
    const mine = await company(w, 'managerA1', 'Мой', ['x']);
    const colleagues = await company(w, 'managerA2', 'Коллеги');
    const hidden = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies/bulk-tag', payload: { ids: [mine, colleagues], add: ['y'] } });
    expect(hidden.status).toBe(404);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/companies/${mine}` })).body.tags).toEqual(['x']);
    const readOnly = await w.as('reader', { method: 'POST', url: '/api/v1/companies/bulk-tag', payload: { ids: [mine], add: ['y'] } });
    expect(readOnly.status).toBe(403);
    const tooMany = await w.as('admin', { method: 'POST', url: '/api/v1/companies/bulk-tag', payload: { ids: Array.from({ length: 1001 }, () => mine), add: ['y'] } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].field).toBe('ids');
    const nothing = await w.as('admin', { method: 'POST', url: '/api/v1/companies/bulk-tag', payload: { ids: [mine] } });
    expect(nothing.status).toBe(400);
  });

  it('assigns many records to one owner; the team follows and rights are checked', async () => {
    const w = world();
    const a = await company(w, 'managerA1', 'Пере1');
    const b = await company(w, 'managerA2', 'Пере2');
    const assigned = await w.as('head', { method: 'POST', url: '/api/v1/companies/bulk-assign', payload: { ids: [a, b], ownerId: w.users.managerB1.id } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const moved = await rows<{ ownerId: string; teamId: string }>(w.db, sql`select owner_id as "ownerId", team_id as "teamId" from companies where id in (${a}, ${b})`);
    expect(moved).toEqual([
      { ownerId: w.users.managerB1.id, teamId: w.teams.b },
      { ownerId: w.users.managerB1.id, teamId: w.teams.b },
    ]);
    const events = await rows<{ n: number }>(w.db, sql`select count(*)::int as n from audit_events where action = 'update' and record_id in (${a}, ${b}) and changes ? 'ownerId'`);
    expect(events[0].n).toBe(2);
    // A manager may only give records to themself, and cannot touch a colleague's record.
    const own = await company(w, 'managerA1', 'Своя');
    const toColleague = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies/bulk-assign', payload: { ids: [own], ownerId: w.users.managerA2.id } });
    expect(toColleague.status).toBe(400);
    expect(toColleague.body.error.details[0].field).toBe('ownerId');
    const foreign = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies/bulk-assign', payload: { ids: [own, a], ownerId: w.users.managerA1.id } });
    expect(foreign.status).toBe(404);
    const [{ ownerId }] = await rows<{ ownerId: string }>(w.db, sql`select owner_id as "ownerId" from companies where id = ${a}`);
    expect(ownerId).toBe(w.users.managerB1.id);
  });

  it('is available on every object (deals, products)', async () => {
    const w = world();
    const deal = await w.as('managerA1', { method: 'POST', url: '/api/v1/deals?force=true', payload: { title: 'Сделка с тегом' } });
    const tagged = await w.as('managerA1', { method: 'POST', url: '/api/v1/deals/bulk-tag', payload: { ids: [deal.body.id], add: ['hot'] } });
    expect(tagged.status).toBe(200);
    expect(tagged.body.data[0].tags).toEqual(['hot']);
    const product = await w.as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku: `TAG-${Date.now()}`, name: 'Товар' } });
    const byManager = await w.as('managerA1', { method: 'POST', url: '/api/v1/products/bulk-tag', payload: { ids: [product.body.id], add: ['sale'] } });
    expect(byManager.status).toBe(403);
    // Owner changes pass through the object's hooks: a task's new assignee is notified.
    const task = await w.as('head', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Позвонить клиенту' } });
    const given = await w.as('head', { method: 'POST', url: '/api/v1/tasks/bulk-assign', payload: { ids: [task.body.id], ownerId: w.users.managerA2.id } });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    const notices = await rows(w.db, sql`select 1 from notifications where user_id = ${w.users.managerA2.id} and kind = 'assignment' and record_id = ${task.body.id}`);
    expect(notices).toHaveLength(1);
  });
});

describeWithWorld('bulk tag at the 1,000 limit', (world) => {
  it('tags 1,000 records in one request and filters tags by prefix', async () => {
    const w = world();
    const records = Array.from({ length: 1000 }, (_, index) => ({ name: `Массовая ${index}`, tags: ['mass'] }));
    const created = await w.as('admin', { method: 'POST', url: '/api/v1/companies', payload: { records } });
    expect(created.status).toBe(201);
    const ids = created.body.data.map((row: { id: string }) => row.id);
    const started = Date.now();
    const tagged = await w.as('admin', { method: 'POST', url: '/api/v1/companies/bulk-tag', payload: { ids, add: ['mass-2026'] } });
    const elapsed = Date.now() - started;
    expect(tagged.status).toBe(200);
    expect(tagged.body.updated).toBe(1000);
    console.log(`bulk-tag of 1,000 companies on ${w.kind}: ${elapsed} ms`);
    const tags = await w.as('admin', { method: 'GET', url: '/api/v1/tags?object=companies&q=MASS-' });
    expect(tags.body.data).toEqual([{ tag: 'mass-2026', count: 1000 }]);
    const again = await w.as('admin', { method: 'POST', url: '/api/v1/companies/bulk-tag', payload: { ids, add: ['mass-2026'] } });
    expect(again.body.updated).toBe(0); // nothing changed, nothing audited
    const assignStarted = Date.now();
    const assigned = await w.as('admin', { method: 'POST', url: '/api/v1/companies/bulk-assign', payload: { ids, ownerId: w.users.managerA2.id } });
    console.log(`bulk-assign of 1,000 companies on ${w.kind}: ${Date.now() - assignStarted} ms`);
    expect(assigned.status).toBe(200);
    const [{ owned }] = await rows<{ owned: number }>(w.db, sql`select count(*)::int as owned from companies where owner_id = ${w.users.managerA2.id} and 'mass' = any(tags)`);
    expect(owned).toBe(1000);
  }, 180_000);
});
