// The email step of a sequence: personalised, checked against the contact's marketing consent, and queued as an
// ordinary outgoing message of the sequence's mailbox (modules/email's queueSystemEmails), so delivery,
// retries, failure reports and the contact's timeline are the email module's. No second SMTP client.
import { sql } from 'drizzle-orm';
import { placeholdersIn } from '@svyaz/shared';
import { firstRow, type Db } from '../../db/client.js';
import { escapeHtml } from '../email/email-html.js';
import { queueSystemEmails } from '../email/system-emails.js';
import { signToken } from '../campaigns/campaign-tokens.js';
import { publicBaseUrl } from '../surveys/surveys.service.js';

export interface Recipient {
  contactId: string;
  firstName: string | null;
  lastName: string;
  fullName: string;
  email: string | null;
  companyName: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  productName: string | null;
}

export function placeholderValues(recipient: Recipient): Record<string, string> {
  return {
    'contact.firstName': recipient.firstName ?? recipient.fullName,
    'contact.lastName': recipient.lastName,
    'contact.fullName': recipient.fullName,
    'contact.email': recipient.email ?? '',
    'company.name': recipient.companyName ?? '',
    'owner.name': recipient.ownerName ?? '',
    'owner.email': recipient.ownerEmail ?? '',
    'product.name': recipient.productName ?? '',
  };
}

/** Replaces the placeholders (the names were checked when the sequence was saved; `escape` for HTML). */
export function fillPlaceholders(template: string, values: Record<string, string>, escape = false): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_whole, name: string) => {
    const value = values[name] ?? '';
    return escape ? escapeHtml(value) : value;
  });
}

/** Plain text with blank-line paragraphs to HTML (the text escaped, the values too). */
export function bodyHtml(body: string, values: Record<string, string>): string {
  return body
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split('\n').map((line) => escapeHtml(line).replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_whole, name: string) => escapeHtml(values[name] ?? ''))).join('<br>')}</p>`)
    .join('\n');
}

export const usedPlaceholders = (subject: string, body: string) => [...new Set([...placeholdersIn(subject), ...placeholdersIn(body)])];

/**
 * May this contact receive marketing mail? The one place of the check for sequences, the same rule the campaign
 * sender applies (152-FZ and the advertising law): the contact's recorded marketing consent (contacts.
 * marketing_consent, withdrawn by an unsubscribe) and the workspace's suppression list (unsubscribed, bounced).
 */
export async function marketingEmailRefusal(tx: Db, workspaceId: string, contactId: string, address: string | null): Promise<string | null> {
  if (!address) return 'no email address';
  const found = await firstRow<{ consent: boolean; suppressed: string | null }>(
    tx,
    sql`select c.marketing_consent as consent,
          (select s.reason from email_suppressions s where s.workspace_id = c.workspace_id and s.address = lower(${address}) limit 1) as suppressed
        from contacts c where c.workspace_id = ${workspaceId} and c.id = ${contactId}::uuid`,
  );
  if (!found) return 'contact deleted';
  if (found.suppressed) return `suppressed (${found.suppressed})`;
  return found.consent ? null : 'no marketing consent';
}

export interface SequenceEmail {
  workspaceId: string;
  /** The enrolment the step runs for: its signed unsubscribe link goes in the footer and List-Unsubscribe. */
  enrolmentId: string;
  /** The footer's language (the sequence owner's). */
  language: 'ru' | 'en';
  mailbox: { id: string; emailAddress: string; displayName: string | null };
  createdBy: string | null;
  recipient: Recipient;
  subject: string;
  body: string;
}

const FOOTER = {
  ru: { why: 'Вы получаете это письмо, потому что согласились получать наши новости.', link: 'Отписаться' },
  en: { why: 'You receive this email because you agreed to receive our news.', link: 'Unsubscribe' },
};

/** The footer every marketing email carries (the advertising law: the recipient can refuse at any time). */
export function unsubscribeFooter(url: string, language: 'ru' | 'en'): string {
  const words = FOOTER[language];
  return `\n<hr><p style="color:#6b7280;font-size:12px">${escapeHtml(words.why)} <a href="${escapeHtml(url)}">${escapeHtml(words.link)}</a></p>`;
}

/** Queues the step's message in the caller's transaction; the caller enqueues `email-send` after commit. */
export async function sendSequenceEmail(tx: Db, email: SequenceEmail): Promise<{ outcome: 'queued'; emailId: string } | { outcome: 'skipped'; reason: string }> {
  const refusal = await marketingEmailRefusal(tx, email.workspaceId, email.recipient.contactId, email.recipient.email);
  if (refusal) return { outcome: 'skipped', reason: refusal };
  const values = placeholderValues(email.recipient);
  const unsubscribeUrl = `${publicBaseUrl()}/u/${signToken(email.enrolmentId, 'sequenceUnsubscribe')}`;
  const [emailId] = await queueSystemEmails(tx, { workspaceId: email.workspaceId, mailbox: email.mailbox, createdBy: email.createdBy }, [
    {
      to: [{ address: email.recipient.email!, name: email.recipient.fullName }],
      subject: fillPlaceholders(email.subject, values),
      html: bodyHtml(email.body, values) + unsubscribeFooter(unsubscribeUrl, email.language),
      links: [{ recordType: 'contact', recordId: email.recipient.contactId }],
      // Marketing mail as the campaigns send it: the mail client's own unsubscribe button (RFC 2369, one-click RFC 8058).
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    },
  ]);
  return { outcome: 'queued', emailId };
}
