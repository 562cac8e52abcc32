// Trigger sequences through the API on PGlite and PostgreSQL: each trigger enrols the right contacts once, the
// steps run in order with the wait honouring the clock, the condition stops, a task goes to the contact's owner,
// the email goes through the workspace mailbox to a real SMTP server on loopback (never to an opted-out
// contact), stopping works and is on the timeline, the card obeys the contact's rights, bad input names the field.
import { simpleParser } from 'mailparser';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { firstRow, rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/mail-servers.js';
import { closeMailTransports, deliverEmail } from '../email/email-delivery.js';
import { advanceSequences } from './sequence-runner.js';
import { runDailyTriggers } from './sequence-enrolment.js';
import { upload, waitForImport } from '../imports/import-test-helpers.js';

const FROM = 'hello@svyaz.test';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer({ [FROM]: 'smtp-secret' });
});
afterAll(async () => {
  closeMailTransports();
  await smtp?.stop();
});

describeWithWorld('trigger sequences', (world) => {
  let mailboxId = '';
  let vanId = '';
  let tyresId = '';
  let chainsId = '';
  let wonStage = '';
  let firstStage = '';

  async function contact(user: UserKey, lastName: string, extra: Record<string, unknown> = {}): Promise<string> {
    const created = await world().as(user, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Иван', lastName, emails: [`${lastName.toLowerCase()}@example.com`], marketingConsent: true, ...extra } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }
  async function order(user: UserKey, contactId: string, productId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const created = await world().as(user, { method: 'POST', url: '/api/v1/orders', payload: { contactId, lines: [{ productId, quantity: '1' }], ...extra } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }
  async function product(sku: string, name: string, category: string | null): Promise<string> {
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku, name, category, price: '1000' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }
  async function sequence(body: Record<string, unknown>): Promise<string> {
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/sequences', payload: { mailboxId, ...body } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  }
  const enrolments = (w: TestWorld, sequenceId: string) =>
    rows<{ contactId: string; status: string; stepIndex: number }>(w.db, sql`select contact_id as "contactId", status, step_index as "stepIndex" from sequence_enrolments where sequence_id = ${sequenceId}::uuid order by enrolled_at`);
  async function deliverQueued(w: TestWorld, sequenceId: string): Promise<void> {
    const queued = await rows<{ id: string }>(w.db, sql`select (detail ->> 'emailId') as id from sequence_events where sequence_id = ${sequenceId}::uuid and outcome = 'sent'`);
    for (const email of queued) await deliverEmail(w.database as never, email.id);
  }

  it('refuses bad sequences naming the field, writing nothing', async () => {
    const w = world();
    const box = await w.as('admin', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Маркетинг', emailAddress: FROM, shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: FROM, password: 'smtp-secret' } } });
    expect(box.status, JSON.stringify(box.body)).toBe(201);
    mailboxId = box.body.id;
    vanId = await product('VAN-1', 'Фургон', 'Фургоны');
    tyresId = await product('TYRE-1', 'Зимние шины', 'Шины');
    chainsId = await product('CHAIN-1', 'Цепи противоскольжения', 'Аксессуары');
    const pipelines = await w.as('admin', { method: 'GET', url: '/api/v1/pipelines' });
    const stages = pipelines.body.data[0].stages as { id: string; kind: string }[];
    wonStage = stages.find((stage) => stage.kind === 'won')!.id;
    firstStage = stages[0].id;

    const email = { kind: 'email', subject: 'Привет, {{contact.firstName}}', body: 'Текст' };
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'A', trigger: { kind: 'purchase', productId: vanId }, steps: [] }, 'steps'],
      [{ name: 'A', trigger: { kind: 'purchase', productId: vanId }, steps: [email, { kind: 'email', subject: 'Hi', body: 'Dear {{contact.nickname}}' }] }, 'steps[1].body'],
      [{ name: 'A', trigger: { kind: 'purchase', productId: '00000000-0000-4000-8000-000000000000' }, steps: [email] }, 'trigger.productId'],
      [{ name: 'A', trigger: { kind: 'purchase' }, steps: [email] }, 'trigger.productId'],
      [{ name: 'A', trigger: { kind: 'deal_stage', stageId: '00000000-0000-4000-8000-000000000000' }, steps: [email] }, 'trigger.stageId'],
      [{ name: 'A', trigger: { kind: 'days_since_order', days: -3 }, steps: [email] }, 'trigger.days'],
      [{ name: 'A', trigger: { kind: 'purchase', productId: vanId }, steps: [{ kind: 'wait', days: -1 }, email] }, 'steps[0].days'],
      [{ name: 'A', trigger: { kind: 'purchase', productId: vanId }, steps: [{ kind: 'condition', test: 'ordered_since_enrolment' }, email] }, 'steps[0].test'],
      [{ name: 'A', trigger: { kind: 'purchase', productId: vanId }, steps: [{ kind: 'wait', days: 1 }] }, 'steps'],
      [{ name: 'A', trigger: { kind: 'purchase', productId: vanId }, steps: [email], mailboxId: null }, 'mailboxId'],
      [{ name: 'A', trigger: { kind: 'lunar_eclipse' }, steps: [email] }, 'trigger.kind'],
    ];
    for (const [body, field] of cases) {
      const refused = await w.as('admin', { method: 'POST', url: '/api/v1/sequences', payload: { mailboxId, ...body } });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.details.map((detail: { field: string }) => detail.field), JSON.stringify(refused.body)).toContain(field);
    }
    // A manager's campaigns rights are "own": an automatic trigger, reaching every customer, is not theirs to set.
    const manager = await w.as('managerA1', { method: 'POST', url: '/api/v1/sequences', payload: { name: 'A', mailboxId, trigger: { kind: 'purchase', productId: vanId }, steps: [email] } });
    expect(manager.status).toBe(403);
    expect(manager.body.error.details).toMatchObject({ object: 'campaigns', field: 'trigger.kind' });
    expect((await w.as('admin', { method: 'GET', url: '/api/v1/sequences' })).body.data).toHaveLength(0);
  });

  it('a purchase of the product enrols its buyer once, mails, waits by the clock, checks, and sets a task for the owner', async () => {
    const w = world();
    const sequenceId = await sequence({
      name: 'Фургон → шины',
      trigger: { kind: 'purchase', productId: vanId },
      steps: [
        { kind: 'email', subject: '{{contact.firstName}}, зимние шины для фургона', body: 'Здравствуйте, {{contact.fullName}}!\n\nВаш менеджер {{owner.name}}.' },
        { kind: 'wait', days: 2 },
        { kind: 'condition', test: 'ordered_since_enrolment', continueWhen: false },
        { kind: 'task', title: 'Позвонить {{contact.fullName}} про шины', dueInDays: 1 },
      ],
    });
    const buyer = await contact('managerA1', 'Покупатель');
    const other = await contact('managerA1', 'Другой');
    const optedOut = await contact('managerA2', 'Отписался', { marketingConsent: false });
    const vanOrder = await order('managerA1', buyer, vanId);
    // Confirming the same order tries again: still one enrolment.
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/orders/${vanOrder}`, payload: { status: 'in_progress' } })).status).toBe(200);
    await order('managerA1', other, tyresId);
    await order('managerA2', optedOut, vanId);
    expect((await enrolments(w, sequenceId)).map((row) => row.contactId).sort()).toEqual([buyer, optedOut].sort());

    const t0 = new Date(Date.now() + 60_000);
    const before = smtp.count;
    const first = await advanceSequences(w.database, undefined, t0);
    expect(first.emails).toBe(1);
    await deliverQueued(w, sequenceId);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual(['покупатель@example.com']);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('Иван, зимние шины для фургона');
    expect(parsed.text).toContain('Ваш менеджер Алексей Менеджер.');
    // Waiting: nothing more a day later.
    expect((await advanceSequences(w.database, undefined, new Date(t0.getTime() + DAY))).steps).toBe(0);
    const card = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${buyer}/sequences` });
    expect(card.status).toBe(200);
    expect(card.body.data[0]).toMatchObject({ sequenceName: 'Фургон → шины', status: 'running', stepIndex: 2, currentStep: { kind: 'condition' }, canStop: true });
    expect(Date.parse(card.body.data[0].nextRunAt)).toBe(t0.getTime() + 2 * DAY);
    expect(card.body.data[0].history.map((entry: { kind: string; outcome: string | null }) => `${entry.kind}:${entry.outcome ?? ''}`)).toEqual(['enrolled:', 'step:sent', 'step:waiting']);

    // After the wait: no order since, so the condition goes on to the task for the contact's owner.
    const later = await advanceSequences(w.database, undefined, new Date(t0.getTime() + 2 * DAY + 60_000));
    expect(later.finished).toBe(2);
    const history = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${buyer}/sequences` });
    expect(history.body.data[0].history[4], JSON.stringify(history.body.data[0].history)).toMatchObject({ stepKind: 'task', outcome: 'created' });
    const task = await firstRow<{ title: string; ownerId: string; recordId: string }>(w.db, sql`select title, owner_id as "ownerId", record_id as "recordId" from tasks where record_id = ${buyer}::uuid`);
    expect(task).toEqual({ title: 'Позвонить Покупатель Иван про шины', ownerId: w.users.managerA1.id, recordId: buyer });
    const tasks = await w.as('managerA1', { method: 'GET', url: `/api/v1/tasks?filter[recordId]=${buyer}` });
    expect(tasks.body.data.map((row: { title: string }) => row.title)).toContain('Позвонить Покупатель Иван про шины');
    // The contact without marketing consent got no mail (the step says why), only the task for their owner.
    expect(smtp.count).toBe(before + 1);
    const skipped = await w.as('managerA2', { method: 'GET', url: `/api/v1/contacts/${optedOut}/sequences` });
    expect(skipped.body.data[0].history[1]).toMatchObject({ stepKind: 'email', outcome: 'skipped', detail: { reason: 'no marketing consent' } });
    expect((await enrolments(w, sequenceId)).map((row) => row.status)).toEqual(['finished', 'finished']);
    // Finished under "never": a new purchase does not start it again.
    await order('managerA1', buyer, vanId);
    expect(await enrolments(w, sequenceId)).toHaveLength(2);
    // The steps are on the contact's timeline.
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${buyer}/timeline?kinds=sequence` });
    expect(timeline.status, JSON.stringify(timeline.body)).toBe(200);
    expect(timeline.body.data.map((entry: { data: { event: string } }) => entry.data.event)).toEqual(['finished', 'step', 'step', 'step', 'step', 'enrolled']);
    await w.as('admin', { method: 'DELETE', url: `/api/v1/sequences/${sequenceId}` });
  });

  it('a sequence email carries an unsubscribe link and List-Unsubscribe; following it stops the enrolment, withdraws consent and suppresses the address', async () => {
    const w = world();
    // A product of its own, so this buyer (unsubscribed below) is nobody else's audience in this file.
    const trailerId = await product('UNSUB-TRAILER', 'Прицеп', 'Прицепы');
    const sequenceId = await sequence({
      name: 'Прицеп → отписка',
      trigger: { kind: 'purchase', productId: trailerId },
      steps: [
        { kind: 'email', subject: 'Спасибо за заказ', body: 'Здравствуйте, {{contact.fullName}}!' },
        { kind: 'wait', days: 1 },
        { kind: 'email', subject: 'Как вам фургон?', body: 'Расскажите, как вам покупка.' },
      ],
    });
    const buyer = await contact('managerA1', 'Отписчик');
    await order('managerA1', buyer, trailerId);
    const t0 = new Date(Date.now() + 60_000);
    const before = smtp.count;
    expect((await advanceSequences(w.database, undefined, t0)).emails).toBe(1);
    await deliverQueued(w, sequenceId);
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const parsed = await simpleParser(mail.raw);
    const header = (name: string) => parsed.headerLines.find((line) => line.key === name)?.line ?? '';
    const token = /^List-Unsubscribe:\s+<http:\/\/[^>]+\/u\/([A-Za-z0-9_-]{40})>$/.exec(header('list-unsubscribe'))?.[1];
    expect(token, header('list-unsubscribe')).toBeDefined();
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(String(parsed.html)).toContain(`/u/${token}`);
    expect(parsed.text).toContain('Отписаться');

    const page = await w.app.inject({ method: 'GET', url: `/u/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Отписаться');
    const forged = await w.app.inject({ method: 'GET', url: `/u/${token!.slice(0, 10)}${token![10] === 'A' ? 'B' : 'A'}${token!.slice(11)}` });
    expect(forged.statusCode).toBe(404);
    const oneClick = await w.app.inject({ method: 'POST', url: `/u/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('Вы отписаны');
    expect((await w.app.inject({ method: 'POST', url: `/u/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(200);

    const card = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${buyer}` });
    expect(card.body.marketingConsent).toBe(false);
    const suppressed = await w.as('admin', { method: 'GET', url: '/api/v1/email-suppressions' });
    expect(suppressed.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ address: 'отписчик@example.com', reason: 'unsubscribed' })]));
    const enrolment = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${buyer}/sequences` });
    expect(enrolment.body.data[0]).toMatchObject({ status: 'stopped', stopReason: 'unsubscribed' });
    expect(enrolment.body.data[0].history.filter((entry: { kind: string }) => entry.kind === 'stopped')).toHaveLength(1);
    // The wait is over: the second email never goes.
    expect((await advanceSequences(w.database, undefined, new Date(t0.getTime() + 2 * DAY))).emails).toBe(0);
    expect(smtp.count).toBe(before + 1);
    await w.as('admin', { method: 'DELETE', url: `/api/v1/sequences/${sequenceId}` });
  });

  it('the condition stops a customer who ordered meanwhile; each step runs exactly once under concurrent workers', async () => {
    const w = world();
    const sequenceId = await sequence({
      name: 'Категория шин',
      trigger: { kind: 'purchase', category: 'Шины' },
      steps: [{ kind: 'wait', hours: 1 }, { kind: 'condition', test: 'ordered_since_enrolment', continueWhen: false }, { kind: 'email', subject: 'Как шины?', body: 'Отзыв' }],
    });
    const buyer = await contact('managerA1', 'Шинный');
    const quiet = await contact('managerA1', 'Тихий');
    await order('managerA1', buyer, tyresId);
    await order('managerA1', quiet, tyresId);
    const t0 = new Date(Date.now() + 60_000);
    await Promise.all([advanceSequences(w.database, undefined, t0), advanceSequences(w.database, undefined, t0)]);
    await order('managerA1', buyer, chainsId);
    const [a, b] = await Promise.all([advanceSequences(w.database, undefined, new Date(t0.getTime() + 2 * HOUR)), advanceSequences(w.database, undefined, new Date(t0.getTime() + 2 * HOUR))]);
    expect(a.emails + b.emails).toBe(1);
    const steps = await rows<{ contactId: string; stepIndex: number; count: number }>(w.db, sql`select contact_id as "contactId", step_index as "stepIndex", count(*)::int as count from sequence_events where sequence_id = ${sequenceId}::uuid and kind = 'step' group by 1, 2 order by 1, 2`);
    expect(steps.every((row) => row.count === 1)).toBe(true);
    expect(steps.filter((row) => row.contactId === buyer).map((row) => row.stepIndex)).toEqual([0, 1]);
    expect(steps.filter((row) => row.contactId === quiet).map((row) => row.stepIndex)).toEqual([0, 1, 2]);
    const byContact = Object.fromEntries((await enrolments(w, sequenceId)).map((row) => [row.contactId, row.status]));
    expect(byContact).toEqual({ [buyer]: 'stopped', [quiet]: 'finished' });
    await w.as('admin', { method: 'DELETE', url: `/api/v1/sequences/${sequenceId}` });
  });

  it('a deal reaching the stage, a new product in a bought category, days since the last order and a birthday enrol the right contacts once', async () => {
    const w = world();
    const task = [{ kind: 'task', title: 'Позвонить' }];
    const byStage = await sequence({ name: 'Выиграна', trigger: { kind: 'deal_stage', stageId: wonStage }, steps: task });
    const byNewProduct = await sequence({ name: 'Новинка', trigger: { kind: 'new_product', category: 'Аксессуары' }, steps: task });
    const byPause = await sequence({ name: '30 дней', trigger: { kind: 'days_since_order', days: 30 }, steps: task, reenrolment: 'after_finish' });
    const byBirthday = await sequence({ name: 'ДР', trigger: { kind: 'birthday', daysBefore: 3 }, steps: task, reenrolment: 'after_finish' });

    const dealContact = await contact('managerA1', 'Сделочный');
    const deal = await w.as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Сделка', amount: '100', contactId: dealContact, stageId: firstStage } });
    expect(deal.status).toBe(201);
    expect(await enrolments(w, byStage)).toHaveLength(0);
    expect((await w.as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.body.id}/move`, payload: { stageId: wonStage } })).status).toBe(200);
    expect((await enrolments(w, byStage)).map((row) => row.contactId)).toEqual([dealContact]);

    const accessoryBuyer = await contact('managerB1', 'Аксессуарный');
    await order('managerB1', accessoryBuyer, chainsId);
    expect(await enrolments(w, byNewProduct)).toHaveLength(0);
    await product('CHAIN-2', 'Цепи усиленные', 'Аксессуары');
    const accessoryBuyers = await rows<{ id: string }>(w.db, sql`select distinct o.contact_id as id from orders o join order_lines l on l.order_id = o.id where l.product_id = ${chainsId}::uuid`);
    const enrolledForNew = (await enrolments(w, byNewProduct)).map((row) => row.contactId);
    expect(enrolledForNew).toContain(accessoryBuyer);
    expect(enrolledForNew.sort()).toEqual(accessoryBuyers.map((row) => row.id).sort());
    // A product of another category enrols nobody more.
    await product('VAN-2', 'Фургон большой', 'Фургоны');
    expect(await enrolments(w, byNewProduct)).toHaveLength(enrolledForNew.length);

    const lapsed = await contact('managerA1', 'Давний');
    const recent = await contact('managerA1', 'Недавний');
    const at = new Date(Date.now() + 60_000);
    await order('managerA1', lapsed, chainsId, { orderedAt: new Date(at.getTime() - 40 * DAY).toISOString() });
    await order('managerA1', recent, chainsId, { orderedAt: new Date(at.getTime() - 5 * DAY).toISOString() });
    const birthday = new Date(at.getTime() + 3 * DAY + 3 * HOUR).toISOString().slice(5, 10);
    const celebrant = await contact('managerA2', 'Именинник', { birthday: `1990-${birthday}` });
    await contact('managerA2', 'НеИменинник', { birthday: '1990-01-01' === `1990-${birthday}` ? '1990-06-01' : '1990-01-01' });
    await runDailyTriggers(w.db, at);
    await runDailyTriggers(w.db, at);
    const lapsedEnrolled = (await enrolments(w, byPause)).map((row) => row.contactId);
    expect(lapsedEnrolled).toContain(lapsed);
    expect(lapsedEnrolled).not.toContain(recent);
    expect(lapsedEnrolled.filter((id) => id === lapsed)).toHaveLength(1);
    expect((await enrolments(w, byBirthday)).map((row) => row.contactId)).toEqual([celebrant]);
    // After the sequence finished, the same lapsed customer is not enrolled again until they order again.
    await advanceSequences(w.database, undefined, at);
    await runDailyTriggers(w.db, new Date(at.getTime() + DAY));
    expect((await enrolments(w, byPause)).filter((row) => row.contactId === lapsed)).toHaveLength(1);
    for (const id of [byStage, byNewProduct, byPause, byBirthday]) await w.as('admin', { method: 'DELETE', url: `/api/v1/sequences/${id}` });
  });

  it('shows the card only to those who read the contact, and stops one or all enrolments, audited and on the timeline', async () => {
    const w = world();
    const first = await sequence({ name: 'Первая', trigger: { kind: 'manual' }, steps: [{ kind: 'wait', days: 1 }, { kind: 'task', title: 'Позвонить' }] });
    const second = await sequence({ name: 'Вторая', trigger: { kind: 'manual' }, steps: [{ kind: 'wait', days: 1 }, { kind: 'task', title: 'Позвонить' }] });
    const person = await contact('managerA1', 'Карточный');
    for (const id of [first, second]) expect((await w.as('admin', { method: 'POST', url: `/api/v1/sequences/${id}/enrol`, payload: { contactIds: [person] } })).body.enrolled).toBe(1);
    expect((await w.as('admin', { method: 'POST', url: `/api/v1/sequences/${first}/enrol`, payload: { contactIds: [person] } })).body.enrolled).toBe(0);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/contacts/${person}/sequences` })).status).toBe(404);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/contacts/${person}/sequences` })).body.data).toHaveLength(2);
    const card = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${person}/sequences` });
    const firstEnrolment = card.body.data.find((row: { sequenceId: string }) => row.sequenceId === first).id;
    expect((await w.as('managerB1', { method: 'POST', url: `/api/v1/sequence-enrolments/${firstEnrolment}/stop` })).status).toBe(404);
    expect((await w.as('reader', { method: 'POST', url: `/api/v1/sequence-enrolments/${firstEnrolment}/stop` })).status).toBe(403);
    const stopped = await w.as('managerA1', { method: 'POST', url: `/api/v1/sequence-enrolments/${firstEnrolment}/stop` });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect((await w.as('managerA1', { method: 'POST', url: `/api/v1/sequence-enrolments/${firstEnrolment}/stop` })).status).toBe(409);
    const all = await w.as('managerA1', { method: 'POST', url: `/api/v1/contacts/${person}/sequences/stop` });
    expect(all.body.stopped).toBe(1);
    const after = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${person}/sequences` });
    expect(after.body.data.map((row: { status: string; canStop: boolean }) => [row.status, row.canStop])).toEqual([['stopped', false], ['stopped', false]]);
    // Nothing runs after the stop.
    await advanceSequences(w.database, undefined, new Date(Date.now() + 2 * DAY));
    expect(await rows(w.db, sql`select 1 from sequence_events where contact_id = ${person}::uuid and kind = 'step'`)).toHaveLength(0);
    const audit = await rows<{ actorId: string }>(w.db, sql`select actor_id as "actorId" from audit_events where record_type = 'sequence_enrolment' and workspace_id = ${w.workspaceId}`);
    expect(audit).toHaveLength(2);
    expect(audit.every((row) => row.actorId === w.users.managerA1.id)).toBe(true);
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${person}/timeline?kinds=sequence` });
    expect(timeline.body.data.filter((entry: { data: { event: string } }) => entry.data.event === 'stopped')).toHaveLength(2);
    for (const id of [first, second]) await w.as('admin', { method: 'DELETE', url: `/api/v1/sequences/${id}` });
  });

  it('proposes the announcement audience with reasons, within the viewer\'s rights, and sends it once', async () => {
    const w = world();
    const pumpId = await product('TYRE-PUMP', 'Компрессор для шин', 'Шины');
    const together = await contact('managerA1', 'Вместе');
    // Bought a van together with tyres in one order: vans are "bought together" with tyres.
    const both = await w.as('managerA1', { method: 'POST', url: '/api/v1/orders', payload: { contactId: together, lines: [{ productId: vanId, quantity: '1' }, { productId: tyresId, quantity: '4' }] } });
    expect(both.status).toBe(201);
    const vanOnly = await contact('managerB1', 'ТолькоФургон');
    await order('managerB1', vanOnly, vanId);

    const audience = await w.as('admin', { method: 'GET', url: `/api/v1/products/${tyresId}/announcement-audience` });
    expect(audience.status, JSON.stringify(audience.body)).toBe(200);
    const byContact = new Map<string, { kind: string; productId: string }[]>(audience.body.data.map((member: { contactId: string; reasons: { kind: string; productId: string }[] }) => [member.contactId, member.reasons]));
    // The van-only buyer: a van is often bought with tyres. Buyers of tyres themselves are not proposed.
    expect(byContact.get(vanOnly)).toEqual([expect.objectContaining({ kind: 'bought_together', productId: vanId })]);
    expect(byContact.has(together)).toBe(false);
    const pump = await w.as('admin', { method: 'GET', url: `/api/v1/products/${pumpId}/announcement-audience` });
    const pumpReasons = new Map<string, { kind: string }[]>(pump.body.data.map((member: { contactId: string; reasons: { kind: string }[] }) => [member.contactId, member.reasons]));
    expect(pumpReasons.get(together)?.map((reason) => reason.kind)).toEqual(['category']);
    // Manager B1 sees only their own customers.
    const mine = await w.as('managerB1', { method: 'GET', url: `/api/v1/products/${tyresId}/announcement-audience` });
    expect(mine.body.data.map((member: { contactId: string }) => member.contactId)).toEqual([vanOnly]);
    expect((await w.as('admin', { method: 'GET', url: '/api/v1/products/00000000-0000-4000-8000-000000000000/announcement-audience' })).status).toBe(404);

    const bad = await w.as('admin', { method: 'POST', url: `/api/v1/products/${tyresId}/announcement`, payload: { mailboxId, subject: 'Шины', body: '{{contact.shoeSize}}' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('body');
    const outsider = await contact('managerA1', 'Посторонний');
    const notProposed = await w.as('admin', { method: 'POST', url: `/api/v1/products/${tyresId}/announcement`, payload: { mailboxId, subject: 'Шины', body: 'Текст', contactIds: [vanOnly, outsider] } });
    expect(notProposed.status).toBe(400);
    expect(notProposed.body.error.details[0].field).toBe('contactIds[1]');
    const sent = await w.as('admin', { method: 'POST', url: `/api/v1/products/${tyresId}/announcement`, payload: { mailboxId, subject: '{{product.name}} уже в продаже', body: 'Здравствуйте, {{contact.firstName}}!' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.enrolled).toBe(audience.body.total);
    const before = smtp.count;
    await advanceSequences(w.database, undefined, new Date(Date.now() + 60_000));
    await deliverQueued(w, sent.body.sequenceId);
    // Everyone proposed but the opted-out buyer of a van.
    const mailed = await rows(w.db, sql`select 1 from sequence_events where sequence_id = ${sent.body.sequenceId}::uuid and outcome = 'sent'`);
    expect(mailed).toHaveLength(audience.body.total - 1);
    const mails = (await smtp.waitFor(before + mailed.length)).slice(before);
    const parsed = await simpleParser(mails.find((mail) => mail.to.includes('толькофургон@example.com'))!.raw);
    expect(parsed.subject).toBe('Зимние шины уже в продаже');
  });

  it('is governed by the campaigns rights: none refuses, "own" reaches only the manager\'s own sequences', async () => {
    const w = world();
    const adminSequence = await sequence({ name: 'Админская', trigger: { kind: 'manual' }, steps: [{ kind: 'task', title: 'Позвонить' }] });
    const mine = await w.as('managerA1', { method: 'POST', url: '/api/v1/sequences', payload: { name: 'Моя', trigger: { kind: 'manual' }, steps: [{ kind: 'task', title: 'Позвонить' }] } });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body.ownerId).toBe(w.users.managerA1.id);
    const listed = await w.as('managerA1', { method: 'GET', url: '/api/v1/sequences' });
    expect(listed.body.data.map((row: { id: string }) => row.id)).toEqual([mine.body.id]);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/sequences/${adminSequence}` })).status).toBe(404);
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/sequences/${adminSequence}`, payload: { isActive: false } })).status).toBe(404);
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/sequences/${mine.body.id}`, payload: { trigger: { kind: 'purchase', productId: vanId } } })).status).toBe(403);
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/sequences/${mine.body.id}`, payload: { isActive: false } })).body.isActive).toBe(false);
    // Running the due steps by hand: the right to all campaigns; no clock of one's own outside the e2e server.
    expect((await w.as('managerA1', { method: 'POST', url: '/api/v1/sequences/advance', payload: {} })).status).toBe(403);
    const skipped = await w.as('admin', { method: 'POST', url: '/api/v1/sequences/advance', payload: { at: new Date(Date.now() + 30 * DAY).toISOString() } });
    expect(skipped.status).toBe(400);
    expect(skipped.body.error.details[0].field).toBe('at');
    const ran = await w.as('admin', { method: 'POST', url: '/api/v1/sequences/advance', payload: {} });
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    expect(ran.body).toMatchObject({ steps: expect.any(Number), emails: expect.any(Number) });
    // The read-only role reads every sequence but changes none.
    expect((await w.as('reader', { method: 'GET', url: `/api/v1/sequences/${adminSequence}` })).status).toBe(200);
    expect((await w.as('reader', { method: 'PATCH', url: `/api/v1/sequences/${adminSequence}`, payload: { isActive: false } })).status).toBe(403);

    // A manager whose role has no campaigns rights: nothing of sequences, nor announcements.
    const roles = await w.as('admin', { method: 'GET', url: '/api/v1/roles' });
    const managerRole = roles.body.data.find((role: { key: string }) => role.key === 'sales_manager');
    const none = { read: 'none', create: 'none', update: 'none', delete: 'none', export: 'none' };
    const role = await w.as('admin', { method: 'POST', url: '/api/v1/roles', payload: { key: 'no_campaigns', name: 'Без кампаний', permissions: { settings: none, ...managerRole.permissions, campaigns: none } } });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    expect((await w.as('admin', { method: 'PATCH', url: `/api/v1/users/${w.users.managerA2.id}`, payload: { role: 'no_campaigns' } })).status).toBe(200);
    try {
      expect((await w.as('managerA2', { method: 'GET', url: '/api/v1/sequences' })).status).toBe(403);
      expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/sequences/${adminSequence}` })).status).toBe(403);
      const refused = await w.as('managerA2', { method: 'POST', url: '/api/v1/sequences', payload: { name: 'Нельзя', trigger: { kind: 'manual' }, steps: [{ kind: 'task', title: 'Позвонить' }] } });
      expect(refused.status).toBe(403);
      expect(refused.body.error.details).toMatchObject({ object: 'campaigns', action: 'create' });
      expect((await w.as('managerA2', { method: 'POST', url: `/api/v1/products/${tyresId}/announcement`, payload: { mailboxId, subject: 'Шины', body: 'Текст' } })).status).toBe(403);
    } finally {
      await w.as('admin', { method: 'PATCH', url: `/api/v1/users/${w.users.managerA2.id}`, payload: { role: 'sales_manager' } });
    }
    for (const id of [adminSequence, mine.body.id]) await w.as('admin', { method: 'DELETE', url: `/api/v1/sequences/${id}` });
  });

  it('an imported order fires the purchase trigger as one entered by hand does', async () => {
    const w = world();
    const sequenceId = await sequence({ name: 'Импорт → спасибо', trigger: { kind: 'purchase', productId: vanId }, steps: [{ kind: 'task', title: 'Позвонить' }] });
    const buyer = await contact('admin', 'Импортный');
    const csv = Buffer.from(['Номер;Почта;Артикул;Количество', 'IMP-SEQ-1;импортный@example.com;VAN-1;1', 'IMP-SEQ-2;импортный@example.com;TYRE-1;2'].join('\n'));
    const uploaded = await upload(w, 'admin', 'orders.csv', csv, { object: 'orders' });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const mapped = await w.as('admin', { method: 'PUT', url: `/api/v1/imports/${uploaded.body.id}/mapping`, payload: { mapping: { 0: 'order.number', 1: 'order.contactEmail', 2: 'line.sku', 3: 'line.quantity' } } });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
    expect((await w.as('admin', { method: 'POST', url: `/api/v1/imports/${uploaded.body.id}/start` })).status).toBe(202);
    const done = await waitForImport(w, 'admin', uploaded.body.id);
    expect(done.status, JSON.stringify(done)).toBe('done');
    const enrolled = await rows<{ contactId: string; reason: { orderId: string } }>(w.db, sql`select contact_id as "contactId", reason from sequence_enrolments where sequence_id = ${sequenceId}::uuid`);
    expect(enrolled.map((row) => row.contactId)).toEqual([buyer]);
    const [vanOrder] = await rows<{ id: string }>(w.db, sql`select id from orders where workspace_id = ${w.workspaceId} and number = 'IMP-SEQ-1'`);
    expect(enrolled[0].reason.orderId).toBe(vanOrder.id);
    await w.as('admin', { method: 'DELETE', url: `/api/v1/sequences/${sequenceId}` });
  });
});
