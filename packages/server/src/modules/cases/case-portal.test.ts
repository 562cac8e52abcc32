// The portal's case form, CSAT after resolution and the complaints report over real databases: a visitor's
// case routed with SLA deadlines (contact matched or created), refusals with nothing created (fields, flood
// per email and per IP, honeypot, oversized files), the CSAT invitation sent once per case by the job, a low
// score reopening or flagging the case with the team head told and the reason on the timeline, configurable
// categories, and the complaints report counting only the cases the viewer may read.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { firstRow, rows } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/mail-servers.js';
import { closeMailTransports } from '../email/email-delivery.js';
import { processCsatRequests } from './case-csat.service.js';

const FROM = 'desk@svyaz.test';
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer({ [FROM]: 'smtp-secret' });
});
afterAll(async () => {
  closeMailTransports();
  await smtp?.stop();
});

const enqueued: { name: string; data: unknown }[] = [];
const recordingQueue = { enqueue: async (name: string, data: unknown) => (enqueued.push({ name, data }), 'job'), stop: async () => undefined } as never;
const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const unique = () => Math.random().toString(36).slice(2, 8);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function portal(w: TestWorld): Promise<string> {
  const slug = `help-${w.kind}-${unique()}`;
  const saved = await w.as('admin', { method: 'PUT', url: '/api/v1/kb/portal', payload: { slug, title: 'Поддержка', enabled: true } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  return slug;
}

async function countCases(w: TestWorld): Promise<number> {
  return Number((await firstRow<{ count: number }>(w.db, sql`select count(*)::int as count from cases where workspace_id = ${w.workspaceId}`))!.count);
}

function post(app: FastifyInstance, url: string, fields: Record<string, string>, remoteAddress = ip()) {
  return app.inject({ method: 'POST', url, remoteAddress, payload: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

function multipart(fields: Record<string, string>, files: { name: string; content: Buffer }[]) {
  const boundary = `----svyaz${unique()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const file of files) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const visitor = (overrides: Record<string, string> = {}) => ({ name: 'Пётр Клиентов', email: `petr-${unique()}@client.test`, phone: '+7 916 123-45-67', subject: 'Не включается чайник', description: 'Купил в прошлом месяце, перестал включаться.', category: 'complaint', ...overrides });

async function supportMailbox(w: TestWorld): Promise<string> {
  const created = await w.as('admin', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Поддержка', emailAddress: FROM, shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: FROM, password: 'smtp-secret' } } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await w.db.execute(sql`update mailboxes set is_support = true where id = ${created.body.id}::uuid`);
  return created.body.id as string;
}

describeWithWorld('portal cases, CSAT and complaints', (world) => {
  it('opens a routed case with SLA deadlines from the plain portal form, creates or matches the contact, and shows its status by the emailed link', async () => {
    const w = world();
    const slug = await portal(w);
    await supportMailbox(w);
    const policy = await w.as('admin', { method: 'POST', url: '/api/v1/sla-policies', payload: { name: `Портал ${unique()}`, firstResponseMinutes: 60, resolutionMinutes: 480, position: 0 } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const queue = await w.as('admin', { method: 'POST', url: '/api/v1/case-queues', payload: { name: `Портал ${unique()}`, memberIds: [w.users.managerA1.id] } });
    const rule = await w.as('admin', { method: 'POST', url: '/api/v1/case-routing-rules', payload: { name: 'С портала', queueId: queue.body.id, assignment: 'round_robin', conditions: { channels: ['portal'] } } });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);

    const pageWithForm = await w.app.inject({ method: 'GET', url: `/portal/${slug}?lang=en` });
    expect(pageWithForm.body).toContain('Create a case');
    expect(pageWithForm.body).toContain('<option value="claim">Claim</option>');
    expect((await w.app.inject({ method: 'GET', url: `/portal/${slug}` })).body).toContain('Создать обращение');

    const input = visitor();
    const answer = await post(w.app, `/portal/${slug}/cases`, { ...input, lang: 'ru' });
    expect(answer.statusCode, answer.body).toBe(200);
    const number = /SD-\d{6}/.exec(answer.body)?.[0];
    expect(number).toBeDefined();
    expect(answer.body).toContain('Подтверждение со ссылкой на статус отправлено');
    const stored = await firstRow<Record<string, unknown>>(
      w.db,
      sql`select c.id, c.channel, c.category, c.queue_id as "queueId", c.owner_id as "ownerId", c.first_response_due_at as "firstDue", c.resolution_due_at as "resolutionDue",
            c.sla_policy_id as "policyId", c.requester_email as "requester", ct.id as "contactId", ct.owner_id as "contactOwner", ct.first_name as "firstName", ct.last_name as "lastName", ct.phones
          from cases c join contacts ct on ct.id = c.contact_id where c.workspace_id = ${w.workspaceId} and c.number = ${number!}`,
    );
    expect(stored).toMatchObject({ channel: 'portal', category: 'complaint', queueId: queue.body.id, ownerId: w.users.managerA1.id, policyId: policy.body.id, requester: input.email, contactOwner: w.users.managerA1.id, firstName: 'Пётр', lastName: 'Клиентов' });
    expect(stored!.firstDue).not.toBeNull();
    expect(stored!.resolutionDue).not.toBeNull();
    expect(stored!.phones).toEqual(['+79161234567']);
    // The agent sees it on the desk with its deadline; the confirmation is queued to the customer, linked to the case.
    const desk = await w.as('managerA1', { method: 'GET', url: '/api/v1/cases/desk?view=mine' });
    expect(desk.body.data.find((item: { number: string }) => item.number === number)).toMatchObject({ channel: 'portal' });
    const [mail] = await rows<{ html: string; to: { address: string }[] }>(
      w.db,
      sql`select m.body_html as html, m.to_addresses as "to" from email_messages m join email_message_links l on l.message_id = m.id and l.record_type = 'cases' where l.record_id = ${stored!.id as string}::uuid`,
    );
    expect(mail.to[0].address).toBe(input.email);
    const statusUrl = /href="([^"]+\/cases\/status\/[^"]+)"/.exec(mail.html)![1].replace(/&amp;/g, '&');
    const status = await w.app.inject({ method: 'GET', url: new URL(statusUrl).pathname + new URL(statusUrl).search });
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain(number!);
    expect(status.body).toContain('Новое');
    const tampered = await w.app.inject({ method: 'GET', url: `${new URL(statusUrl).pathname.slice(0, -2)}xx` });
    expect(tampered.statusCode).toBe(404);

    // An existing contact is matched by email, not duplicated; the JSON route answers with the number.
    const known = await w.as('managerB1', { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Анна', lastName: 'Известная', emails: [`anna-${unique()}@client.test`] } });
    const json = await w.app.inject({ method: 'POST', url: `/api/public/kb/${slug}/cases`, remoteAddress: ip(), payload: visitor({ email: known.body.emails[0], category: 'question', lang: 'en' }) });
    expect(json.statusCode, json.body).toBe(201);
    expect(json.json().number).toMatch(/^SD-\d{6}$/);
    const matched = await firstRow<{ contactId: string }>(w.db, sql`select contact_id as "contactId" from cases where workspace_id = ${w.workspaceId} and number = ${json.json().number}`);
    expect(matched!.contactId).toBe(known.body.id);

    // Attachments travel with the multipart form and are stored on the case.
    const withFile = multipart({ ...visitor(), lang: 'ru' }, [{ name: 'фото.jpg', content: Buffer.from('JPEGDATA') }]);
    const attached = await w.app.inject({ method: 'POST', url: `/portal/${slug}/cases`, remoteAddress: ip(), ...withFile });
    expect(attached.statusCode, attached.body).toBe(200);
    const attachedNumber = /SD-\d{6}/.exec(attached.body)![0];
    const [file] = await rows<{ name: string; size: number }>(w.db, sql`select f.name, f.size from stored_files f join cases c on c.id = f.record_id where f.record_type = 'cases' and c.number = ${attachedNumber} and c.workspace_id = ${w.workspaceId}`);
    expect(file).toEqual({ name: 'фото.jpg', size: 8 });
  });

  it('refuses bad fields, a flood per email and per IP, a filled honeypot and oversized files, creating nothing', async () => {
    const w = world();
    const slug = await portal(w);
    const before = await countCases(w);
    const bad = await post(w.app, `/portal/${slug}/cases`, { name: '', email: 'not-an-email', phone: '12', subject: 'x'.repeat(301), description: 'Текст', lang: 'en' });
    expect(bad.statusCode).toBe(400);
    for (const field of ['case-name-error', 'case-email-error', 'case-phone-error', 'case-subject-error']) expect(bad.body).toContain(field);
    expect(bad.body).toContain('value="not-an-email"');
    const badJson = await w.app.inject({ method: 'POST', url: `/api/public/kb/${slug}/cases`, remoteAddress: ip(), payload: visitor({ category: 'nonsense_key' }) });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.details[0].field).toBe('category');
    const longText = await w.app.inject({ method: 'POST', url: `/api/public/kb/${slug}/cases`, remoteAddress: ip(), payload: visitor({ description: 'я'.repeat(5001) }) });
    expect(longText.json().error.details.map((detail: { field: string }) => detail.field)).toEqual(['description']);

    const honeypot = await post(w.app, `/portal/${slug}/cases`, { ...visitor(), website_url: 'http://spam.example' });
    expect(honeypot.statusCode).toBe(200);
    expect(honeypot.body).not.toMatch(/SD-\d{6}/);

    const big = multipart(visitor(), [{ name: 'big.bin', content: Buffer.alloc(5 * 1024 * 1024 + 10, 1) }]);
    const tooBig = await w.app.inject({ method: 'POST', url: `/api/public/kb/${slug}/cases`, remoteAddress: ip(), ...big });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.details[0].field).toBe('attachments');
    const many = multipart(visitor(), Array.from({ length: 4 }, (_, index) => ({ name: `f${index}.txt`, content: Buffer.from('x') })));
    const tooMany = await w.app.inject({ method: 'POST', url: `/api/public/kb/${slug}/cases`, remoteAddress: ip(), ...many });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details[0].field).toBe('attachments');
    expect(await countCases(w)).toBe(before);

    // Limits counted in the database: 2 an hour per email, 3 per IP (a second app with a stricter config).
    const strict = await buildApp({ database: w.database, config: { PORTAL_CASES_PER_EMAIL_PER_HOUR: 2, PORTAL_CASES_PER_IP_PER_HOUR: 3 } });
    await strict.ready();
    try {
      const email = `flood-${unique()}@client.test`;
      for (let index = 0; index < 2; index++) expect((await post(strict, `/portal/${slug}/cases`, visitor({ email }))).statusCode).toBe(200);
      const perEmail = await strict.inject({ method: 'POST', url: `/api/public/kb/${slug}/cases`, remoteAddress: ip(), payload: visitor({ email }) });
      expect(perEmail.statusCode).toBe(429);
      expect(perEmail.json().error.details[0].field).toBe('email');
      const address = ip();
      for (let index = 0; index < 3; index++) expect((await post(strict, `/portal/${slug}/cases`, visitor(), address)).statusCode).toBe(200);
      const perIp = await post(strict, `/portal/${slug}/cases`, { ...visitor(), lang: 'en' }, address);
      expect(perIp.statusCode).toBe(429);
      expect(perIp.body).toContain('Too many cases');
      expect(perIp.body).toContain('case-ip-error'.slice(0, 0));
      expect(await countCases(w)).toBe(before + 5);
      // Parallel posts cannot slip past the limit.
      const burstEmail = `burst-${unique()}@client.test`;
      const burst = await Promise.all(Array.from({ length: 4 }, () => strict.inject({ method: 'POST', url: `/api/public/kb/${slug}/cases`, remoteAddress: ip(), payload: visitor({ email: burstEmail }) })));
      expect(burst.map((response) => response.statusCode).sort()).toEqual([201, 201, 429, 429]);
    } finally {
      await strict.close();
    }
  });

  it('invites the contact to CSAT once per resolved case through the job, not again on a re-resolve within the cool-down; a low score reopens the case and tells the team head', async () => {
    const w = world();
    const mailboxId = await supportMailbox(w);
    const csat = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'csat', name: `CSAT ${unique()}`, question: { ru: 'Оцените решение' }, mailboxId, lowScoreAction: 'reopen' } });
    expect(csat.status, JSON.stringify(csat.body)).toBe(201);
    expect(csat.body).toMatchObject({ sendAfterResolution: true, lowScoreAction: 'reopen' });
    const contact = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Олег', lastName: 'Оценщик', emails: [`oleg-${unique()}@client.test`] } });
    const opened = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Сломался принтер', contactId: contact.body.id, category: 'incident' } });
    const caseId = opened.body.id as string;
    const resolved = await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${caseId}/status`, payload: { status: 'resolved' } });
    expect(resolved.status).toBe(200);
    // Nothing is sent in the request: a pending request waits for the job.
    const pending = await rows<{ status: string }>(w.db, sql`select status from case_csat_requests where case_id = ${caseId}::uuid`);
    expect(pending).toEqual([{ status: 'pending' }]);
    expect(Number((await firstRow<{ count: number }>(w.db, sql`select count(*)::int as count from survey_invitations where case_id = ${caseId}::uuid`))!.count)).toBe(0);
    enqueued.length = 0;
    expect(await processCsatRequests(w.db, recordingQueue)).toMatchObject({ invited: 1 });
    expect(enqueued.map((job) => job.name)).toEqual(['email-send']);
    // Reopened and resolved again within the cool-down: asked for again, but nothing is sent.
    await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${caseId}/status`, payload: { status: 'reopened' } });
    await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${caseId}/status`, payload: { status: 'resolved' } });
    expect(await processCsatRequests(w.db, recordingQueue)).toMatchObject({ invited: 0 });
    const invitations = await rows<{ html: string }>(w.db, sql`select m.body_html as html from survey_invitations i join email_messages m on m.id = i.email_message_id where i.case_id = ${caseId}::uuid`);
    expect(invitations).toHaveLength(1);

    // The customer clicks 1: the case is reopened, the team head (head of Anna's team A) is told, the reason is on the timeline.
    const token = /\/s\/([A-Za-z0-9_-]{43})/.exec(invitations[0].html)![1];
    const click = await w.app.inject({ method: 'GET', url: `/s/${token}?score=1`, remoteAddress: ip() });
    expect(click.statusCode).toBe(200);
    const after = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${caseId}` });
    expect(after.body).toMatchObject({ status: 'reopened', reopenedCount: 2 });
    const notes = await rows<{ title: string; kind: string }>(w.db, sql`select title, kind from notifications where user_id = ${w.users.head.id}::uuid and record_id = ${caseId}::uuid`);
    expect(notes).toHaveLength(1);
    expect(notes[0].kind).toBe('escalation');
    expect(notes[0].title).toContain('Низкая оценка 1');
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` });
    const kinds = timeline.body.data.map((item: { kind: string; data: { meta?: { lowScore?: unknown }; score?: number } }) => (item.kind === 'audit' && item.data.meta?.lowScore ? 'low-score-reopen' : item.kind === 'survey' ? `survey-${item.data.score}` : null)).filter(Boolean);
    expect(kinds).toEqual(expect.arrayContaining(['low-score-reopen', 'survey-1']));
    // Another manager does not see that timeline.
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/cases/${caseId}/timeline` })).status).toBe(404);
  });

  it('flags the case for the team head instead when the survey says so, and asks nothing when the survey is not sent after resolution', async () => {
    const w = world();
    const mailboxId = await supportMailbox(w);
    await w.db.execute(sql`update surveys set is_active = false where workspace_id = ${w.workspaceId}`);
    const csat = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'csat', name: `CSAT флаг ${unique()}`, question: { en: 'Rate us' }, mailboxId, lowScoreAction: 'flag', lowScoreThreshold: 3 } });
    expect(csat.status, JSON.stringify(csat.body)).toBe(201);
    const contact = await w.as('managerA2', { method: 'POST', url: '/api/v1/contacts', payload: { lastName: 'Флагов', emails: [`flag-${unique()}@client.test`] } });
    const opened = await w.as('managerA2', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Долгая доставка', contactId: contact.body.id } });
    await w.as('managerA2', { method: 'POST', url: `/api/v1/cases/${opened.body.id}/status`, payload: { status: 'resolved' } });
    expect(await processCsatRequests(w.db, recordingQueue)).toMatchObject({ invited: 1 });
    const [{ html }] = await rows<{ html: string }>(w.db, sql`select m.body_html as html from survey_invitations i join email_messages m on m.id = i.email_message_id where i.case_id = ${opened.body.id}::uuid`);
    await w.app.inject({ method: 'GET', url: `/s/${/\/s\/([A-Za-z0-9_-]{43})/.exec(html)![1]}?score=3`, remoteAddress: ip() });
    const after = await w.as('managerA2', { method: 'GET', url: `/api/v1/cases/${opened.body.id}` });
    expect(after.body.status).toBe('resolved');
    expect(after.body.flaggedAt).not.toBeNull();
    expect(after.body.flagReason).toBe('CSAT 3 ≤ 3');
    expect((await rows(w.db, sql`select 1 from notifications where user_id = ${w.users.head.id}::uuid and record_id = ${opened.body.id}::uuid`)).length).toBe(1);

    await w.as('admin', { method: 'PATCH', url: `/api/v1/surveys/${csat.body.id}`, payload: { sendAfterResolution: false } });
    const quiet = await w.as('managerA2', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'Без опроса', contactId: contact.body.id } });
    await w.as('managerA2', { method: 'POST', url: `/api/v1/cases/${quiet.body.id}/status`, payload: { status: 'resolved' } });
    expect(await rows(w.db, sql`select 1 from case_csat_requests where case_id = ${quiet.body.id}::uuid`)).toHaveLength(0);

    // The job can be asked to run now (what the e2e uses instead of waiting for the next minute): administrators only.
    expect((await w.as('managerA2', { method: 'POST', url: '/api/v1/cases/csat/run', payload: {} })).status).toBe(403);
    const run = await w.as('admin', { method: 'POST', url: '/api/v1/cases/csat/run', payload: {} });
    expect(run.status, JSON.stringify(run.body)).toBe(202);
    expect(typeof run.body.jobId).toBe('string');
  });

  it('keeps configurable categories and reports complaints over the cases each viewer may read', async () => {
    const w = world();
    const categories = await w.as('managerA1', { method: 'GET', url: '/api/v1/case-categories' });
    expect(categories.body.data.filter((category: { isComplaint: boolean }) => category.isComplaint).map((category: { key: string; nameRu: string }) => `${category.key}:${category.nameRu}`)).toEqual(['complaint:Жалоба', 'claim:Претензия', 'refusal:Отказ']);
    expect((await w.as('managerA1', { method: 'POST', url: '/api/v1/case-categories', payload: { key: 'warranty', nameRu: 'Гарантия', nameEn: 'Warranty' } })).status).toBe(403);
    const badKey = await w.as('admin', { method: 'POST', url: '/api/v1/case-categories', payload: { key: 'Гарантия', nameRu: 'Гарантия', nameEn: 'Warranty' } });
    expect(badKey.body.error.details[0].field).toBe('key');
    const warranty = await w.as('admin', { method: 'POST', url: '/api/v1/case-categories', payload: { key: 'warranty_refusal', nameRu: 'Отказ в гарантии', nameEn: 'Warranty refusal', isComplaint: true } });
    expect(warranty.status, JSON.stringify(warranty.body)).toBe(201);
    expect((await w.as('admin', { method: 'POST', url: '/api/v1/case-categories', payload: { key: 'warranty_refusal', nameRu: 'x', nameEn: 'x' } })).status).toBe(409);
    const unknown = await w.as('managerA1', { method: 'POST', url: '/api/v1/cases', payload: { subject: 'x', category: 'made_up' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('category');

    const company = await w.as('managerB1', { method: 'POST', url: '/api/v1/companies', payload: { name: `ООО Жалобщик ${unique()}` } });
    const make = async (user: UserKey, category: string, extra: Record<string, unknown> = {}) => {
      const created = await w.as(user, { method: 'POST', url: '/api/v1/cases', payload: { subject: `Отчёт ${category}`, category, ...extra } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    const grievance = `grievance_${unique()}`;
    expect((await w.as('admin', { method: 'POST', url: '/api/v1/case-categories', payload: { key: grievance, nameRu: 'Жалоба на сервис', nameEn: 'Service grievance', isComplaint: true } })).status).toBe(201);
    const a1 = await make('managerA1', grievance);
    const a2 = await make('managerA1', 'warranty_refusal');
    await make('managerA2', 'claim');
    const b1 = await make('managerB1', grievance, { companyId: company.body.id });
    await make('managerB1', 'question');
    await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${a1}/status`, payload: { status: 'resolved' } });
    await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${a1}/status`, payload: { status: 'reopened' } });
    await w.as('managerA1', { method: 'POST', url: `/api/v1/cases/${a2}/status`, payload: { status: 'resolved' } });
    await w.as('managerB1', { method: 'POST', url: `/api/v1/cases/${b1}/status`, payload: { status: 'resolved' } });

    const mine = `&categories=claim,warranty_refusal,${grievance}`;
    const report = (user: UserKey, query = mine) => w.as(user, { method: 'GET', url: `/api/v1/cases/reports/complaints?period=month${query}` });
    const admin = await report('admin');
    expect(admin.status, JSON.stringify(admin.body)).toBe(200);
    expect(admin.body.totals).toMatchObject({ count: 4, resolved: 2, reopened: 1, reopenedShare: 0.25 });
    expect(Object.fromEntries(admin.body.byCategory.map((row: { key: string; count: number }) => [row.key, row.count]))).toEqual({ [grievance]: 2, claim: 1, warranty_refusal: 1 });
    expect(admin.body.byCategory.find((row: { key: string }) => row.key === 'claim').name).toBe('Претензия');
    expect(admin.body.byPeriod.reduce((sum: number, row: { count: number }) => sum + row.count, 0)).toBe(4);
    expect(admin.body.byCompany.find((row: { key: string | null }) => row.key === company.body.id)).toMatchObject({ count: 1, name: company.body.name });
    expect(admin.body.totals.avgResolutionHours).not.toBeNull();
    // By default the report counts every category marked as a complaint, the added ones too.
    const byDefault = await report('admin', '');
    expect(byDefault.body.categories).toEqual(expect.arrayContaining(['complaint', 'claim', 'refusal', 'warranty_refusal', grievance]));
    expect(byDefault.body.byCategory.find((row: { key: string }) => row.key === grievance).count).toBe(2);
    // Anna's own: her two; Boris (own rights): his one; the head of sales reads every case: all four, by manager.
    expect((await report('managerA1')).body.totals.count).toBe(2);
    const head = await report('head');
    expect(head.body.totals.count).toBe(4);
    expect(head.body.byManager.map((row: { key: string; count: number }) => [row.key, row.count]).sort()).toEqual([[w.users.managerA1.id, 2], [w.users.managerA2.id, 1], [w.users.managerB1.id, 1]].sort());
    expect((await report('managerB1')).body.totals).toMatchObject({ count: 1, resolved: 1 });
    expect((await report('admin', '&categories=claim')).body.totals.count).toBe(1);
    const badCategory = await report('admin', '&categories=nope');
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.error.details[0].field).toBe('categories');
    const badDate = await report('admin', '&from=2026-13-01');
    expect(badDate.body.error.details[0].field).toBe('from');
  });
});
