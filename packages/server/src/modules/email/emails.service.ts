// Writing email from a record: the compose dialog's suggestions, queueing a message (sent by the
// job in email-delivery.ts), reading a message and its thread, and sending a failed one again.
import { randomUUID } from 'node:crypto';
import { recordCaseResponse } from '../cases/cases.service.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { normaliseEmail } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { parseBody } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { htmlToText, sanitizeEmailHtml } from './email-html.js';
import { loadRecordContext } from './email-records.js';
import { messageVisible } from './email-access.js';
import { insertLinks, matchAddresses, uniqueLinks } from './email-matching.js';
import { readAttachment } from './email-files.js';
import { listMailboxes, usableMailbox } from './mailboxes.service.js';
import { getTemplate } from './email-templates.service.js';

export const MAX_SEND_ATTEMPTS = 3;
const MAX_ATTACHMENTS_BYTES = 20 * 1024 * 1024;

export interface Address {
  address: string;
  name: string | null;
}

const addressSchema = z.union([z.string(), z.object({ address: z.string(), name: z.string().max(200).nullable().optional() })]);
const addressList = z.array(addressSchema).max(100);

export const sendEmailSchema = z.strictObject({
  mailboxId: z.string(),
  object: z.string(),
  recordId: z.string(),
  to: addressList.min(1, 'needs at least one address'),
  cc: addressList.optional(),
  bcc: addressList.optional(),
  subject: z.string().trim().min(1, 'is required').max(500),
  html: z.string().max(1_000_000),
  attachmentFileIds: z.array(z.string()).max(20).optional(),
  templateId: z.string().nullable().optional(),
  /** The message (an id from the timeline) this one answers: threads it and keeps its records. */
  replyToEmailId: z.string().nullable().optional(),
});

/** "Name <a@b.c>", "a@b.c" or { address, name } → normalised, or a 400 naming the list and position. */
export function parseAddresses(field: string, list: z.infer<typeof addressList> | undefined): Address[] {
  return (list ?? []).map((item, index) => {
    const raw = typeof item === 'string' ? item : item.address;
    const named = typeof item === 'string' ? /^\s*"?([^"<]*)"?\s*<([^>]+)>\s*$/.exec(item) : null;
    const address = normaliseEmail(named ? named[2] : raw);
    if (!address) throw invalid(`${field}[${index}]`, `"${raw}" is not an email address`);
    const name = typeof item === 'string' ? (named?.[1].trim() || null) : (item.name ?? null);
    return { address, name };
  });
}

export async function proposeRecipients(ctx: Ctx, query: Record<string, unknown>) {
  const context = await loadRecordContext(ctx, String(query.object ?? ''), String(query.recordId ?? ''));
  const mailboxes = await listMailboxes(ctx);
  return { recipients: context.recipients, mailboxes: mailboxes.data.map((mailbox) => ({ id: mailbox.id, name: mailbox.name, emailAddress: mailbox.emailAddress, shared: mailbox.shared })) };
}

const messageColumns = sql`m.id, m.mailbox_id as "mailboxId", m.direction, m.status, m.failure_reason as "failureReason", m.attempts, m.message_id as "messageId",
  m.in_reply_to as "inReplyTo", m.thread_id as "threadId", m.from_address as "fromAddress", m.from_name as "fromName",
  m.to_addresses as "to", m.cc_addresses as "cc", m.bcc_addresses as "bcc", m.subject, m.body_html as "bodyHtml", m.body_text as "bodyText",
  m.attachments, m.occurred_at as "occurredAt", m.sent_at as "sentAt", m.created_by as "createdBy", m.created_at as "createdAt",
  (select jsonb_agg(jsonb_build_object('recordType', l.record_type, 'recordId', l.record_id)) from email_message_links l where l.message_id = m.id) as links`;

export async function queueEmail(ctx: Ctx, jobs: JobQueue, body: unknown) {
  const input = parseBody(sendEmailSchema, body);
  const mailbox = await usableMailbox(ctx, input.mailboxId);
  const context = await loadRecordContext(ctx, input.object, input.recordId);
  const to = parseAddresses('to', input.to);
  const cc = parseAddresses('cc', input.cc);
  const bcc = parseAddresses('bcc', input.bcc);
  if (input.templateId) await getTemplate(ctx, input.templateId);
  const html = sanitizeEmailHtml(input.html);
  // Every attachment must be a stored file the sender may read (404 from the files module otherwise).
  const attachments: { fileId: string; name: string; contentType: string; size: number }[] = [];
  for (const [index, fileId] of (input.attachmentFileIds ?? []).entries()) {
    if (!isUuid(fileId)) throw invalid(`attachmentFileIds[${index}]`, 'is not a file id');
    const file = await readAttachment(ctx.db, ctx.actor, fileId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw invalid(`attachmentFileIds[${index}]`, 'is not a file you may read');
      throw error;
    });
    attachments.push({ fileId, name: file.name, contentType: file.contentType, size: file.size });
  }
  if (attachments.reduce((sum, file) => sum + file.size, 0) > MAX_ATTACHMENTS_BYTES) throw invalid('attachmentFileIds', 'attachments may add up to 20 MB');
  let parent: { id: string; threadId: string | null; messageId: string | null; references: string[]; links: { recordType: string; recordId: string }[] | null } | undefined;
  if (input.replyToEmailId) {
    if (!isUuid(input.replyToEmailId)) throw invalid('replyToEmailId', 'is not an email you may read');
    parent = await firstRow(ctx.db, sql`select m.id, m.thread_id as "threadId", m.message_id as "messageId", m."references",
        (select jsonb_agg(jsonb_build_object('recordType', l.record_type, 'recordId', l.record_id)) from email_message_links l where l.message_id = m.id) as links
      from email_messages m where m.id = ${input.replyToEmailId}::uuid and ${messageVisible(ctx.actor)}`);
    if (!parent) throw invalid('replyToEmailId', 'is not an email you may read');
  }
  const domain = mailbox.emailAddress.split('@')[1] ?? 'svyaz.local';
  const messageId = `<${randomUUID()}@${domain}>`;
  const matched = await matchAddresses(ctx.db, ctx.actor.workspaceId, [...to, ...cc, ...bcc].map((item) => item.address));
  const links = uniqueLinks([...context.links, ...[...matched.byAddress.values()].flat(), ...((parent?.links ?? []) as typeof context.links)]);
  const message = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into email_messages (workspace_id, mailbox_id, direction, status, message_id, in_reply_to, "references", thread_id, from_address, from_name,
            to_addresses, cc_addresses, bcc_addresses, subject, body_html, body_text, attachments, template_id, created_by)
          values (${ctx.actor.workspaceId}, ${mailbox.id}, 'out', 'queued', ${messageId}, ${parent?.messageId ?? null},
            ${pgArrayLiteral([...(parent?.references ?? []), ...(parent?.messageId ? [parent.messageId] : [])])}::text[],
            ${parent ? (parent.threadId ?? parent.id) : null}, ${mailbox.emailAddress}, ${mailbox.displayName ?? null},
            ${JSON.stringify(to)}::jsonb, ${JSON.stringify(cc)}::jsonb, ${JSON.stringify(bcc)}::jsonb, ${input.subject}, ${html}, ${htmlToText(html)},
            ${JSON.stringify(attachments)}::jsonb, ${input.templateId ?? null}, ${ctx.actor.userId})
          returning id`,
    );
    await insertLinks(tx, ctx.actor.workspaceId, links.map((link) => ({ messageId: row.id, ...link })));
    // A reply written from a service desk case is the case's (first) response.
    if (context.object === 'cases') await recordCaseResponse(tx, ctx.actor.workspaceId, context.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'email', recordId: row.id, action: 'create', meta: { subject: input.subject, to: to.map((item) => item.address), object: context.object, recordId: context.id } }]);
    return row;
  });
  await enqueueDelivery(ctx.db, jobs, message.id);
  return getEmail(ctx, message.id);
}

/** Hands a queued message to the job; if the queue refuses, the message is failed with the reason, never left queued. */
async function enqueueDelivery(db: Db, jobs: JobQueue, id: string): Promise<void> {
  try {
    await jobs.enqueue('email-send', { messageId: id });
  } catch (error) {
    await db.execute(sql`update email_messages set status = 'failed', failure_reason = ${`could not be queued: ${(error as Error).message}`}, updated_at = now() where id = ${id}::uuid`);
  }
}

export async function getEmail(ctx: Ctx, id: string) {
  if (!isUuid(id)) throw notFound('email', id);
  const message = await firstRow<Record<string, unknown>>(ctx.db, sql`select ${messageColumns} from email_messages m where m.id = ${id}::uuid and ${messageVisible(ctx.actor)}`);
  if (!message) throw notFound('email', id);
  return message;
}

/** The message and every message of its thread the actor may see, oldest first. */
export async function getEmailThread(ctx: Ctx, id: string) {
  const message = await getEmail(ctx, id);
  const threadId = (message.threadId as string | null) ?? (message.id as string);
  const thread = await rows(ctx.db, sql`select ${messageColumns} from email_messages m where (m.id = ${threadId}::uuid or m.thread_id = ${threadId}::uuid) and ${messageVisible(ctx.actor)} order by m.occurred_at, m.id limit 200`);
  return { data: thread };
}

/** Sends a failed outgoing message again (the sender or anyone who may see it and use its mailbox). */
export async function retryEmail(ctx: Ctx, jobs: JobQueue, id: string) {
  const message = await getEmail(ctx, id);
  if (message.direction !== 'out' || message.status !== 'failed') throw new AppError('CONFLICT', { message: 'Only a failed outgoing email can be sent again', details: [{ field: 'status', problem: `is ${String(message.status)}` }] });
  await usableMailbox(ctx, message.mailboxId as string);
  await ctx.db.execute(sql`update email_messages set status = 'queued', attempts = 0, failure_reason = null, updated_at = now() where id = ${id}::uuid and status = 'failed'`);
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'email', recordId: id, action: 'update', changes: { status: { from: 'failed', to: 'queued' } } }]);
  await enqueueDelivery(ctx.db, jobs, id);
  return getEmail(ctx, id);
}
