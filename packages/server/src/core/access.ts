// Access rights, enforced in one place. Every query over an owned table takes its WHERE
// from `accessCondition()`, so list, get, search, timeline, related lists, bulk operations,
// export, counts and analytics all see the same set of records.
import { sql, type SQL } from 'drizzle-orm';
import type { PermissionAction, PermissionLevel } from '@svyaz/shared';
import type { Actor } from './context.js';
import { AppError } from './errors.js';
import { pgArrayLiteral } from './sql-values.js';

export type ObjectName = 'companies' | 'contacts' | 'leads' | 'deals' | 'activities' | 'tasks' | 'products' | 'orders' | 'cases' | 'service_contracts' | 'campaigns' | 'pipelines' | 'users' | 'teams' | 'settings'
  // The knowledge base (modules/kb): settings-style, none/all; writing articles. Published internal articles are read by everyone.
  | 'knowledge_base';
export const ownedObjects = ['companies', 'contacts', 'leads', 'deals', 'activities', 'tasks', 'products', 'orders', 'cases', 'service_contracts', 'campaigns'] as const;
export type OwnedObject = (typeof ownedObjects)[number];
export type RolePermissions = Partial<Record<ObjectName, Partial<Record<PermissionAction, PermissionLevel>>>>;

const everything = (level: PermissionLevel, exportLevel: PermissionLevel = level) => ({ read: level, create: level, update: level, delete: level, export: exportLevel });
const readOnly = (level: PermissionLevel) => ({ read: level, create: 'none', update: 'none', delete: 'none', export: 'none' }) as const;

/** Default roles created with every workspace. Admins may edit them or add their own. */
export const defaultRoles: { key: string; name: string; permissions: RolePermissions }[] = [
  {
    key: 'admin',
    name: 'Administrator',
    permissions: Object.fromEntries(
      [...ownedObjects, 'pipelines', 'users', 'teams', 'settings',
        'knowledge_base',
      ].map((object) => [object, everything('all')]),
    ) as RolePermissions,
  },
  {
    key: 'head_of_sales',
    name: 'Head of sales',
    permissions: {
      ...(Object.fromEntries(ownedObjects.map((object) => [object, everything('all')])) as RolePermissions),
      products: readOnly('all'),
      pipelines: readOnly('all'),
      users: readOnly('all'),
      teams: readOnly('all'),
      knowledge_base: everything('all'),
    },
  },
  {
    key: 'sales_manager',
    name: 'Sales manager',
    permissions: {
      ...(Object.fromEntries(ownedObjects.map((object) => [object, { ...everything('own'), export: 'none' }])) as RolePermissions),
      products: readOnly('all'),
      pipelines: readOnly('all'),
      users: readOnly('all'),
      teams: readOnly('all'),
      knowledge_base: readOnly('none'),
    },
  },
  {
    key: 'read_only',
    name: 'Read-only',
    permissions: {
      ...(Object.fromEntries(ownedObjects.map((object) => [object, readOnly('all')])) as RolePermissions),
      pipelines: readOnly('all'),
      users: readOnly('all'),
      teams: readOnly('all'),
      knowledge_base: readOnly('none'),
    },
  },
];

export function permissionLevel(actor: Actor, object: ObjectName, action: PermissionAction): PermissionLevel {
  return actor.permissions[object]?.[action] ?? 'none';
}

/** Throws FORBIDDEN when the actor has no level at all for this action (e.g. a read-only user creating). */
export function requirePermission(actor: Actor, object: ObjectName, action: PermissionAction): PermissionLevel {
  const level = permissionLevel(actor, object, action);
  if (level === 'none') {
    throw new AppError('FORBIDDEN', { message: `You may not ${action} ${object}`, details: { object, action } });
  }
  return level;
}

/**
 * SQL condition selecting the rows of an owned table the actor may act on.
 * `alias` is the table alias used in the query (default: the bare column names).
 * Always includes the workspace and (unless includeDeleted) excludes soft-deleted rows.
 */
export function accessCondition(actor: Actor, object: OwnedObject, action: PermissionAction, alias?: string, options: { includeDeleted?: boolean } = {}): SQL {
  const column = (name: string) => (alias ? sql.raw(`"${alias}"."${name}"`) : sql.raw(`"${name}"`));
  const parts: SQL[] = [sql`${column('workspace_id')} = ${actor.workspaceId}`];
  if (!options.includeDeleted) parts.push(sql`${column('deleted_at')} is null`);
  const level = permissionLevel(actor, object, action);
  const own = sql`(${column('owner_id')} = ${actor.userId} or ${actor.userId} = any(${column('collaborator_ids')}))`;
  if (level === 'none') parts.push(sql`false`);
  else if (level === 'own') parts.push(own);
  else if (level === 'team') {
    const teams = actor.teamScope.length ? sql`${column('team_id')} = any(${pgArrayLiteral(actor.teamScope)}::uuid[])` : sql`false`;
    parts.push(sql`(${own} or ${teams})`);
  }
  return sql.join(parts, sql` and `);
}

/** Whether a loaded record (owner/team/collaborators) is within the actor's level. For checks after a write. */
export function canActOn(actor: Actor, object: OwnedObject, action: PermissionAction, record: { ownerId?: string | null; teamId?: string | null; collaboratorIds?: string[] | null }): boolean {
  const level = permissionLevel(actor, object, action);
  if (level === 'all') return true;
  if (level === 'none') return false;
  const own = record.ownerId === actor.userId || (record.collaboratorIds ?? []).includes(actor.userId);
  if (level === 'own') return own;
  return own || (record.teamId != null && actor.teamScope.includes(record.teamId));
}
