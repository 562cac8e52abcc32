// Who sees which article. The knowledge base is one settings-style permission object, `knowledge_base`
// (none/all): `update` (or create) writes articles, `read` at all also shows drafts and archived ones.
// Every workspace user reads published articles (internal and public); the public portal reads only
// published public ones.
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/context.js';
import { accessCondition, permissionLevel, requirePermission } from '../../core/access.js';
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

/**
 * Condition on `kb_article_feedback f`: a mark counts for the viewer when it is not tied to a case, or its
 * case is one they may read (accessCondition on cases) — so a manager's report and experts list count their
 * own cases and the head's the team's, and nobody learns of cases hidden from them.
 */
export function feedbackVisibleCondition(actor: Actor, alias = 'f'): SQL {
  const caseId = sql.raw(`"${alias}"."case_id"`);
  return sql`(${caseId} is null or exists (select 1 from cases vc where vc.id = ${caseId} and ${accessCondition(actor, 'cases', 'read', 'vc')}))`;
}
