// Bounces that come back as mail: a campaign goes out through the real loopback SMTP server, the remote MTA's
// delivery status notification lands in the sending mailbox on a real Dovecot, and the IMAP sync marks the
// recipient bounced, suppresses the address and writes the event on the contact's timeline, while a temporary
// failure changes nothing and the mail system opens no lead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { dovecotAvailable, startDovecot, startSmtpServer, type TestDovecot, type TestSmtpServer } from '../../test/mail-servers.js';
import { closeMailTransports } from '../email/email-delivery.js';
import { syncMailbox } from '../email/imap-sync.js';
import { runCampaign } from './campaign-sender.js';
import { deliveryFailuresOf } from './campaign-bounces.js';

let smtp: TestSmtpServer;
let imap: TestDovecot;
const LOGIN = 'bounces@svyaz.test';
let previousRate: string | undefined;

beforeAll(async () => {
  if (!dovecotAvailable() && process.env.CI) throw new Error('Dovecot (/usr/sbin/dovecot) is required under CI: .ci/run installs dovecot-imapd');
  previousRate = process.env.CAMPAIGN_PER_MINUTE;
  process.env.CAMPAIGN_PER_MINUTE = '60000';
  smtp = await startSmtpServer({ [LOGIN]: 'smtp-secret' });
  imap = await startDovecot({ 'news-pglite': 'imap-secret', 'news-postgres': 'imap-secret' });
});
afterAll(async () => {
  if (previousRate === undefined) delete process.env.CAMPAIGN_PER_MINUTE;
  else process.env.CAMPAIGN_PER_MINUTE = previousRate;
  closeMailTransports();
  await smtp?.stop();
  await imap?.stop();
});

/** A delivery status notification as Postfix writes one, returning the headers of the failed message. */
function deliveryReport(input: { to: string; recipient: string; status: string; action: string; originalMessageId: string; id: string; returnFullMessage?: boolean }): string {
  const returned = [`From: ${input.to}`, `To: ${input.recipient}`, 'Subject: Зимние шины', `Message-ID: ${input.originalMessageId}`].join('\r\n');
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.client.test>',
    `To: ${input.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <${input.id}@mx.client.test>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="REPORT"',
    '',
    '--REPORT',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.client.test. Your message could not be delivered.',
    '',
    '--REPORT',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.client.test',
    '',
    `Final-Recipient: rfc822; ${input.recipient}`,
    `Action: ${input.action}`,
    `Status: ${input.status}`,
    `Diagnostic-Code: smtp; ${input.status.startsWith('5') ? '550' : '452'} ${input.status} <${input.recipient}>: Recipient address`,
    '    rejected: User unknown in virtual mailbox table',
    '',
    '--REPORT',
    `Content-Type: ${input.returnFullMessage ? 'message/rfc822' : 'text/rfc822-headers'}`,
    '',
    returned,
    ...(input.returnFullMessage ? ['', 'Здравствуйте!'] : []),
    '',
    '--REPORT--',
    '',
  ].join('\r\n');
}

describe('delivery status notifications', () => {
  it('reads each recipient’s action, status, diagnostic and the returned message’s Message-ID; any other mail is not a report', async () => {
    const hard = await simpleParser(deliveryReport({ to: 'news@shop.test', recipient: 'Gone@Client.test', status: '5.1.1', action: 'failed', originalMessageId: '<m-1@shop.test>', id: 'd1', returnFullMessage: true }));
    expect(deliveryFailuresOf(hard)).toEqual([
      { recipient: 'gone@client.test', action: 'failed', status: '5.1.1', diagnostic: 'smtp; 550 5.1.1 <Gone@Client.test>: Recipient address rejected: User unknown in virtual mailbox table', originalMessageId: '<m-1@shop.test>', permanent: true },
    ]);
    const soft = await simpleParser(deliveryReport({ to: 'news@shop.test', recipient: 'full@client.test', status: '4.2.2', action: 'delayed', originalMessageId: '<m-2@shop.test>', id: 'd2' }));
    expect(deliveryFailuresOf(soft)).toMatchObject([{ recipient: 'full@client.test', permanent: false, originalMessageId: '<m-2@shop.test>' }]);
    const plain = await simpleParser('From: a@b.test\r\nTo: c@d.test\r\nSubject: Status: 5.1.1\r\n\r\nFinal-Recipient: rfc822; x@y.test\r\nAction: failed\r\nStatus: 5.1.1\r\n');
    expect(deliveryFailuresOf(plain)).toEqual([]);
  });
});

describeWithWorld('campaign bounces by mail', (world) => {
  async function mailbox(w: TestWorld) {
    const created = await w.as('admin', {
      method: 'POST',
      url: '/api/v1/mailboxes',
      payload: {
        name: `Рассылки ${w.kind}`, emailAddress: `news-${w.kind}@shop.test`, shared: true, unknownSendersToLeads: true, leadOwnerId: w.users.managerA1.id,
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: LOGIN, password: 'smtp-secret' },
        imap: { host: '127.0.0.1', port: imap.port, security: 'none', login: `news-${w.kind}`, password: 'imap-secret' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  }

  it('a hard bounce report marks the recipient bounced, suppresses the address and shows on the timeline; a delay changes nothing', async () => {
    const w = world();
    const box = await mailbox(w);
    const people: { id: string; email: string }[] = [];
    for (const name of ['gone', 'full', 'fine']) {
      const email = `${name}-${w.kind}-${Date.now().toString(36)}@client.test`;
      const created = await w.as('managerA1', { method: 'POST', url: '/api/v1/contacts?force=true', payload: { firstName: 'Анна', lastName: name, emails: [email], marketingConsent: true } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      people.push({ id: created.body.id, email });
    }
    const created = await w.as('managerA1', {
      method: 'POST',
      url: '/api/v1/campaigns',
      payload: { name: 'Зима', mailboxId: box, subject: 'Зимние шины', blocks: [{ type: 'text', text: 'Здравствуйте, {{contact.firstName}}!' }], audience: { kind: 'contacts', contactIds: people.map((p) => p.id) } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const campaignId = created.body.id as string;
    expect((await w.as('managerA1', { method: 'POST', url: `/api/v1/campaigns/${campaignId}/start`, payload: {} })).status).toBe(200);
    expect(await runCampaign(w.database, campaignId)).toMatchObject({ state: 'sent', sent: 3 });
    const messageIdOf = async (email: string) => {
      const mail = smtp.received.find((item) => item.to.includes(email))!;
      return (await simpleParser(mail.raw)).messageId!;
    };

    const leadsBefore = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from leads where workspace_id = ${w.workspaceId}::uuid`);
    await imap.append(`news-${w.kind}`, deliveryReport({ to: `news-${w.kind}@shop.test`, recipient: people[0]!.email, status: '5.1.1', action: 'failed', originalMessageId: await messageIdOf(people[0]!.email), id: `hard-${w.kind}` }));
    await imap.append(`news-${w.kind}`, deliveryReport({ to: `news-${w.kind}@shop.test`, recipient: people[1]!.email, status: '4.2.2', action: 'delayed', originalMessageId: await messageIdOf(people[1]!.email), id: `soft-${w.kind}` }));
    const synced = await syncMailbox(w.database, box);
    expect(synced.bouncesRecorded).toBe(1);

    const report = await w.as('managerA1', { method: 'GET', url: `/api/v1/campaigns/${campaignId}/report` });
    expect(report.body).toMatchObject({ attempted: 3, sent: 2, delivered: 2, bounced: 1 });
    const suppressed = await w.as('admin', { method: 'GET', url: '/api/v1/email-suppressions' });
    const addresses = suppressed.body.data.map((row: { address: string; reason: string }) => `${row.address}:${row.reason}`);
    expect(addresses).toContain(`${people[0]!.email}:bounced`);
    expect(addresses).not.toContain(`${people[1]!.email}:bounced`);
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${people[0]!.id}/timeline?kinds=campaign` });
    expect(timeline.body.data.map((item: { data: { event: string } }) => item.data.event)).toEqual(['bounced', 'sent']);
    // The mail system is not a prospect: the reports opened no lead although the mailbox turns unknown senders into leads.
    const leadsAfter = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from leads where workspace_id = ${w.workspaceId}::uuid`);
    expect(leadsAfter[0]!.count).toBe(leadsBefore[0]!.count);

    // Syncing again (or the same report twice) bounces nobody twice.
    await imap.append(`news-${w.kind}`, deliveryReport({ to: `news-${w.kind}@shop.test`, recipient: people[0]!.email, status: '5.1.1', action: 'failed', originalMessageId: await messageIdOf(people[0]!.email), id: `again-${w.kind}` }));
    expect((await syncMailbox(w.database, box)).bouncesRecorded ?? 0).toBe(0);
    const events = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from campaign_events where campaign_id = ${campaignId}::uuid and kind = 'bounced'`);
    expect(events[0]!.count).toBe(1);
  });
});
