// Incoming customer messages: from a support mailbox's IMAP sync or from POST /cases/inbound (an email-like
// payload). The sender is matched to contacts and companies by address as the email module matches; the
// message joins the open case of its thread (In-Reply-To/References of a message already linked to a case, or
// "[SD-000123]" in the subject), otherwise a routed case is opened. The message is stored as an email linked
// to the case, so the conversation is on the case's timeline and an agent's reply threads with it.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { caseInboundSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { findThreadParents, insertLinks, matchAddresses, uniqueLinks, type RecordLink } from '../email/email-matching.js';
import { htmlToText, sanitizeEmailHtml, textToHtml } from '../email/email-html.js';
import { recordEmailReceived } from '../email/email-events.js';
import { CASE_NUMBER_PREFIX } from './cases.definition.js';
import { createChannelCase, recordCustomerMessage } from './cases.service.js';

export interface IncomingMessage {
  from: string;
  fromName: string | null;
  subject: string;
  html: string;
  /** In-Reply-To and References, newest last. */
  references: string[];
  /** Records the email module already linked the message to (its thread's records included). */
  links: RecordLink[];
  channel: 'email' | 'portal' | 'web_form';
  category?: string;
  priority?: string;
  defaultQueueId: string | null;
}

const numberInSubject = new RegExp(`\\[(${CASE_NUMBER_PREFIX}\\d{6,15})\\]`);

/** The open case the message belongs to, if any: by thread first, then by the number in the subject. */
async function threadCase(tx: Db, workspaceId: string, message: IncomingMessage): Promise<string | null> {
  const linked = message.links.filter((link) => (link.recordType as string) === 'cases').map((link) => link.recordId);
  const number = numberInSubject.exec(message.subject)?.[1] ?? null;
  if (linked.length === 0 && !number) return null;
  const found = await firstRow<{ id: string }>(
    tx,
    sql`select id from cases where workspace_id = ${workspaceId} and deleted_at is null and status <> 'closed'
          and (id = any(${pgArrayLiteral(linked)}::uuid[]) or number = ${number})
        order by (id = any(${pgArrayLiteral(linked)}::uuid[])) desc, created_at desc limit 1`,
  );
  return found?.id ?? null;
}

/** Finds or opens the case of an incoming message (inside the caller's transaction). */
export async function caseForIncomingMessage(ctx: Ctx, tx: Db, message: IncomingMessage): Promise<{ caseId: string; created: boolean }> {
  const existing = await threadCase(tx, ctx.actor.workspaceId, message);
  if (existing) {
    await recordCustomerMessage(ctx, tx, existing);
    return { caseId: existing, created: false };
  }
  const contactId = message.links.find((link) => link.recordType === 'contacts')?.recordId ?? null;
  const companyId = message.links.find((link) => link.recordType === 'companies')?.recordId ?? null;
  const created = await createChannelCase(ctx, tx, {
    subject: message.subject.trim() || `${message.fromName ?? message.from}`,
    description: message.html,
    channel: message.channel,
    category: message.category,
    priority: message.priority,
    contactId,
    companyId,
    requesterEmail: message.from,
    defaultQueueId: message.defaultQueueId,
  });
  await tx.execute(sql`update cases set last_customer_message_at = now() where id = ${created.id as string}::uuid`);
  return { caseId: created.id as string, created: true };
}

interface SupportMailbox {
  id: string;
  emailAddress: string;
  supportQueueId: string | null;
}

/** POST /cases/inbound: stores the message in a support mailbox and files it on its case. */
export async function receiveInboundMessage(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'cases', 'create');
  const input = parseBody(caseInboundSchema, body);
  const ws = ctx.actor.workspaceId;
  if (input.mailboxId !== undefined && !isUuid(input.mailboxId)) throw invalid('mailboxId', 'is not a support mailbox of this workspace');
  const mailbox = await firstRow<SupportMailbox>(
    ctx.db,
    sql`select id, email_address as "emailAddress", support_queue_id as "supportQueueId" from mailboxes
        where workspace_id = ${ws} and is_support ${input.mailboxId ? sql`and id = ${input.mailboxId}::uuid` : sql``} order by created_at limit 1`,
  );
  if (!mailbox) throw invalid('mailboxId', input.mailboxId ? 'is not a support mailbox of this workspace' : 'no mailbox is marked as support: mark one in Settings → Email');
  const html = input.html ? sanitizeEmailHtml(input.html) : textToHtml(input.text ?? '');
  const messageId = input.messageId ?? `<${randomUUID()}@inbound.svyaz>`;
  const references = [...new Set([...(input.references ?? []), ...(input.inReplyTo ? [input.inReplyTo] : [])].filter(Boolean))];
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const duplicate = await firstRow<{ caseId: string }>(
      tx,
      sql`select l.record_id as "caseId" from email_messages m join email_message_links l on l.message_id = m.id and l.record_type = 'cases'
          where m.mailbox_id = ${mailbox.id}::uuid and m.message_id = ${messageId} limit 1`,
    );
    if (duplicate) return { caseId: duplicate.caseId, created: false, duplicate: true, emailId: null };
    const matched = await matchAddresses(tx, ws, [input.from]);
    const parents = await findThreadParents(tx, ws, references);
    const parent = references.map((ref) => parents.get(ref)).filter(Boolean).pop();
    const links = uniqueLinks([...(matched.byAddress.get(input.from) ?? []), ...(parent?.links ?? [])]);
    const { caseId, created } = await caseForIncomingMessage(ctx, tx, {
      from: input.from,
      fromName: input.fromName ?? null,
      subject: input.subject ?? '',
      html,
      references,
      links,
      channel: input.channel ?? 'email',
      category: input.category,
      priority: input.priority,
      defaultQueueId: mailbox.supportQueueId,
    });
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into email_messages (workspace_id, mailbox_id, direction, status, message_id, in_reply_to, "references", thread_id, from_address, from_name,
            to_addresses, subject, body_html, body_text, occurred_at)
          values (${ws}, ${mailbox.id}, 'in', 'received', ${messageId}, ${input.inReplyTo ?? null}, ${pgArrayLiteral(references)}::text[], ${parent?.threadId ?? null},
            ${input.from}, ${input.fromName ?? null}, ${JSON.stringify([{ address: mailbox.emailAddress, name: null }])}::jsonb, ${input.subject ?? ''}, ${html},
            ${(input.text ?? htmlToText(html)).slice(0, 200_000)}, now())
          returning id`,
    );
    const allLinks = uniqueLinks([...links, { recordType: 'cases', recordId: caseId }]);
    await insertLinks(tx, ws, allLinks.map((link) => ({ messageId: row.id, ...link })));
    await recordEmailReceived(tx, ws, [{ id: row.id, links: allLinks, subject: input.subject ?? '', from: input.from }]);
    return { caseId, created, duplicate: false, emailId: row.id };
  });
}
