// Outgoing webhooks: create, list, change, delete, rotate the secret. Who manages them: an administrator
// (the settings update right at level "all") manages every webhook of the workspace and may make any active
// user its owner; any other user manages only webhooks they own. The owner matters beyond management: every
// payload is read with the owner's rights (webhook-payloads.ts), so a webhook never sends more than its owner
// may read. The signing secret is generated here, stored encrypted and returned once (create and rotate).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { webhookCreateSchema, webhookUpdateSchema, type WebhookCreateInput } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { permissionLevel } from '../../core/access.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { parseBody } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { decryptSecret, encryptSecret } from '../email/mail-secrets.js';
import { checkUrlTarget, UrlProblem } from './webhook-url-guard.js';
import { webhookSettings } from './webhook-settings.js';

export interface WebhookRow {
  id: string;
  workspaceId: string;
  name: string;
  url: string;
  events: string[];
  objects: string[];
  secretEncrypted: string;
  secretHint: string;
  ownerId: string;
  ownerName: string | null;
  isActive: boolean;
  consecutiveFailures: number;
  disabledAt: string | null;
  disabledReason: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const columns = sql`w.id, w.workspace_id as "workspaceId", w.name, w.url, w.events, w.objects, w.secret_encrypted as "secretEncrypted", w.secret_hint as "secretHint",
  w.owner_id as "ownerId", (select u.name from users u where u.id = w.owner_id) as "ownerName", w.is_active as "isActive",
  w.consecutive_failures as "consecutiveFailures", w.disabled_at as "disabledAt", w.disabled_reason as "disabledReason",
  w.created_by as "createdBy", w.created_at as "createdAt", w.updated_at as "updatedAt"`;

export function isWebhookAdmin(actor: Actor): boolean {
  return permissionLevel(actor, 'settings', 'update') === 'all';
}

/** What the API shows: everything but the secret (its last four characters only). */
export function publicWebhook(row: WebhookRow) {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events,
    objects: row.objects,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    isActive: row.isActive,
    consecutiveFailures: row.consecutiveFailures,
    disabledAt: row.disabledAt,
    disabledReason: row.disabledReason,
    secretHint: row.secretHint,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Webhooks the actor manages: all of the workspace for administrators, else their own. */
function managedCondition(actor: Actor) {
  return isWebhookAdmin(actor) ? sql`w.workspace_id = ${actor.workspaceId}` : sql`w.workspace_id = ${actor.workspaceId} and w.owner_id = ${actor.userId}`;
}

export async function loadWebhook(db: Db, id: string): Promise<WebhookRow | undefined> {
  return firstRow<WebhookRow>(db, sql`select ${columns} from webhooks w where w.id = ${id}::uuid`);
}

/** The webhook if the actor manages it; 404 otherwise (another user's webhook is not revealed). */
export async function managedWebhook(ctx: Ctx, id: string): Promise<WebhookRow> {
  if (!isUuid(id)) throw notFound('webhook', id);
  const row = await firstRow<WebhookRow>(ctx.db, sql`select ${columns} from webhooks w where w.id = ${id}::uuid and ${managedCondition(ctx.actor)}`);
  if (!row) throw notFound('webhook', id);
  return row;
}

export function webhookSecret(row: Pick<WebhookRow, 'secretEncrypted'>): string {
  return decryptSecret(row.secretEncrypted);
}

function newSecret(): { secret: string; encrypted: string; hint: string } {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return { secret, encrypted: encryptSecret(secret), hint: secret.slice(-4) };
}

/** The URL must be https (or loopback when allowed) and resolve only to public addresses: 400 naming `url`. */
async function checkUrl(url: string): Promise<void> {
  try {
    await checkUrlTarget(url, webhookSettings().allowLoopback);
  } catch (error) {
    if (error instanceof UrlProblem) throw invalid('url', error.message);
    throw error;
  }
}

async function checkOwner(ctx: Ctx, ownerId: string | undefined): Promise<string> {
  if (ownerId === undefined || ownerId === ctx.actor.userId) return ctx.actor.userId;
  if (!isWebhookAdmin(ctx.actor)) throw new AppError('FORBIDDEN', { message: 'Only administrators make another user the owner of a webhook', details: [{ field: 'ownerId', problem: 'must be you unless you are an administrator' }] });
  const owner = await firstRow(ctx.db, sql`select id from users where id = ${ownerId}::uuid and workspace_id = ${ctx.actor.workspaceId} and is_active`);
  if (!owner) throw invalid('ownerId', 'is not an active user of this workspace');
  return ownerId;
}

export async function listWebhooks(ctx: Ctx) {
  const found = await rows<WebhookRow>(ctx.db, sql`select ${columns} from webhooks w where ${managedCondition(ctx.actor)} order by w.created_at, w.id`);
  return { data: found.map(publicWebhook) };
}

export async function getWebhook(ctx: Ctx, id: string) {
  return publicWebhook(await managedWebhook(ctx, id));
}

export async function createWebhook(ctx: Ctx, body: unknown) {
  const input: WebhookCreateInput = parseBody(webhookCreateSchema, body);
  const ownerId = await checkOwner(ctx, input.ownerId);
  await checkUrl(input.url);
  const secret = newSecret();
  const created = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into webhooks (workspace_id, name, url, events, objects, secret_encrypted, secret_hint, owner_id, is_active, created_by)
          values (${ctx.actor.workspaceId}, ${input.name}, ${input.url}, ${pgArrayLiteral(input.events)}::text[], ${pgArrayLiteral(input.objects ?? [])}::text[],
            ${secret.encrypted}, ${secret.hint}, ${ownerId}, ${input.isActive ?? true}, ${ctx.actor.userId})
          returning id`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'webhook', recordId: row.id, action: 'create', meta: { name: input.name, url: input.url, events: input.events, objects: input.objects ?? [], ownerId } }]);
    return (await loadWebhook(tx, row.id))!;
  });
  return { ...publicWebhook(created), secret: secret.secret };
}

export async function updateWebhook(ctx: Ctx, id: string, body: unknown) {
  const existing = await managedWebhook(ctx, id);
  const input = parseBody(webhookUpdateSchema, body);
  const ownerId = input.ownerId === undefined ? existing.ownerId : await checkOwner(ctx, input.ownerId);
  if (input.url !== undefined && input.url !== existing.url) await checkUrl(input.url);
  // Switching a webhook on again starts its failure count afresh and forgets why it was disabled.
  const reactivated = input.isActive === true && !existing.isActive;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update webhooks set
        name = ${input.name ?? existing.name}, url = ${input.url ?? existing.url},
        events = ${pgArrayLiteral(input.events ?? existing.events)}::text[], objects = ${pgArrayLiteral(input.objects ?? existing.objects)}::text[],
        owner_id = ${ownerId}, is_active = ${input.isActive ?? existing.isActive},
        consecutive_failures = ${reactivated ? 0 : existing.consecutiveFailures},
        disabled_at = ${reactivated ? null : existing.disabledAt}::timestamptz, disabled_reason = ${reactivated ? null : existing.disabledReason},
        updated_at = now()
      where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'webhook', recordId: id, action: 'update', meta: { fields: Object.keys(input) } }]);
    return publicWebhook((await loadWebhook(tx, id))!);
  });
}

export async function deleteWebhook(ctx: Ctx, id: string) {
  const existing = await managedWebhook(ctx, id);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`delete from webhooks where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'webhook', recordId: id, action: 'delete', meta: { name: existing.name, url: existing.url } }]);
  });
  return { ok: true as const };
}

/** A new secret, returned this once; the old one stops signing at once. */
export async function rotateWebhookSecret(ctx: Ctx, id: string) {
  await managedWebhook(ctx, id);
  const secret = newSecret();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update webhooks set secret_encrypted = ${secret.encrypted}, secret_hint = ${secret.hint}, updated_at = now() where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'webhook', recordId: id, action: 'update', meta: { fields: ['secret'] } }]);
    return { ...publicWebhook((await loadWebhook(tx, id))!), secret: secret.secret };
  });
}

/** Whether any workspace has an active webhook (the dispatcher keeps polling only then). */
export async function anyActiveWebhook(db: Db): Promise<boolean> {
  return Boolean(await firstRow(db, sql`select 1 as found from webhooks where is_active limit 1`));
}

