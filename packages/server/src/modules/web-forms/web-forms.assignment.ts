// Who gets a submitted lead: the form's rules in order (region = the lead's city, source = utm_source or
// else the referrer's host), then the fallback; a fixed user, or the next active member of a team in turn.
// Inactive users are skipped; an assignee with nobody active falls through to the next rule. The
// round-robin position (web_form_round_robin) is advanced in one upsert whose row lock the submission's
// transaction holds, so concurrent submissions take turns and a rolled-back submission gives its turn back.
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
  // One statement takes the turn: the team's active members in id order, and the round-robin row created or
  // advanced to the member after the last one (a member who left or was deactivated is simply passed). Its
  // row lock is held to the commit, so concurrent submissions take turns and a rollback gives the turn back;
  // being one statement, it is taken with nothing else in between.
  const [turn] = await rows<{ userId: string | null }>(
    tx,
    sql`with members as (select array_agg(id order by id) as ids from users where workspace_id = ${workspaceId} and team_id = ${assignee.teamId}::uuid and is_active)
        insert into web_form_round_robin as rr (workspace_id, form_id, team_id, last_user_id, assigned_count)
        select ${workspaceId}, ${formId}::uuid, ${assignee.teamId}::uuid, m.ids[1], 1 from members m where m.ids is not null
        on conflict (form_id, team_id) do update set
          last_user_id = coalesce((select id from unnest((select ids from members)) id where id > rr.last_user_id order by id limit 1), (select ids[1] from members)),
          assigned_count = rr.assigned_count + 1, updated_at = now()
        returning last_user_id as "userId"`,
  );
  return turn?.userId ?? null;
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
