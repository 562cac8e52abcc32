// The job that sends queued messages over the mailbox's SMTP server with nodemailer. A message is
// claimed (attempts + 1) only while queued, so a redelivered job never sends twice; a failure is
// retried with exponential backoff (MAIL_RETRY_DELAY_SECONDS, doubling) and after MAX_SEND_ATTEMPTS
// the message is failed with the server's reason, which the timeline shows.
import { sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';
import { firstRow, type Database, type Db } from '../../db/client.js';
import { loadActor } from '../auth/auth.service.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { classifyMailError, smtpTransportOptions } from './mail-connection-check.js';
import { loadMailbox, smtpSettings, type MailboxRow } from './mailboxes.service.js';
import { readAttachment } from './email-files.js';
import { MAX_SEND_ATTEMPTS, type Address } from './emails.service.js';

export const sendPayload = z.object({ messageId: z.string().uuid() }).strict();

/** How many messages of one batch go out at once (each over one of the mailbox's pooled connections). */
const CONCURRENCY = 8;

function retryDelaySeconds(): number {
  const value = Number(process.env.MAIL_RETRY_DELAY_SECONDS);
  return Number.isInteger(value) && value >= 1 ? value : 30;
}

interface CachedTransport {
  key: string;
  transport: Transporter;
  timer: NodeJS.Timeout;
}
const transports = new Map<string, CachedTransport>();

/** One pooled transport per mailbox (rebuilt when its settings change), closed after a minute unused. */
export function transportFor(mailbox: MailboxRow): Transporter {
  const key = `${mailbox.updatedAt}`;
  const cached = transports.get(mailbox.id);
  if (cached && cached.key === key) {
    cached.timer.refresh();
    return cached.transport;
  }
  cached?.transport.close();
  if (cached) clearTimeout(cached.timer);
  const transport = nodemailer.createTransport(smtpTransportOptions(smtpSettings(mailbox), { pool: true, maxConnections: CONCURRENCY, maxMessages: 1000 }));
  const timer = setTimeout(() => {
    transport.close();
    transports.delete(mailbox.id);
  }, 60_000);
  timer.unref();
  transports.set(mailbox.id, { key, transport, timer });
  return transport;
}

/** Closes every pooled SMTP connection (tests, shutdown). */
export function closeMailTransports(): void {
  for (const cached of transports.values()) {
    clearTimeout(cached.timer);
    cached.transport.close();
  }
  transports.clear();
}

interface QueuedMessage {
  id: string;
  workspaceId: string;
  mailboxId: string;
  attempts: number;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string;
  fromName: string | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  bodyHtml: string;
  bodyText: string;
  attachments: { fileId: string; name: string; contentType: string }[];
  extraHeaders: Record<string, string> | null;
  createdBy: string | null;
}

const asNodemailerAddress = (item: Address) => ({ name: item.name ?? '', address: item.address });

async function claim(db: Db, id: string): Promise<QueuedMessage | undefined> {
  return firstRow<QueuedMessage>(
    db,
    sql`update email_messages set attempts = attempts + 1, updated_at = now() where id = ${id}::uuid and status = 'queued' and direction = 'out'
        returning id, workspace_id as "workspaceId", mailbox_id as "mailboxId", attempts, message_id as "messageId", in_reply_to as "inReplyTo", "references",
          from_address as "fromAddress", from_name as "fromName", to_addresses as "to", cc_addresses as "cc", bcc_addresses as "bcc",
          subject, body_html as "bodyHtml", body_text as "bodyText", attachments, extra_headers as "extraHeaders", created_by as "createdBy"`,
  );
}

function describeFailure(error: unknown): string {
  const { reason, text } = classifyMailError(error);
  const label = { dns: 'DNS lookup failed', connection: 'connection failed', tls: 'TLS failure', auth: 'authentication failed', timeout: 'timeout', protocol: 'SMTP error' }[reason];
  return `${label}: ${text}`.slice(0, 1000);
}

export async function deliverEmail(database: Database, messageId: string, queue?: JobQueue): Promise<'sent' | 'retrying' | 'failed' | 'skipped'> {
  const db = database.db;
  const message = await claim(db, messageId);
  if (!message) return 'skipped';
  try {
    const mailbox = await loadMailbox(db, message.mailboxId);
    if (!mailbox) throw new Error('the mailbox was deleted');
    const attachments = [];
    if (message.attachments.length) {
      const actor = message.createdBy ? await loadActor(db, message.createdBy) : undefined;
      if (!actor) throw new Error('the sender no longer exists, so the attachments cannot be read');
      for (const attachment of message.attachments) {
        const file = await readAttachment(db, actor, attachment.fileId);
        attachments.push({ filename: attachment.name, contentType: attachment.contentType, content: file.content });
      }
    }
    await transportFor(mailbox).sendMail({
      from: message.fromName ? { name: message.fromName, address: message.fromAddress } : message.fromAddress,
      to: message.to.map(asNodemailerAddress),
      cc: message.cc.length ? message.cc.map(asNodemailerAddress) : undefined,
      bcc: message.bcc.length ? message.bcc.map(asNodemailerAddress) : undefined,
      subject: message.subject,
      html: message.bodyHtml,
      text: message.bodyText,
      messageId: message.messageId,
      inReplyTo: message.inReplyTo ?? undefined,
      references: message.references.length ? message.references : undefined,
      headers: message.extraHeaders ?? undefined,
      attachments,
    });
    await db.execute(sql`update email_messages set status = 'sent', sent_at = now(), failure_reason = null, updated_at = now() where id = ${message.id}::uuid`);
    return 'sent';
  } catch (error) {
    const reason = describeFailure(error);
    if (message.attempts >= MAX_SEND_ATTEMPTS || !queue) {
      await db.execute(sql`update email_messages set status = 'failed', failure_reason = ${reason}, updated_at = now() where id = ${message.id}::uuid`);
      if (message.createdBy) await notifyFailure(db, message, reason);
      return 'failed';
    }
    const delay = retryDelaySeconds() * 2 ** (message.attempts - 1);
    await db.execute(sql`update email_messages set failure_reason = ${`attempt ${message.attempts} of ${MAX_SEND_ATTEMPTS} failed, retrying in ${delay} s: ${reason}`}, updated_at = now() where id = ${message.id}::uuid`);
    await queue.enqueue('email-send', { messageId: message.id }, { startAfter: delay });
    return 'retrying';
  }
}

async function notifyFailure(db: Db, message: QueuedMessage, reason: string): Promise<void> {
  const { notifyUsers } = await import('../notifications/notifications.service.js');
  const link = await firstRow<{ recordType: string; recordId: string }>(db, sql`select record_type as "recordType", record_id as "recordId" from email_message_links where message_id = ${message.id}::uuid order by record_type = 'companies' limit 1`);
  await notifyUsers(db, [{ workspaceId: message.workspaceId, userId: message.createdBy!, kind: 'system', title: `Email not sent: ${message.subject}`, body: reason, recordType: link?.recordType.replace(/ies$/, 'y').replace(/s$/, '') ?? null, recordId: link?.recordId ?? null }]).catch(() => undefined);
}

/** A batch of send jobs, CONCURRENCY at a time; one message's failure never fails the others. */
export async function deliverEmails(database: Database, items: unknown[], queue: JobQueue): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let next = 0;
  const ids = items.map((item) => sendPayload.parse(item).messageId);
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, ids.length) }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const outcome = await deliverEmail(database, id, queue).catch(() => 'error');
        counts[outcome] = (counts[outcome] ?? 0) + 1;
      }
    }),
  );
  return counts;
}
