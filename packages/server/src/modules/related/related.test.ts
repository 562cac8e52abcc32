import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeWithWorld, type UserKey } from '../../test/fixtures.js';

describeWithWorld('related lists', (world) => {
  const create = async (object: string, payload: Record<string, unknown>, user: UserKey = 'admin') => {
    const response = await world().as(user, { method: 'POST', url: `/api/v1/${object}?force=true`, payload });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const list = async (user: UserKey, url: string) => world().as(user, { method: 'GET', url });
  const ids = (body: { data: { id: string }[] }) => body.data.map((row) => row.id);

  it('lists a company’s contacts (primary and linked) with the main list’s filters, sort and paging', async () => {
    const company = await create('companies', { name: 'Родитель' });
    const other = await create('companies', { name: 'Чужой родитель' });
    const primary = await create('contacts', { lastName: 'Бета', city: 'Казань', companyId: company });
    const linked = await create('contacts', { lastName: 'Альфа', city: 'Казань', companyId: other });
    await create('contacts', { lastName: 'Гамма', companyId: other });
    await world().db.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id) values (${world().workspaceId}, ${linked}, ${company})`);
    const all = await list('admin', `/api/v1/companies/${company}/contacts?sort=lastName&count=true`);
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual([linked, primary]);
    expect(all.body.total).toBe(2);
    const firstPage = await list('admin', `/api/v1/companies/${company}/contacts?sort=lastName&limit=1`);
    expect(ids(firstPage.body)).toEqual([linked]);
    const secondPage = await list('admin', `/api/v1/companies/${company}/contacts?sort=lastName&limit=1&cursor=${firstPage.body.nextCursor}`);
    expect(ids(secondPage.body)).toEqual([primary]);
    expect(secondPage.body.nextCursor).toBeNull();
    const filtered = await list('admin', `/api/v1/companies/${company}/contacts?filter[lastName][eq]=Бета`);
    expect(ids(filtered.body)).toEqual([primary]);
    const badFilter = await list('admin', `/api/v1/companies/${company}/contacts?filter[colour][eq]=red`);
    expect(badFilter.status).toBe(400);
    const companies = await list('admin', `/api/v1/contacts/${linked}/companies?sort=name`);
    expect(ids(companies.body)).toEqual([company, other]);
  });

  it('lists a company’s and a contact’s deals', async () => {
    const company = await create('companies', { name: 'Сделочная' });
    const contact = await create('contacts', { lastName: 'Сделкин', companyId: company });
    const direct = await create('deals', { title: 'Прямая', companyId: company, contactId: contact });
    const participant = await create('deals', { title: 'Участие' });
    await world().db.execute(sql`insert into deal_contacts (workspace_id, deal_id, contact_id) values (${world().workspaceId}, ${participant}, ${contact})`);
    const ofCompany = await list('admin', `/api/v1/companies/${company}/deals`);
    expect(ids(ofCompany.body)).toEqual([direct]);
    const ofContact = await list('admin', `/api/v1/contacts/${contact}/deals?sort=title`);
    expect(ids(ofContact.body)).toEqual([direct, participant]);
  });

  it('lists the activities and tasks of a company and of a contact, only those the actor may read', async () => {
    const company = await create('companies', { name: 'С делами' }, 'managerA1');
    const contact = await create('contacts', { lastName: 'Деловой' }, 'managerA1');
    const call = await create('activities', { kind: 'call', subject: 'Звонок', recordType: 'company', recordId: company }, 'managerA1');
    const task = await create('tasks', { title: 'Перезвонить', recordType: 'contact', recordId: contact }, 'managerA1');
    await world().db.execute(sql`insert into activities (workspace_id, kind, subject, record_type, record_id, owner_id)
      values (${world().workspaceId}, 'note', 'Чужая заметка', 'company', ${company}, ${world().users.managerA2.id})`);
    expect(ids((await list('managerA1', `/api/v1/companies/${company}/activities`)).body)).toEqual([call]);
    expect((await list('head', `/api/v1/companies/${company}/activities?count=true`)).body.total).toBe(2);
    expect(ids((await list('managerA1', `/api/v1/contacts/${contact}/tasks`)).body)).toEqual([task]);
    expect((await list('managerA1', `/api/v1/companies/${company}/tasks`)).body.data).toEqual([]);
  });

  it('applies access rights to the parent (404) and to every row', async () => {
    const company = await create('companies', { name: 'Моя компания А1' }, 'managerA1');
    const mine = await create('contacts', { lastName: 'Мой', companyId: company }, 'managerA1');
    const colleagues = await create('contacts', { lastName: 'Коллегин' }, 'managerA2');
    await world().db.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id) values (${world().workspaceId}, ${colleagues}, ${company})`);
    expect(ids((await list('managerA1', `/api/v1/companies/${company}/contacts`)).body)).toEqual([mine]);
    expect(ids((await list('head', `/api/v1/companies/${company}/contacts?sort=lastName`)).body)).toEqual([colleagues, mine]);
    expect((await list('managerA2', `/api/v1/companies/${company}/contacts`)).status).toBe(404);
    expect((await list('admin', `/api/v1/companies/${randomUUID()}/deals`)).status).toBe(404);
    expect((await list('admin', `/api/v1/contacts/not-a-uuid/deals`)).status).toBe(404);
  });
});
