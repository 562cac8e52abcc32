// Segments through the API on PGlite and PostgreSQL: each condition kind, a shared segment computed with each
// viewer's rights (manager vs head), the rule that a purchase counts only if the viewer may read the order,
// static lists (selection and pasted emails/INNs), export, 404s for invisible segments, and bad input named
// by field with nothing written. Also the contract the campaigns module uses (segmentMemberIds).
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { firstRow } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { forgetActor, loadActor } from '../auth/auth.service.js';
import { countSegmentMembers, segmentMemberIds } from './segments.service.js';

type Ids = Record<string, string>;

async function post(w: TestWorld, user: UserKey, url: string, payload: unknown) {
  const response = await w.as(user, { method: 'POST', url, payload: payload as Record<string, unknown> });
  expect(response.status, `${url} ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

const names = (body: { data: { lastName?: string; name?: string }[] }) => body.data.map((row) => row.lastName ?? row.name).sort();

describeWithWorld('segments', (world) => {
  const p: Ids = {};
  const c: Ids = {};
  const k: Ids = {};

  beforeAll(async () => {
    const w = world();
    p.tyre = (await post(w, 'admin', '/api/v1/products', { sku: 'SEG-T1', name: 'Шина зимняя', category: 'Шины', price: '5000' })).id;
    p.van = (await post(w, 'admin', '/api/v1/products', { sku: 'SEG-V1', name: 'Фургон', category: 'Фургоны', price: '2000000' })).id;
    p.lonely = (await post(w, 'admin', '/api/v1/products', { sku: 'SEG-L1', name: 'Никому не нужен', category: 'Прочее', price: '1' })).id;
    await post(w, 'admin', '/api/v1/custom-fields', { object: 'contacts', key: 'loyalty', label: { ru: 'Лояльность', en: 'Loyalty' }, type: 'text' });
    c.a1 = (await post(w, 'managerA1', '/api/v1/companies', { name: 'Альфа', inn: '7707083893', tags: ['vip'], emails: ['office@alfa.test'] })).id;
    c.a2 = (await post(w, 'managerA2', '/api/v1/companies', { name: 'Бета' })).id;
    c.b1 = (await post(w, 'managerB1', '/api/v1/companies', { name: 'Гамма' })).id;
    k.a1 = (await post(w, 'managerA1', '/api/v1/contacts', { lastName: 'Иванов', city: 'Казань', companyId: c.a1, emails: ['ivanov@alfa.test'], tags: ['vip', 'spring'], custom: { loyalty: 'gold' } })).id;
    k.a1b = (await post(w, 'managerA1', '/api/v1/contacts', { lastName: 'Петров', city: 'Москва', emails: ['petrov@mail.test'] })).id;
    k.a1c = (await post(w, 'managerA1', '/api/v1/contacts', { lastName: 'Сидоров', city: 'Казань', companyId: c.a1 })).id;
    k.a2 = (await post(w, 'managerA2', '/api/v1/contacts', { lastName: 'Смирнова', companyId: c.a2, tags: ['spring'] })).id;
    k.b1 = (await post(w, 'managerB1', '/api/v1/contacts', { lastName: 'Brown', companyId: c.b1 })).id;
    // Orders: A1's own; one of A2's (placed by the head) for A1's contact Петров; A2's old one; B1's; a cancelled one.
    await post(w, 'managerA1', '/api/v1/orders', { companyId: c.a1, contactId: k.a1, orderedAt: '2026-03-15T10:00:00Z', lines: [{ productId: p.tyre, quantity: 4 }] });
    await post(w, 'head', '/api/v1/orders', { contactId: k.a1b, ownerId: w.users.managerA2.id, orderedAt: '2026-04-01T10:00:00Z', lines: [{ productId: p.tyre, quantity: 4 }] });
    await post(w, 'managerA2', '/api/v1/orders', { companyId: c.a2, contactId: k.a2, orderedAt: '2025-01-10T10:00:00Z', lines: [{ productId: p.van, quantity: 1 }] });
    await post(w, 'managerB1', '/api/v1/orders', { companyId: c.b1, contactId: k.b1, orderedAt: '2026-05-31T20:30:00Z', lines: [{ productId: p.tyre, quantity: 2 }] });
    await post(w, 'managerB1', '/api/v1/orders', { companyId: c.b1, contactId: k.b1, status: 'cancelled', orderedAt: '2026-04-10T10:00:00Z', lines: [{ productId: p.van, quantity: 1 }] });
  });

  const preview = (user: UserKey, object: 'contacts' | 'companies', conditions: unknown[]) => world().as(user, { method: 'POST', url: '/api/v1/segments/preview', payload: { object, conditions } });

  it('previews list-filter conditions on fields, custom fields and tags, AND-ed with OR groups', async () => {
    const city = await preview('head', 'contacts', [{ kind: 'field', field: 'city', op: 'eq', value: 'Казань' }]);
    expect(city.status, JSON.stringify(city.body)).toBe(200);
    expect(city.body.count).toBe(2);
    expect(names(city.body)).toEqual(['Иванов', 'Сидоров']);
    const custom = await preview('head', 'contacts', [{ kind: 'field', field: 'custom.loyalty', op: 'eq', value: 'gold' }]);
    expect(names(custom.body)).toEqual(['Иванов']);
    const empty = await preview('head', 'contacts', [{ kind: 'field', field: 'companyId', op: 'isEmpty', value: 'true' }]);
    expect(names(empty.body)).toEqual(['Петров']);
    const tags = await preview('head', 'contacts', [{ kind: 'tags', tags: ['spring'] }]);
    expect(names(tags.body)).toEqual(['Иванов', 'Смирнова']);
    const allTags = await preview('head', 'contacts', [{ kind: 'tags', tags: ['spring', 'vip'], match: 'all' }]);
    expect(names(allTags.body)).toEqual(['Иванов']);
    const either = await preview('head', 'contacts', [
      { kind: 'field', field: 'lastName', op: 'ne', value: 'Иванов' },
      { kind: 'any', conditions: [{ kind: 'field', field: 'city', op: 'eq', value: 'Казань' }, { kind: 'tags', tags: ['spring'] }] },
    ]);
    expect(names(either.body)).toEqual(['Сидоров', 'Смирнова']);
    const companies = await preview('head', 'companies', [{ kind: 'field', field: 'name', op: 'contains', value: 'ль' }]);
    expect(names(companies.body)).toEqual(['Альфа']);
  });

  it('finds who bought a product or a category between local dates, counting only readable, not cancelled orders', async () => {
    const spring = { kind: 'purchased', category: 'Шины', from: '2026-03-01', to: '2026-05-31' };
    const head = await preview('head', 'contacts', [spring]);
    expect(names(head.body)).toEqual(['Brown', 'Иванов', 'Петров']);
    // 2026-05-31T20:30Z is already June 1st in Moscow: the default offset is +03:00.
    const utc = await preview('head', 'contacts', [{ ...spring, to: '2026-05-31', tz: '+00:00' }]);
    expect(utc.body.count).toBe(3);
    const moscowMay = await preview('head', 'contacts', [{ ...spring, to: '2026-05-30' }]);
    expect(names(moscowMay.body)).toEqual(['Иванов', 'Петров']);
    // Петров is A1's contact, but his order is A2's: A1 may not read it, so it does not make him a buyer for A1.
    const a1 = await preview('managerA1', 'contacts', [spring]);
    expect(names(a1.body)).toEqual(['Иванов']);
    // The cancelled van order of Brown does not count; A2's van counts for companies.
    const vans = await preview('head', 'companies', [{ kind: 'purchased', productId: p.van }]);
    expect(names(vans.body)).toEqual(['Бета']);
  });

  it('finds who has not bought for N days (bought before, last readable order older than N days)', async () => {
    const now = Date.now();
    const daysSince = (iso: string) => Math.floor((now - Date.parse(iso)) / 86_400_000);
    const lapsed = await preview('head', 'contacts', [{ kind: 'notPurchasedFor', days: daysSince('2025-01-10T10:00:00Z') - 5 }]);
    expect(names(lapsed.body)).toEqual(['Смирнова']);
    const several = await preview('head', 'contacts', [{ kind: 'notPurchasedFor', days: daysSince('2026-03-15T10:00:00Z') - 1 }]);
    expect(names(several.body)).toEqual(['Иванов', 'Смирнова']);
    const zero = await preview('head', 'contacts', [{ kind: 'notPurchasedFor', days: 0 }]);
    expect(zero.body.count).toBe(4); // Сидоров never bought
  });

  it('selects RFM classes exactly as the customers analysis scores them', async () => {
    const analysis = await world().as('head', { method: 'GET', url: '/api/v1/analyses/customers' });
    expect(analysis.status).toBe(200);
    const alfa = analysis.body.customers.find((row: { companyId: string }) => row.companyId === c.a1);
    expect(alfa).toBeTruthy();
    const sameClass = analysis.body.customers.filter((row: { segment: string }) => row.segment === alfa.segment).map((row: { companyId: string }) => row.companyId).sort();
    const companies = await preview('head', 'companies', [{ kind: 'rfm', classes: [alfa.segment] }]);
    expect(companies.body.data.map((row: { id: string }) => row.id).sort()).toEqual(sameClass);
    const contacts = await preview('head', 'contacts', [{ kind: 'rfm', classes: [alfa.segment] }]);
    expect(names(contacts.body)).toEqual(expect.arrayContaining(['Иванов', 'Сидоров']));
    // Бета's only order is older than the twelve months of the analysis: no class.
    const all = await preview('head', 'companies', [{ kind: 'rfm', classes: ['champions', 'loyal', 'promising', 'needsAttention', 'atRisk', 'hibernating', 'lost'] }]);
    expect(names(all.body)).toEqual(['Альфа', 'Гамма']);
  });

  let shared = '';

  it('computes a shared segment with each viewer\'s rights, and hides it from other teams (404)', async () => {
    const w = world();
    const created = await w.as('head', { method: 'POST', url: '/api/v1/segments', payload: { name: 'Шины весной', object: 'contacts', visibility: 'team', conditions: [{ kind: 'purchased', category: 'Шины', from: '2026-03-01', to: '2026-05-31' }] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    shared = created.body.id;
    expect(created.body).toMatchObject({ name: 'Шины весной', kind: 'dynamic', visibility: 'team', isOwner: true });
    expect((await w.as('head', { method: 'GET', url: `/api/v1/segments/${shared}/count` })).body.count).toBe(3);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/segments/${shared}/count` })).body.count).toBe(1);
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/segments/${shared}/count` })).body.count).toBe(0);
    const list = await w.as('managerA1', { method: 'GET', url: '/api/v1/segments' });
    expect(list.body.data.map((row: { id: string }) => row.id)).toContain(shared);
    expect((await w.as('managerB1', { method: 'GET', url: '/api/v1/segments' })).body.data).toEqual([]);
    for (const url of [`/api/v1/segments/${shared}`, `/api/v1/segments/${shared}/count`, `/api/v1/segments/${shared}/members`, `/api/v1/segments/${shared}/export`, '/api/v1/segments/not-a-uuid/count']) {
      const hidden = await w.as('managerB1', { method: 'GET', url });
      expect(hidden.status, url).toBe(404);
      expect(hidden.body.error.code).toBe('SEGMENT_NOT_FOUND');
    }
    // Only the owner changes it.
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/segments/${shared}`, payload: { name: 'x' } })).status).toBe(403);
    const audit = await firstRow<{ count: number }>(w.db, sql`select count(*)::int as count from audit_events where record_type = 'segment' and record_id = ${shared}`);
    expect(audit?.count).toBe(1);
  });

  it('pages members in keyset order with the list\'s field selection', async () => {
    const w = world();
    const first = await w.as('head', { method: 'GET', url: `/api/v1/segments/${shared}/members?limit=2&sort=lastName&fields=lastName,city&count=true` });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.data.map((row: { lastName: string }) => row.lastName)).toEqual(['Brown', 'Иванов']);
    expect(Object.keys(first.body.data[0]).sort()).toEqual(['city', 'id', 'lastName']);
    const second = await w.as('head', { method: 'GET', url: `/api/v1/segments/${shared}/members?limit=2&sort=lastName&fields=lastName,city&cursor=${first.body.nextCursor}` });
    expect(second.body.data.map((row: { lastName: string }) => row.lastName)).toEqual(['Петров']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('gives the campaigns module the readable contact ids in id order, a company segment\'s through its companies', async () => {
    const w = world();
    const ctxOf = async (user: UserKey) => ({ db: w.db, actor: (await loadActor(w.db, w.users[user].id))! });
    const head = await ctxOf('head');
    const all = await segmentMemberIds(head, shared, { limit: 10 });
    expect(all).toEqual([k.a1, k.a1b, k.b1].sort());
    expect(await segmentMemberIds(head, shared, { afterId: all[0], limit: 1 })).toEqual([all[1]]);
    expect(await countSegmentMembers(head, shared)).toBe(3);
    expect(await segmentMemberIds(await ctxOf('managerA1'), shared, { limit: 10 })).toEqual([k.a1]);
    await expect(segmentMemberIds(await ctxOf('managerB1'), shared, { limit: 10 })).rejects.toMatchObject({ code: 'SEGMENT_NOT_FOUND' });
    const vip = await w.as('head', { method: 'POST', url: '/api/v1/segments', payload: { name: 'VIP companies', object: 'companies', conditions: [{ kind: 'tags', tags: ['vip'] }] } });
    expect(vip.status).toBe(201);
    expect(await segmentMemberIds(head, vip.body.id, { limit: 10 })).toEqual([k.a1, k.a1c].sort());
    expect(await countSegmentMembers(head, vip.body.id)).toBe(2);
  });

  it('keeps static lists from a selection and from pasted emails and INNs, each viewer seeing the members they may read', async () => {
    const w = world();
    const created = await w.as('head', { method: 'POST', url: '/api/v1/segments', payload: { name: 'Выставка', object: 'contacts', kind: 'static', visibility: 'team', memberIds: [k.a1, k.b1] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect((await w.as('head', { method: 'GET', url: `/api/v1/segments/${id}/count` })).body.count).toBe(2);
    const added = await w.as('head', { method: 'POST', url: `/api/v1/segments/${id}/members`, payload: { text: 'PETROV@mail.test\nnobody@nowhere.test; ivanov@alfa.test' } });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({ added: 1, notFound: ['nobody@nowhere.test'] });
    expect(names((await w.as('head', { method: 'GET', url: `/api/v1/segments/${id}/members` })).body)).toEqual(['Brown', 'Иванов', 'Петров']);
    expect(names((await w.as('managerA1', { method: 'GET', url: `/api/v1/segments/${id}/members` })).body)).toEqual(['Иванов', 'Петров']);
    const removed = await w.as('head', { method: 'POST', url: `/api/v1/segments/${id}/members/remove`, payload: { ids: [k.b1] } });
    expect(removed.body.removed).toBe(1);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/segments/${id}/count` })).body.count).toBe(2);
    // A manager may not add members to the head's list, nor to a dynamic segment.
    expect((await w.as('managerA1', { method: 'POST', url: `/api/v1/segments/${id}/members`, payload: { ids: [k.a1c] } })).status).toBe(403);
    const dynamic = await w.as('head', { method: 'POST', url: `/api/v1/segments/${shared}/members`, payload: { ids: [k.a1c] } });
    expect(dynamic.status).toBe(400);
    expect(dynamic.body.error.details[0].field).toBe('kind');
    // Companies by INN.
    const byInn = await w.as('head', { method: 'POST', url: '/api/v1/segments', payload: { name: 'По ИНН', object: 'companies', kind: 'static' } });
    const innAdded = await w.as('head', { method: 'POST', url: `/api/v1/segments/${byInn.body.id}/members`, payload: { text: '7707083893\n' } });
    expect(innAdded.body.added).toBe(1);
    expect(names((await w.as('head', { method: 'GET', url: `/api/v1/segments/${byInn.body.id}/members` })).body)).toEqual(['Альфа']);
    const badLine = await w.as('head', { method: 'POST', url: `/api/v1/segments/${byInn.body.id}/members`, payload: { text: 'office@alfa.test\nnot an email' } });
    expect(badLine.status).toBe(400);
    expect(badLine.body.error.details[0]).toMatchObject({ field: 'text', problem: expect.stringContaining('line 2') });
    expect((await w.as('head', { method: 'GET', url: `/api/v1/segments/${byInn.body.id}/count` })).body.count).toBe(1);
  });

  it('exports the members through the exports module, with export rights', async () => {
    const w = world();
    const csv = await w.as('head', { method: 'GET', url: `/api/v1/segments/${shared}/export?format=csv&fields=lastName,city&sort=lastName` });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-disposition'])).toMatch(/segment-contacts-.*\.csv/);
    const lines = String(csv.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines.slice(1)).toEqual(['Brown;', 'Иванов;Казань', 'Петров;Москва']);
    const xlsx = await w.app.inject({ method: 'GET', url: `/api/v1/segments/${shared}/export?format=xlsx&fields=lastName`, headers: { authorization: `Bearer ${w.users.head.token}` } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    expect(book.worksheets[0].rowCount).toBe(4);
    // Managers have no export right.
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/segments/${shared}/export` })).status).toBe(403);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/segments/${shared}/export?format=pdf` })).body.error.details[0].field).toBe('format');
  });

  it('refuses bad definitions naming the field, and writes nothing', async () => {
    const w = world();
    const before = await firstRow<{ count: number }>(w.db, sql`select count(*)::int as count from segments where workspace_id = ${w.workspaceId}`);
    const cases: [unknown[], string][] = [
      [[{ kind: 'tags', tags: ['x'] }, { kind: 'tags', tags: ['y'] }, { kind: 'field', field: 'shoeSize', op: 'eq', value: '42' }], 'conditions[2].field'],
      [[{ kind: 'field', field: 'city', op: 'like', value: 'x' }], 'conditions[0].op'],
      [[{ kind: 'field', field: 'birthday', op: 'gt', value: 'yesterday' }], 'conditions[0].value'],
      [[{ kind: 'field', field: 'custom.nope', op: 'eq', value: 'x' }], 'conditions[0].field'],
      [[{ kind: 'purchased', productId: '00000000-0000-4000-8000-000000000000' }], 'conditions[0].productId'],
      [[{ kind: 'purchased', category: 'Нет такой' }], 'conditions[0].category'],
      [[{ kind: 'purchased', category: 'Шины', from: '2026-05-01', to: '2026-03-01' }], 'conditions[0].to'],
      [[{ kind: 'notPurchasedFor', days: -3 }], 'conditions[0].days'],
      [[{ kind: 'rfm', classes: ['vip'] }], 'conditions[0].classes[0]'],
      [[{ kind: 'any', conditions: [{ kind: 'tags', tags: ['x'] }, { kind: 'field', field: 'nope', value: '1' }] }], 'conditions[0].conditions[1].field'],
      [[{ kind: 'recommended', productId: p.tyre }], 'conditions[0].productId'],
    ];
    for (const [conditions, field] of cases) {
      const response = await w.as('head', { method: 'POST', url: '/api/v1/segments', payload: { name: 'Плохой', object: 'contacts', conditions } });
      expect(response.status, JSON.stringify(conditions)).toBe(400);
      expect(response.body.error.details.map((detail: { field: string }) => detail.field), JSON.stringify(response.body)).toContain(field);
      const previewed = await preview('head', 'contacts', conditions);
      expect(previewed.status).toBe(400);
    }
    const foreign = await w.as('managerA1', { method: 'POST', url: '/api/v1/segments', payload: { name: 'Чужие', object: 'contacts', kind: 'static', memberIds: [k.a1, k.b1] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].field).toBe('memberIds[1]');
    const after = await firstRow<{ count: number }>(w.db, sql`select count(*)::int as count from segments where workspace_id = ${w.workspaceId}`);
    expect(after?.count).toBe(before?.count);
    const patched = await w.as('head', { method: 'PATCH', url: `/api/v1/segments/${shared}`, payload: { conditions: [{ kind: 'notPurchasedFor', days: 1.5 }] } });
    expect(patched.status).toBe(400);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/segments/${shared}/count` })).body.count).toBe(3);
  });

  it('soft-deletes (404 afterwards, for the contract too) and restores, audited', async () => {
    const w = world();
    const created = await post(w, 'managerA1', '/api/v1/segments', { name: 'Мой', object: 'contacts', conditions: [{ kind: 'field', field: 'city', op: 'eq', value: 'Казань' }] });
    expect((await w.as('managerA1', { method: 'DELETE', url: `/api/v1/segments/${created.id}` })).status).toBe(200);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/segments/${created.id}/count` })).status).toBe(404);
    const actor = (await loadActor(w.db, w.users.managerA1.id))!;
    await expect(countSegmentMembers({ db: w.db, actor }, created.id)).rejects.toMatchObject({ code: 'SEGMENT_NOT_FOUND' });
    expect((await w.as('head', { method: 'POST', url: `/api/v1/segments/${created.id}/restore` })).status).toBe(404);
    const restored = await w.as('managerA1', { method: 'POST', url: `/api/v1/segments/${created.id}/restore` });
    expect(restored.status).toBe(200);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/segments/${created.id}/count` })).body.count).toBe(2);
    const actions = await firstRow<{ actions: string }>(w.db, sql`select string_agg(action, ',' order by id) as actions from audit_events where record_type = 'segment' and record_id = ${created.id}`);
    expect(actions?.actions).toBe('create,delete,restore');
  });

  it('answers 404 for a segment over an object the viewer may no longer read', async () => {
    const w = world();
    await w.db.execute(sql`update roles set permissions = jsonb_set(permissions, '{contacts,read}', '"none"') where workspace_id = ${w.workspaceId} and key = 'sales_manager'`);
    forgetActor(w.db);
    try {
      expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/segments/${shared}/count` })).status).toBe(404);
    } finally {
      await w.db.execute(sql`update roles set permissions = jsonb_set(permissions, '{contacts,read}', '"own"') where workspace_id = ${w.workspaceId} and key = 'sales_manager'`);
      forgetActor(w.db);
    }
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/segments/${shared}/count` })).body.count).toBe(1);
  });
});
