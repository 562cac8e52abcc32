// Surveys over real databases: the admin API, sending through the email queue to a real SMTP server,
// the public one-click page (tamper, expiry, reuse), answers on the timeline with rights, low-score
// notifications and the survey.answered event, and the report's figures against a hand-worked example.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/mail-servers.js';
import { closeMailTransports, deliverEmail } from '../email/email-delivery.js';
import { registerLowScoreHook, type LowScoreEvent } from './survey-answers.service.js';
import { inviteAfterCaseResolved } from './surveys.service.js';
import { loadActor } from '../auth/auth.service.js';

const FROM = 'care@svyaz.test';
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer({ [FROM]: 'smtp-secret' });
});
afterAll(async () => {
  closeMailTransports();
  await smtp?.stop();
});

const noQueue = { enqueue: async () => 'job', stop: async () => undefined } as never;
const lowEvents: LowScoreEvent[] = [];
registerLowScoreHook(async (_tx, event) => {
  lowEvents.push(event);
});

async function mailbox(w: TestWorld): Promise<string> {
  const created = await w.as('admin', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Поддержка', emailAddress: FROM, shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: FROM, password: 'smtp-secret' } } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

async function contact(w: TestWorld, user: UserKey, lastName: string, email: string | null) {
  const created = await w.as(user, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Иван', lastName, emails: email ? [email] : [] } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

/** The invitation links of the queued messages to these contacts, by contact id. */
async function linksByContact(w: TestWorld, surveyId: string): Promise<Map<string, string>> {
  const found = await rows<{ contactId: string; html: string }>(w.db, sql`select i.contact_id as "contactId", m.body_html as html from survey_invitations i join email_messages m on m.id = i.email_message_id where i.survey_id = ${surveyId}::uuid`);
  return new Map(found.map((row) => [row.contactId, /\/s\/([A-Za-z0-9_-]{43})/.exec(row.html)![1]]));
}

const page = (w: TestWorld, url: string, payload?: string) =>
  w.app.inject({ method: payload === undefined ? 'GET' : 'POST', url, remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, ...(payload !== undefined ? { payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}) });

describeWithWorld('surveys', (world) => {
  it('validates a survey field by field and lets only administrators define surveys', async () => {
    const w = world();
    const bad = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'poll', name: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['kind', 'name']);
    const choice = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'custom', name: 'Анкета', questions: [{ key: 'pick', type: 'single', label: { ru: 'Выберите' }, options: ['Один'] }] } });
    expect(choice.status).toBe(400);
    expect(choice.body.error.details[0].field).toBe('questions[0].options');
    const threshold = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'csat', name: 'CSAT', question: { ru: 'Оцените' }, lowScoreThreshold: 5 } });
    expect(threshold.status).toBe(400);
    expect(threshold.body.error.details[0].field).toBe('lowScoreThreshold');
    const manager = await w.as('managerA1', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'csat', name: 'CSAT', question: { ru: 'Оцените' } } });
    expect(manager.status).toBe(403);
    const created = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'csat', name: 'CSAT', question: { ru: 'Оцените' } } });
    expect(created.status).toBe(201);
    const kindChange = await w.as('admin', { method: 'PATCH', url: `/api/v1/surveys/${created.body.id}`, payload: { kind: 'nps' } });
    expect(kindChange.status).toBe(400);
    expect(kindChange.body.error.details[0].field).toBe('kind');
  });

  it('mails one-click links; a score is recorded once, tampered and expired links and a second answer are refused; the answer is on the timeline for those who see the contact', async () => {
    const w = world();
    const mailboxId = await mailbox(w);
    const survey = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'nps', name: 'NPS квартал', question: { ru: 'Порекомендуете ли вы нас?' }, mailboxId, lowScoreThreshold: 6, questions: [{ key: 'why', type: 'text', label: { ru: 'Почему?' }, required: true }] } });
    expect(survey.status, JSON.stringify(survey.body)).toBe(201);
    const ivanA = await contact(w, 'managerA1', 'Опрос-А', 'ivan-a@client.test');
    const ivanB = await contact(w, 'managerB1', 'Опрос-Б', 'ivan-b@client.test');
    await contact(w, 'managerA1', 'Опрос-без-почты', null);
    const sent = await w.as('admin', { method: 'POST', url: `/api/v1/surveys/${survey.body.id}/send`, payload: { filters: [{ field: 'lastName', op: 'contains', value: 'Опрос' }] } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toEqual({ sent: 2, skippedNoEmail: 1, skippedRecent: 0 });
    const again = await w.as('admin', { method: 'POST', url: `/api/v1/surveys/${survey.body.id}/send`, payload: { filters: [{ field: 'lastName', op: 'contains', value: 'Опрос' }] } });
    expect(again.body).toMatchObject({ sent: 0, skippedRecent: 2 });
    const stored = await rows<{ tokenHash: string }>(w.db, sql`select token_hash as "tokenHash" from survey_invitations where survey_id = ${survey.body.id}::uuid`);
    expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.tokenHash))).toBe(true);

    // Delivered by the ordinary email-send job to the real SMTP server, with the score links.
    const links = await linksByContact(w, survey.body.id);
    const before = smtp.count;
    const [{ messageId }] = await rows<{ messageId: string }>(w.db, sql`select email_message_id as "messageId" from survey_invitations where contact_id = ${ivanA}::uuid`);
    expect(await deliverEmail(w.database as never, messageId)).toBe('sent');
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual(['ivan-a@client.test']);
    expect(mail.raw.toString('utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=')).toContain(`/s/${links.get(ivanA)}?score=10`);

    const tokenA = links.get(ivanA)!;
    // Changed characters always differ from the token's own (a random token may itself end in 'xx' or 'A').
    const other = (char: string, instead: string) => (char === instead ? 'B' : instead);
    const tampered = await page(w, `/s/${tokenA.slice(0, -2)}${other(tokenA.at(-2)!, 'x')}${other(tokenA.at(-1)!, 'x')}?score=9`);
    expect(tampered.statusCode).toBe(404);
    expect(tampered.body).toContain('Ссылка не найдена');
    const apiTampered = await w.app.inject({ method: 'GET', url: `/api/public/surveys/${tokenA.slice(0, -1)}${other(tokenA.at(-1)!, 'A')}` });
    expect(apiTampered.statusCode).toBe(404);

    const click = await page(w, `/s/${tokenA}?score=3`);
    expect(click.statusCode).toBe(200);
    expect(click.body).toContain('Ваша оценка сохранена');
    expect(click.body).toMatch(/value="3" checked/);
    await page(w, `/s/${tokenA}?score=3`);
    const [{ count: responses }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from survey_responses where contact_id = ${ivanA}::uuid`);
    expect(responses).toBe(1);
    const badScore = await page(w, `/s/${tokenA}?score=11`);
    expect(badScore.statusCode).toBe(400);

    // Low score: the contact's owner is notified (once) and the cases hook sees it; the event is in the outbox.
    const notes = await rows<{ title: string }>(w.db, sql`select title from notifications where user_id = ${w.users.managerA1.id}::uuid and data->>'surveyId' = ${survey.body.id}`);
    expect(notes.map((note) => note.title)).toEqual(['Низкая оценка 3: Иван Опрос-А']);
    expect(lowEvents.some((event) => event.contactId === ivanA && event.score === 3)).toBe(true);
    const [{ count: events }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from domain_events where type = 'survey.answered' and record_id = ${ivanA}::uuid`);
    expect(events).toBe(1);

    // The form: the required question is named; then the answer completes once.
    const missing = await page(w, `/s/${tokenA}`, 'score=3&comment=');
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('answers.why');
    const done = await page(w, `/s/${tokenA}`, 'score=4&q_why=%D0%94%D0%BE%D0%BB%D0%B3%D0%BE&comment=%D0%96%D0%B4%D0%B0%D0%BB%D0%B8');
    expect(done.statusCode).toBe(200);
    const twice = await w.app.inject({ method: 'POST', url: `/api/public/surveys/${tokenA}`, payload: { score: 10, answers: { why: 'ok' } } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('SURVEY_ALREADY_ANSWERED');
    const twicePage = await page(w, `/s/${tokenA}?score=10`);
    expect(twicePage.statusCode).toBe(409);
    expect(twicePage.body).toContain('Ответ уже получен');
    const [answer] = await rows<{ score: number; comment: string }>(w.db, sql`select score, comment from survey_responses where contact_id = ${ivanA}::uuid`);
    expect(answer).toEqual({ score: 4, comment: 'Ждали' });

    // Expired: a clear message, nothing stored.
    const tokenB = links.get(ivanB)!;
    await w.db.execute(sql`update survey_invitations set expires_at = now() - interval '1 minute' where contact_id = ${ivanB}::uuid`);
    const expired = await page(w, `/s/${tokenB}?score=10`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Срок опроса истёк');
    const apiExpired = await w.app.inject({ method: 'POST', url: `/api/public/surveys/${tokenB}`, payload: { score: 10 } });
    expect(apiExpired.statusCode).toBe(410);

    // Timeline: the owner and the head see it; a manager of the other team does not see the contact at all.
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${ivanA}/timeline?kinds=survey` });
    expect(timeline.status).toBe(200);
    expect(timeline.body.data).toHaveLength(1);
    expect(timeline.body.data[0]).toMatchObject({ kind: 'survey', data: { score: 4, comment: 'Ждали', surveyName: 'NPS квартал', completed: true, answers: { why: 'Долго' } } });
    expect((await w.as('head', { method: 'GET', url: `/api/v1/contacts/${ivanA}/timeline?kinds=survey` })).body.data).toHaveLength(1);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/contacts/${ivanA}/timeline?kinds=survey` })).status).toBe(404);
  });

  it('reports counts, response rate, NPS and CSAT as worked by hand, only over contacts the reader may read', async () => {
    const w = world();
    const mailboxId = await mailbox(w);
    const nps = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'nps', name: 'NPS', question: { ru: 'Порекомендуете?' }, mailboxId } });
    // Six contacts: five of manager A1 (scores 10, 9, 8, 6, 3) and one of B1 who does not answer.
    const scores = [10, 9, 8, 6, 3];
    const ids: string[] = [];
    for (const [index] of scores.entries()) ids.push(await contact(w, 'managerA1', `Отчёт-${index}`, `r${index}@client.test`));
    const silent = await contact(w, 'managerB1', 'Отчёт-молчун', 'silent@client.test');
    const sent = await w.as('admin', { method: 'POST', url: `/api/v1/surveys/${nps.body.id}/send`, payload: { filters: [{ field: 'lastName', op: 'contains', value: 'Отчёт' }] } });
    expect(sent.body.sent).toBe(6);
    const links = await linksByContact(w, nps.body.id);
    for (const [index, id] of ids.entries()) expect((await page(w, `/s/${links.get(id)}?score=${scores[index]}`)).statusCode).toBe(200);
    // Promoters 2 (10, 9), detractors 2 (6, 3) of 5: NPS (2 − 2) / 5 = 0; response rate 5 / 6 = 83.3 %.
    const report = await w.as('admin', { method: 'GET', url: `/api/v1/surveys/${nps.body.id}/report` });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ invitations: 6, responses: 5, responseRate: 83.3, nps: 0, promoters: 2, detractors: 2, csatPercent: null, average: 7.2 });
    expect(report.body.distribution).toEqual([{ score: 3, count: 1 }, { score: 6, count: 1 }, { score: 8, count: 1 }, { score: 9, count: 1 }, { score: 10, count: 1 }]);
    expect(report.body.trend.reduce((sum: number, week: { responses: number }) => sum + week.responses, 0)).toBe(5);
    expect(report.body.byOwner).toEqual([expect.objectContaining({ id: w.users.managerA1.id, responses: 5, nps: 0 })]);
    // Manager B1 reads only their own contact: one invitation, no answers.
    const forB = await w.as('managerB1', { method: 'GET', url: `/api/v1/surveys/${nps.body.id}/report` });
    expect(forB.body).toMatchObject({ invitations: 1, responses: 0, responseRate: 0, nps: null });
    void silent;

    // CSAT after a resolved case: 5, 4, 3, 1 → 2 of 4 satisfied = 50 %.
    const csat = await w.as('admin', { method: 'POST', url: '/api/v1/surveys', payload: { kind: 'csat', name: 'CSAT', question: { ru: 'Оцените решение' }, mailboxId } });
    const actor = (await loadActor(w.db, w.users.managerA1.id))!;
    const caseIds = ['5', '4', '3', '1'].map((digit) => `00000000-0000-4000-8000-00000000000${digit}`);
    for (const [index, caseId] of caseIds.entries()) expect(await inviteAfterCaseResolved({ db: w.db, actor }, noQueue, { caseId, contactId: ids[index] })).toEqual({ invited: 1 });
    expect(await inviteAfterCaseResolved({ db: w.db, actor }, noQueue, { caseId: caseIds[0], contactId: ids[0] })).toEqual({ invited: 0 });
    const csatLinks = await linksByContact(w, csat.body.id);
    for (const [index, score] of [5, 4, 3, 1].entries()) await page(w, `/s/${csatLinks.get(ids[index])}?score=${score}`);
    const csatReport = await w.as('head', { method: 'GET', url: `/api/v1/surveys/${csat.body.id}/report` });
    expect(csatReport.body).toMatchObject({ invitations: 4, responses: 4, responseRate: 100, csatPercent: 50, lowScores: 1 });
    const [{ caseId }] = await rows<{ caseId: string }>(w.db, sql`select case_id as "caseId" from survey_responses where survey_id = ${csat.body.id}::uuid and score = 1`);
    expect(caseId).toBe(caseIds[3]);
  });
});
