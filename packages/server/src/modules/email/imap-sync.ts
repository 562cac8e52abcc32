// Incoming mail: each mailbox's IMAP folders are read by UID in chunks. Per folder the UIDVALIDITY and
// the last UID stored are kept in mailbox_folders and advanced in the same transaction as the chunk's
// messages, so a sync interrupted anywhere resumes where it stopped, and the unique indexes on
// (mailbox, folder, uidvalidity, uid) and (mailbox, Message-ID) make a repeated chunk a no-op.
// A second sync with nothing new costs one SELECT per folder (UIDNEXT tells there is nothing to fetch).
import { caseForIncomingMessage } from '../cases/case-inbound.service.js';
import { sql } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { firstRow, rows, type Database, type Db } from '../../db/client.js';
import { loadActor } from '../auth/auth.service.js';
import { newId } from '../../core/ids.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { createRecordInTransaction } from '../../core/records/record-service.js';
import { leadDefinition } from '../leads/leads.definition.js';
import { normaliseEmail } from '@svyaz/shared';
import { imapClientOptions } from './mail-connection-check.js';
import { imapSettings, loadMailbox, type MailboxRow } from './mailboxes.service.js';
import { htmlToText, sanitizeEmailHtml, textToHtml } from './email-html.js';
import { findThreadParents, insertLinks, matchAddresses, uniqueLinks, type RecordLink } from './email-matching.js';
import { storeAttachment, type StoredFileInfo } from './email-files.js';
import { recordEmailReceived } from './email-events.js';
import { deliveryFailuresOf, isDeliveryReport, recordDeliveryFailures, type DeliveryFailure } from '../campaigns/campaign-bounces.js';

const CHUNK = 200;
const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export interface SyncResult {
  mailboxId: string;
  folders: { folder: string; fetched: number; stored: number; lastUid: number; error?: string }[];
  leadsCreated: number;
  /** Messages a support mailbox filed on service desk cases (opened or joined). */
  casesTouched?: number;
  /** Campaign recipients marked bounced by delivery status notifications in this sync. */
  bouncesRecorded?: number;
  ms: number;
}

const running = new Map<string, Promise<SyncResult>>();

/** Syncs one mailbox; a second call while one runs in this process waits for the same run. */
export function syncMailbox(database: Database, mailboxId: string): Promise<SyncResult> {
  const current = running.get(mailboxId);
  if (current) return current;
  const run = runSync(database, mailboxId).finally(() => running.delete(mailboxId));
  running.set(mailboxId, run);
  return run;
}

/** The scheduled job: every mailbox with IMAP settings, one after another. */
export async function syncAllMailboxes(database: Database): Promise<{ mailboxes: number; errors: number }> {
  const list = await rows<{ id: string }>(database.db, sql`select id from mailboxes where deleted_at is null and imap_host is not null order by last_sync_at nulls first`);
  let errors = 0;
  for (const { id } of list) {
    await syncMailbox(database, id).catch(() => {
      errors++;
    });
  }
  return { mailboxes: list.length, errors };
}

async function runSync(database: Database, mailboxId: string): Promise<SyncResult> {
  const started = Date.now();
  const db = database.db;
  const mailbox = await loadMailbox(db, mailboxId);
  if (!mailbox) throw new Error(`mailbox ${mailboxId} not found`);
  const settings = imapSettings(mailbox);
  if (!settings) throw new Error('the mailbox has no IMAP settings');
  const result: SyncResult = { mailboxId, folders: [], leadsCreated: 0, ms: 0 };
  const client = new ImapFlow(imapClientOptions(settings));
  client.on('error', () => undefined);
  try {
    await client.connect();
    for (const folder of mailbox.imapFolders) {
      try {
        result.folders.push(await syncFolder(db, client, mailbox, folder, result));
      } catch (error) {
        result.folders.push({ folder, fetched: 0, stored: 0, lastUid: 0, error: (error as Error).message });
      }
    }
    const failed = result.folders.filter((item) => item.error).map((item) => `${item.folder}: ${item.error}`);
    await db.execute(sql`update mailboxes set last_sync_at = now(), last_sync_error = ${failed.length ? failed.join('; ') : null} where id = ${mailboxId}::uuid`);
  } catch (error) {
    await db.execute(sql`update mailboxes set last_sync_at = now(), last_sync_error = ${(error as Error).message} where id = ${mailboxId}::uuid`);
    throw error;
  } finally {
    await client.logout().catch(() => client.close());
  }
  result.ms = Date.now() - started;
  return result;
}

async function syncFolder(db: Db, client: ImapFlow, mailbox: MailboxRow, folder: string, result: SyncResult) {
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const opened = client.mailbox;
    if (!opened) throw new Error(`folder ${folder} could not be opened`);
    const uidValidity = Number(opened.uidValidity);
    const state = await firstRow<{ uidValidity: number; lastUid: number }>(
      db,
      sql`select uid_validity as "uidValidity", last_uid as "lastUid" from mailbox_folders where mailbox_id = ${mailbox.id}::uuid and folder = ${folder}`,
    );
    // A new UIDVALIDITY means the server renumbered the folder: read it again (Message-IDs keep duplicates out).
    let lastUid = state && Number(state.uidValidity) === uidValidity ? Number(state.lastUid) : 0;
    const top = opened.uidNext - 1;
    let fetched = 0;
    let stored = 0;
    if (!state || Number(state.uidValidity) !== uidValidity) await saveFolderState(db, mailbox, folder, uidValidity, lastUid);
    while (lastUid < top) {
      const from = lastUid + 1;
      const to = Math.min(top, lastUid + CHUNK);
      const messages: { uid: number; source: Buffer; internalDate?: Date | string }[] = [];
      if (opened.exists > 0) {
        for await (const message of client.fetch(`${from}:${to}`, { uid: true, source: true, internalDate: true }, { uid: true })) {
          if (message.uid >= from && message.uid <= to && message.source) messages.push({ uid: message.uid, source: message.source, internalDate: message.internalDate });
        }
      }
      fetched += messages.length;
      const parsed: { uid: number; mail: ParsedMail; internalDate?: Date | string }[] = [];
      for (const message of messages) parsed.push({ uid: message.uid, mail: await simpleParser(message.source, { skipImageLinks: true, skipTextToHtml: true }), internalDate: message.internalDate });
      stored += await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        const count = await storeChunk(tx, mailbox, folder, uidValidity, parsed, result);
        await saveFolderState(tx, mailbox, folder, uidValidity, to);
        return count;
      });
      lastUid = to;
    }
    return { folder, fetched, stored, lastUid };
  } finally {
    lock.release();
  }
}

async function saveFolderState(db: Db, mailbox: MailboxRow, folder: string, uidValidity: number, lastUid: number): Promise<void> {
  await db.execute(sql`insert into mailbox_folders (workspace_id, mailbox_id, folder, uid_validity, last_uid, synced_at)
    values (${mailbox.workspaceId}, ${mailbox.id}, ${folder}, ${uidValidity}, ${lastUid}, now())
    on conflict (mailbox_id, folder) do update set uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, synced_at = now()`);
}

function addressesOf(field: AddressObject | AddressObject[] | undefined): { address: string; name: string | null }[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  const result: { address: string; name: string | null }[] = [];
  for (const group of list) {
    for (const entry of group.value) {
      const inner = entry.group ?? [entry];
      for (const item of inner) {
        const address = item.address ? normaliseEmail(item.address) : null;
        if (address) result.push({ address, name: item.name || null });
      }
    }
  }
  return result;
}

function referencesOf(mail: ParsedMail): string[] {
  const references = typeof mail.references === 'string' ? mail.references.split(/\s+/) : (mail.references ?? []);
  return [...new Set([...references, ...(mail.inReplyTo ? mail.inReplyTo.split(/\s+/) : [])].map((ref) => ref.trim()).filter(Boolean))];
}

async function storeChunk(tx: Db, mailbox: MailboxRow, folder: string, uidValidity: number, parsed: { uid: number; mail: ParsedMail; internalDate?: Date | string }[], result: SyncResult): Promise<number> {
  if (parsed.length === 0) return 0;
  const ws = mailbox.workspaceId;
  const own = mailbox.emailAddress;
  const known = new Set(
    (
      await rows<{ messageId: string }>(
        tx,
        sql`select message_id as "messageId" from email_messages where mailbox_id = ${mailbox.id}::uuid and message_id = any(${pgArrayLiteral(parsed.map((item) => item.mail.messageId ?? '').filter(Boolean))}::text[])`,
      )
    ).map((row) => row.messageId),
  );
  const fresh = parsed.filter((item) => !item.mail.messageId || !known.has(item.mail.messageId));
  const seenInChunk = new Set<string>();
  const items = fresh.filter((item) => !item.mail.messageId || (!seenInChunk.has(item.mail.messageId) && seenInChunk.add(item.mail.messageId)));
  const everyAddress = items.flatMap((item) => [...addressesOf(item.mail.from), ...addressesOf(item.mail.to), ...addressesOf(item.mail.cc)].map((entry) => entry.address)).filter((address) => address !== own);
  const matches = await matchAddresses(tx, ws, everyAddress);
  const parents = await findThreadParents(tx, ws, items.flatMap((item) => referencesOf(item.mail)));
  const messageRows: Record<string, unknown>[] = [];
  const links: { messageId: string; recordType: string; recordId: string }[] = [];
  const received: { id: string; links: RecordLink[]; subject: string; from: string }[] = [];
  const failures: DeliveryFailure[] = [];
  for (const { uid, mail, internalDate } of items) {
    const from = addressesOf(mail.from)[0] ?? { address: 'unknown@invalid', name: null };
    const outgoing = from.address === own;
    const id = newId();
    const refs = referencesOf(mail);
    const parent = refs.map((ref) => parents.get(ref)).find(Boolean);
    const addresses = [from, ...addressesOf(mail.to), ...addressesOf(mail.cc)].map((entry) => entry.address).filter((address) => address !== own);
    let recordLinks = uniqueLinks([...addresses.flatMap((address) => matches.byAddress.get(address) ?? []), ...(parent?.links ?? [])]);
    // A delivery status notification is the mail system talking, not a customer: it opens no lead and no case,
    // and its failures mark the campaign recipients bounced (modules/campaigns/campaign-bounces.ts).
    const report = !outgoing && isDeliveryReport(mail);
    if (report) failures.push(...deliveryFailuresOf(mail));
    if (!report && !outgoing && recordLinks.length === 0 && mailbox.unknownSendersToLeads && from.address !== 'unknown@invalid') {
      const lead = await createLeadFromSender(tx, mailbox, from, mail.subject ?? '');
      if (lead) {
        result.leadsCreated++;
        recordLinks = [{ recordType: 'leads', recordId: lead }];
        matches.byAddress.set(from.address, recordLinks);
      }
    }
    if (!report && !outgoing && mailbox.isSupport && from.address !== 'unknown@invalid') {
      // A support mailbox (issue 12): the message opens a routed case or joins the open case of its thread.
      const actor = await supportActor(tx, mailbox);
      if (actor) {
        const html = mail.html ? sanitizeEmailHtml(mail.html) : textToHtml(mail.text ?? '');
        const { caseId } = await caseForIncomingMessage({ db: tx, actor }, tx, {
          from: from.address, fromName: from.name, subject: mail.subject ?? '', html, references: refs, links: recordLinks, channel: 'email', defaultQueueId: mailbox.supportQueueId,
        });
        recordLinks = uniqueLinks([...recordLinks, { recordType: 'cases', recordId: caseId }]);
        result.casesTouched = (result.casesTouched ?? 0) + 1;
      }
    }
    const attachments: { fileId: string | null; name: string; contentType: string; size: number }[] = [];
    for (const attachment of mail.attachments ?? []) {
      if (attachment.related) continue;
      const name = attachment.filename || 'attachment';
      const contentType = attachment.contentType || 'application/octet-stream';
      let file: StoredFileInfo | null = null;
      if (attachment.size <= MAX_ATTACHMENT_BYTES) {
        const first = recordLinks.find((link) => link.recordType !== 'companies') ?? recordLinks[0];
        // Without the files module (or over the size limit) the attachment is listed by name only.
        file = await storeAttachment(tx, { workspaceId: ws, name, contentType, content: attachment.content, recordType: first?.recordType, recordId: first?.recordId }).catch(() => null);
      }
      attachments.push({ fileId: file?.id ?? null, name, contentType, size: attachment.size });
    }
    const html = mail.html ? sanitizeEmailHtml(mail.html) : textToHtml(mail.text ?? '');
    const when = mail.date ?? (internalDate ? new Date(internalDate) : new Date());
    messageRows.push({
      id,
      direction: outgoing ? 'out' : 'in',
      status: outgoing ? 'sent' : 'received',
      message_id: mail.messageId ?? null,
      in_reply_to: mail.inReplyTo ?? null,
      references: refs,
      thread_id: parent ? parent.threadId : null,
      from_address: from.address,
      from_name: from.name,
      to_addresses: addressesOf(mail.to),
      cc_addresses: addressesOf(mail.cc),
      subject: mail.subject ?? '',
      body_html: html,
      body_text: (mail.text ?? htmlToText(html)).slice(0, 200_000),
      attachments,
      uid,
      occurred_at: when.toISOString(),
    });
    for (const link of recordLinks) links.push({ messageId: id, ...link });
    if (mail.messageId) parents.set(mail.messageId, { id, threadId: parent ? parent.threadId : id, messageId: mail.messageId, links: recordLinks });
    if (!outgoing) received.push({ id, links: recordLinks, subject: mail.subject ?? '', from: from.address });
  }
  const inserted = await rows<{ id: string }>(
    tx,
    sql`insert into email_messages (id, workspace_id, mailbox_id, direction, status, message_id, in_reply_to, "references", thread_id, from_address, from_name,
          to_addresses, cc_addresses, subject, body_html, body_text, attachments, folder, uid_validity, uid, occurred_at, sent_at)
        select x.id, ${ws}::uuid, ${mailbox.id}::uuid, x.direction, x.status, x.message_id, x.in_reply_to, array(select jsonb_array_elements_text(x.references)), x.thread_id,
          x.from_address, x.from_name, x.to_addresses, x.cc_addresses, x.subject, x.body_html, x.body_text, x.attachments, ${folder}, ${uidValidity}, x.uid, x.occurred_at,
          case when x.direction = 'out' then x.occurred_at end
        from jsonb_to_recordset(${JSON.stringify(messageRows)}::jsonb) as x(id uuid, direction text, status text, message_id text, in_reply_to text, "references" jsonb, thread_id uuid,
          from_address text, from_name text, to_addresses jsonb, cc_addresses jsonb, subject text, body_html text, body_text text, attachments jsonb, uid bigint, occurred_at timestamptz)
        on conflict do nothing
        returning id`,
  );
  const insertedIds = new Set(inserted.map((row) => row.id));
  await insertLinks(tx, ws, links.filter((link) => insertedIds.has(link.messageId)));
  await recordEmailReceived(tx, ws, received.filter((item) => insertedIds.has(item.id)));
  if (failures.length) result.bouncesRecorded = (result.bouncesRecorded ?? 0) + (await recordDeliveryFailures(tx, ws, failures));
  return inserted.length;
}

/** Who a support mailbox's cases are written as: its owner, else the workspace's first administrator. */
async function supportActor(tx: Db, mailbox: MailboxRow) {
  let userId = mailbox.ownerUserId;
  if (!userId) {
    const admin = await firstRow<{ id: string }>(tx, sql`select u.id from users u join roles r on r.id = u.role_id where u.workspace_id = ${mailbox.workspaceId} and r.key = 'admin' and u.is_active order by u.created_at limit 1`);
    userId = admin?.id ?? null;
  }
  return userId ? loadActor(tx, userId) : undefined;
}

async function createLeadFromSender(tx: Db, mailbox: MailboxRow, from: { address: string; name: string | null }, subject: string): Promise<string | null> {
  let ownerId = mailbox.leadOwnerId ?? mailbox.ownerUserId;
  if (!ownerId) {
    const admin = await firstRow<{ id: string }>(tx, sql`select u.id from users u join roles r on r.id = u.role_id where u.workspace_id = ${mailbox.workspaceId} and r.key = 'admin' and u.is_active order by u.created_at limit 1`);
    ownerId = admin?.id ?? null;
  }
  const actor = ownerId ? await loadActor(tx, ownerId) : undefined;
  if (!actor) return null;
  const [first, ...rest] = (from.name ?? '').trim().split(/\s+/).filter(Boolean);
  const title = (subject.trim() || `Email from ${from.name || from.address}`).slice(0, 300);
  try {
    const lead = await createRecordInTransaction({ db: tx, actor }, tx, leadDefinition, { title, firstName: first ?? null, lastName: rest.join(' ') || null, emails: [from.address], source: 'email' }, { force: true });
    return lead.id as string;
  } catch {
    return null;
  }
}
