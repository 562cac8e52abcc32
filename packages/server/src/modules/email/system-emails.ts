// Messages the CRM writes itself (survey invitations, scheduled reports): stored as queued outgoing email_messages with
// their record links, in the caller's transaction, so the ordinary email-send job delivers them, they
// show on the records' timelines, and a failure is reported like any other message's.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { htmlToText } from './email-html.js';
import { insertLinks } from './email-matching.js';
import type { MailboxRow } from './mailboxes.service.js';

export interface SystemEmail {
  to: { address: string; name: string | null }[];
  subject: string;
  /** Trusted HTML built by the server (not sanitised again). */
  html: string;
  links: { recordType: string; recordId: string }[];
  /** Stored files (created by `createdBy`, who must be able to read them when the message is sent). */
  attachments?: { fileId: string; name: string; contentType: string; size: number }[];
  /** Extra headers sent as they are (List-Unsubscribe of marketing mail). */
  headers?: Record<string, string>;
}

/** Inserts the messages (one statement) and their links; returns their ids in order. Enqueue `email-send` after commit. */
export async function queueSystemEmails(tx: Db, from: { workspaceId: string; mailbox: Pick<MailboxRow, 'id' | 'emailAddress' | 'displayName'>; createdBy: string | null }, emails: SystemEmail[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const domain = from.mailbox.emailAddress.split('@')[1] ?? 'svyaz.local';
  const items = emails.map((email) => ({ id: randomUUID(), message_id: `<${randomUUID()}@${domain}>`, to_addresses: email.to, subject: email.subject, body_html: email.html, body_text: htmlToText(email.html), attachments: email.attachments ?? [], extra_headers: email.headers ?? null }));
  await tx.execute(sql`insert into email_messages (id, workspace_id, mailbox_id, direction, status, message_id, from_address, from_name, to_addresses, subject, body_html, body_text, attachments, extra_headers, created_by)
    select x.id, ${from.workspaceId}::uuid, ${from.mailbox.id}::uuid, 'out', 'queued', x.message_id, ${from.mailbox.emailAddress}, ${from.mailbox.displayName ?? null}, x.to_addresses, x.subject, x.body_html, x.body_text, x.attachments, x.extra_headers, ${from.createdBy}::uuid
    from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(id uuid, message_id text, to_addresses jsonb, subject text, body_html text, body_text text, attachments jsonb, extra_headers jsonb)`);
  await insertLinks(tx, from.workspaceId, emails.flatMap((email, index) => email.links.map((link) => ({ messageId: items[index].id, ...link }))));
  return items.map((item) => item.id);
}
