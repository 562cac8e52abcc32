// Bounces that arrive later as mail (RFC 3464 delivery status notifications): the receiving server accepted the
// message at RCPT TO and its MTA sent a "multipart/report; report-type=delivery-status" back to the sender's
// mailbox. The IMAP sync hands each such report here in the chunk's transaction. A permanent failure (Action:
// failed, Status 5.x.x) of a campaign message marks that recipient bounced (the report counts it), writes a
// 'bounced' event on the contact's timeline and suppresses the address, exactly as a refusal at RCPT TO does in
// the sender. The campaign message is found by the Message-ID quoted in the report's returned headers, else by
// the failed address among the last 30 days' sent campaign mail. Temporary failures (4.x.x, Action: delayed)
// change nothing: the remote server is still trying.
import { sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { rows, type Db } from '../../db/client.js';
import { normaliseEmail } from '@svyaz/shared';

export interface DeliveryFailure {
  recipient: string;
  action: string;
  status: string;
  diagnostic: string | null;
  originalMessageId: string | null;
  permanent: boolean;
}

/** Whether a parsed message is a delivery status notification. */
export function isDeliveryReport(mail: ParsedMail): boolean {
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return contentType?.value?.toLowerCase() === 'multipart/report' && contentType.params?.['report-type']?.toLowerCase() === 'delivery-status';
}

/** Unfolds header-style lines ("Name: value" with indented continuations) into lowercase name → value. */
function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | null = null;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    const match = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
    if (!match) continue;
    last = match[1]!.toLowerCase();
    fields.set(last, match[2]!.trim());
  }
  return fields;
}

/** "rfc822; user@example.org" → "user@example.org" */
function addressOf(value: string | undefined): string | null {
  if (!value) return null;
  const address = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  return normaliseEmail(address.trim().replace(/^<|>$/g, '')) || null;
}

/**
 * The per-recipient failures of a delivery status notification, [] for any other message. mailparser merges the
 * message/delivery-status part into the text and gives the returned message (message/rfc822 or
 * text/rfc822-headers) as an attachment, so the fields are read from the text's blocks.
 */
export function deliveryFailuresOf(mail: ParsedMail): DeliveryFailure[] {
  if (!isDeliveryReport(mail)) return [];
  const returned = (mail.attachments ?? []).find((attachment) => /^(message\/rfc822|text\/rfc822-headers|message\/global-headers)$/i.test(attachment.contentType));
  const headerPart = returned ? returned.content.toString('utf8').split(/\r?\n\r?\n/)[0] ?? '' : '';
  const originalMessageId = fieldsOf(headerPart).get('message-id')?.trim() ?? null;
  const failures: DeliveryFailure[] = [];
  for (const block of (mail.text ?? '').split(/\r?\n[ \t]*\r?\n/)) {
    const fields = fieldsOf(block);
    const recipient = addressOf(fields.get('final-recipient')) ?? addressOf(fields.get('original-recipient'));
    const action = fields.get('action')?.toLowerCase();
    const status = fields.get('status');
    if (!recipient || !action || !status) continue;
    failures.push({
      recipient,
      action,
      status,
      diagnostic: fields.get('diagnostic-code') ?? null,
      originalMessageId: originalMessageId || null,
      permanent: action === 'failed' && status.startsWith('5'),
    });
  }
  return failures;
}

/** Marks the campaign recipients of permanent failures bounced; returns how many were marked. */
export async function recordDeliveryFailures(tx: Db, workspaceId: string, failures: DeliveryFailure[]): Promise<number> {
  const permanent = failures.filter((failure) => failure.permanent);
  if (!permanent.length) return 0;
  const payload = JSON.stringify(permanent.map((failure) => ({ email: failure.recipient, message_id: failure.originalMessageId, reason: `${failure.status} ${failure.diagnostic ?? ''}`.trim().slice(0, 500) })));
  const marked = await rows<{ id: string }>(
    tx,
    sql`with failure as (
          select x.email, x.message_id, x.reason from jsonb_to_recordset(${payload}::jsonb) as x(email text, message_id text, reason text)
        ), target as (
          select distinct on (r.id) r.id, r.campaign_id, r.contact_id, r.email, f.reason
          from failure f
          join lateral (
            select r.* from campaign_recipients r
            where r.workspace_id = ${workspaceId}::uuid and r.status = 'sent' and lower(r.email) = f.email
              and (r.message_id = f.message_id or r.sent_at > now() - interval '30 days')
            order by (r.message_id is not distinct from f.message_id) desc, r.sent_at desc
            limit 1
          ) r on true
        ), updated as (
          update campaign_recipients r set status = 'bounced', failure_reason = t.reason from target t where r.id = t.id
          returning r.id, r.campaign_id, r.contact_id, r.email, t.reason
        ), events as (
          insert into campaign_events (workspace_id, campaign_id, recipient_id, contact_id, kind, detail)
          select ${workspaceId}::uuid, u.campaign_id, u.id, u.contact_id, 'bounced', u.reason from updated u
        ), suppressed as (
          insert into email_suppressions (workspace_id, address, reason, campaign_id, contact_id, detail)
          select distinct on (lower(u.email)) ${workspaceId}::uuid, lower(u.email), 'bounced', u.campaign_id, u.contact_id, u.reason from updated u
          on conflict (workspace_id, address) do nothing
        )
        select id from updated`,
  );
  return marked.length;
}
