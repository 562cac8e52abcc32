// Campaigns against a real SMTP server on loopback (the smtp-server package; addresses starting with "bounce"
// are refused with 550 at RCPT TO), the public tracking endpoints through fastify.inject, and the sender run
// in-process as the campaign-send job runs it (stopped mid-run and started again).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { simpleParser, type ParsedMail } from 'mailparser';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../test/mail-servers.js';
import { closeMailTransports } from '../email/email-delivery.js';
import { runCampaign, tickCampaigns } from './campaign-sender.js';
import { forgetActor } from '../auth/auth.service.js';

let smtp: TestSmtpServer;
const LOGIN = 'news@svyaz.test';
let previousRate: string | undefined;

beforeAll(async () => {
  previousRate = process.env.CAMPAIGN_PER_MINUTE;
  process.env.CAMPAIGN_PER_MINUTE = '60000';
  smtp = await startSmtpServer({ [LOGIN]: 'smtp-secret' }, { rejectRecipient: (address) => address.startsWith('bounce') });
});
afterAll(async () => {
  if (previousRate === undefined) delete process.env.CAMPAIGN_PER_MINUTE;
  else process.env.CAMPAIGN_PER_MINUTE = previousRate;
  closeMailTransports();
  await smtp?.stop();
});

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

async function mailbox(w: TestWorld, domain: string) {
  const created = await w.as('admin', {
    method: 'POST',
    url: '/api/v1/mailboxes',
    payload: { name: `Рассылки ${domain}`, emailAddress: `news@${domain}`, displayName: 'Магазин', shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: LOGIN, password: 'smtp-secret' } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

async function contact(w: TestWorld, user: UserKey, options: { email?: string | null; consent?: boolean; firstName?: string; companyId?: string } = {}) {
  const email = options.email === undefined ? `c-${unique()}@client.test` : options.email;
  const created = await w.as(user, {
    method: 'POST',
    url: '/api/v1/contacts?force=true',
    payload: { firstName: options.firstName ?? 'Иван', lastName: `Петров${unique()}`, emails: email ? [email] : [], marketingConsent: options.consent ?? true, ...(options.companyId ? { companyId: options.companyId } : {}) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, email };
}

const blocks = [
  { type: 'heading', text: 'Здравствуйте, {{contact.firstName}}!' },
  { type: 'text', text: 'Зимние шины для {{company.name}} со скидкой.\n\nВаш менеджер: {{owner.name}}' },
  { type: 'image', url: 'https://cdn.example.com/tyres.png', alt: 'Шины', link: 'https://shop.example.com/tyres' },
  { type: 'button', text: 'Выбрать шины', url: 'https://shop.example.com/winter?utm_source=mail' },
  { type: 'divider' },
];

async function campaign(w: TestWorld, user: UserKey, mailboxId: string, audience: unknown, extra: Record<string, unknown> = {}) {
  const created = await w.as(user, { method: 'POST', url: '/api/v1/campaigns', payload: { name: `Зима ${unique()}`, mailboxId, subject: '{{contact.firstName}}, шины к зиме', blocks, audience, ...extra } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

async function start(w: TestWorld, user: UserKey, id: string, payload: Record<string, unknown> = {}) {
  return w.as(user, { method: 'POST', url: `/api/v1/campaigns/${id}/start`, payload });
}

const parse = (mails: ReceivedMail[]) => Promise.all(mails.map((mail) => simpleParser(mail.raw)));
const mailsTo = (addresses: string[]) => smtp.received.filter((mail) => mail.to.some((to) => addresses.includes(to)));
const tokenOf = (mail: ParsedMail, kind: 'o' | 'c' | 'u') => {
  const html = String(mail.html);
  const match = kind === 'o' ? html.match(/\/t\/o\/([A-Za-z0-9_-]{40})\.gif/) : kind === 'c' ? html.match(/\/t\/c\/([A-Za-z0-9_-]{40})/) : html.match(/\/u\/([A-Za-z0-9_-]{40})/);
  return match![1];
};
const forge = (token: string) => `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;

async function statuses(w: TestWorld, id: string) {
  return rows<{ status: string; reason: string | null; count: number }>(w.db, sql`select status, coalesce(skip_reason, '') as reason, count(*)::int as count from campaign_recipients where campaign_id = ${id}::uuid group by 1, 2 order by 1, 2`);
}

describeWithWorld('campaigns', (world) => {
  let mailboxId = '';
  let firstCampaign = '';
  let consenting: { id: string; email: string | null }[] = [];
  let bounce = { id: '', email: '' as string | null };

  it('refuses an unknown placeholder naming the field, previews per recipient, test-sends, then sends personalised mail with unsubscribe headers, respecting consent and bouncing', async () => {
    const w = world();
    mailboxId = await mailbox(w, `shop-${w.kind}.test`);
    const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: `ООО Шинторг ${unique()}` } });
    consenting = [];
    for (let index = 0; index < 4; index++) consenting.push(await contact(w, 'managerA1', { firstName: `Имя${index}`, companyId: index === 0 ? company.body.id : undefined }));
    const noConsent = await contact(w, 'managerA1', { consent: false });
    const noEmail = await contact(w, 'managerA1', { email: null });
    bounce = await contact(w, 'managerA1', { email: `bounce-${unique()}@client.test` });
    const audience = { kind: 'contacts', contactIds: [...consenting.map((item) => item.id), noConsent.id, noEmail.id, bounce.id] };

    const unknown = await w.as('managerA1', { method: 'POST', url: '/api/v1/campaigns', payload: { name: 'x', mailboxId, subject: 'Привет', blocks: [blocks[0], { type: 'text', text: 'Скидка {{contact.discount}}' }], audience } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toMatchObject({ field: 'blocks[1].text', placeholder: 'contact.discount' });
    const unknownSubject = await w.as('managerA1', { method: 'POST', url: '/api/v1/campaigns', payload: { name: 'x', mailboxId, subject: '{{deal.amount}}', blocks, audience } });
    expect(unknownSubject.body.error.details[0].field).toBe('subject');

    firstCampaign = await campaign(w, 'managerA1', mailboxId, audience, { cost: '1000.00', attributionDays: 30 });
    // Before the start the editor shows the count and who would be left out, the sender's reasons in its order.
    const summary = await w.as('managerA1', { method: 'POST', url: '/api/v1/campaigns/audience-summary', payload: { audience } });
    expect(summary.status, JSON.stringify(summary.body)).toBe(200);
    expect(summary.body).toEqual({ total: 7, sendable: 5, noEmail: 1, suppressed: 0, noConsent: 1, confirmRequired: false });
    const everyone = await w.as('managerA1', { method: 'POST', url: '/api/v1/campaigns/audience-summary', payload: { audience: { kind: 'all' } } });
    expect(everyone.body.confirmRequired).toBe(true);
    const badSummary = await w.as('managerA1', { method: 'POST', url: '/api/v1/campaigns/audience-summary', payload: { audience: { kind: 'segment', segmentId: 'nope' } } });
    expect(badSummary.status).toBe(400);
    const preview = await w.as('managerA1', { method: 'POST', url: `/api/v1/campaigns/${firstCampaign}/preview`, payload: { contactId: consenting[0].id } });
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Имя0, шины к зиме');
    expect(preview.body.html).toContain('Здравствуйте, Имя0!');
    expect(preview.body.html).toContain(company.body.name.replace('"', '&quot;'));
    expect(preview.body.emptyPlaceholders).toEqual([]);
    expect(preview.body.sendable).toBe(true);
    const noCompany = await w.as('managerA1', { method: 'POST', url: `/api/v1/campaigns/${firstCampaign}/preview`, payload: { contactId: noConsent.id } });
    expect(noCompany.body.emptyPlaceholders).toEqual(['company.name']);
    expect(noCompany.body).toMatchObject({ sendable: false, skipReason: 'no_consent' });

    const before = smtp.count;
    const test = await w.as('managerA1', { method: 'POST', url: `/api/v1/campaigns/${firstCampaign}/test-send`, payload: { address: 'marketer@svyaz.test', contactId: consenting[0].id } });
    expect(test.status, JSON.stringify(test.body)).toBe(200);
    await smtp.waitFor(before + 1);
    const [testMail] = await parse(smtp.received.slice(before, before + 1));
    expect(testMail.subject).toBe('[Тест] Имя0, шины к зиме');

    const started = await start(w, 'managerA1', firstCampaign);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ status: 'sending', audienceCount: 7 });
    const again = await start(w, 'managerA1', firstCampaign);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CAMPAIGN_ALREADY_STARTED');
    const edit = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/campaigns/${firstCampaign}`, payload: { subject: 'Другая тема' } });
    expect(edit.status).toBe(409);

    const sendFrom = smtp.count;
    const run = await runCampaign(w.database, firstCampaign);
    expect(run).toMatchObject({ state: 'sent', sent: 4 });
    const addresses = consenting.map((item) => item.email!);
    const mails = await parse(mailsTo(addresses));
    expect(mails).toHaveLength(4);
    expect(smtp.count - sendFrom).toBe(4); // the bounce was refused at RCPT TO: no message data reached the server
    const first = mails.find((mail) => mail.text?.includes('Имя0'))!;
    expect(first.subject).toBe('Имя0, шины к зиме');
    const header = (key: string) => first.headerLines.find((line) => line.key === key)?.line.replace(/\r?\n\s+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toMatch(/^List-Unsubscribe: <http:\/\/[^>]+\/u\/[A-Za-z0-9_-]{40}>$/);
    expect(first.text).toContain('Ваш менеджер: Алексей Менеджер');
    expect(String(first.html)).toMatch(/\/t\/o\/[A-Za-z0-9_-]{40}\.gif/);
    expect(String(first.html)).not.toContain('shop.example.com/winter'); // links go through the click redirect
    expect(await statuses(w, firstCampaign)).toEqual([
      { status: 'bounced', reason: '', count: 1 },
      { status: 'sent', reason: '', count: 4 },
      { status: 'skipped', reason: 'no_consent', count: 1 },
      { status: 'skipped', reason: 'no_email', count: 1 },
    ]);
    const suppressed = await w.as('admin', { method: 'GET', url: '/api/v1/email-suppressions' });
    expect(suppressed.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ address: bounce.email, reason: 'bounced' })]));
    // Running again sends nothing: every row has its outcome.
    expect(await runCampaign(w.database, firstCampaign)).toMatchObject({ sent: 0 });
    expect(mailsTo(addresses)).toHaveLength(4);
  });

  it('tracks opens and clicks through signed links, refuses forged ones recording nothing, unsubscribes in one click and attributes a won deal', async () => {
    const w = world();
    const mails = await parse(mailsTo(consenting.map((item) => item.email!)));
    const byAddress = (address: string) => mails.find((mail) => (mail.to as { value: { address: string }[] }).value[0].address === address)!;
    const opener = byAddress(consenting[1].email!);
    const forgedOpen = await w.app.inject({ method: 'GET', url: `/t/o/${forge(tokenOf(opener, 'o'))}.gif` });
    expect(forgedOpen.statusCode).toBe(404);
    const forgedClick = await w.app.inject({ method: 'GET', url: `/t/c/${forge(tokenOf(opener, 'c'))}` });
    expect(forgedClick.statusCode).toBe(404);
    const forgedUnsubscribe = await w.app.inject({ method: 'POST', url: `/u/${forge(tokenOf(opener, 'u'))}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(forgedUnsubscribe.statusCode).toBe(404);
    let report = await w.as('managerA1', { method: 'GET', url: `/api/v1/campaigns/${firstCampaign}/report` });
    expect(report.body).toMatchObject({ sent: 4, delivered: 4, bounced: 1, opened: 0, clicked: 0, unsubscribed: 0 });

    const open = await w.app.inject({ method: 'GET', url: `/t/o/${tokenOf(opener, 'o')}.gif` });
    expect(open.statusCode).toBe(200);
    expect(open.headers['content-type']).toBe('image/gif');
    const clicks = String(opener.html).match(/\/t\/c\/[A-Za-z0-9_-]{40}/g)!;
    expect(clicks).toHaveLength(2);
    const click = await w.app.inject({ method: 'GET', url: clicks[1] });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://shop.example.com/winter?utm_source=mail');

    // A deal won by the clicker inside the window is attributed; the campaign cost 1000.
    const pipelines = await w.as('admin', { method: 'GET', url: '/api/v1/pipelines' });
    const won = (pipelines.body.data[0].stages as { id: string; kind: string }[]).find((stage) => stage.kind === 'won')!.id;
    const deal = await w.as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Шины 4 шт', amount: '25000', contactId: consenting[1].id } });
    expect((await w.as('managerA1', { method: 'POST', url: `/api/v1/deals/${deal.body.id}/move`, payload: { stageId: won } })).status).toBe(200);

    const leaver = byAddress(consenting[2].email!);
    const page = await w.app.inject({ method: 'GET', url: `/u/${tokenOf(leaver, 'u')}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Отписаться');
    expect(page.body).toContain(consenting[2].email!);
    const oneClick = await w.app.inject({ method: 'POST', url: `/u/${tokenOf(leaver, 'u')}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('Вы отписаны');
    const card = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${consenting[2].id}` });
    expect(card.body.marketingConsent).toBe(false);

    report = await w.as('managerA1', { method: 'GET', url: `/api/v1/campaigns/${firstCampaign}/report` });
    expect(report.body).toMatchObject({ opened: 1, clicked: 1, unsubscribed: 1, cost: 1000, attributed: { deals: 1, dealRevenue: 25000, revenue: 25000 }, roi: 24 });
    expect(report.body.links).toEqual([{ url: 'https://shop.example.com/winter?utm_source=mail', clicks: 1, people: 1 }]);
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${consenting[1].id}/timeline?kinds=campaign` });
    expect(timeline.body.data.map((item: { data: { event: string } }) => item.data.event)).toEqual(['click', 'open', 'sent']);
    const roi = await w.as('head', { method: 'GET', url: '/api/v1/campaigns/roi' });
    expect(roi.body.data.find((row: { id: string }) => row.id === firstCampaign)).toMatchObject({ revenue: 25000, roi: 24 });

    // The next campaign to the same people mails neither the unsubscribed nor the bounced address.
    const next = await campaign(w, 'managerA1', mailboxId, { kind: 'contacts', contactIds: [...consenting.map((item) => item.id), bounce.id] });
    const nextSummary = await w.as('managerA1', { method: 'POST', url: '/api/v1/campaigns/audience-summary', payload: { audience: { kind: 'contacts', contactIds: [...consenting.map((item) => item.id), bounce.id] } } });
    expect(nextSummary.body).toMatchObject({ total: 5, sendable: 3, suppressed: 2, noConsent: 0, noEmail: 0 });
    expect((await start(w, 'managerA1', next)).status).toBe(200);
    const before = smtp.count;
    expect(await runCampaign(w.database, next)).toMatchObject({ state: 'sent', sent: 3 });
    expect(smtp.count - before).toBe(3);
    expect(await statuses(w, next)).toEqual([
      { status: 'sent', reason: '', count: 3 },
      { status: 'skipped', reason: 'suppressed_bounced', count: 1 },
      { status: 'skipped', reason: 'suppressed_unsubscribed', count: 1 },
    ]);
  });

  it('resumes exactly where a stopped sender left off: every recipient once, an in-flight message of a dead worker never again', async () => {
    const w = world();
    const people = [];
    for (let index = 0; index < 30; index++) people.push(await contact(w, 'managerA2'));
    const box = await mailbox(w, `resume-${w.kind}.test`);
    const id = await campaign(w, 'managerA2', box, { kind: 'contacts', contactIds: people.map((item) => item.id) });
    expect((await start(w, 'managerA2', id)).status).toBe(200);
    const addresses = people.map((item) => item.email!);
    const stop = new AbortController();
    const base = smtp.count;
    void smtp.waitFor(base + 10).then(() => stop.abort());
    const first = await runCampaign(w.database, id, { signal: stop.signal });
    expect(first.state).toBe('stopped');
    const afterStop = mailsTo(addresses).length;
    expect(afterStop).toBeGreaterThanOrEqual(10);
    expect(afterStop).toBeLessThan(30);
    expect(first.sent).toBe(afterStop);
    const [{ sent }] = await rows<{ sent: number }>(w.db, sql`select count(*)::int as sent from campaign_recipients where campaign_id = ${id}::uuid and status = 'sent'`);
    expect(sent).toBe(afterStop);
    // A worker that died with a message in flight: its row is 'sending' and its lease lapsed.
    await w.db.execute(sql`update campaign_recipients set status = 'sending' where id = (select id from campaign_recipients where campaign_id = ${id}::uuid and status = 'pending' order by id limit 1)`);
    await w.db.execute(sql`update campaigns set lease_until = now() - interval '1 minute' where id = ${id}::uuid`);
    const second = await runCampaign(w.database, id);
    expect(second).toMatchObject({ state: 'sent', sent: 30 - afterStop - 1 });
    const received = mailsTo(addresses).flatMap((mail) => mail.to);
    expect(received).toHaveLength(29);
    expect(new Set(received).size).toBe(29);
    expect(await statuses(w, id)).toEqual([
      { status: 'interrupted', reason: '', count: 1 },
      { status: 'sent', reason: '', count: 29 },
    ]);
  });

  it('throttles per sending domain at the rate an administrator sets', async () => {
    const w = world();
    const domain = `slow-${w.kind}.test`;
    const box = await mailbox(w, domain);
    expect((await w.as('managerA1', { method: 'PUT', url: `/api/v1/campaign-sending-domains/${domain}`, payload: { perMinute: 120 } })).status).toBe(403);
    const set = await w.as('admin', { method: 'PUT', url: `/api/v1/campaign-sending-domains/${domain}`, payload: { perMinute: 120 } });
    expect(set.status).toBe(200);
    const people = [];
    for (let index = 0; index < 4; index++) people.push(await contact(w, 'managerA1'));
    const id = await campaign(w, 'managerA1', box, { kind: 'contacts', contactIds: people.map((item) => item.id) });
    expect((await start(w, 'managerA1', id)).status).toBe(200);
    const began = Date.now();
    expect(await runCampaign(w.database, id)).toMatchObject({ sent: 4 });
    // 120 a minute: one every 500 ms, so four take at least three intervals.
    expect(Date.now() - began).toBeGreaterThanOrEqual(1400);
    const times = (await rows<{ at: string }>(w.db, sql`select sent_at as at from campaign_recipients where campaign_id = ${id}::uuid order by sent_at`)).map((row) => Date.parse(row.at));
    // The first message also opens the SMTP connection, so it may land up to ~100 ms after its slot.
    expect(times[3] - times[0]).toBeGreaterThanOrEqual(1300);
  });

  it('computes the audience with the starter’s rights, wants the count confirmed for everyone, schedules, pauses and hides others’ campaigns', async () => {
    const w = world();
    const box = await mailbox(w, `all-${w.kind}.test`);
    const id = await campaign(w, 'managerB1', box, { kind: 'all' });
    await contact(w, 'managerB1');
    await contact(w, 'managerB1');
    const [{ own }] = await rows<{ own: number }>(w.db, sql`select count(*)::int as own from contacts where workspace_id = ${w.workspaceId} and owner_id = ${w.users.managerB1.id}::uuid and deleted_at is null`);
    const unconfirmed = await start(w, 'managerB1', id);
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error.code).toBe('CAMPAIGN_CONFIRMATION_REQUIRED');
    expect(unconfirmed.body.error.details[0]).toMatchObject({ field: 'confirmCount', count: own });
    expect((await start(w, 'managerB1', id, { confirmCount: own + 1 })).status).toBe(409);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/campaigns/${id}` })).status).toBe(404);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/campaigns/${id}` })).status).toBe(200);
    const mine = await w.as('managerA1', { method: 'GET', url: '/api/v1/campaigns' });
    expect(mine.body.data.every((row: { ownerId: string }) => row.ownerId === w.users.managerA1.id)).toBe(true);
    const later = new Date(Date.now() + 3600_000).toISOString();
    const scheduled = await start(w, 'managerB1', id, { confirmCount: own, startAt: later });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', audienceCount: own });
    await tickCampaigns(w.database);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/campaigns/${id}` })).body.status).toBe('scheduled');
    await w.db.execute(sql`update campaigns set start_at = now() - interval '1 second' where id = ${id}::uuid`);
    await tickCampaigns(w.database);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/campaigns/${id}` })).body.status).toBe('sending');
    expect((await w.as('managerB1', { method: 'POST', url: `/api/v1/campaigns/${id}/pause` })).body.status).toBe('paused');
    expect(await runCampaign(w.database, id)).toMatchObject({ state: 'busy_or_not_sending', sent: 0 });
    expect((await w.as('reader', { method: 'POST', url: `/api/v1/campaigns/${id}/resume` })).status).toBe(403);
    expect((await w.as('managerB1', { method: 'POST', url: `/api/v1/campaigns/${id}/cancel` })).body.status).toBe('cancelled');
    // Another role without the campaigns right: the roles matrix has the object.
    const roles = await w.as('admin', { method: 'GET', url: '/api/v1/roles' });
    expect(roles.body.data.find((role: { key: string }) => role.key === 'sales_manager').permissions.campaigns).toMatchObject({ read: 'own', create: 'own' });
    forgetActor(w.db);
  });

  it('tests two subjects on a share of the audience and sends the rest the one with the better click rate', async () => {
    const w = world();
    const box = await mailbox(w, `ab-${w.kind}.test`);
    const people = [];
    for (let index = 0; index < 40; index++) people.push(await contact(w, 'managerA1'));
    const id = await campaign(w, 'managerA1', box, { kind: 'contacts', contactIds: people.map((item) => item.id) }, { subjectB: 'Последний шанс: шины', abTestPercent: 50, abTestHours: 2 });
    expect((await start(w, 'managerA1', id)).status).toBe(200);
    const first = await runCampaign(w.database, id);
    expect(first.state).toBe('testing');
    const variants = await rows<{ variant: string; count: number }>(w.db, sql`select variant, count(*)::int as count from campaign_recipients where campaign_id = ${id}::uuid and status = 'sent' group by 1 order by 1`);
    expect(variants.map((row) => row.variant)).toEqual(['a', 'b']);
    expect(first.sent).toBe(variants[0].count + variants[1].count);
    const mails = await parse(mailsTo(people.map((item) => item.email!)));
    const b = mails.find((mail) => mail.subject === 'Последний шанс: шины')!;
    expect((await w.app.inject({ method: 'GET', url: `/t/c/${tokenOf(b, 'c')}` })).statusCode).toBe(302);
    await w.db.execute(sql`update campaigns set test_ends_at = now() - interval '1 second' where id = ${id}::uuid`);
    await tickCampaigns(w.database);
    const second = await runCampaign(w.database, id);
    expect(second).toMatchObject({ state: 'sent', sent: 40 - first.sent });
    const rest = (await parse(mailsTo(people.map((item) => item.email!)))).slice(first.sent);
    expect(rest.every((mail) => mail.subject === 'Последний шанс: шины')).toBe(true);
    const report = await w.as('managerA1', { method: 'GET', url: `/api/v1/campaigns/${id}/report` });
    expect(report.body.abTest).toMatchObject({ winner: 'b' });
    expect(report.body.abTest.variants[1]).toMatchObject({ variant: 'b', clicked: 1, subject: 'Последний шанс: шины' });
  });

  it('mails a live segment with the starter’s rights: a tag segment of the head’s team sends a manager only their own contacts', async () => {
    const w = world();
    const box = await mailbox(w, `segment-${w.kind}.test`);
    const tag = `winter-${unique()}`;
    const own = await contact(w, 'managerA1');
    const other = await contact(w, 'managerB1');
    for (const [user, id] of [['managerA1', own.id], ['managerB1', other.id]] as const) {
      expect((await w.as(user, { method: 'PATCH', url: `/api/v1/contacts/${id}`, payload: { tags: [tag] } })).status).toBe(200);
    }
    const segment = await w.as('head', { method: 'POST', url: '/api/v1/segments', payload: { name: 'Зимние', object: 'contacts', visibility: 'team', conditions: [{ kind: 'tags', tags: [tag] }] } });
    expect(segment.status, JSON.stringify(segment.body)).toBe(201);
    const missing = await campaign(w, 'managerA1', box, { kind: 'segment', segmentId: '00000000-0000-4000-8000-000000000000' });
    expect((await start(w, 'managerA1', missing)).status).toBe(404);
    const id = await campaign(w, 'managerA1', box, { kind: 'segment', segmentId: segment.body.id });
    const segmentSummary = await w.as('managerA1', { method: 'POST', url: '/api/v1/campaigns/audience-summary', payload: { audience: { kind: 'segment', segmentId: segment.body.id } } });
    expect(segmentSummary.body).toMatchObject({ total: 1, sendable: 1 });
    const started = await start(w, 'managerA1', id);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.audienceCount).toBe(1);
    expect(await runCampaign(w.database, id)).toMatchObject({ state: 'sent', sent: 1 });
    expect(mailsTo([own.email!])).toHaveLength(1);
    expect(mailsTo([other.email!])).toHaveLength(0);
  });
});
