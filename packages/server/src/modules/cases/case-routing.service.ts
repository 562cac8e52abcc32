// Routing rules: an ordered list per workspace; the first active rule whose conditions all hold gives the
// case its queue and (by the rule's mode) its assignee. Administrators (settings rights) write the rules,
// everyone who reads cases reads them. A queue with no active member hands its cases to its overflow queue.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { caseRoutingReorderSchema, caseRoutingRuleCreateSchema, caseRoutingRuleUpdateSchema, detectLanguage, type CaseRuleConditions } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit } from '../../core/audit.js';
import { isUuid } from '../../core/records/record-service.js';

const ruleColumns = sql`id, name, position, is_active as "isActive", conditions, queue_id as "queueId", assignment, user_id as "userId", set_priority as "setPriority",
  created_at as "createdAt", updated_at as "updatedAt"`;

export interface RoutingRule {
  id: string;
  name: string;
  position: number;
  isActive: boolean;
  conditions: CaseRuleConditions;
  queueId: string;
  assignment: 'none' | 'round_robin' | 'least_loaded' | 'fixed';
  userId: string | null;
  setPriority: string | null;
}

export interface RoutingInput {
  channel: string;
  category: string;
  priority: string;
  subject: string;
  text: string;
  companyId: string | null;
}

export interface RoutingResult {
  ruleId: string | null;
  queueId: string | null;
  ownerId: string | null;
  priority: string | null;
}

/** Whether every condition the rule states holds for the case (pure; the company's tags and custom values are given). */
export function ruleMatches(conditions: CaseRuleConditions, input: RoutingInput, company: { tags: string[]; custom: Record<string, unknown> } | null): boolean {
  if (conditions.channels?.length && !conditions.channels.includes(input.channel as never)) return false;
  if (conditions.categories?.length && !conditions.categories.includes(input.category as never)) return false;
  if (conditions.priorities?.length && !conditions.priorities.includes(input.priority as never)) return false;
  if (conditions.companyTags?.length && !(company && conditions.companyTags.some((tag) => company.tags.includes(tag)))) return false;
  if (conditions.companyField && !(company && String(company.custom[conditions.companyField.key] ?? '') === conditions.companyField.value)) return false;
  if (conditions.keywords?.length) {
    const haystack = `${input.subject} ${input.text}`.toLocaleLowerCase('ru');
    if (!conditions.keywords.some((word) => haystack.includes(word.toLocaleLowerCase('ru')))) return false;
  }
  if (conditions.language && detectLanguage(`${input.subject} ${input.text}`) !== conditions.language) return false;
  return true;
}

async function activeMembers(tx: Db, workspaceId: string, queueId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`select u.id from case_queue_members m join users u on u.id = m.user_id and u.is_active
        where m.workspace_id = ${workspaceId} and m.queue_id = ${queueId}::uuid order by u.id`,
  );
  return found.map((row) => row.id);
}

/** Follows overflow queues while a queue has no active member (chains are loop-free: checked when saved). */
async function staffedQueue(tx: Db, workspaceId: string, queueId: string): Promise<{ queueId: string; members: string[] }> {
  const seen = new Set<string>();
  let current = queueId;
  for (;;) {
    seen.add(current);
    const members = await activeMembers(tx, workspaceId, current);
    if (members.length) return { queueId: current, members };
    const next = await firstRow<{ overflow: string | null }>(tx, sql`select overflow_queue_id as overflow from case_queues where id = ${current}::uuid and deleted_at is null and is_active`);
    if (!next?.overflow || seen.has(next.overflow)) return { queueId: current, members: [] };
    current = next.overflow;
  }
}

/** The assignee by the rule's mode among the queue's active members; the queue row is locked for round-robin. */
async function chooseAssignee(tx: Db, workspaceId: string, rule: RoutingRule, queueId: string, members: string[]): Promise<string | null> {
  if (rule.assignment === 'fixed' && rule.userId) {
    const user = await firstRow(tx, sql`select 1 as ok from users where id = ${rule.userId}::uuid and workspace_id = ${workspaceId} and is_active`);
    if (user) return rule.userId;
    // An inactive fixed user: the queue's round-robin takes over.
  } else if (rule.assignment === 'none') return null;
  if (members.length === 0) return null;
  if (rule.assignment === 'least_loaded') {
    const [least] = await rows<{ id: string }>(
      tx,
      sql`select m.id from unnest(${`{${members.join(',')}}`}::uuid[]) as m(id)
          order by (select count(*) from cases c where c.workspace_id = ${workspaceId} and c.owner_id = m.id and c.is_open and c.deleted_at is null), m.id limit 1`,
    );
    return least.id;
  }
  const queue = await firstRow<{ last: string | null }>(tx, sql`select last_assigned_user_id as last from case_queues where id = ${queueId}::uuid for update`);
  const next = members.find((id) => queue?.last == null || id > queue.last) ?? members[0];
  await tx.execute(sql`update case_queues set last_assigned_user_id = ${next}::uuid where id = ${queueId}::uuid`);
  return next;
}

/** Runs the workspace's rules for a new case, inside the creating transaction. */
export async function routeCase(tx: Db, workspaceId: string, input: RoutingInput): Promise<RoutingResult> {
  const rules = await rows<RoutingRule>(tx, sql`select ${ruleColumns} from case_routing_rules where workspace_id = ${workspaceId} and is_active order by position, id`);
  if (rules.length === 0) return { ruleId: null, queueId: null, ownerId: null, priority: null };
  const company = input.companyId
    ? ((await firstRow<{ tags: string[]; custom: Record<string, unknown> }>(tx, sql`select tags, custom from companies where id = ${input.companyId}::uuid and workspace_id = ${workspaceId} and deleted_at is null`)) ?? null)
    : null;
  const rule = rules.find((candidate) => ruleMatches(candidate.conditions ?? {}, input, company));
  if (!rule) return { ruleId: null, queueId: null, ownerId: null, priority: null };
  const { queueId, members } = await staffedQueue(tx, workspaceId, rule.queueId);
  const ownerId = await chooseAssignee(tx, workspaceId, rule, queueId, members);
  return { ruleId: rule.id, queueId, ownerId, priority: rule.setPriority };
}

// ---------------------------------------------------------------- settings API

async function checkRuleReferences(ctx: Ctx, input: { queueId?: string; userId?: string | null; assignment?: string }, existing: RoutingRule | null): Promise<void> {
  const ws = ctx.actor.workspaceId;
  if (input.queueId !== undefined) {
    const queue = await firstRow(ctx.db, sql`select 1 as ok from case_queues where workspace_id = ${ws} and id = ${input.queueId}::uuid and deleted_at is null`);
    if (!queue) throw invalid('queueId', 'is not a queue of this workspace');
  }
  if (input.userId) {
    const user = await firstRow(ctx.db, sql`select 1 as ok from users where workspace_id = ${ws} and id = ${input.userId}::uuid and is_active`);
    if (!user) throw invalid('userId', 'is not an active user of this workspace');
  }
  const assignment = input.assignment ?? existing?.assignment;
  const userId = input.userId !== undefined ? input.userId : existing?.userId;
  if (assignment === 'fixed' && !userId) throw invalid('userId', 'is required when assignment is fixed');
}

export async function listRoutingRules(ctx: Ctx) {
  requirePermission(ctx.actor, 'cases', 'read');
  return { data: await rows(ctx.db, sql`select ${ruleColumns} from case_routing_rules where workspace_id = ${ctx.actor.workspaceId} order by position, id`) };
}

async function loadRule(ctx: Ctx, id: string): Promise<RoutingRule> {
  const rule = isUuid(id) ? await firstRow<RoutingRule>(ctx.db, sql`select ${ruleColumns} from case_routing_rules where workspace_id = ${ctx.actor.workspaceId} and id = ${id}::uuid`) : undefined;
  if (!rule) throw notFound('routing rule', id);
  return rule;
}

export async function createRoutingRule(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'create');
  const input = parseBody(caseRoutingRuleCreateSchema, body);
  await checkRuleReferences(ctx, input, null);
  const [row] = await rows<{ id: string }>(
    ctx.db,
    sql`insert into case_routing_rules (workspace_id, name, position, is_active, conditions, queue_id, assignment, user_id, set_priority, created_by)
        values (${ctx.actor.workspaceId}, ${input.name},
          (select coalesce(max(position), 0) + 1 from case_routing_rules where workspace_id = ${ctx.actor.workspaceId}),
          ${input.isActive ?? true}, ${JSON.stringify(input.conditions ?? {})}::jsonb, ${input.queueId}, ${input.assignment ?? 'none'},
          ${input.userId ?? null}, ${input.setPriority ?? null}, ${ctx.actor.userId})
        returning id`,
  );
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'case_routing_rule', recordId: row.id, action: 'create', meta: { name: input.name } }]);
  return loadRule(ctx, row.id);
}

export async function updateRoutingRule(ctx: Ctx, id: string, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'update');
  const existing = await loadRule(ctx, id);
  const input = parseBody(caseRoutingRuleUpdateSchema, body);
  await checkRuleReferences(ctx, input, existing);
  const sets = [
    input.name !== undefined ? sql`name = ${input.name}` : null,
    input.isActive !== undefined ? sql`is_active = ${input.isActive}` : null,
    input.conditions !== undefined ? sql`conditions = ${JSON.stringify(input.conditions)}::jsonb` : null,
    input.queueId !== undefined ? sql`queue_id = ${input.queueId}::uuid` : null,
    input.assignment !== undefined ? sql`assignment = ${input.assignment}` : null,
    input.userId !== undefined ? sql`user_id = ${input.userId}::uuid` : null,
    input.setPriority !== undefined ? sql`set_priority = ${input.setPriority}` : null,
  ].filter((item): item is ReturnType<typeof sql> => item !== null);
  if (sets.length) {
    await ctx.db.execute(sql`update case_routing_rules set ${sql.join(sets, sql`, `)}, updated_at = now() where id = ${id}::uuid`);
    await recordAudit(ctx.db, ctx.actor, [{ recordType: 'case_routing_rule', recordId: id, action: 'update', meta: { fields: Object.keys(input) } }]);
  }
  return loadRule(ctx, id);
}

export async function deleteRoutingRule(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'settings', 'delete');
  await loadRule(ctx, id);
  await ctx.db.execute(sql`delete from case_routing_rules where id = ${id}::uuid`);
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'case_routing_rule', recordId: id, action: 'delete' }]);
  return { ok: true };
}

/** A new order of every rule at once: the ids must be exactly the workspace's rules. */
export async function reorderRoutingRules(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'update');
  const input: z.infer<typeof caseRoutingReorderSchema> = parseBody(caseRoutingReorderSchema, body);
  const current = await rows<{ id: string }>(ctx.db, sql`select id from case_routing_rules where workspace_id = ${ctx.actor.workspaceId}`);
  const known = new Set(current.map((row) => row.id));
  if (new Set(input.ids).size !== input.ids.length) throw invalid('ids', 'lists a rule twice');
  const stranger = input.ids.findIndex((id) => !known.has(id));
  if (stranger >= 0) throw invalid(`ids[${stranger}]`, 'is not a routing rule of this workspace');
  if (input.ids.length !== known.size) throw invalid('ids', `must list all ${known.size} rules`);
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`update case_routing_rules r set position = x.position, updated_at = now()
      from (select id, ordinality::int as position from unnest(${`{${input.ids.join(',')}}`}::uuid[]) with ordinality as u(id, ordinality)) x
      where r.id = x.id and r.workspace_id = ${ctx.actor.workspaceId}`);
    await recordAudit(tx as unknown as Db, ctx.actor, [{ recordType: 'case_routing_rule', recordId: input.ids[0], action: 'update', meta: { reordered: input.ids } }]);
  });
  return listRoutingRules(ctx);
}
