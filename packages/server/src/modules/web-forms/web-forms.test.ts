// Web forms over real databases: the admin API, and the public endpoint as a website and a bot would use it.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { rows } from '../../db/client.js';
import { describeWithWorld, PASSWORD, type TestWorld } from '../../test/fixtures.js';
import { insertUser } from '../users/users.service.js';

const SITE = 'https://shop.example.ru';
let ipCounter = 0;
/** Each request from its own address, so the per-IP limit is only met where a test means to meet it. */
const nextIp = () => `10.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}.${process.pid % 250}`;

function formBody(w: TestWorld, extra: Record<string, unknown> = {}) {
  return {
    name: 'Заявка на сайте',
    fields: [
      { key: 'name', target: 'firstName', type: 'text', label: { ru: 'Имя', en: 'Name' }, required: true },
      { key: 'email', target: 'email', type: 'email', label: { ru: 'Email', en: 'Email' } },
      { key: 'phone', target: 'phone', type: 'phone', label: { ru: 'Телефон', en: 'Phone' }, required: true },
      { key: 'city', target: 'city', type: 'text', label: { ru: 'Город', en: 'City' } },
      { key: 'inn', target: 'inn', type: 'text', label: { ru: 'ИНН', en: 'INN' } },
      { key: 'budget', target: 'amount', type: 'number', label: { ru: 'Бюджет', en: 'Budget' } },
      { key: 'product', target: 'none', type: 'select', label: { ru: 'Продукт', en: 'Product' }, options: ['Кофе', 'Чай'] },
      { key: 'comment', target: 'notes', type: 'textarea', label: { ru: 'Комментарий', en: 'Comment' } },
    ],
    consent: { enabled: true, text: { ru: 'Я согласен на обработку персональных данных (152-ФЗ)', en: 'I agree to the processing of my personal data' } },
    allowedOrigins: [SITE],
    assignment: { rules: [], fallback: { type: 'user', userId: w.users.managerA1.id } },
    task: { enabled: true, title: { ru: 'Перезвонить по заявке', en: 'Call back' }, dueMinutes: 120 },
    ...extra,
  };
}

async function createForm(w: TestWorld, extra: Record<string, unknown> = {}) {
  const created = await w.as('admin', { method: 'POST', url: '/api/v1/web-forms', payload: formBody(w, extra) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; key: string };
}

async function submit(w: TestWorld, key: string, payload: Record<string, unknown> | string, options: Partial<InjectOptions> & { ip?: string } = {}) {
  const response = await w.app.inject({
    method: 'POST',
    url: `/api/public/forms/${key}`,
    remoteAddress: options.ip ?? nextIp(),
    ...options,
    headers: { origin: SITE, ...(typeof payload === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...(options.headers ?? {}) },
    payload,
  } as InjectOptions);
  let body: unknown = response.body;
  try {
    body = response.json();
  } catch {
    /* HTML */
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.statusCode, body: body as any, headers: response.headers, text: response.body };
}

const valid = { name: 'Иван', email: 'ivan@client.test', phone: '8 (916) 123-45-67', consent: 'true' };

async function counts(w: TestWorld, formId: string) {
  const [row] = await rows<{ leads: number; tasks: number; submissions: number; notifications: number; events: number }>(
    w.db,
    sql`select (select count(*)::int from leads where workspace_id = ${w.workspaceId}) as leads,
               (select count(*)::int from tasks where workspace_id = ${w.workspaceId}) as tasks,
               (select count(*)::int from web_form_submissions where form_id = ${formId}::uuid) as submissions,
               (select count(*)::int from notifications where workspace_id = ${w.workspaceId}) as notifications,
               (select count(*)::int from domain_events where workspace_id = ${w.workspaceId} and type = 'form.submitted') as events`,
  );
  return row;
}

describeWithWorld('web forms', (world) => {
  it('lets administrators build forms, names the field of every mistake, and keeps them from managers', async () => {
    const w = world();
    const bad = await w.as('admin', {
      method: 'POST',
      url: '/api/v1/web-forms',
      payload: formBody(w, {
        fields: [{ key: 'x', target: 'custom.no_such_field', type: 'text', label: { ru: 'X', en: '' } }],
        allowedOrigins: ['https://shop.example.ru/path'],
        assignment: { rules: [{ match: 'region', values: ['Москва'], assignee: { type: 'team', teamId: '00000000-0000-4000-8000-000000000000' } }], fallback: { type: 'user', userId: '00000000-0000-4000-8000-000000000001' } },
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['allowedOrigins[0]']);
    const badReferences = await w.as('admin', {
      method: 'POST',
      url: '/api/v1/web-forms',
      payload: formBody(w, {
        fields: [{ key: 'x', target: 'custom.no_such_field', type: 'text', label: { ru: 'X', en: '' } }],
        assignment: { rules: [{ match: 'region', values: ['Москва'], assignee: { type: 'team', teamId: '00000000-0000-4000-8000-000000000000' } }], fallback: { type: 'user', userId: '00000000-0000-4000-8000-000000000001' } },
      }),
    });
    expect(badReferences.status).toBe(400);
    expect(badReferences.body.error.details.map((detail: { field: string }) => detail.field)).toEqual(['fields[0].target', 'assignment.rules[0].assignee.teamId', 'assignment.fallback.userId']);
    const noConsentText = await w.as('admin', { method: 'POST', url: '/api/v1/web-forms', payload: formBody(w, { consent: { enabled: true, text: { ru: '', en: '' } } }) });
    expect(noConsentText.status).toBe(400);
    expect(noConsentText.body.error.details[0].field).toBe('consent.text');
    const byManager = await w.as('managerA1', { method: 'POST', url: '/api/v1/web-forms', payload: formBody(w) });
    expect(byManager.status).toBe(403);
    expect((await w.as('managerA1', { method: 'GET', url: '/api/v1/web-forms' })).status).toBe(403);

    const form = await createForm(w);
    expect(form.key).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const patched = await w.as('admin', { method: 'PATCH', url: `/api/v1/web-forms/${form.id}`, payload: { name: 'Обратный звонок', redirectUrl: 'not a url' } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details[0].field).toBe('redirectUrl');
    const renamed = await w.as('admin', { method: 'PATCH', url: `/api/v1/web-forms/${form.id}`, payload: { name: 'Обратный звонок' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Обратный звонок');
    expect(renamed.body.fields).toHaveLength(8);
    const snippet = await w.as('admin', { method: 'GET', url: `/api/v1/web-forms/${form.id}/snippet`, headers: { host: 'crm.example.ru' } });
    expect(snippet.status).toBe(200);
    expect(snippet.body.script).toBe(`<script src="http://crm.example.ru/api/public/forms/${form.key}/embed.js" async></script>`);
    expect(snippet.body.html).toContain(`action="http://crm.example.ru/api/public/forms/${form.key}" method="post"`);
    expect(snippet.body.html).toContain('name="consent"');
    expect(snippet.body.html).toContain('name="website_url"');
    const script = await w.app.inject({ method: 'GET', url: `/api/public/forms/${form.key}/embed.js` });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.body).toContain('Я согласен на обработку персональных данных');
    const rotated = await w.as('admin', { method: 'POST', url: `/api/v1/web-forms/${form.id}/rotate-key` });
    expect(rotated.body.key).not.toBe(form.key);
    expect((await submit(w, form.key, valid)).status).toBe(404);
    expect((await w.as('admin', { method: 'DELETE', url: `/api/v1/web-forms/${form.id}` })).status).toBe(200);
    expect((await submit(w, rotated.body.key, valid)).status).toBe(404);
    expect((await w.as('admin', { method: 'GET', url: `/api/v1/web-forms/${form.id}` })).status).toBe(404);
  });

  it('turns a submission into an assigned lead with its task, matches, event and notification in one go', async () => {
    const w = world();
    const contact = await w.as('managerB1', { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Иван', lastName: 'Старый', emails: ['ivan.match@client.test'] } });
    expect(contact.status).toBe(201);
    const form = await createForm(w);
    const before = await counts(w, form.id);
    const response = await submit(w, form.key, {
      ...valid,
      email: 'Ivan.Match@Client.test',
      city: 'Казань',
      inn: '7707083893',
      budget: '150 000,50',
      product: 'Кофе',
      comment: 'Перезвоните после обеда',
      utm_source: 'yandex',
      utm_campaign: 'autumn',
      page_url: `${SITE}/coffee?utm_source=yandex`,
      referrer: 'https://ya.ru/',
    }, { headers: { 'user-agent': 'Test browser' } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.headers['access-control-allow-origin']).toBe(SITE);
    expect(response.body).toEqual({ ok: true, message: 'Спасибо! Мы свяжемся с вами в ближайшее время.', redirectUrl: null });
    const after = await counts(w, form.id);
    expect(after).toEqual({ leads: before.leads + 1, tasks: before.tasks + 1, submissions: 1, notifications: before.notifications + 1, events: before.events + 1 });

    const [submission] = await rows<Record<string, unknown>>(w.db, sql`select * from web_form_submissions where form_id = ${form.id}::uuid`);
    expect(submission).toMatchObject({ consent_given: true, consent_text: 'Я согласен на обработку персональных данных (152-ФЗ)', referrer: 'https://ya.ru/', page_url: `${SITE}/coffee?utm_source=yandex`, owner_id: w.users.managerA1.id, assignment_rule: 'fallback', user_agent: 'Test browser' });
    expect(submission.utm).toEqual({ utm_source: 'yandex', utm_campaign: 'autumn' });
    expect(submission.matches).toEqual([{ type: 'contact', id: contact.body.id, name: 'Старый Иван', reasons: ['email'] }]);

    const lead = await w.as('managerA1', { method: 'GET', url: `/api/v1/leads/${submission.lead_id as string}` });
    expect(lead.status).toBe(200);
    expect(lead.body).toMatchObject({ firstName: 'Иван', emails: ['ivan.match@client.test'], phones: ['+79161234567'], city: 'Казань', inn: '7707083893', amount: '150000.50', source: 'yandex', ownerId: w.users.managerA1.id, teamId: w.teams.a });
    expect(lead.body.title).toBe('Заявка с сайта: Иван');
    expect(lead.body.notes).toContain('Перезвоните после обеда');
    expect(lead.body.notes).toContain('Продукт: Кофе');
    expect(lead.body.notes).toContain(`Страница: ${SITE}/coffee?utm_source=yandex`);
    expect(lead.body.notes).toContain('Совпадения: contact «Старый Иван» (email)');
    // Rights follow the lead: the assignee sees it, a colleague with "own" rights does not.
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/leads/${submission.lead_id as string}` })).status).toBe(404);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/leads/${submission.lead_id as string}` })).status).toBe(200);

    const task = await w.as('managerA1', { method: 'GET', url: `/api/v1/tasks/${submission.task_id as string}` });
    expect(task.body).toMatchObject({ title: 'Перезвонить по заявке', ownerId: w.users.managerA1.id, recordType: 'lead', recordId: submission.lead_id, status: 'open' });
    const dueInMinutes = (Date.parse(task.body.dueAt) - Date.now()) / 60_000;
    expect(dueInMinutes).toBeGreaterThan(118);
    expect(dueInMinutes).toBeLessThanOrEqual(120);
    const notifications = await w.as('managerA1', { method: 'GET', url: '/api/v1/notifications?unread=true' });
    expect(notifications.body.data[0]).toMatchObject({ kind: 'assignment', title: 'Новая заявка с сайта: Заявка с сайта: Иван', recordType: 'lead', recordId: submission.lead_id });
    const [event] = await rows<{ object: string; data: Record<string, unknown> }>(w.db, sql`select object, data from domain_events where type = 'form.submitted' and record_id = ${submission.lead_id as string}::uuid`);
    expect(event).toEqual({ object: 'leads', data: { formId: form.id, submissionId: submission.id, taskId: submission.task_id, ownerId: w.users.managerA1.id } });
    const [audit] = await rows<{ action: string; actor_id: string }>(w.db, sql`select action, actor_id from audit_events where record_id = ${submission.lead_id as string}::uuid`);
    expect(audit).toEqual({ action: 'create', actor_id: w.users.managerA1.id });

    const list = await w.as('admin', { method: 'GET', url: `/api/v1/web-forms/${form.id}/submissions` });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ leadId: submission.lead_id, leadVisible: true, ownerName: 'Алексей Менеджер', consentText: 'Я согласен на обработку персональных данных (152-ФЗ)' });
    expect((await w.as('admin', { method: 'GET', url: `/api/v1/web-forms/${form.id}` })).body.submissionCount).toBe(1);
  });

  it('takes turns within a team, skipping inactive members, and applies region and source rules before the fallback', async () => {
    const w = world();
    const [team] = await rows<{ id: string }>(w.db, sql`insert into teams (workspace_id, name) values (${w.workspaceId}, 'Отдел В') returning id`);
    const suffix = `${w.kind}-${Date.now()}`;
    const members = [] as string[];
    for (const name of ['one', 'two', 'three']) members.push(((await insertUser(w.db, w.workspaceId, { email: `${name}-${suffix}@test.local`, name, password: PASSWORD, role: 'sales_manager', teamId: team.id })) as { id: string }).id);
    members.sort();
    await w.db.execute(sql`update users set is_active = false where id = ${members[1]}::uuid`);
    const form = await createForm(w, {
      assignment: {
        rules: [
          { match: 'region', values: ['Санкт-Петербург'], assignee: { type: 'user', userId: w.users.managerB1.id } },
          { match: 'source', values: ['avito'], assignee: { type: 'user', userId: members[1] } },
          { match: 'source', values: ['vk.com'], assignee: { type: 'user', userId: w.users.managerA2.id } },
        ],
        fallback: { type: 'team', teamId: team.id },
      },
    });
    const owners: string[] = [];
    const rules: string[] = [];
    const send = async (extra: Record<string, unknown>) => {
      const response = await submit(w, form.key, { ...valid, email: `rr${owners.length}@client.test`, phone: `+7 916 000-00-${String(10 + owners.length)}`, ...extra });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const [row] = await rows<{ owner_id: string; assignment_rule: string }>(w.db, sql`select owner_id, assignment_rule from web_form_submissions where form_id = ${form.id}::uuid order by created_at desc, id desc limit 1`);
      owners.push(row.owner_id);
      rules.push(row.assignment_rule);
    };
    for (let index = 0; index < 4; index++) await send({});
    await send({ city: ' санкт-петербург ' });
    await send({ utm_source: 'avito' }); // its user is inactive: falls through to the team
    await send({ referrer: 'https://www.vk.com/feed' });
    expect(owners).toEqual([members[0], members[2], members[0], members[2], w.users.managerB1.id, members[0], w.users.managerA2.id]);
    expect(rules).toEqual(['fallback', 'fallback', 'fallback', 'fallback', 'rule:0:region', 'fallback', 'rule:2:source']);
    const [state] = await rows<{ last_user_id: string; assigned_count: number }>(w.db, sql`select last_user_id, assigned_count from web_form_round_robin where form_id = ${form.id}::uuid`);
    expect(state).toEqual({ last_user_id: members[0], assigned_count: 5 });
  });

  it('answers only the form\'s allowed origins, preflight included', async () => {
    const w = world();
    const form = await createForm(w);
    const preflight = await w.app.inject({ method: 'OPTIONS', url: `/api/public/forms/${form.key}`, headers: { origin: SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(SITE);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/Content-Type/);
    const refusedPreflight = await w.app.inject({ method: 'OPTIONS', url: `/api/public/forms/${form.key}`, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(refusedPreflight.statusCode).toBe(403);
    expect(refusedPreflight.headers['access-control-allow-origin']).toBeUndefined();
    const before = await counts(w, form.id);
    const refused = await submit(w, form.key, valid, { headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.body.error.details[0].field).toBe('origin');
    expect(await counts(w, form.id)).toEqual(before);
    // An error to an allowed origin carries the CORS header, so the page can show it.
    const invalid = await submit(w, form.key, { ...valid, email: 'nope' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['access-control-allow-origin']).toBe(SITE);
  });

  it('thanks a bot that fills the honeypot and stores nothing but the count', async () => {
    const w = world();
    const form = await createForm(w);
    const before = await counts(w, form.id);
    const response = await submit(w, form.key, { ...valid, website_url: 'http://spam.example' });
    expect(response.status).toBe(201);
    expect(response.body.ok).toBe(true);
    expect(await counts(w, form.id)).toEqual(before);
    expect((await w.as('admin', { method: 'GET', url: `/api/v1/web-forms/${form.id}` })).body).toMatchObject({ spamCount: 1, submissionCount: 0 });
  });

  it('limits submissions per IP address and the size of a body', async () => {
    const w = world();
    const form = await createForm(w);
    const ip = nextIp();
    const statuses: number[] = [];
    for (let index = 0; index < 21; index++) statuses.push((await submit(w, form.key, { ...valid, name: '' }, { ip })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(400));
    expect(statuses[20]).toBe(429);
    const limited = await submit(w, form.key, valid, { ip });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect((await submit(w, form.key, { ...valid, email: 'other-ip@client.test' })).status).toBe(201);
    const before = await counts(w, form.id);
    const huge = await submit(w, form.key, { ...valid, comment: 'x'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const long = await submit(w, form.key, { ...valid, comment: 'x'.repeat(5001) });
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([{ field: 'comment', problem: 'must be at most 5000 characters' }]);
    expect(await counts(w, form.id)).toEqual(before);
  });

  it('names every field that is wrong, writes nothing, and maps custom fields', async () => {
    const w = world();
    const custom = await w.as('admin', { method: 'POST', url: '/api/v1/custom-fields', payload: { object: 'leads', key: 'volume', label: { ru: 'Объём', en: 'Volume' }, type: 'select', options: ['малый', 'большой'] } });
    expect(custom.status, JSON.stringify(custom.body)).toBe(201);
    const fields = [...formBody(w).fields, { key: 'volume', target: 'custom.volume', type: 'text', label: { ru: 'Объём', en: 'Volume' } }];
    const form = await createForm(w, { fields });
    const before = await counts(w, form.id);
    const cases: [Record<string, unknown>, { field: string; problem: string }[]][] = [
      [{ email: 'x@client.test' }, [{ field: 'name', problem: 'is required' }, { field: 'phone', problem: 'is required' }, { field: 'consent', problem: 'consent to the processing of personal data is required' }]],
      [{ ...valid, email: 'not-an-email' }, [{ field: 'email', problem: 'is not a valid email address' }]],
      [{ ...valid, phone: '12' }, [{ field: 'phone', problem: 'is not a valid phone number' }]],
      [{ ...valid, product: 'Пиво' }, [{ field: 'product', problem: 'must be one of: Кофе, Чай' }]],
      [{ ...valid, budget: 'много' }, [{ field: 'budget', problem: 'must be a number' }]],
      [{ ...valid, budget: '-5' }, [{ field: 'budget', problem: 'must not be negative' }]],
      [{ ...valid, inn: '1234567890' }, [{ field: 'inn', problem: 'is not a valid INN (10 or 12 digits with a correct checksum)' }]],
      [{ ...valid, consent: '' }, [{ field: 'consent', problem: 'consent to the processing of personal data is required' }]],
      [{ ...valid, admin: 'true' }, [{ field: 'admin', problem: 'is not a field of this form' }]],
      [{ ...valid, name: { first: 'Иван' } }, [{ field: 'name', problem: 'must be text' }]],
      [{ ...valid, utm_source: 'x'.repeat(201) }, [{ field: 'utm_source', problem: 'must be at most 200 characters' }]],
    ];
    for (const [payload, details] of cases) {
      const response = await submit(w, form.key, payload);
      expect(response.status, JSON.stringify(payload)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details).toEqual(details);
    }
    // The engine's custom-field check, named by the form's own key.
    const wrongOption = await submit(w, form.key, { ...valid, volume: 'средний' });
    expect(wrongOption.status).toBe(400);
    expect(wrongOption.body.error.details[0].field).toBe('volume');
    const notJson = await w.app.inject({ method: 'POST', url: `/api/public/forms/${form.key}`, remoteAddress: nextIp(), headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(notJson.statusCode).toBe(400);
    const wrongType = await w.app.inject({ method: 'POST', url: `/api/public/forms/${form.key}`, remoteAddress: nextIp(), headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(wrongType.statusCode).toBe(415);
    expect(await counts(w, form.id)).toEqual(before);
    const ok = await submit(w, form.key, { ...valid, volume: 'большой' });
    expect(ok.status).toBe(201);
    const [lead] = await rows<{ custom: Record<string, unknown> }>(w.db, sql`select l.custom from leads l join web_form_submissions s on s.lead_id = l.id where s.form_id = ${form.id}::uuid`);
    expect(lead.custom).toEqual({ volume: 'большой' });
  });

  it('answers a plain HTML form with a page or a redirect, and lists its errors on a page', async () => {
    const w = world();
    const form = await createForm(w);
    const body = new URLSearchParams({ name: 'Пётр', phone: '+7 916 555-44-33', consent: 'true' }).toString();
    const page = await submit(w, form.key, body, { headers: { origin: SITE, referer: `${SITE}/contacts` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Спасибо! Мы свяжемся с вами в ближайшее время.');
    expect(page.text).toContain(`href="${SITE}/contacts"`);
    const [submission] = await rows<{ page_url: string }>(w.db, sql`select page_url from web_form_submissions where form_id = ${form.id}::uuid`);
    expect(submission.page_url).toBe(`${SITE}/contacts`);
    const errors = await submit(w, form.key, new URLSearchParams({ name: '', phone: 'abc' }).toString());
    expect(errors.status).toBe(400);
    expect(errors.text).toContain('<strong>Имя</strong>: is required');
    expect(errors.text).toContain('<strong>Телефон</strong>: is not a valid phone number');
    expect(errors.text).toContain('<strong>Согласие на обработку персональных данных</strong>');
    await w.as('admin', { method: 'PATCH', url: `/api/v1/web-forms/${form.id}`, payload: { redirectUrl: `${SITE}/thanks` } });
    const redirect = await submit(w, form.key, new URLSearchParams({ name: 'Анна', phone: '+7 916 555-44-34', consent: 'on' }).toString());
    expect(redirect.status).toBe(303);
    expect(redirect.headers.location).toBe(`${SITE}/thanks`);
  });

  it('leaves nothing behind when the transaction fails half-way, and the turn is not used up', async () => {
    const w = world();
    const form = await createForm(w, { assignment: { rules: [], fallback: { type: 'team', teamId: w.teams.a } } });
    expect((await submit(w, form.key, { ...valid, email: 'first@client.test' })).status).toBe(201);
    const before = await counts(w, form.id);
    const [stateBefore] = await rows(w.db, sql`select last_user_id, assigned_count from web_form_round_robin where form_id = ${form.id}::uuid`);
    // The submission row is the last write but two: refuse it, after the lead, its task and their audit were written.
    await w.db.execute(sql.raw(`create or replace function web_forms_test_refuse() returns trigger language plpgsql as $$ begin if new.payload->>'name' = 'Сбой' then raise exception 'refused by test'; end if; return new; end $$`));
    await w.db.execute(sql.raw(`create trigger web_forms_test_refuse before insert on web_form_submissions for each row execute function web_forms_test_refuse()`));
    try {
      const failed = await submit(w, form.key, { ...valid, name: 'Сбой', email: 'failing@client.test' });
      expect(failed.status).toBe(500);
      expect(failed.body.error.code).toBe('INTERNAL');
    } finally {
      await w.db.execute(sql.raw(`drop trigger web_forms_test_refuse on web_form_submissions`));
    }
    expect(await counts(w, form.id)).toEqual(before);
    const [audit] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from audit_events where workspace_id = ${w.workspaceId} and changes::text like '%failing@client.test%'`);
    expect(audit.count).toBe(0);
    expect(await rows(w.db, sql`select last_user_id, assigned_count from web_form_round_robin where form_id = ${form.id}::uuid`)).toEqual([stateBefore]);
  });
});
