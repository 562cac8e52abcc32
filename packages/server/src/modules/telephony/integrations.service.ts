// Telephony integrations: a PBX or cloud provider that posts call events, with the extensions of its users.
// Administrators manage them. The secret the PBX presents is 32 random bytes shown once (on create and on
// rotate); only its SHA-256 is stored, so it can be checked but never shown or leaked again.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { telephonyIntegrationCreateSchema, telephonyIntegrationUpdateSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit } from '../../core/audit.js';
import { isSettingsAdmin } from '../email/mailboxes.service.js';

export interface IntegrationRow {
  id: string;
  workspaceId: string;
  name: string;
  provider: string;
  secretHash: string;
  secretHint: string;
  originateUrl: string | null;
  isActive: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  secretRotatedAt: string | null;
}

export const integrationColumns = sql`id, workspace_id as "workspaceId", name, provider, secret_hash as "secretHash", secret_hint as "secretHint", originate_url as "originateUrl",
  is_active as "isActive", created_by as "createdBy", created_at as "createdAt", updated_at as "updatedAt", secret_rotated_at as "secretRotatedAt"`;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function newSecret(): { secret: string; hash: string; hint: string } {
  const secret = `svt_${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret), hint: `…${secret.slice(-4)}` };
}

function requireAdmin(ctx: Ctx): void {
  if (!isSettingsAdmin(ctx.actor)) throw new AppError('FORBIDDEN', { message: 'Only administrators manage telephony integrations' });
}

export async function loadIntegration(db: Db, id: string): Promise<IntegrationRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return firstRow<IntegrationRow>(db, sql`select ${integrationColumns} from telephony_integrations where id = ${id}`);
}

async function extensionsOf(db: Db, integrationIds: string[]) {
  if (integrationIds.length === 0) return new Map<string, { extension: string; userId: string; userName: string | null }[]>();
  const found = await rows<{ integrationId: string; extension: string; userId: string; userName: string | null }>(
    db,
    sql`select e.integration_id as "integrationId", e.extension, e.user_id as "userId", u.name as "userName"
        from telephony_extensions e left join users u on u.id = e.user_id
        where e.integration_id = any(${`{${integrationIds.join(',')}}`}::uuid[]) order by e.extension`,
  );
  const byIntegration = new Map<string, { extension: string; userId: string; userName: string | null }[]>();
  for (const row of found) {
    const list = byIntegration.get(row.integrationId) ?? [];
    list.push({ extension: row.extension, userId: row.userId, userName: row.userName });
    byIntegration.set(row.integrationId, list);
  }
  return byIntegration;
}

function publicIntegration(row: IntegrationRow, extensions: { extension: string; userId: string; userName: string | null }[]) {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    secretHint: row.secretHint,
    originateUrl: row.originateUrl,
    isActive: row.isActive,
    eventsUrl: '/api/v1/telephony/events',
    extensions,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    secretRotatedAt: row.secretRotatedAt,
  };
}

async function view(db: Db, id: string) {
  const row = (await loadIntegration(db, id))!;
  return publicIntegration(row, (await extensionsOf(db, [id])).get(id) ?? []);
}

export async function listIntegrations(ctx: Ctx) {
  requireAdmin(ctx);
  const found = await rows<IntegrationRow>(ctx.db, sql`select ${integrationColumns} from telephony_integrations where workspace_id = ${ctx.actor.workspaceId} order by created_at`);
  const extensions = await extensionsOf(ctx.db, found.map((row) => row.id));
  return { data: found.map((row) => publicIntegration(row, extensions.get(row.id) ?? [])) };
}

async function ownIntegration(ctx: Ctx, id: string): Promise<IntegrationRow> {
  requireAdmin(ctx);
  const row = await loadIntegration(ctx.db, id);
  if (!row || row.workspaceId !== ctx.actor.workspaceId) throw notFound('telephony integration', id);
  return row;
}

export async function getIntegration(ctx: Ctx, id: string) {
  await ownIntegration(ctx, id);
  return view(ctx.db, id);
}

/** Every extension once, and every user active in this workspace. */
async function checkExtensions(ctx: Ctx, extensions: { extension: string; userId: string }[] | undefined): Promise<void> {
  if (!extensions) return;
  const seen = new Set<string>();
  for (const [index, item] of extensions.entries()) {
    if (seen.has(item.extension)) throw invalid(`extensions[${index}].extension`, 'is given twice');
    seen.add(item.extension);
  }
  const ids = [...new Set(extensions.map((item) => item.userId))];
  if (ids.length === 0) return;
  const known = await rows<{ id: string }>(ctx.db, sql`select id from users where workspace_id = ${ctx.actor.workspaceId} and id = any(${`{${ids.join(',')}}`}::uuid[])`);
  const knownIds = new Set(known.map((row) => row.id));
  const index = extensions.findIndex((item) => !knownIds.has(item.userId));
  if (index >= 0) throw invalid(`extensions[${index}].userId`, 'is not a user of this workspace');
}

async function replaceExtensions(tx: Db, ctx: Ctx, integrationId: string, extensions: { extension: string; userId: string }[]): Promise<void> {
  await tx.execute(sql`delete from telephony_extensions where integration_id = ${integrationId}`);
  if (extensions.length === 0) return;
  await tx.execute(sql`insert into telephony_extensions (workspace_id, integration_id, extension, user_id)
    select ${ctx.actor.workspaceId}::uuid, ${integrationId}::uuid, x.extension, x.user_id
    from jsonb_to_recordset(${JSON.stringify(extensions.map((item) => ({ extension: item.extension, user_id: item.userId })))}::jsonb) as x(extension text, user_id uuid)`);
}

export async function createIntegration(ctx: Ctx, body: unknown) {
  requireAdmin(ctx);
  const input = parseBody(telephonyIntegrationCreateSchema, body);
  await checkExtensions(ctx, input.extensions);
  const secret = newSecret();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into telephony_integrations (workspace_id, name, provider, secret_hash, secret_hint, originate_url, is_active, created_by)
          values (${ctx.actor.workspaceId}, ${input.name}, ${input.provider ?? 'generic'}, ${secret.hash}, ${secret.hint}, ${input.originateUrl ?? null}, ${input.isActive ?? true}, ${ctx.actor.userId})
          returning id`,
    );
    await replaceExtensions(tx, ctx, row.id, input.extensions ?? []);
    await recordAudit(tx, ctx.actor, [{ recordType: 'telephony_integration', recordId: row.id, action: 'create', meta: { name: input.name } }]);
    return { ...(await view(tx, row.id)), secret: secret.secret };
  });
}

export async function updateIntegration(ctx: Ctx, id: string, body: unknown) {
  const before = await ownIntegration(ctx, id);
  const input = parseBody(telephonyIntegrationUpdateSchema, body);
  await checkExtensions(ctx, input.extensions);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update telephony_integrations set
        name = ${input.name ?? before.name}, provider = ${input.provider ?? before.provider},
        originate_url = ${input.originateUrl === undefined ? before.originateUrl : input.originateUrl},
        is_active = ${input.isActive ?? before.isActive}, updated_at = now()
      where id = ${id}`);
    if (input.extensions) await replaceExtensions(tx, ctx, id, input.extensions);
    await recordAudit(tx, ctx.actor, [{ recordType: 'telephony_integration', recordId: id, action: 'update', meta: { fields: Object.keys(input) } }]);
    return view(tx, id);
  });
}

export async function rotateSecret(ctx: Ctx, id: string) {
  await ownIntegration(ctx, id);
  const secret = newSecret();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update telephony_integrations set secret_hash = ${secret.hash}, secret_hint = ${secret.hint}, secret_rotated_at = now(), updated_at = now() where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'telephony_integration', recordId: id, action: 'update', meta: { secretRotated: true } }]);
  });
  return { ...(await view(ctx.db, id)), secret: secret.secret };
}

export async function deleteIntegration(ctx: Ctx, id: string) {
  await ownIntegration(ctx, id);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`delete from telephony_extensions where integration_id = ${id}`);
    await tx.execute(sql`delete from telephony_integrations where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'telephony_integration', recordId: id, action: 'delete' }]);
  });
  return { ok: true as const };
}

/** What the web needs to know about me: my extensions, and whether click-to-call can dial for me. */
export async function myTelephony(ctx: Ctx) {
  const found = await rows<{ integrationId: string; name: string; extension: string; canOriginate: boolean }>(
    ctx.db,
    sql`select i.id as "integrationId", i.name, e.extension, (i.originate_url is not null) as "canOriginate"
        from telephony_extensions e join telephony_integrations i on i.id = e.integration_id and i.is_active
        where e.workspace_id = ${ctx.actor.workspaceId} and e.user_id = ${ctx.actor.userId} order by i.created_at, e.extension`,
  );
  return { extensions: found, clickToCall: found.some((row) => row.canOriginate) };
}
