import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type UserKey } from '../../test/fixtures.js';

interface Item {
  kind: string;
  id: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

describeWithWorld('timeline', (world) => {
  const ws = () => world().workspaceId;
  const create = async (object: string, payload: Record<string, unknown>, user: UserKey = 'admin') => {
    const response = await world().as(user, { method: 'POST', url: `/api/v1/${object}?force=true`, payload });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const activity = async (recordType: string, recordId: string, at: string, subject: string, owner: string | null = null, kind = 'call') =>
    (await rows<{ id: string }>(world().db, sql`insert into activities (workspace_id, kind, subject, occurred_at, record_type, record_id, owner_id)
      values (${ws()}, ${kind}, ${subject}, ${at}, ${recordType}, ${recordId}, ${owner}) returning id`))[0].id;
  const timeline = async (user: UserKey, object: string, id: string, query = '') => {
    const response = await world().as(user, { method: 'GET', url: `/api/v1/${object}/${id}/timeline${query}` });
    return response as { status: number; body: { data: Item[]; nextCursor: string | null; error?: { code: string; details: { field: string }[] } } };
  };
  const walk = async (object: string, id: string, query: string) => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const page = await timeline('admin', object, id, `${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    return seen;
  };

  it('shows a company’s whole history newest first, with its contacts’ and deals’ activities, and pages through it exactly', async () => {
    const company = await create('companies', { name: 'Хронос' });
    await world().as('admin', { method: 'PATCH', url: `/api/v1/companies/${company}`, payload: { city: 'Омск' } });
    const contact = await create('contacts', { lastName: 'Хронов', companyId: company });
    const [deal] = await rows<{ id: string }>(world().db, sql`insert into deals (workspace_id, title, pipeline_id, stage_id, company_id) values (${ws()}, 'Х', ${randomUUID()}, ${randomUUID()}, ${company}) returning id`);
    await activity('company', company, '2026-01-01T10:00:00Z', 'first call');
    await activity('contact', contact, '2026-01-02T10:00:00Z', 'letter', null, 'email');
    await activity('deal', deal.id, '2026-01-03T10:00:00Z', 'meeting', null, 'meeting');
    // Three at the same instant: the page boundary must fall between them without loss.
    for (const subject of ['same-1', 'same-2', 'same-3']) await activity('company', company, '2026-01-04T10:00:00.123456Z', subject);
    await world().db.execute(sql`insert into tasks (workspace_id, title, record_type, record_id) values (${ws()}, 'Перезвонить', 'company', ${company})`);
    await world().db.execute(sql`insert into orders (workspace_id, number, company_id, ordered_at, total) values (${ws()}, ${'T-' + randomUUID().slice(0, 8)}, ${company}, '2026-01-05T00:00:00Z', 1500)`);

    const all = await timeline('admin', 'companies', company, '?limit=200');
    expect(all.status).toBe(200);
    const items = all.body.data;
    const times = items.map((item) => Date.parse(item.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(items.filter((item) => item.kind === 'activity').map((item) => item.data.subject)).toEqual(expect.arrayContaining(['first call', 'letter', 'meeting', 'same-1', 'same-2', 'same-3']));
    expect(items.find((item) => item.data.subject === 'letter')?.data).toMatchObject({ kind: 'email', recordType: 'contact', recordId: contact });
    expect(items.filter((item) => item.kind === 'task')).toHaveLength(1);
    expect(items.find((item) => item.kind === 'order')?.data).toMatchObject({ status: 'new' });
    const audit = items.filter((item) => item.kind === 'audit');
    expect(audit.map((item) => item.data.action)).toEqual(['update', 'create']);
    expect(audit[0].data).toMatchObject({ changes: { city: { from: null, to: 'Омск' } }, actorName: 'Админ' });
    expect(items.at(-1)?.data.subject).toBe('first call');

    const paged = await walk('companies', company, '?limit=2');
    expect(paged.map((item) => `${item.kind}:${item.id}`)).toEqual(items.map((item) => `${item.kind}:${item.id}`));

    const onlyActivities = await timeline('admin', 'companies', company, '?kinds=activity&limit=200');
    expect(new Set(onlyActivities.body.data.map((item) => item.kind))).toEqual(new Set(['activity']));
    expect(onlyActivities.body.data).toHaveLength(6);
  });

  it('shows a deal’s stage changes with stage names, and a contact’s orders', async () => {
    const pipeline = randomUUID();
    const [first] = await rows<{ id: string }>(world().db, sql`insert into stages (workspace_id, pipeline_id, name, position) values (${ws()}, ${pipeline}, 'Новая', 0) returning id`);
    const [second] = await rows<{ id: string }>(world().db, sql`insert into stages (workspace_id, pipeline_id, name, position) values (${ws()}, ${pipeline}, 'Переговоры', 1) returning id`);
    const [deal] = await rows<{ id: string }>(world().db, sql`insert into deals (workspace_id, title, pipeline_id, stage_id) values (${ws()}, 'Этапы', ${pipeline}, ${second.id}) returning id`);
    await world().db.execute(sql`insert into deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, entered_at) values
      (${ws()}, ${deal.id}, null, ${first.id}, '2026-02-01T00:00:00Z'), (${ws()}, ${deal.id}, ${first.id}, ${second.id}, '2026-02-02T00:00:00Z')`);
    const stages = await timeline('admin', 'deals', deal.id, '?kinds=stage_change');
    expect(stages.status).toBe(200);
    expect(stages.body.data.map((item) => [item.data.fromStage, item.data.toStage])).toEqual([['Новая', 'Переговоры'], [null, 'Новая']]);

    const contact = await create('contacts', { lastName: 'Заказчиков' });
    await world().db.execute(sql`insert into orders (workspace_id, number, contact_id) values (${ws()}, ${'K-' + randomUUID().slice(0, 8)}, ${contact})`);
    const orders = await timeline('admin', 'contacts', contact, '?kinds=order');
    expect(orders.body.data).toHaveLength(1);
  });

  it('answers 404 for a record the actor may not read, and hides colleagues’ activities on a visible record', async () => {
    const company = await create('companies', { name: 'Личная' }, 'managerA1');
    await activity('company', company, '2026-03-01T00:00:00Z', 'mine', world().users.managerA1.id);
    await activity('company', company, '2026-03-02T00:00:00Z', 'colleague’s', world().users.managerA2.id);
    expect((await timeline('managerA2', 'companies', company)).status).toBe(404);
    expect((await timeline('managerB1', 'companies', randomUUID())).status).toBe(404);
    const own = await timeline('managerA1', 'companies', company, '?kinds=activity');
    expect(own.body.data.map((item) => item.data.subject)).toEqual(['mine']);
    const head = await timeline('head', 'companies', company, '?kinds=activity');
    expect(head.body.data.map((item) => item.data.subject)).toEqual(['colleague’s', 'mine']);
  });

  it('shows a lead’s history and a merge in the survivor’s timeline', async () => {
    const lead = await create('leads', { title: 'Заявка с сайта' });
    await world().as('admin', { method: 'PATCH', url: `/api/v1/leads/${lead}`, payload: { status: 'in_progress' } });
    const history = await timeline('admin', 'leads', lead, '?kinds=audit');
    expect(history.body.data.map((item) => item.data.action)).toEqual(['update', 'create']);
    expect(history.body.data[0].data.changes).toEqual({ status: { from: 'new', to: 'in_progress' } });
    const a = await create('companies', { name: 'Слияние А' });
    const b = await create('companies', { name: 'Слияние Б', city: 'Псков' });
    await activity('company', b, '2026-04-01T00:00:00Z', 'from the merged one');
    expect((await world().as('admin', { method: 'POST', url: '/api/v1/companies/merge', payload: { survivorId: a, mergedId: b } })).status).toBe(200);
    const merged = await timeline('admin', 'companies', a, '?kinds=audit,activity');
    expect(merged.body.data.map((item) => item.kind === 'audit' ? item.data.action : item.data.subject)).toEqual(['merge', 'create', 'from the merged one']);
    expect((await timeline('admin', 'orders', randomUUID())).status).toBe(404);
  });

  it('names wrong parameters', async () => {
    const company = await create('companies', { name: 'Параметры' });
    const kinds = await timeline('admin', 'companies', company, '?kinds=activity,weather');
    expect(kinds.status).toBe(400);
    expect(kinds.body.error?.details[0].field).toBe('kinds');
    const cursor = await timeline('admin', 'companies', company, '?cursor=bm9wZQ');
    expect(cursor.status).toBe(400);
    expect(cursor.body.error?.code).toBe('INVALID_CURSOR');
  });
});
