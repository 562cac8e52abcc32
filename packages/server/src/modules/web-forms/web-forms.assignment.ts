// Who gets a submitted lead: the form's rules in order (region = the lead's city, source = utm_source or
// else the referrer's host), then the fallback; a fixed user, or the next active member of a team in turn.
// Inactive users are skipped; an assignee with nobody active falls through to the next rule. The
// round-robin position (web_form_round_robin) is locked FOR UPDATE by the submission's transaction, so
// concurrent submissions take turns and a rolled-back submission gives its turn back.
import { sql } from 'drizzle-orm';
import type { WebFormAssignee, WebFormAssignment } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';

export interface AssignmentFacts {
  city: string | null;
  source: string | null;
}

export interface Assignment {
  ownerId: string;
  /** How the owner was chosen: 'rule:0:region', 'fallback', 'default' (no assignee had an active user). */
  rule: string;
}

const normalise = (value: string) => value.trim().toLocaleLowerCase('ru').replace(/ё/g, 'е');

export function ruleMatches(match: 'region' | 'source', values: string[], facts: AssignmentFacts): boolean {
  const fact = match === 'region' ? facts.city : facts.source;
  if (!fact) return false;
  const wanted = normalise(fact);
  return values.some((value) => normalise(value) === wanted);
}

async function pickAssignee(tx: Db, workspaceId: string, formId: string, assignee: WebFormAssignee): Promise<string | null> {
  if (assignee.type === 'user') {
    const user = await firstRow<{ id: string }>(tx, sql`select id from users where id = ${assignee.userId}::uuid and workspace_id = ${workspaceId} and is_active`);
    return user?.id ?? null;
  }
  const members = await rows<{ id: string }>(tx, sql`select id from users where workspace_id = ${workspaceId} and team_id = ${assignee.teamId}::uuid and is_active order by id`);
  if (members.length === 0) return null;
  await tx.execute(sql`insert into web_form_round_robin (workspace_id, form_id, team_id) values (${workspaceId}, ${formId}::uuid, ${assignee.teamId}::uuid) on conflict do nothing`);
  const state = await firstRow<{ lastUserId: string | null }>(
    tx,
    sql`select last_user_id as "lastUserId" from web_form_round_robin where form_id = ${formId}::uuid and team_id = ${assignee.teamId}::uuid for update`,
  );
  // The next member after the last one in id order (a member who left or was deactivated is simply passed).
  const next = members.find((member) => state?.lastUserId != null && member.id > state.lastUserId) ?? members[0];
  await tx.execute(
    sql`update web_form_round_robin set last_user_id = ${next.id}::uuid, assigned_count = assigned_count + 1, updated_at = now() where form_id = ${formId}::uuid and team_id = ${assignee.teamId}::uuid`,
  );
  return next.id;
}

/** The owner of a new lead; `defaultOwner` (the form's author or an administrator) when no rule yields an active user. */
export async function chooseOwner(tx: Db, workspaceId: string, formId: string, assignment: WebFormAssignment, facts: AssignmentFacts, defaultOwner: () => Promise<string | null>): Promise<Assignment | null> {
  for (const [index, rule] of assignment.rules.entries()) {
    if (!ruleMatches(rule.match, rule.values, facts)) continue;
    const ownerId = await pickAssignee(tx, workspaceId, formId, rule.assignee);
    if (ownerId) return { ownerId, rule: `rule:${index}:${rule.match}` };
  }
  const fallback = await pickAssignee(tx, workspaceId, formId, assignment.fallback);
  if (fallback) return { ownerId: fallback, rule: 'fallback' };
  const ownerId = await defaultOwner();
  return ownerId ? { ownerId, rule: 'default' } : null;
}
