import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { escalateWaitingCases } from './cases.jobs.js';

async function supportMailbox(w: TestWorld, queueId: string | null = null): Promise<string> {
  const [row] = await rows<{ id: string }>(
    w.db,
    sql`insert into mailboxes (workspace_id, name, email_address, smtp_host, smtp_port, smtp_login, smtp_password_enc, is_support, support_queue_id)
        values (${w.workspaceId}, 'Поддержка', ${`support-${Math.random().toString(36).slice(2, 8)}@test.local`}, '127.0.0.1', 2525, 'support', 'x', true, ${queueId}::uuid) returning id`,
  );
  return row.id;
}

async function queueWith(w: TestWorld, name: string, members: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const queue = await w.as('admin', { method: 'POST', url: '/api/v1/case-queues', payload: { name, memberIds: members, ...extra } });
  expect(queue.status).toBe(201);
  return queue.body.id as string;
}

describeWithWorld('cases', (world) => {
  it('numbers cases, sanitises the description and follows the allowed status transitions with their timestamps', async () => {
    const w = world();
    const created = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/cases',
      payload: { subject: 'Не работает кофемашина', description: '<p>Сломалась</p><script>alert(1)</script><img src=x onerror="alert(2)">', category: 'complaint', priority: 'high' },
    });
    expect(created.status).toBe(201);
    expect(created.body.number).toMatch(/^SD-\d{6}$/);
    expect(created.body.description).toContain('<p>Сломалась</p>');
    expect(created.body.description).not.toMatch(/script|onerror/);
    expect(created.body).toMatchObject({ status: 'new', isOpen: true, language: 'ru', channel: 'manual', ownerId: w.users.managerA1.id });
    const id = created.body.id as string;
    const waiting = await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'waiting_customer' } });
    expect(waiting.status).toBe(200);
    expect(waiting.body.slaPausedAt).not.toBeNull();
    expect(waiting.body.firstResponseAt).not.toBeNull();
    const resolved = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/cases/${id}`, payload: { status: 'resolved' } });
    expect(resolved.body).toMatchObject({ status: 'resolved', isOpen: false, slaPausedAt: null });
    expect(resolved.body.resolvedAt).not.toBeNull();
    const [pause] = await rows<{ resumed: boolean }>(w.db, sql`select resumed_at is not null as resumed from case_sla_pauses where case_id = ${id}::uuid`);
    expect(pause.resumed).toBe(true);
    const backwards = await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'in_progress' } });
    expect(backwards.status).toBe(409);
    expect(backwards.body.error.details[0].field).toBe('status');
    const closed = await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'closed' } });
    expect(closed.body.closedAt).not.toBeNull();
    const reopened = await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'reopened' } });
    expect(reopened.body).toMatchObject({ status: 'reopened', isOpen: true, resolvedAt: null, closedAt: null, reopenedCount: 1 });
    const unknown = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'x', channel: 'pigeon' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('channel');
    const readOnlyNumber = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/cases/${id}`, payload: { number: 'SD-000001' } });
    expect(readOnlyNumber.status).toBe(400);
  });

  it('gives concurrent creates consecutive numbers without gaps, and a failed create gives its number back', async () => {
    const w = world();
    const foreign = await w.as('managerB1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Чужая' } });
    const failed = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Чужая фирма', companyId: foreign.body.id } });
    expect(failed.status).toBe(400);
    expect(failed.body.error.details[0].field).toBe('companyId');
    const created = await Promise.all(Array.from({ length: 8 }, (_, index) => w.as(index % 2 ? 'managerA1' : 'managerA2', { method: 'POST', url: '/api/v1/cases', payload: { subject: `Параллельно ${index}` } })));
    expect(created.map((response) => response.status)).toEqual(Array(8).fill(201));
    const numbers = created.map((response) => Number(String(response.body.number).slice(3))).sort((a, b) => a - b);
    expect(numbers[numbers.length - 1] - numbers[0]).toBe(7);
    expect(new Set(numbers).size).toBe(8);
    const [{ max }] = await rows<{ max: string }>(w.db, sql`select max(number) as max from cases where workspace_id = ${w.workspaceId}`);
    const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from cases where workspace_id = ${w.workspaceId}`);
    expect(Number(max.slice(3))).toBe(count);
  });

  it('hides another manager’s case on every path: get, timeline, search, related list, desk and export', async () => {
    const w = world();
    const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'Общий клиент' } });
    const mine = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Секретная претензия Жужелица', companyId: company.body.id } });
    const id = mine.body.id as string;
    for (const url of [`/api/v1/cases/${id}`, `/api/v1/cases/${id}/timeline`]) {
      expect((await w.as('managerB1', { method: 'GET', url })).status).toBe(404);
    }
    expect((await w.as('managerB1', { method: 'PATCH', url: `/api/v1/cases/${id}`, payload: { priority: 'low' } })).status).toBe(404);
    expect((await w.as('managerB1', { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'closed' } })).status).toBe(404);
    const search = await w.as('managerB1', { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('Жужелица')}&types=cases` });
    expect(search.body.data).toEqual([]);
    const found = await w.as('head', { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('Жужелица')}&types=cases` });
    expect(found.body.data.map((hit: { id: string }) => hit.id)).toEqual([id]);
    const desk = await w.as('managerB1', { method: 'GET', url: '/api/v1/cases/desk?view=unassigned' });
    expect(desk.body.data.map((item: { id: string }) => item.id)).not.toContain(id);
    const exportDenied = await w.as('managerA1', { method: 'GET', url: '/api/v1/cases/export?format=csv' });
    expect(exportDenied.status).toBe(403);
    const exported = await w.as('head', { method: 'GET', url: '/api/v1/cases/export?format=csv&delimiter=comma' });
    expect(exported.status).toBe(200);
    expect(String(exported.body)).toContain('Жужелица');
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${id}/timeline` });
    expect(timeline.body.data.some((item: { kind: string; data: { action: string } }) => item.kind === 'audit' && item.data.action === 'create')).toBe(true);
    const related = await w.as('managerA1', { method: 'GET', url: `/api/v1/companies/${company.body.id}/cases` });
    expect(related.body.data.map((item: { id: string }) => item.id)).toEqual([id]);
  });

  it('validates queues and rules: unknown queue or user names the field, an overflow loop is refused', async () => {
    const w = world();
    const first = await queueWith(w, 'Первая линия', [w.users.managerA1.id]);
    const second = await queueWith(w, 'Вторая линия', [w.users.managerA2.id], { overflowQueueId: first });
    const loop = await w.as('admin', { method: 'PATCH', url: `/api/v1/case-queues/${first}`, payload: { overflowQueueId: second } });
    expect(loop.status).toBe(400);
    expect(loop.body.error.details[0].field).toBe('overflowQueueId');
    const self = await w.as('admin', { method: 'PATCH', url: `/api/v1/case-queues/${first}`, payload: { overflowQueueId: first } });
    expect(self.body.error.details[0].field).toBe('overflowQueueId');
    const badMember = await w.as('admin', { method: 'POST', url: '/api/v1/case-queues', payload: { name: 'X', memberIds: ['00000000-0000-4000-8000-000000000000'] } });
    expect(badMember.body.error.details[0].field).toBe('memberIds[0]');
    const duplicateName = await w.as('admin', { method: 'POST', url: '/api/v1/case-queues', payload: { name: 'первая линия' } });
    expect(duplicateName.status).toBe(409);
    const unknownQueue = await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules', payload: { name: 'r', queueId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknownQueue.status).toBe(400);
    expect(unknownQueue.body.error.details[0].field).toBe('queueId');
    const unknownUser = await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules', payload: { name: 'r', queueId: first, assignment: 'fixed', userId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknownUser.body.error.details[0].field).toBe('userId');
    const noUser = await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules', payload: { name: 'r', queueId: first, assignment: 'fixed' } });
    expect(noUser.body.error.details[0].field).toBe('userId');
    const byManager = await w.as('managerA1', { method: 'POST', url: '/api/v1/case-routing-rules', payload: { name: 'r', queueId: first } });
    expect(byManager.status).toBe(403);
    const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from case_routing_rules where workspace_id = ${w.workspaceId}`);
    expect(count).toBe(0);
    const held = await w.as('admin', { method: 'DELETE', url: `/api/v1/case-queues/${first}` });
    expect(held.status).toBe(409);
  });

  it('routes inbound mail by the first matching rule in order: keywords, language, round-robin skipping inactive agents, least-loaded', async () => {
    const w = world();
    const english = await queueWith(w, 'English desk', [w.users.managerB1.id]);
    const claims = await queueWith(w, 'Претензии', [w.users.managerA1.id, w.users.managerA2.id, w.users.head.id], { headUserId: w.users.head.id });
    const mailbox = await supportMailbox(w);
    const claimRule = await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules', payload: { name: 'Претензии', conditions: { keywords: ['претензия', 'возврат'] }, queueId: claims, assignment: 'round_robin', setPriority: 'high' } });
    const englishRule = await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules', payload: { name: 'English', conditions: { language: 'en' }, queueId: english, assignment: 'least_loaded' } });
    expect(englishRule.status).toBe(201);
    // The head is inactive: round-robin skips them.
    await w.db.execute(sql`update users set is_active = false where id = ${w.users.head.id}::uuid`);
    const owners: string[] = [];
    for (let index = 0; index < 3; index++) {
      const inbound = await w.as('admin', { method: 'POST', url: '/api/v1/cases/inbound', payload: { mailboxId: mailbox, from: `client${index}@example.ru`, subject: `Претензия по заказу ${index}`, text: 'Требую возврат' } });
      expect(inbound.status).toBe(201);
      const opened = await w.as('admin', { method: 'GET', url: `/api/v1/cases/${inbound.body.caseId}` });
      expect(opened.body).toMatchObject({ queueId: claims, priority: 'high', channel: 'email' });
      owners.push(opened.body.ownerId);
    }
    expect(new Set(owners.slice(0, 2))).toEqual(new Set([w.users.managerA1.id, w.users.managerA2.id]));
    expect(owners[2]).toBe(owners[0]);
    expect(owners).not.toContain(w.users.head.id);
    await w.db.execute(sql`update users set is_active = true where id = ${w.users.head.id}::uuid`);
    const latin = await w.as('admin', { method: 'POST', url: '/api/v1/cases/inbound', payload: { mailboxId: mailbox, from: 'john@example.com', subject: 'Order question', text: 'Where is my claim? претензия' } });
    const latinCase = await w.as('admin', { method: 'GET', url: `/api/v1/cases/${latin.body.caseId}` });
    // The keywords rule comes first; after reordering the language rule wins.
    expect(latinCase.body.queueId).toBe(claims);
    const reordered = await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules/reorder', payload: { ids: [englishRule.body.id, claimRule.body.id] } });
    expect(reordered.body.data.map((rule: { id: string }) => rule.id)).toEqual([englishRule.body.id, claimRule.body.id]);
    const partial = await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules/reorder', payload: { ids: [englishRule.body.id] } });
    expect(partial.body.error.details[0].field).toBe('ids');
    const latin2 = await w.as('admin', { method: 'POST', url: '/api/v1/cases/inbound', payload: { mailboxId: mailbox, from: 'jane@example.com', subject: 'Another claim', text: 'Hello' } });
    const latin2Case = await w.as('admin', { method: 'GET', url: `/api/v1/cases/${latin2.body.caseId}` });
    expect(latin2Case.body).toMatchObject({ queueId: english, ownerId: w.users.managerB1.id, language: 'en' });
    const notified = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from notifications where user_id = ${w.users.managerB1.id}::uuid and record_id = ${latin2.body.caseId}::uuid and kind = 'assignment'`);
    expect(notified[0].count).toBe(1);
  });

  it('threads inbound mail into the open case, matches the sender to a contact and reopens a resolved case', async () => {
    const w = world();
    const mailbox = await supportMailbox(w);
    const contact = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Клиентов', firstName: 'Иван', emails: ['ivan@client.ru'] } });
    const first = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases/inbound', payload: { from: 'Ivan@Client.ru', subject: 'Не приходит счёт', html: '<p>Здравствуйте</p><script>x()</script>', messageId: '<m1@client.ru>' } });
    expect(first.status).toBe(201);
    const opened = await w.as('admin', { method: 'GET', url: `/api/v1/cases/${first.body.caseId}` });
    expect(opened.body).toMatchObject({ contactId: contact.body.id, requesterEmail: 'ivan@client.ru', status: 'new' });
    expect(opened.body.description).not.toContain('script');
    const again = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases/inbound', payload: { from: 'ivan@client.ru', subject: 'Не приходит счёт', messageId: '<m1@client.ru>' } });
    expect(again.body).toMatchObject({ caseId: first.body.caseId, duplicate: true });
    await w.as('admin', { method: 'POST', url: `/api/v1/cases/${first.body.caseId}/status`, payload: { status: 'resolved' } });
    const reply = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/cases/inbound',
      payload: { from: 'ivan@client.ru', subject: 'Re: Не приходит счёт', text: 'Всё ещё нет', messageId: '<m2@client.ru>', inReplyTo: '<m1@client.ru>', references: ['<m1@client.ru>'] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ caseId: first.body.caseId, created: false });
    const reopened = await w.as('admin', { method: 'GET', url: `/api/v1/cases/${first.body.caseId}` });
    expect(reopened.body.status).toBe('reopened');
    const byNumber = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases/inbound', payload: { from: 'other@x.ru', subject: `Fwd: [${opened.body.number as string}] счёт`, text: 'коллега' } });
    expect(byNumber.body.caseId).toBe(first.body.caseId);
    const timeline = await w.as('admin', { method: 'GET', url: `/api/v1/cases/${first.body.caseId}/timeline?kinds=email` });
    expect(timeline.body.data).toHaveLength(3);
    const contactTimeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${contact.body.id}/timeline?kinds=email` });
    expect(contactTimeline.body.data.length).toBeGreaterThanOrEqual(2);
    const noMailbox = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases/inbound', payload: { from: 'a@b.ru', mailboxId: '00000000-0000-4000-8000-000000000000' } });
    expect(noMailbox.status).toBe(400);
    expect(noMailbox.body.error.details[0].field).toBe('mailboxId');
    expect(mailbox).toBeTruthy();
  });

  it('shows the desk views and escalates a case nobody takes to the queue head once', async () => {
    const w = world();
    const queue = await queueWith(w, 'Линия', [w.users.managerA1.id], { headUserId: w.users.head.id, escalationMinutes: 30 });
    const mine = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Моё', queueId: queue } });
    const unassigned = await w.as('admin', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Ничьё', queueId: queue, ownerId: null } });
    const ids = (response: { body: { data: { id: string }[] } }) => response.body.data.map((item) => item.id);
    const myDesk = ids(await w.as('managerA1', { method: 'GET', url: '/api/v1/cases/desk?view=mine' }));
    expect(myDesk).toContain(mine.body.id);
    expect(myDesk).not.toContain(unassigned.body.id);
    expect(ids(await w.as('admin', { method: 'GET', url: '/api/v1/cases/desk?view=unassigned' }))).toContain(unassigned.body.id);
    const team = ids(await w.as('head', { method: 'GET', url: '/api/v1/cases/desk?view=team' }));
    expect(team.indexOf(mine.body.id)).toBeGreaterThanOrEqual(0);
    expect(team.indexOf(unassigned.body.id)).toBeGreaterThan(team.indexOf(mine.body.id));
    expect(ids(await w.as('reader', { method: 'GET', url: '/api/v1/cases/desk?view=team' }))).toEqual([]);
    await w.db.execute(sql`update cases set resolution_due_at = now() + interval '1 hour' where id = ${mine.body.id}::uuid`);
    expect(ids(await w.as('managerA1', { method: 'GET', url: '/api/v1/cases/desk?view=breaching' }))).toEqual([mine.body.id]);
    const bad = await w.as('managerA1', { method: 'GET', url: '/api/v1/cases/desk?view=everything' });
    expect(bad.body.error.details[0].field).toBe('view');
    // Keyset pages of one case each add up to the whole view.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; nextCursor: string | null } } = await w.as('head', { method: 'GET', url: `/api/v1/cases/desk?view=team&limit=1${cursor ? `&cursor=${cursor}` : ''}` });
      paged.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(team);
    const later = new Date(Date.now() + 31 * 60_000);
    expect(await escalateWaitingCases(w.db, later)).toBeGreaterThanOrEqual(2);
    expect(await escalateWaitingCases(w.db, later)).toBe(0);
    const notices = await rows<{ recordId: string }>(w.db, sql`select record_id as "recordId" from notifications where user_id = ${w.users.head.id}::uuid and kind = 'escalation'`);
    expect(notices.map((notice) => notice.recordId)).toEqual(expect.arrayContaining([mine.body.id, unassigned.body.id]));
  });

  it('opens a routed case from a web form whose target is "case", and a case from a call in one click', async () => {
    const w = world();
    const queue = await queueWith(w, 'Горячая линия', [w.users.managerA2.id]);
    await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules', payload: { name: 'Формы', conditions: { channels: ['web_form'] }, queueId: queue, assignment: 'round_robin' } });
    const form = await w.as('admin', {
      method: 'POST',
      url: '/api/v1/web-forms',
      payload: {
        name: 'Горячая линия',
        target: 'case',
        fields: [
          { key: 'name', target: 'firstName', type: 'text', label: { ru: 'Имя', en: 'Name' }, required: true },
          { key: 'email', target: 'email', type: 'email', label: { ru: 'Email', en: 'Email' } },
          { key: 'comment', target: 'notes', type: 'textarea', label: { ru: 'Вопрос', en: 'Question' } },
        ],
        consent: { enabled: false, text: { ru: '', en: '' } },
        assignment: { rules: [], fallback: { type: 'user', userId: w.users.managerA1.id } },
      },
    });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect(form.body.target).toBe('case');
    const submitted = await w.app.inject({ method: 'POST', url: `/api/public/forms/${form.body.key as string}`, remoteAddress: '10.9.9.9', payload: { name: 'Пётр', email: 'petr@site.ru', comment: 'Не могу войти в личный кабинет' } });
    expect(submitted.statusCode, submitted.body).toBeLessThan(300);
    const [opened] = await rows<{ id: string; queueId: string; ownerId: string; channel: string; description: string; leads: number }>(
      w.db,
      sql`select id, queue_id as "queueId", owner_id as "ownerId", channel, description,
            (select count(*)::int from leads where workspace_id = ${w.workspaceId} and emails @> array['petr@site.ru']) as leads
          from cases where workspace_id = ${w.workspaceId} and source_web_form_id = ${form.body.id as string}::uuid`,
    );
    expect(opened).toMatchObject({ queueId: queue, ownerId: w.users.managerA2.id, channel: 'web_form', leads: 0 });
    expect(opened.description).toContain('Не могу войти');
    const [call] = await rows<{ id: string }>(
      w.db,
      sql`insert into calls (workspace_id, integration_id, external_id, direction, from_number, client_phone, user_id, state)
          values (${w.workspaceId}, gen_random_uuid(), 'ext-1', 'in', '+79161234567', '+79161234567', ${w.users.managerA1.id}::uuid, 'answered') returning id`,
    );
    const stranger = await w.as('managerA2', { method: 'POST', url: `/api/v1/telephony/calls/${call.id}/case` });
    expect(stranger.status).toBe(404);
    const fromCall = await w.as('managerA1', { method: 'POST', url: `/api/v1/telephony/calls/${call.id}/case` });
    expect(fromCall.status).toBe(201);
    const phoneCase = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${fromCall.body.caseId as string}` });
    expect(phoneCase.body).toMatchObject({ channel: 'phone', status: 'in_progress', ownerId: w.users.managerA1.id, sourceCallId: call.id });
    const twice = await w.as('managerA1', { method: 'POST', url: `/api/v1/telephony/calls/${call.id}/case` });
    expect(twice.status).toBe(409);
  });

  it('sets SLA deadlines from the first matching policy on the business calendar, and stops the resolution clock while waiting for the customer', async () => {
    const w = world();
    // Round the clock every day, no holidays: business minutes are plain minutes, so the deadlines can be worked by hand.
    const allDay = [{ start: '00:00', end: '24:00' }];
    const calendar = await w.as('admin', { method: 'PUT', url: '/api/v1/business-calendar', payload: { timeZone: 'Europe/Moscow', weeklyHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, allDay])), years: [] } });
    expect(calendar.status, JSON.stringify(calendar.body)).toBe(200);
    const tier = `vip${Math.random().toString(36).slice(2, 8)}`;
    const policy = await w.as('admin', { method: 'POST', url: '/api/v1/sla-policies', payload: { name: 'VIP urgent', priorities: ['urgent'], tiers: [tier], firstResponseMinutes: 30, resolutionMinutes: 240 } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: `Клиент ${tier}`, tags: [tier.toUpperCase()] } });
    expect(company.status).toBe(201);

    const created = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Стоит производство', priority: 'urgent', companyId: company.body.id } });
    expect(created.status).toBe(201);
    const start = Date.parse(created.body.createdAt);
    const minute = 60_000;
    expect(created.body.slaPolicyId).toBe(policy.body.id);
    expect(Math.abs(Date.parse(created.body.firstResponseDueAt) - (start + 30 * minute))).toBeLessThan(1000);
    expect(Math.abs(Date.parse(created.body.resolutionDueAt) - (start + 240 * minute))).toBeLessThan(1000);

    // Another priority matches no policy: no deadlines.
    const normal = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Вопрос', priority: 'normal', companyId: company.body.id } });
    expect(normal.body).toMatchObject({ slaPolicyId: null, firstResponseDueAt: null, resolutionDueAt: null });

    const id = created.body.id as string;
    const waiting = await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'waiting_customer' } });
    expect(waiting.body.resolutionDueAt).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const resumed = await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${id}/status`, payload: { status: 'in_progress' } });
    expect(resumed.status).toBe(200);
    // The 1.5 s (and more) spent waiting move the resolution deadline later by as much; the first response does not move.
    const shift = Date.parse(resumed.body.resolutionDueAt) - (start + 240 * minute);
    expect(shift).toBeGreaterThanOrEqual(1400);
    expect(shift).toBeLessThan(Date.parse(resumed.body.updatedAt) - Date.parse(waiting.body.updatedAt) + 1000);
    expect(resumed.body.firstResponseDueAt).toBe(created.body.firstResponseDueAt);

    // Lowering the priority drops the policy and its deadlines.
    const lowered = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/cases/${id}`, payload: { priority: 'low' } });
    expect(lowered.body).toMatchObject({ slaPolicyId: null, resolutionDueAt: null });
  });
});
