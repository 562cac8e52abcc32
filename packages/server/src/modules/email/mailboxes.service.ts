// Mailboxes: personal (the owner's own) or shared (e.g. sales@, managed by administrators, used by the
// users and teams listed, or by everyone when none are listed). SMTP and IMAP settings are checked
// against the real servers before they are saved; passwords are stored encrypted and never returned.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { normaliseEmail } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { permissionLevel } from '../../core/access.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { parseBody } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { checkImap, checkSmtp, type MailServerSettings } from './mail-connection-check.js';
import { decryptSecret, encryptSecret } from './mail-secrets.js';

const security = z.enum(['tls', 'starttls', 'none']);
const host = z.string().trim().min(1).max(253).regex(/^[^\s/:]+$/, 'must be a host name or an IP address');
const port = z.number().int().min(1).max(65535);
const serverSchema = z.strictObject({
  host,
  port,
  security,
  login: z.string().trim().min(1).max(320),
  /** Omitted on update: the stored password stays. */
  password: z.string().min(1).max(1000).optional(),
});
const emailAddress = z
  .string()
  .max(320)
  .transform((value, context) => {
    const normalised = normaliseEmail(value);
    if (!normalised) context.addIssue({ code: 'custom', message: 'must be an email address' });
    return normalised ?? '';
  });

export const mailboxInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  emailAddress,
  displayName: z.string().trim().max(200).nullable().optional(),
  /** Shared mailboxes (e.g. sales@) are managed by administrators; personal ones by their owner. */
  shared: z.boolean().optional(),
  smtp: serverSchema,
  imap: serverSchema.extend({ folders: z.array(z.string().trim().min(1).max(200)).min(1).max(20).optional() }).nullable().optional(),
  unknownSendersToLeads: z.boolean().optional(),
  leadOwnerId: z.string().uuid().nullable().optional(),
  /** Issue 12: mail to a support mailbox opens service desk cases (or joins the open case of its thread). */
  isSupport: z.boolean().optional(),
  supportQueueId: z.string().uuid().nullable().optional(),
  sharedUserIds: z.array(z.string().uuid()).max(500).optional(),
  sharedTeamIds: z.array(z.string().uuid()).max(100).optional(),
  /** Skip the live check of the servers (only for administrators setting up a server that is down). */
  skipCheck: z.boolean().optional(),
});
export type MailboxInput = z.infer<typeof mailboxInputSchema>;

export interface MailboxRow {
  id: string;
  workspaceId: string;
  ownerUserId: string | null;
  name: string;
  emailAddress: string;
  displayName: string | null;
  smtpHost: string;
  smtpPort: number;
  smtpSecurity: 'tls' | 'starttls' | 'none';
  smtpLogin: string;
  smtpPasswordEnc: string;
  imapHost: string | null;
  imapPort: number | null;
  imapSecurity: 'tls' | 'starttls' | 'none' | null;
  imapLogin: string | null;
  imapPasswordEnc: string | null;
  imapFolders: string[];
  unknownSendersToLeads: boolean;
  leadOwnerId: string | null;
  isSupport: boolean;
  supportQueueId: string | null;
  sharedUserIds: string[];
  sharedTeamIds: string[];
  lastSyncAt: string | null;
  lastSyncError: string | null;
  updatedAt: string;
}

const columns = sql`id, workspace_id as "workspaceId", owner_user_id as "ownerUserId", name, email_address as "emailAddress", display_name as "displayName",
  smtp_host as "smtpHost", smtp_port as "smtpPort", smtp_security as "smtpSecurity", smtp_login as "smtpLogin", smtp_password_enc as "smtpPasswordEnc",
  imap_host as "imapHost", imap_port as "imapPort", imap_security as "imapSecurity", imap_login as "imapLogin", imap_password_enc as "imapPasswordEnc",
  imap_folders as "imapFolders", unknown_senders_to_leads as "unknownSendersToLeads", lead_owner_id as "leadOwnerId",
  is_support as "isSupport", support_queue_id as "supportQueueId", shared_user_ids as "sharedUserIds", shared_team_ids as "sharedTeamIds", last_sync_at as "lastSyncAt", last_sync_error as "lastSyncError", updated_at as "updatedAt"`;

/** What the API shows of a mailbox: everything but the passwords (only whether one is set). */
export function publicMailbox(row: MailboxRow, actor: Actor) {
  return {
    id: row.id,
    name: row.name,
    emailAddress: row.emailAddress,
    displayName: row.displayName,
    shared: row.ownerUserId === null,
    ownerUserId: row.ownerUserId,
    smtp: { host: row.smtpHost, port: row.smtpPort, security: row.smtpSecurity, login: row.smtpLogin, passwordSet: Boolean(row.smtpPasswordEnc) },
    imap: row.imapHost
      ? { host: row.imapHost, port: row.imapPort, security: row.imapSecurity, login: row.imapLogin, passwordSet: Boolean(row.imapPasswordEnc), folders: row.imapFolders }
      : null,
    unknownSendersToLeads: row.unknownSendersToLeads,
    leadOwnerId: row.leadOwnerId,
    isSupport: row.isSupport,
    supportQueueId: row.supportQueueId,
    sharedUserIds: row.sharedUserIds,
    sharedTeamIds: row.sharedTeamIds,
    lastSyncAt: row.lastSyncAt,
    lastSyncError: row.lastSyncError,
    canManage: canManage(actor, row),
  };
}

export function isSettingsAdmin(actor: Actor): boolean {
  return permissionLevel(actor, 'settings', 'update') === 'all';
}

function canManage(actor: Actor, row: Pick<MailboxRow, 'ownerUserId'>): boolean {
  return row.ownerUserId === null ? isSettingsAdmin(actor) : row.ownerUserId === actor.userId;
}

/** SQL: the mailboxes the actor may send from (own, or shared with them). */
export function usableCondition(actor: Actor, alias = 'mb') {
  const a = sql.raw(alias);
  return sql`${a}.workspace_id = ${actor.workspaceId} and ${a}.deleted_at is null and (${a}.owner_user_id = ${actor.userId}
    or (${a}.owner_user_id is null and ((cardinality(${a}.shared_user_ids) = 0 and cardinality(${a}.shared_team_ids) = 0)
      or ${actor.userId}::uuid = any(${a}.shared_user_ids) or ${actor.teamId}::uuid = any(${a}.shared_team_ids))))`;
}

export async function loadMailbox(db: Db, id: string): Promise<MailboxRow | undefined> {
  return firstRow<MailboxRow>(db, sql`select ${columns} from mailboxes where id = ${id}::uuid and deleted_at is null`);
}

export function smtpSettings(row: MailboxRow): MailServerSettings {
  return { host: row.smtpHost, port: row.smtpPort, security: row.smtpSecurity, login: row.smtpLogin, password: decryptSecret(row.smtpPasswordEnc) };
}

export function imapSettings(row: MailboxRow): MailServerSettings | null {
  if (!row.imapHost || !row.imapPort || !row.imapLogin || !row.imapPasswordEnc) return null;
  return { host: row.imapHost, port: row.imapPort, security: row.imapSecurity ?? 'tls', login: row.imapLogin, password: decryptSecret(row.imapPasswordEnc) };
}

export async function listMailboxes(ctx: Ctx) {
  const admin = isSettingsAdmin(ctx.actor);
  const found = await rows<MailboxRow>(
    ctx.db,
    sql`select ${columns} from mailboxes mb where mb.workspace_id = ${ctx.actor.workspaceId} and mb.deleted_at is null
        and (${usableCondition(ctx.actor)} ${admin ? sql`or mb.owner_user_id is null` : sql``}) order by mb.owner_user_id is null, mb.name`,
  );
  return { data: found.map((row) => publicMailbox(row, ctx.actor)) };
}

export async function getMailbox(ctx: Ctx, id: string) {
  const row = await visibleMailbox(ctx, id);
  return publicMailbox(row, ctx.actor);
}

async function visibleMailbox(ctx: Ctx, id: string): Promise<MailboxRow> {
  if (!isUuid(id)) throw notFound('mailbox', id);
  const row = await firstRow<MailboxRow>(
    ctx.db,
    sql`select ${columns} from mailboxes mb where mb.id = ${id}::uuid and (${usableCondition(ctx.actor)} ${isSettingsAdmin(ctx.actor) ? sql`or (mb.workspace_id = ${ctx.actor.workspaceId} and mb.deleted_at is null and mb.owner_user_id is null)` : sql``})`,
  );
  if (!row) throw notFound('mailbox', id);
  return row;
}

/** A mailbox the actor may send from, or 404. */
export async function usableMailbox(ctx: Ctx, id: string): Promise<MailboxRow> {
  if (!isUuid(id)) throw invalid('mailboxId', 'is not a mailbox you may send from');
  const row = await firstRow<MailboxRow>(ctx.db, sql`select ${columns} from mailboxes mb where mb.id = ${id}::uuid and ${usableCondition(ctx.actor)}`);
  if (!row) throw invalid('mailboxId', 'is not a mailbox you may send from');
  return row;
}

async function checkReferences(ctx: Ctx, input: Partial<MailboxInput>): Promise<void> {
  const ws = ctx.actor.workspaceId;
  const users = [...(input.sharedUserIds ?? []), ...(input.leadOwnerId ? [input.leadOwnerId] : [])];
  if (users.length) {
    const found = await rows<{ id: string }>(ctx.db, sql`select id from users where workspace_id = ${ws} and id = any(${pgArrayLiteral(users)}::uuid[])`);
    const known = new Set(found.map((row) => row.id));
    if (input.leadOwnerId && !known.has(input.leadOwnerId)) throw invalid('leadOwnerId', 'is not a user of this workspace');
    const missing = (input.sharedUserIds ?? []).findIndex((id) => !known.has(id));
    if (missing >= 0) throw invalid(`sharedUserIds[${missing}]`, 'is not a user of this workspace');
  }
  if (input.supportQueueId) {
    const queue = await firstRow(ctx.db, sql`select 1 as ok from case_queues where workspace_id = ${ws} and id = ${input.supportQueueId}::uuid and deleted_at is null`);
    if (!queue) throw invalid('supportQueueId', 'is not a queue of this workspace');
  }
  if (input.sharedTeamIds?.length) {
    const found = await rows<{ id: string }>(ctx.db, sql`select id from teams where workspace_id = ${ws} and id = any(${pgArrayLiteral(input.sharedTeamIds)}::uuid[])`);
    const known = new Set(found.map((row) => row.id));
    const missing = input.sharedTeamIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw invalid(`sharedTeamIds[${missing}]`, 'is not a team of this workspace');
  }
}

async function checkServers(smtp: MailServerSettings, imap: MailServerSettings | null): Promise<void> {
  await checkSmtp(smtp);
  if (imap) await checkImap(imap);
}

export async function createMailbox(ctx: Ctx, body: unknown) {
  const input = parseBody(mailboxInputSchema, body);
  if (input.shared && !isSettingsAdmin(ctx.actor)) throw new AppError('FORBIDDEN', { message: 'Only administrators set up shared mailboxes', details: [{ field: 'shared', problem: 'needs the settings right' }] });
  if (!input.smtp.password) throw invalid('smtp.password', 'is required');
  if (input.imap && !input.imap.password) throw invalid('imap.password', 'is required');
  await checkReferences(ctx, input);
  const smtp = { ...input.smtp, password: input.smtp.password };
  const imap = input.imap ? { ...input.imap, password: input.imap.password! } : null;
  if (!(input.skipCheck && isSettingsAdmin(ctx.actor))) await checkServers(smtp, imap);
  const owner = input.shared ? null : ctx.actor.userId;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into mailboxes (workspace_id, owner_user_id, name, email_address, display_name, smtp_host, smtp_port, smtp_security, smtp_login, smtp_password_enc,
            imap_host, imap_port, imap_security, imap_login, imap_password_enc, imap_folders, unknown_senders_to_leads, lead_owner_id, is_support, support_queue_id, shared_user_ids, shared_team_ids, created_by)
          values (${ctx.actor.workspaceId}, ${owner}, ${input.name}, ${input.emailAddress}, ${input.displayName ?? null}, ${smtp.host}, ${smtp.port}, ${smtp.security}, ${smtp.login}, ${encryptSecret(smtp.password)},
            ${imap?.host ?? null}, ${imap?.port ?? null}, ${imap?.security ?? null}, ${imap?.login ?? null}, ${imap ? encryptSecret(imap.password) : null},
            ${pgArrayLiteral(input.imap?.folders ?? ['INBOX'])}::text[], ${input.unknownSendersToLeads ?? false}, ${input.leadOwnerId ?? null}, ${input.isSupport ?? false}, ${input.supportQueueId ?? null},
            ${pgArrayLiteral(input.sharedUserIds ?? [])}::uuid[], ${pgArrayLiteral(input.sharedTeamIds ?? [])}::uuid[], ${ctx.actor.userId})
          returning id`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'mailbox', recordId: row.id, action: 'create', meta: { name: input.name, emailAddress: input.emailAddress, shared: owner === null } }]);
    return publicMailbox((await loadMailbox(tx, row.id))!, ctx.actor);
  });
}

export async function updateMailbox(ctx: Ctx, id: string, body: unknown) {
  const existing = await visibleMailbox(ctx, id);
  if (!canManage(ctx.actor, existing)) throw new AppError('FORBIDDEN', { message: 'Only the owner (or an administrator, for a shared mailbox) changes this mailbox', details: { object: 'mailbox', action: 'update' } });
  const input = parseBody(mailboxInputSchema.omit({ shared: true }).partial(), body);
  await checkReferences(ctx, input);
  const current = smtpSettings(existing);
  const smtp: MailServerSettings = input.smtp ? { ...input.smtp, password: input.smtp.password ?? current.password } : current;
  const currentImap = imapSettings(existing);
  let imap: MailServerSettings | null = currentImap;
  if (input.imap === null) imap = null;
  else if (input.imap) {
    const password = input.imap.password ?? currentImap?.password;
    if (!password) throw invalid('imap.password', 'is required');
    imap = { ...input.imap, password };
  }
  const serversChanged = input.smtp !== undefined || input.imap !== undefined;
  if (serversChanged && !(input.skipCheck && isSettingsAdmin(ctx.actor))) await checkServers(smtp, imap);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update mailboxes set
        name = ${input.name ?? existing.name}, email_address = ${input.emailAddress ?? existing.emailAddress},
        display_name = ${input.displayName !== undefined ? input.displayName : existing.displayName},
        smtp_host = ${smtp.host}, smtp_port = ${smtp.port}, smtp_security = ${smtp.security}, smtp_login = ${smtp.login},
        smtp_password_enc = ${input.smtp?.password ? encryptSecret(smtp.password) : existing.smtpPasswordEnc},
        imap_host = ${imap?.host ?? null}, imap_port = ${imap?.port ?? null}, imap_security = ${imap?.security ?? null}, imap_login = ${imap?.login ?? null},
        imap_password_enc = ${imap ? (input.imap?.password ? encryptSecret(imap.password) : existing.imapPasswordEnc) : null},
        imap_folders = ${pgArrayLiteral(input.imap?.folders ?? existing.imapFolders)}::text[],
        unknown_senders_to_leads = ${input.unknownSendersToLeads ?? existing.unknownSendersToLeads},
        lead_owner_id = ${input.leadOwnerId !== undefined ? input.leadOwnerId : existing.leadOwnerId},
        is_support = ${input.isSupport ?? existing.isSupport},
        support_queue_id = ${input.supportQueueId !== undefined ? input.supportQueueId : existing.supportQueueId},
        shared_user_ids = ${pgArrayLiteral(input.sharedUserIds ?? existing.sharedUserIds)}::uuid[],
        shared_team_ids = ${pgArrayLiteral(input.sharedTeamIds ?? existing.sharedTeamIds)}::uuid[],
        updated_at = now()
      where id = ${id}::uuid`);
    const changed = Object.keys(input).filter((key) => key !== 'skipCheck');
    await recordAudit(tx, ctx.actor, [{ recordType: 'mailbox', recordId: id, action: 'update', meta: { fields: changed } }]);
    return publicMailbox((await loadMailbox(tx, id))!, ctx.actor);
  });
}

export async function deleteMailbox(ctx: Ctx, id: string) {
  const existing = await visibleMailbox(ctx, id);
  if (!canManage(ctx.actor, existing)) throw new AppError('FORBIDDEN', { message: 'Only the owner (or an administrator, for a shared mailbox) deletes this mailbox', details: { object: 'mailbox', action: 'delete' } });
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update mailboxes set deleted_at = now(), updated_at = now() where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'mailbox', recordId: id, action: 'delete' }]);
  });
  return { ok: true };
}

/** The mailbox the sync job reads (visible to the actor, or any for the system). */
export async function mailboxForSync(ctx: Ctx, id: string): Promise<MailboxRow> {
  return visibleMailbox(ctx, id);
}
