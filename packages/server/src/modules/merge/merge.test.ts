import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';

describeWithWorld('merge', (world) => {
  const one = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => (await rows<T>(world().db, query))[0];
  const create = async (object: string, payload: Record<string, unknown>, user: 'admin' | 'managerA1' | 'managerA2' = 'admin') => {
    const response = await world().as(user, { method: 'POST', url: `/api/v1/${object}?force=true`, payload });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const ws = () => world().workspaceId;

  it('merges two companies field by field and moves every link to the survivor', async () => {
    const survivor = await create('companies', { name: 'Альфа Групп', phones: ['+7 495 100-00-01'], tags: ['vip'], industry: 'IT', custom: {} });
    const merged = await create('companies', { name: 'Альфа Груп', phones: ['+7 495 100-00-02'], tags: ['opt'], industry: 'Retail', city: 'Москва', emails: ['a@alfa.ru'] });
    const contact = await create('contacts', { lastName: 'Связной', companyId: merged });
    const shared = await create('contacts', { lastName: 'Общий', companyId: survivor });
    await world().db.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id, role) values (${ws()}, ${shared}, ${merged}, 'бухгалтер')`);
    const deal = await one<{ id: string }>(sql`insert into deals (workspace_id, title, pipeline_id, stage_id, company_id) values (${ws()}, 'Сделка', ${randomUUID()}, ${randomUUID()}, ${merged}) returning id`);
    const order = await one<{ id: string }>(sql`insert into orders (workspace_id, number, company_id) values (${ws()}, ${'M-' + randomUUID().slice(0, 8)}, ${merged}) returning id`);
    const activity = await one<{ id: string }>(sql`insert into activities (workspace_id, kind, record_type, record_id) values (${ws()}, 'call', 'company', ${merged}) returning id`);
    const task = await one<{ id: string }>(sql`insert into tasks (workspace_id, title, record_type, record_id) values (${ws()}, 'Позвонить', 'company', ${merged}) returning id`);
    const lead = await one<{ id: string }>(sql`insert into leads (workspace_id, title, converted_company_id) values (${ws()}, 'Лид', ${merged}) returning id`);

    const response = await world().as('admin', { method: 'POST', url: '/api/v1/companies/merge', payload: { survivorId: survivor, mergedId: merged, fields: { industry: 'merged' } } });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ id: survivor, name: 'Альфа Групп', industry: 'Retail', city: 'Москва', emails: ['a@alfa.ru'] });
    expect(response.body.data.phones).toEqual(['+74951000001', '+74951000002']);
    expect(response.body.data.tags).toEqual(['vip', 'opt']);

    expect((await one<{ companyId: string }>(sql`select company_id as "companyId" from contacts where id = ${contact}`)).companyId).toBe(survivor);
    const links = await rows<{ contactId: string; companyId: string; role: string | null }>(world().db, sql`select contact_id as "contactId", company_id as "companyId", role from contact_companies where contact_id in (${contact}, ${shared}) order by contact_id`);
    expect(links.every((link) => link.companyId === survivor)).toBe(true);
    expect(links).toHaveLength(2);
    expect((await one<{ v: string }>(sql`select company_id as v from deals where id = ${deal.id}`)).v).toBe(survivor);
    expect((await one<{ v: string }>(sql`select company_id as v from orders where id = ${order.id}`)).v).toBe(survivor);
    expect((await one<{ v: string }>(sql`select record_id as v from activities where id = ${activity.id}`)).v).toBe(survivor);
    expect((await one<{ v: string }>(sql`select record_id as v from tasks where id = ${task.id}`)).v).toBe(survivor);
    expect((await one<{ v: string }>(sql`select converted_company_id as v from leads where id = ${lead.id}`)).v).toBe(survivor);

    expect((await world().as('admin', { method: 'GET', url: `/api/v1/companies/${merged}` })).status).toBe(404);
    expect((await world().as('admin', { method: 'GET', url: `/api/v1/companies/${merged}?deleted=true` })).body.deletedAt).toBeTruthy();

    const audit = await rows<{ recordId: string; action: string; changes: Record<string, unknown>; meta: Record<string, unknown> }>(
      world().db,
      sql`select record_id as "recordId", action, changes, meta from audit_events where record_id in (${survivor}, ${merged}, ${contact}) and action in ('merge', 'update') order by id`,
    );
    const mergedEvent = audit.find((event) => event.recordId === merged && event.action === 'merge');
    expect(mergedEvent?.meta).toMatchObject({ role: 'merged', survivorId: survivor });
    const survivorEvent = audit.find((event) => event.recordId === survivor && event.action === 'merge');
    expect(survivorEvent?.meta).toMatchObject({ role: 'survivor', mergedId: merged });
    expect(survivorEvent?.changes).toMatchObject({ industry: { from: 'IT', to: 'Retail' } });
    const contactEvent = audit.find((event) => event.recordId === contact && event.action === 'update');
    expect(contactEvent).toMatchObject({ changes: { companyId: { from: merged, to: survivor } }, meta: { merge: { survivorId: survivor, mergedId: merged } } });
  });

  it('merges contacts, moving deals, deal participants, orders and company links', async () => {
    const company = await create('companies', { name: 'Контакт-Мерж' });
    const survivor = await create('contacts', { lastName: 'Петров', emails: ['p@petrov.ru'] });
    const merged = await create('contacts', { lastName: 'Петров', firstName: 'Пётр', emails: ['petr@petrov.ru'], companyId: company });
    const deal = await one<{ id: string }>(sql`insert into deals (workspace_id, title, pipeline_id, stage_id, contact_id) values (${ws()}, 'Д', ${randomUUID()}, ${randomUUID()}, ${merged}) returning id`);
    await world().db.execute(sql`insert into deal_contacts (workspace_id, deal_id, contact_id, role) values (${ws()}, ${deal.id}, ${merged}, 'ЛПР')`);
    const order = await one<{ id: string }>(sql`insert into orders (workspace_id, number, contact_id) values (${ws()}, ${'C-' + randomUUID().slice(0, 8)}, ${merged}) returning id`);
    const response = await world().as('admin', { method: 'POST', url: '/api/v1/contacts/merge', payload: { survivorId: survivor, mergedId: merged } });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ firstName: 'Пётр', companyId: company, emails: ['p@petrov.ru', 'petr@petrov.ru'] });
    expect(response.body.moved).toMatchObject({ 'deals.contactId': 1, 'orders.contactId': 1, 'deal_contacts.contact_id': 1, 'contact_companies.contact_id': 1 });
    expect((await one<{ v: string }>(sql`select contact_id as v from deals where id = ${deal.id}`)).v).toBe(survivor);
    expect((await one<{ v: string }>(sql`select contact_id as v from deal_contacts where deal_id = ${deal.id}`)).v).toBe(survivor);
    expect((await one<{ v: string }>(sql`select contact_id as v from orders where id = ${order.id}`)).v).toBe(survivor);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from contact_companies where contact_id = ${merged}`)).n).toBe(0);
  });

  it('refuses records the actor may not change, and names wrong input', async () => {
    const mine = await create('companies', { name: 'Моя А1' }, 'managerA1');
    const theirs = await create('companies', { name: 'Чужая А2' }, 'managerA2');
    const hidden = await world().as('managerA1', { method: 'POST', url: '/api/v1/companies/merge', payload: { survivorId: mine, mergedId: theirs } });
    expect(hidden.status).toBe(404);
    expect((await world().as('reader', { method: 'POST', url: '/api/v1/companies/merge', payload: { survivorId: mine, mergedId: theirs } })).status).toBe(403);
    const same = await world().as('admin', { method: 'POST', url: '/api/v1/companies/merge', payload: { survivorId: mine, mergedId: mine } });
    expect(same.status).toBe(400);
    expect(same.body.error.details[0].field).toBe('mergedId');
    const unknownField = await world().as('admin', { method: 'POST', url: '/api/v1/companies/merge', payload: { survivorId: mine, mergedId: theirs, fields: { colour: 'merged' } } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details[0].field).toBe('fields.colour');
    const badChoice = await world().as('admin', { method: 'POST', url: '/api/v1/companies/merge', payload: { survivorId: mine, mergedId: theirs, fields: { name: 'both' } } });
    expect(badChoice.status).toBe(400);
    // Nothing was written by the refused attempts.
    expect((await world().as('admin', { method: 'GET', url: `/api/v1/companies/${theirs}` })).status).toBe(200);
    const merged = await world().as('head', { method: 'POST', url: '/api/v1/companies/merge', payload: { survivorId: mine, mergedId: theirs, fields: { name: 'merged' } } });
    expect(merged.status).toBe(200);
    expect(merged.body.data.name).toBe('Чужая А2');
  });
  it('merges deals (orders, participants, products, activities move) and leads (deals keep pointing at the survivor)', async () => {
    const survivor = (await world().as('admin', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Поставка', amount: '100' } })).body;
    const merged = (await world().as('admin', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Поставка (дубль)', amount: '250' } })).body;
    expect(merged.id).toBeTruthy();
    const contact = await create('contacts', { lastName: 'Участник' });
    await world().db.execute(sql`insert into deal_contacts (workspace_id, deal_id, contact_id) values (${ws()}, ${merged.id}, ${contact})`);
    const order = await one<{ id: string }>(sql`insert into orders (workspace_id, number, deal_id) values (${ws()}, ${'D-' + randomUUID().slice(0, 8)}, ${merged.id}) returning id`);
    await world().db.execute(sql`insert into activities (workspace_id, kind, record_type, record_id) values (${ws()}, 'note', 'deal', ${merged.id})`);
    const response = await world().as('admin', { method: 'POST', url: '/api/v1/deals/merge', payload: { survivorId: survivor.id, mergedId: merged.id, fields: { amount: 'merged' } } });
    expect(response.status).toBe(200);
    expect(Number(response.body.data.amount)).toBe(250);
    expect(response.body.moved).toMatchObject({ 'orders.dealId': 1, 'activities.recordId': 1, 'deal_contacts.deal_id': 1 });
    expect((await one<{ v: string }>(sql`select deal_id as v from orders where id = ${order.id}`)).v).toBe(survivor.id);

    const leadA = await create('leads', { title: 'Заявка А', emails: ['a@lead.ru'] });
    const leadB = await create('leads', { title: 'Заявка Б', phones: ['+7 900 000-00-01'] });
    const deal = await one<{ id: string }>(sql`update deals set lead_id = ${leadB} where id = ${survivor.id} returning id`);
    const leads = await world().as('admin', { method: 'POST', url: '/api/v1/leads/merge', payload: { survivorId: leadA, mergedId: leadB } });
    expect(leads.status).toBe(200);
    expect(leads.body.data).toMatchObject({ title: 'Заявка А', emails: ['a@lead.ru'], phones: ['+79000000001'] });
    expect((await one<{ v: string }>(sql`select lead_id as v from deals where id = ${deal.id}`)).v).toBe(leadA);
  });
});
