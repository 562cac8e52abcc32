// Email against real servers on loopback: the smtp-server package receives what nodemailer sends, and
// Debian's Dovecot (a throw-away configuration per suite) serves the mailbox the IMAP sync reads.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { dovecotAvailable, freePort, rawMessage, startDovecot, startSmtpServer, type TestDovecot, type TestSmtpServer } from '../../test/mail-servers.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { closeMailTransports, deliverEmail } from './email-delivery.js';
import { syncMailbox } from './imap-sync.js';
import { readAttachment } from './email-files.js';
import { uploadFile } from '../files/files.service.js';
import { loadActor } from '../auth/auth.service.js';

const SALES = 'sales@svyaz.test';
const A1 = 'a1@svyaz.test';
let smtp: TestSmtpServer;
let imap: TestDovecot;

beforeAll(async () => {
  if (!dovecotAvailable() && process.env.CI) throw new Error('Dovecot (/usr/sbin/dovecot) is required under CI: .ci/run installs dovecot-imapd');
  smtp = await startSmtpServer({ [SALES]: 'smtp-secret', [A1]: 'a1-secret' });
  // One IMAP account per database kind: the suites run side by side and must not read each other's mail.
  imap = await startDovecot({ 'sales-pglite': 'imap-secret', 'sales-postgres': 'imap-secret' });
});
afterAll(async () => {
  closeMailTransports();
  await smtp?.stop();
  await imap?.stop();
});

const server = (port: number, login: string, password: string) => ({ host: '127.0.0.1', port, security: 'none', login, password });

/** A queue that keeps what the delivery job asks to run later (its retries), so a test can run them at once. */
function recordingQueue(): JobQueue & { sent: { name: string; data: unknown; options: unknown }[] } {
  const sent: { name: string; data: unknown; options: unknown }[] = [];
  return { sent, enqueue: async (name: string, data: unknown, options?: unknown) => (sent.push({ name, data, options }), 'job') as never, stop: async () => undefined } as never;
}

async function customer(w: TestWorld, prefix: string) {
  const company = await w.as('managerA1', { method: 'POST', url: '/api/v1/companies', payload: { name: `${prefix} ООО Ромашка`, emails: [`office-${prefix}@client.test`] } });
  const contact = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Иван', lastName: 'Петров', emails: [`ivan-${prefix}@client.test`], companyId: company.body.id } });
  const deal = await w.as('managerA1', { method: 'POST', url: '/api/v1/deals', payload: { title: `${prefix} Поставка кофе`, amount: '42000', companyId: company.body.id, contactId: contact.body.id } });
  expect([company.status, contact.status, deal.status]).toEqual([201, 201, 201]);
  return { company: company.body.id as string, contact: contact.body.id as string, deal: deal.body.id as string, address: `ivan-${prefix.toLowerCase()}@client.test` };
}

async function sharedMailbox(w: TestWorld, extra: Record<string, unknown> = {}) {
  const created = await w.as('admin', {
    method: 'POST',
    url: '/api/v1/mailboxes',
    payload: { name: 'Отдел продаж', emailAddress: SALES, shared: true, smtp: server(smtp.port, SALES, 'smtp-secret'), imap: server(imap.port, `sales-${w.kind}`, 'imap-secret'), ...extra },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

describeWithWorld('email', (world) => {
  it('checks each server on save and names what failed; passwords are encrypted and never returned', async () => {
    const w = world();
    const badAuth = await w.as('managerA1', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Моя почта', emailAddress: A1, smtp: server(smtp.port, A1, 'wrong') } });
    expect(badAuth.status).toBe(422);
    expect(badAuth.body.error.details[0].field).toBe('smtp.password');
    const refused = await w.as('managerA1', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Моя почта', emailAddress: A1, smtp: server(await freePort(), A1, 'a1-secret') } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0].field).toMatch(/^smtp\.(port|host)$/);
    const dns = await w.as('managerA1', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Моя почта', emailAddress: A1, smtp: { ...server(25, A1, 'a1-secret'), host: 'no-such-host.invalid' } } });
    expect(dns.status).toBe(422);
    expect(dns.body.error.details[0]).toMatchObject({ field: 'smtp.host' });
    const badImap = await w.as('admin', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'x', emailAddress: SALES, shared: true, smtp: server(smtp.port, SALES, 'smtp-secret'), imap: server(imap.port, `sales-${w.kind}`, 'nope') } });
    expect(badImap.status).toBe(422);
    expect(badImap.body.error.details[0].field).toBe('imap.password');
    const notEmail = await w.as('managerA1', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'x', emailAddress: 'not an address', smtp: server(smtp.port, A1, 'a1-secret') } });
    expect(notEmail.status).toBe(400);
    expect(notEmail.body.error.details[0].field).toBe('emailAddress');
    const sharedByManager = await w.as('managerA1', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'x', emailAddress: SALES, shared: true, smtp: server(smtp.port, SALES, 'smtp-secret') } });
    expect(sharedByManager.status).toBe(403);
    const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from mailboxes where workspace_id = ${w.workspaceId}`);
    expect(count).toBe(0);

    const own = await w.as('managerA1', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Моя почта', emailAddress: A1, smtp: server(smtp.port, A1, 'a1-secret') } });
    expect(own.status).toBe(201);
    expect(JSON.stringify(own.body)).not.toContain('a1-secret');
    const [stored] = await rows<{ enc: string }>(w.db, sql`select smtp_password_enc as enc from mailboxes where id = ${own.body.id}::uuid`);
    expect(stored.enc).not.toContain('a1-secret');
    const listed = await w.as('managerA1', { method: 'GET', url: '/api/v1/mailboxes' });
    expect(JSON.stringify(listed.body)).not.toContain('a1-secret');
    expect(listed.body.data.map((mailbox: { emailAddress: string }) => mailbox.emailAddress)).toContain(A1);
    // Another manager neither sees nor changes it.
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/mailboxes/${own.body.id}` })).status).toBe(404);
    const renamed = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/mailboxes/${own.body.id}`, payload: { name: 'Рабочая' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Рабочая');
  });

  it('sends from a deal through SMTP with a template, a file attached, and shows it on the timeline', async () => {
    const w = world();
    const mailboxId = await sharedMailbox(w);
    const c = await customer(w, 'S1');
    const template = await w.as('admin', {
      method: 'POST',
      url: '/api/v1/email-templates',
      payload: { name: 'КП', language: 'ru', subject: 'Предложение для {{company.name}}', bodyHtml: '<p>Здравствуйте, {{contact.firstName}}!</p><p>Сумма: {{deal.amount}}</p><script>alert(1)</script>' },
    });
    expect(template.status).toBe(201);
    const unknown = await w.as('admin', { method: 'POST', url: '/api/v1/email-templates', payload: { name: 'bad', subject: '{{deal.secret}}' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('subject');
    const rendered = await w.as('managerA1', { method: 'POST', url: `/api/v1/email-templates/${template.body.id}/render`, payload: { object: 'deals', recordId: c.deal } });
    expect(rendered.status).toBe(200);
    expect(rendered.body.subject).toBe('Предложение для S1 ООО Ромашка');
    expect(rendered.body.html).toContain('Здравствуйте, Иван!');
    expect(rendered.body.html).toMatch(/42\s000,00\s₽/);
    expect(rendered.body.html).not.toContain('<script');

    const compose = await w.as('managerA1', { method: 'GET', url: `/api/v1/emails/compose?object=deals&recordId=${c.deal}` });
    expect(compose.body.recipients.map((recipient: { address: string }) => recipient.address)).toEqual([c.address, 'office-s1@client.test']);
    expect(compose.body.mailboxes.map((mailbox: { id: string }) => mailbox.id)).toContain(mailboxId);

    const a1 = (await loadActor(w.db, w.users.managerA1.id))!;
    const file = { body: await uploadFile({ db: w.db, actor: a1 }, { name: 'Прайс.txt', contentType: 'text/plain', content: Buffer.from('Прайс-лист 2026'), recordType: 'deals', recordId: c.deal }) };
    const queued = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/emails',
      payload: { mailboxId, object: 'deals', recordId: c.deal, to: [`Иван Петров <${c.address}>`], cc: ['office-s1@client.test'], subject: rendered.body.subject, html: rendered.body.html + '<img src=x onerror=alert(1)>', attachmentFileIds: [file.body.id], templateId: template.body.id },
    });
    expect(queued.status, JSON.stringify(queued.body)).toBe(202);
    expect(queued.body.status).toBe('queued');
    expect(queued.body.bodyHtml).not.toContain('onerror');
    const before = smtp.count;
    expect(await deliverEmail(w.database, queued.body.id)).toBe('sent');
    // A job delivered twice sends once.
    expect(await deliverEmail(w.database, queued.body.id)).toBe('skipped');
    const received = await smtp.waitFor(before + 1);
    const mail = await simpleParser(received[received.length - 1].raw);
    expect(mail.subject).toBe('Предложение для S1 ООО Ромашка');
    expect(mail.messageId).toBe(queued.body.messageId);
    expect(mail.html).toContain('Здравствуйте, Иван!');
    expect(mail.attachments.map((attachment) => [attachment.filename, attachment.content.toString()])).toEqual([['Прайс.txt', 'Прайс-лист 2026']]);
    expect(received[received.length - 1].to.sort()).toEqual([c.address, 'office-s1@client.test'].sort());

    const sent = await w.as('managerA1', { method: 'GET', url: `/api/v1/emails/${queued.body.id}` });
    expect(sent.body.status).toBe('sent');
    for (const [object, id] of [['deals', c.deal], ['contacts', c.contact], ['companies', c.company]]) {
      const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/${object}/${id}/timeline?kinds=email` });
      expect(timeline.status).toBe(200);
      expect(timeline.body.data.map((item: { kind: string; data: { subject: string; status: string } }) => [item.kind, item.data.subject, item.data.status])).toEqual([['email', 'Предложение для S1 ООО Ромашка', 'sent']]);
    }
    // A manager of another team reads neither the message nor the attachment.
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/emails/${queued.body.id}` })).status).toBe(404);
    const b1 = (await loadActor(w.db, w.users.managerB1.id))!;
    await expect(readAttachment(w.db, b1, file.body.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await w.as('head', { method: 'GET', url: `/api/v1/emails/${queued.body.id}` })).status).toBe(200);
  });

  it('rejects bad messages with the field named and queues nothing', async () => {
    const w = world();
    const mailboxId = await sharedMailbox(w);
    const c = await customer(w, 'S2');
    const foreign = await customer(w, 'S2F');
    const [{ before }] = await rows<{ before: number }>(w.db, sql`select count(*)::int as before from email_messages where workspace_id = ${w.workspaceId}`);
    const base = { mailboxId, object: 'deals', recordId: c.deal, to: [c.address], subject: 'Тема', html: '<p>Текст</p>' };
    const cases: [Record<string, unknown>, string, number][] = [
      [{ to: ['not an address'] }, 'to[0]', 400],
      [{ to: [] }, 'to', 400],
      [{ cc: [c.address, 'x@'] }, 'cc[1]', 400],
      [{ subject: '  ' }, 'subject', 400],
      [{ mailboxId: '00000000-0000-4000-8000-000000000000' }, 'mailboxId', 400],
      [{ object: 'tasks' }, 'object', 400],
      [{ attachmentFileIds: ['nope'] }, 'attachmentFileIds[0]', 400],
    ];
    for (const [patch, field, status] of cases) {
      const response = await w.as('managerA1', { method: 'POST', url: '/api/v1/emails', payload: { ...base, ...patch } });
      expect(response.status, JSON.stringify(patch)).toBe(status);
      expect(response.body.error.details[0].field, JSON.stringify(patch)).toBe(field);
    }
    // A deal of another manager answers 404, as everywhere.
    const other = await w.as('managerB1', { method: 'POST', url: '/api/v1/emails', payload: { ...base, recordId: foreign.deal } });
    expect(other.status).toBe(404);
    const [{ after }] = await rows<{ after: number }>(w.db, sql`select count(*)::int as after from email_messages where workspace_id = ${w.workspaceId}`);
    expect(after).toBe(before);
  });

  it('retries a failed send with backoff and fails it with the server\'s reason after the last attempt', async () => {
    const w = world();
    const port = await freePort();
    const created = await w.as('admin', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Мёртвый', emailAddress: 'dead@svyaz.test', shared: true, smtp: server(port, 'dead', 'x'), skipCheck: true } });
    expect(created.status).toBe(201);
    const c = await customer(w, 'S3');
    const queued = await w.as('managerA1', { method: 'POST', url: '/api/v1/emails', payload: { mailboxId: created.body.id, object: 'deals', recordId: c.deal, to: [c.address], subject: 'Не дойдёт', html: '<p>…</p>' } });
    expect(queued.status).toBe(202);
    const queue = recordingQueue();
    expect(await deliverEmail(w.database, queued.body.id, queue)).toBe('retrying');
    expect(await deliverEmail(w.database, queued.body.id, queue)).toBe('retrying');
    expect(queue.sent.map((job) => (job.options as { startAfter: number }).startAfter)).toEqual([30, 60]);
    expect(await deliverEmail(w.database, queued.body.id, queue)).toBe('failed');
    const failed = await w.as('managerA1', { method: 'GET', url: `/api/v1/emails/${queued.body.id}` });
    expect(failed.body).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.body.failureReason).toMatch(/connection failed/);
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/deals/${c.deal}/timeline?kinds=email` });
    expect(timeline.body.data[0].data).toMatchObject({ status: 'failed' });
    const notified = await rows<{ title: string }>(w.db, sql`select title from notifications where user_id = ${w.users.managerA1.id}::uuid and title like 'Email not sent%'`);
    expect(notified.length).toBe(1);
    const retried = await w.as('managerA1', { method: 'POST', url: `/api/v1/emails/${queued.body.id}/retry` });
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe('queued');
    const again = await w.as('managerA1', { method: 'POST', url: `/api/v1/emails/${queued.body.id}/retry` });
    expect(again.status).toBe(409);
  });

  it('syncs IMAP by UID without duplicates, threads replies onto the deal, and turns unknown senders into leads', async () => {
    const w = world();
    const mailboxId = await sharedMailbox(w, { unknownSendersToLeads: true, leadOwnerId: w.users.managerA2.id });
    const c = await customer(w, 'S4');
    const queued = await w.as('managerA1', { method: 'POST', url: '/api/v1/emails', payload: { mailboxId, object: 'deals', recordId: c.deal, to: [c.address], subject: 'КП на кофе', html: '<p>Предложение</p>' } });
    expect(await deliverEmail(w.database, queued.body.id)).toBe('sent');
    const sentId = queued.body.messageId as string;
    const tag = `${w.kind}-${Date.now()}`;
    await imap.appendMany(`sales-${w.kind}`, [
      rawMessage({ from: `Иван Петров <${c.address}>`, to: SALES, subject: 'Re: КП на кофе', text: 'Согласны, пришлите счёт', messageId: `<reply-${tag}@client.test>`, inReplyTo: sentId, references: [sentId], date: new Date(Date.now() + 2000) }),
      rawMessage({ from: `Новый Клиент <new-${tag}@stranger.test>`, to: SALES, subject: 'Хочу купить', text: 'Сколько стоит?', messageId: `<new-${tag}@stranger.test>` }),
    ]);
    const first = await syncMailbox(w.database, mailboxId);
    expect(first.folders[0].error).toBeUndefined();
    expect(first.leadsCreated).toBe(1);
    const second = await syncMailbox(w.database, mailboxId);
    expect(second.folders[0]).toMatchObject({ fetched: 0, stored: 0 });
    // Forgetting the folder state (a crash before it was saved) reads again and stores nothing twice.
    await w.db.execute(sql`delete from mailbox_folders where mailbox_id = ${mailboxId}::uuid`);
    const third = await syncMailbox(w.database, mailboxId);
    expect(third.folders[0].stored).toBe(0);
    const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from email_messages where mailbox_id = ${mailboxId}::uuid and message_id like ${`%${tag}%`}`);
    expect(count).toBe(2);

    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/deals/${c.deal}/timeline?kinds=email` });
    const items = timeline.body.data as { id: string; data: { subject: string; direction: string; threadId: string } }[];
    expect(items.map((item) => [item.data.direction, item.data.subject])).toEqual([['in', 'Re: КП на кофе'], ['out', 'КП на кофе']]);
    expect(items[0].data.threadId).toBe(items[1].data.threadId);
    const thread = await w.as('managerA1', { method: 'GET', url: `/api/v1/emails/${items[0].id}/thread` });
    expect(thread.body.data.map((message: { subject: string }) => message.subject)).toEqual(['КП на кофе', 'Re: КП на кофе']);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/emails/${items[0].id}` })).status).toBe(404);

    const [lead] = await rows<{ id: string; ownerId: string; title: string }>(w.db, sql`select id, owner_id as "ownerId", title from leads where workspace_id = ${w.workspaceId} and ${`new-${tag}@stranger.test`} = any(emails)`);
    expect(lead).toMatchObject({ ownerId: w.users.managerA2.id, title: 'Хочу купить' });
    const leadTimeline = await w.as('managerA2', { method: 'GET', url: `/api/v1/leads/${lead.id}/timeline?kinds=email` });
    expect(leadTimeline.body.data.map((item: { data: { subject: string } }) => item.data.subject)).toEqual(['Хочу купить']);
    // One email.received event per record a stored message belongs to (webhooks filter them by the record's rights).
    const events = await rows<{ object: string; recordId: string }>(w.db, sql`select object, record_id as "recordId" from domain_events where workspace_id = ${w.workspaceId} and type = 'email.received' order by object`);
    expect(events).toEqual([
      { object: 'companies', recordId: c.company },
      { object: 'contacts', recordId: c.contact },
      { object: 'deals', recordId: c.deal },
      { object: 'leads', recordId: lead.id },
    ]);
  });
});
