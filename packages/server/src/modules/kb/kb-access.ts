// Who sees which article. The knowledge base is one settings-style permission object, `knowledge_base`
// (none/all): `update` (or create) writes articles, `read` at all also shows drafts and archived ones.
// Every workspace user reads published articles (internal and public); the public portal reads only
// published public ones.
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/context.js';
import { permissionLevel, requirePermission } from '../../core/access.js';
import type { PermissionAction } from '@svyaz/shared';

export function mayWriteKb(actor: Actor): boolean {
  return permissionLevel(actor, 'knowledge_base', 'update') === 'all';
}

export function requireKb(actor: Actor, action: PermissionAction): void {
  requirePermission(actor, 'knowledge_base', action);
}

/** Condition on `kb_articles a` selecting the articles the actor may read. */
export function articleReadCondition(actor: Actor, alias = 'a'): SQL {
  const column = (name: string) => sql.raw(`"${alias}"."${name}"`);
  const base = sql`${column('workspace_id')} = ${actor.workspaceId}::uuid and ${column('deleted_at')} is null`;
  if (permissionLevel(actor, 'knowledge_base', 'read') === 'all') return base;
  return sql`${base} and ${column('status')} = 'published'`;
}

/** Condition on `kb_articles a` for the public portal of a workspace. */
export function publicArticleCondition(workspaceId: string, alias = 'a'): SQL {
  const column = (name: string) => sql.raw(`"${alias}"."${name}"`);
  return sql`${column('workspace_id')} = ${workspaceId}::uuid and ${column('deleted_at')} is null and ${column('status')} = 'published' and ${column('visibility')} = 'public'`;
}
