// A visitor's case from the portal (no login), in one transaction: the per-IP and per-email limits counted
// under advisory locks (so parallel posts cannot slip past them), the sender matched to a contact by email as
// the email channel does (or a new contact created through the record engine), the case opened through
// createChannelCase (routing rules, queue, assignee, SLA deadlines, audit, search) as the workspace's channel
// user, the attachments stored on the case, the submission row with the status link's hashed token, and the
// confirmation email queued from the workspace's support mailbox. Any refusal leaves nothing behind.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { normalisePhone, PORTAL_CASE_HONEYPOT, portalCaseLimits, portalCaseSchema, type PortalCaseInput } from '@svyaz/shared';
import { firstRow, rows, type Database, type Db } from '../../db/client.js';
import type { Actor } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { validationError, zodIssuesToProblems, type FieldProblem } from '../../core/validation.js';
import { applyUpdate, createRecordInTransaction } from '../../core/records/record-service.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { loadActor } from '../auth/auth.service.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { matchAddresses } from '../email/email-matching.js';
import { textToHtml } from '../email/email-html.js';
import { loadMailbox } from '../email/mailboxes.service.js';
import { queueSystemEmails } from '../email/system-emails.js';
import { storeFile } from '../files/files.service.js';
import type { Portal } from '../kb/kb-portal.service.js';
import { publicBaseUrl } from '../surveys/surveys.service.js';
import { assertCaseCategory } from './case-categories.service.js';
import { channelActor, createChannelCase } from './cases.service.js';
import { confirmationEmail } from './case-portal.page.js';

export interface PortalCaseLimits {
  perIpPerHour: number;
  perEmailPerHour: number;
}

export interface PortalAttachment {
  name: string;
  contentType: string;
  content: Buffer;
}

export interface PortalCaseResult {
  spam: boolean;
  caseId: string | null;
  number: string | null;
  statusUrl: string | null;
  mailed: boolean;
  emailMessageId: string | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const PORTAL_STATUS_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Every field checked at once, each problem naming its field. */
export function parsePortalCase(body: unknown): PortalCaseInput & { phoneNormalised: string | null } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validationError([{ field: '(body)', problem: 'must be form fields or a JSON object' }]);
  const flat = Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([key, value]) => [key, Array.isArray(value) && value.length === 1 ? value[0] : value]));
  const parsed = portalCaseSchema.safeParse(flat);
  const problems: FieldProblem[] = parsed.success ? [] : zodIssuesToProblems(parsed.error.issues as never);
  let phoneNormalised: string | null = null;
  const phone = typeof flat.phone === 'string' ? flat.phone.trim() : '';
  if (phone && !problems.some((problem) => problem.field === 'phone')) {
    phoneNormalised = normalisePhone(phone);
    if (!phoneNormalised) problems.push({ field: 'phone', problem: 'is not a valid phone number' });
  }
  if (problems.length || !parsed.success) throw validationError(problems);
  return { ...parsed.data, phoneNormalised };
}

export function checkAttachments(files: PortalAttachment[]): void {
  if (files.length > portalCaseLimits.files) throw validationError([{ field: 'attachments', problem: `at most ${portalCaseLimits.files} files` }]);
  for (const file of files) {
    if (file.content.length > portalCaseLimits.fileBytes) throw new AppError('PAYLOAD_TOO_LARGE', { message: `attachments: ${file.name} is larger than ${portalCaseLimits.fileBytes / 1024 / 1024} MB`, details: [{ field: 'attachments', problem: `each file must be at most ${portalCaseLimits.fileBytes / 1024 / 1024} MB` }] });
  }
}

/** The user the portal writes as: the workspace's first active administrator (audited as the author). */
async function portalActor(db: Db, workspaceId: string): Promise<Actor> {
  const admin = await firstRow<{ id: string }>(db, sql`select u.id from users u join roles r on r.id = u.role_id where u.workspace_id = ${workspaceId} and u.is_active and r.key = 'admin' order by u.created_at limit 1`);
  const actor = admin ? await loadActor(db, admin.id) : undefined;
  if (!actor) throw new AppError('CONFLICT', { message: 'This portal cannot take cases now', details: [{ field: 'portal', problem: 'the workspace has no active administrator' }] });
  return actor;
}

function splitName(name: string): { firstName: string | null; lastName: string } {
  const words = name.trim().split(/\s+/);
  if (words.length === 1) return { firstName: null, lastName: words[0].slice(0, 100) };
  return { firstName: words[0].slice(0, 100), lastName: words.slice(1).join(' ').slice(0, 100) };
}

function tooMany(field: 'ip' | 'email', limit: number): AppError {
  const what = field === 'ip' ? 'from this address' : 'for this email';
  return new AppError('RATE_LIMITED', { message: `Too many cases ${what}: at most ${limit} an hour; try again later`, details: [{ field, problem: `at most ${limit} cases an hour ${what}` }] });
}

export async function submitPortalCase(
  database: Database,
  jobs: JobQueue,
  portal: Portal,
  body: unknown,
  files: PortalAttachment[],
  meta: { ip: string; language: 'ru' | 'en'; baseUrl?: string },
  limits: PortalCaseLimits,
): Promise<PortalCaseResult> {
  const db = database.db;
  const none: PortalCaseResult = { spam: false, caseId: null, number: null, statusUrl: null, mailed: false, emailMessageId: null };
  const honeypot = body && typeof body === 'object' ? (body as Record<string, unknown>)[PORTAL_CASE_HONEYPOT] : undefined;
  // A bot filled the field people never see: it is thanked like a person, and nothing is stored.
  if (typeof honeypot === 'string' && honeypot.trim()) return { ...none, spam: true };
  const input = parsePortalCase(body);
  checkAttachments(files);
  const ws = portal.workspaceId;
  const actor = await portalActor(db, ws);
  if (input.category) await assertCaseCategory(db, ws, input.category);
  const token = randomBytes(32).toString('base64url');
  const statusUrl = `${publicBaseUrl(meta.baseUrl)}/portal/${portal.slug}/cases/status/${token}?lang=${meta.language}`;
  const result = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`portal-case:ip:${ws}:${meta.ip}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`portal-case:email:${ws}:${input.email}`}))`);
    const [counts] = await rows<{ byIp: number; byEmail: number }>(
      tx,
      sql`select count(*) filter (where ip = ${meta.ip})::int as "byIp", count(*) filter (where email = ${input.email})::int as "byEmail"
          from case_portal_submissions where workspace_id = ${ws}::uuid and created_at > now() - interval '1 hour' and (ip = ${meta.ip} or email = ${input.email})`,
    );
    if (Number(counts.byIp) >= limits.perIpPerHour) throw tooMany('ip', limits.perIpPerHour);
    if (Number(counts.byEmail) >= limits.perEmailPerHour) throw tooMany('email', limits.perEmailPerHour);
    const channel = channelActor(actor);
    const ctx = { db: tx, actor: channel };
    const matched = (await matchAddresses(tx, ws, [input.email])).byAddress.get(input.email) ?? [];
    let contactId = matched.find((link) => link.recordType === 'contacts')?.recordId ?? null;
    const companyId = matched.find((link) => link.recordType === 'companies')?.recordId ?? null;
    const newContact = !contactId;
    if (!contactId) {
      const contact = await createRecordInTransaction(ctx, tx, contactDefinition, { ...splitName(input.name), emails: [input.email], ...(input.phoneNormalised ? { phones: [input.phoneNormalised] } : {}), source: 'portal', ...(companyId ? { companyId } : {}) }, { force: true });
      contactId = contact.id as string;
    }
    const created = await createChannelCase(ctx, tx, {
      subject: input.subject,
      description: textToHtml(input.description),
      channel: 'portal',
      category: input.category || undefined,
      contactId,
      companyId,
      requesterEmail: input.email,
    });
    const caseId = created.id as string;
    await tx.execute(sql`update cases set last_customer_message_at = now() where id = ${caseId}::uuid`);
    // The new contact belongs to whoever routing gave the case, so the agent can open the customer too.
    if (newContact && created.ownerId && created.ownerId !== actor.userId) await applyUpdate(ctx, tx, contactDefinition, contactId, { ownerId: created.ownerId }, { force: true });
    for (const file of files) await storeFile(tx, { workspaceId: ws, name: file.name, contentType: file.contentType, content: file.content, recordType: 'cases', recordId: caseId, createdBy: null });
    await tx.execute(sql`insert into case_portal_submissions (workspace_id, case_id, ip, email, token_hash) values (${ws}::uuid, ${caseId}::uuid, ${meta.ip}, ${input.email}, ${hashToken(token)})`);
    const support = await firstRow<{ id: string }>(tx, sql`select id from mailboxes where workspace_id = ${ws} and is_support order by created_at limit 1`);
    const mailbox = support ? await loadMailbox(tx, support.id) : undefined;
    let emailMessageId: string | null = null;
    if (mailbox) {
      const mail = confirmationEmail(meta.language, { name: input.name, number: created.number as string, subject: input.subject, statusUrl });
      [emailMessageId] = await queueSystemEmails(tx, { workspaceId: ws, mailbox, createdBy: null }, [
        { to: [{ address: input.email, name: input.name }], subject: mail.subject, html: mail.html, links: [{ recordType: 'cases', recordId: caseId }, { recordType: 'contacts', recordId: contactId }] },
      ]);
    }
    return { spam: false, caseId, number: created.number as string, statusUrl, mailed: Boolean(emailMessageId), emailMessageId };
  });
  if (result.emailMessageId) {
    await jobs.enqueue('email-send', { messageId: result.emailMessageId }).catch(async (error: Error) => {
      await db.execute(sql`update email_messages set status = 'failed', failure_reason = ${`could not be queued: ${error.message}`} where id = ${result.emailMessageId}::uuid`);
    });
  }
  return result;
}

/** What the status link shows: the number, subject and status of that one case, nothing else. */
export async function portalCaseStatus(db: Db, portal: Portal, token: string) {
  if (!PORTAL_STATUS_TOKEN.test(token)) return null;
  return (
    (await firstRow<{ number: string; subject: string; status: string; createdAt: string; updatedAt: string }>(
      db,
      sql`select c.number, c.subject, c.status, c.created_at as "createdAt", c.updated_at as "updatedAt" from case_portal_submissions s join cases c on c.id = s.case_id and c.deleted_at is null
          where s.workspace_id = ${portal.workspaceId}::uuid and s.token_hash = ${hashToken(token)}`,
    )) ?? null
  );
}
