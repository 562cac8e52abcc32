// Roles and their rights. Everyone who may read users sees the roles (user forms need them); holders of
// the 'settings' permission (administrators) create, change and delete them. The administrator role
// always keeps every right, so a workspace can never lock itself out; system roles are not deleted,
// nor any role a user still holds. A change applies to its holders at once (cached actors are dropped).
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { forgetActor } from '../auth/auth.service.js';
import { roleCreateSchema, roleUpdateSchema } from './roles.schema.js';

export interface Role {
  id: string;
  key: string;
  name: string;
  permissions: Record<string, Record<string, string>>;
  isSystem: boolean;
  userCount: number;
}

const ADMIN_KEY = 'admin';

const columns = sql`r.id, r.key, r.name, r.permissions, r.is_system as "isSystem",
  (select count(*) from users u where u.role_id = r.id)::int as "userCount"`;

export async function listRoles(ctx: Ctx): Promise<Role[]> {
  requirePermission(ctx.actor, 'users', 'read');
  return rows<Role>(ctx.db, sql`select ${columns} from roles r where r.workspace_id = ${ctx.actor.workspaceId} order by r.is_system desc, r.name collate "und-x-icu", r.id`);
}

async function findRole(db: Db, workspaceId: string, id: string, forUpdate = false): Promise<Role> {
  const role = isUuid(id) ? await firstRow<Role>(db, sql`select ${columns} from roles r where r.workspace_id = ${workspaceId} and r.id = ${id} ${forUpdate ? sql`for update` : sql``}`) : undefined;
  if (!role) throw notFound('role', id);
  return role;
}

export async function getRole(ctx: Ctx, id: string): Promise<Role> {
  requirePermission(ctx.actor, 'users', 'read');
  return findRole(ctx.db, ctx.actor.workspaceId, id);
}

const snapshot = (role: Role) => ({ key: role.key, name: role.name, permissions: role.permissions });

export async function createRole(ctx: Ctx, body: unknown): Promise<Role> {
  requirePermission(ctx.actor, 'settings', 'create');
  const input = parseBody(roleCreateSchema, body);
  const { workspaceId } = ctx.actor;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const clash = await firstRow<{ id: string }>(tx, sql`select id from roles where workspace_id = ${workspaceId} and key = ${input.key}`);
    if (clash) throw new AppError('CONFLICT', { message: `key: a role "${input.key}" already exists`, details: [{ field: 'key', problem: 'is already used by another role', id: clash.id }] });
    const [created] = await rows<{ id: string }>(
      tx,
      sql`insert into roles (workspace_id, key, name, permissions, is_system) values (${workspaceId}, ${input.key}, ${input.name}, ${JSON.stringify(input.permissions)}::jsonb, false) returning id`,
    );
    const role = await findRole(tx, workspaceId, created.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'role', recordId: role.id, action: 'create', changes: diffRecords(null, snapshot(role)) }]);
    return role;
  });
}

export async function updateRole(ctx: Ctx, id: string, body: unknown): Promise<Role> {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(roleUpdateSchema, body);
  const { workspaceId } = ctx.actor;
  const role = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await findRole(tx, workspaceId, id, true);
    if (input.permissions && before.key === ADMIN_KEY && JSON.stringify(input.permissions) !== JSON.stringify(before.permissions)) {
      throw invalid('permissions', 'the administrator role always keeps every right; create another role with fewer rights instead');
    }
    await tx.execute(
      sql`update roles set name = coalesce(${input.name ?? null}, name),
            permissions = coalesce(${input.permissions ? JSON.stringify(input.permissions) : null}::jsonb, permissions)
          where id = ${id}`,
    );
    const after = await findRole(tx, workspaceId, id);
    const changes = diffRecords(snapshot(before), snapshot(after));
    if (Object.keys(changes).length) await recordAudit(tx, ctx.actor, [{ recordType: 'role', recordId: id, action: 'update', changes }]);
    return after;
  });
  await forgetActor(ctx.db);
  return role;
}

export async function deleteRole(ctx: Ctx, id: string): Promise<{ deleted: number }> {
  requirePermission(ctx.actor, 'settings', 'delete');
  const { workspaceId } = ctx.actor;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const role = await findRole(tx, workspaceId, id, true);
    if (role.isSystem) throw new AppError('CONFLICT', { message: 'A built-in role cannot be deleted; change its rights instead', details: { id } });
    if (role.userCount > 0) throw new AppError('CONFLICT', { message: `${role.userCount} users hold this role; give them another role first`, details: { id, users: role.userCount } });
    await tx.execute(sql`delete from roles where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'role', recordId: id, action: 'delete', changes: diffRecords(snapshot(role), null) }]);
    return { deleted: 1 };
  });
}
