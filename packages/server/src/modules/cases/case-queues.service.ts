// Queues (teams of agents): settings written by administrators (settings rights), read by everyone who
// reads cases. A queue has members, a head (told when a case waits too long) and an optional overflow queue;
// an overflow chain that comes back to itself is refused.
import { sql } from 'drizzle-orm';
import { caseQueueCreateSchema, caseQueueUpdateSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit } from '../../core/audit.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

const queueColumns = sql`q.id, q.name, q.description, q.team_id as "teamId", q.head_user_id as "headUserId", q.escalation_minutes as "escalationMinutes",
  q.overflow_queue_id as "overflowQueueId", q.is_active as "isActive", q.created_at as "createdAt", q.updated_at as "updatedAt",
  coalesce((select array_agg(m.user_id order by m.created_at, m.user_id) from case_queue_members m where m.queue_id = q.id), '{}'::uuid[]) as "memberIds",
  (select count(*)::int from cases c where c.workspace_id = q.workspace_id and c.queue_id = q.id and c.is_open and c.deleted_at is null) as "openCount"`;

export async function listQueues(ctx: Ctx) {
  requirePermission(ctx.actor, 'cases', 'read');
  return { data: await rows(ctx.db, sql`select ${queueColumns} from case_queues q where q.workspace_id = ${ctx.actor.workspaceId} and q.deleted_at is null order by q.name collate "und-x-icu", q.id`) };
}

export async function getQueue(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'cases', 'read');
  const queue = isUuid(id) ? await firstRow(ctx.db, sql`select ${queueColumns} from case_queues q where q.workspace_id = ${ctx.actor.workspaceId} and q.id = ${id}::uuid and q.deleted_at is null`) : undefined;
  if (!queue) throw notFound('queue', id);
  return queue;
}

/** The queues the user is a member or the head of (the desk's team view). */
export async function queuesOfUser(db: Db, workspaceId: string, userId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`select q.id from case_queues q where q.workspace_id = ${workspaceId} and q.deleted_at is null
          and (q.head_user_id = ${userId}::uuid or exists (select 1 from case_queue_members m where m.queue_id = q.id and m.user_id = ${userId}::uuid))`,
  );
  return found.map((row) => row.id);
}

async function checkReferences(ctx: Ctx, id: string | null, input: { teamId?: string | null; headUserId?: string | null; memberIds?: string[]; overflowQueueId?: string | null }): Promise<void> {
  const ws = ctx.actor.workspaceId;
  if (input.teamId && !(await firstRow(ctx.db, sql`select 1 as ok from teams where workspace_id = ${ws} and id = ${input.teamId}::uuid`))) throw invalid('teamId', 'is not a team of this workspace');
  if (input.headUserId && !(await firstRow(ctx.db, sql`select 1 as ok from users where workspace_id = ${ws} and id = ${input.headUserId}::uuid and is_active`))) {
    throw invalid('headUserId', 'is not an active user of this workspace');
  }
  if (input.memberIds?.length) {
    const found = await rows<{ id: string }>(ctx.db, sql`select id from users where workspace_id = ${ws} and id = any(${pgArrayLiteral(input.memberIds)}::uuid[])`);
    const known = new Set(found.map((row) => row.id));
    const index = input.memberIds.findIndex((member) => !known.has(member));
    if (index >= 0) throw invalid(`memberIds[${index}]`, 'is not a user of this workspace');
  }
  if (input.overflowQueueId) {
    if (input.overflowQueueId === id) throw invalid('overflowQueueId', 'a queue cannot overflow into itself');
    // Walk the chain from the target: coming back to this queue would route cases in a circle.
    let current: string | null = input.overflowQueueId;
    const seen = new Set<string>();
    while (current) {
      if (current === id) throw invalid('overflowQueueId', 'makes a loop: that queue already overflows back into this one');
      if (seen.has(current)) break;
      seen.add(current);
      const row: { overflow: string | null } | undefined = await firstRow<{ overflow: string | null }>(
        ctx.db,
        sql`select overflow_queue_id as overflow from case_queues where workspace_id = ${ws} and id = ${current}::uuid and deleted_at is null`,
      );
      if (!row) {
        if (current === input.overflowQueueId) throw invalid('overflowQueueId', 'is not a queue of this workspace');
        break;
      }
      current = row.overflow;
    }
  }
}

async function replaceMembers(tx: Db, workspaceId: string, queueId: string, memberIds: string[]): Promise<void> {
  await tx.execute(sql`delete from case_queue_members where queue_id = ${queueId}::uuid`);
  const unique = [...new Set(memberIds)];
  if (unique.length) {
    await tx.execute(sql`insert into case_queue_members (workspace_id, queue_id, user_id) select ${workspaceId}::uuid, ${queueId}::uuid, u from unnest(${pgArrayLiteral(unique)}::uuid[]) as u`);
  }
}

function nameTaken(error: unknown): boolean {
  return (error as { code?: string; cause?: { code?: string } })?.code === '23505' || (error as { cause?: { code?: string } })?.cause?.code === '23505';
}

export async function createQueue(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'create');
  const input = parseBody(caseQueueCreateSchema, body);
  await checkReferences(ctx, null, input);
  const ws = ctx.actor.workspaceId;
  const existing = await firstRow(ctx.db, sql`select 1 as ok from case_queues where workspace_id = ${ws} and lower(name) = lower(${input.name}) and deleted_at is null`);
  if (existing) throw new AppError('CONFLICT', { message: `name: a queue "${input.name}" already exists`, details: [{ field: 'name', problem: 'is already used by another queue' }] });
  const id = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into case_queues (workspace_id, name, description, team_id, head_user_id, escalation_minutes, overflow_queue_id, is_active, created_by)
          values (${ws}, ${input.name}, ${input.description ?? null}, ${input.teamId ?? null}, ${input.headUserId ?? null}, ${input.escalationMinutes ?? 60},
            ${input.overflowQueueId ?? null}, ${input.isActive ?? true}, ${ctx.actor.userId}) returning id`,
    );
    await replaceMembers(tx, ws, row.id, input.memberIds ?? []);
    await recordAudit(tx, ctx.actor, [{ recordType: 'case_queue', recordId: row.id, action: 'create', meta: { name: input.name } }]);
    return row.id;
  }).catch((error: unknown) => {
    if (nameTaken(error)) throw new AppError('CONFLICT', { message: `name: a queue "${input.name}" already exists`, details: [{ field: 'name', problem: 'is already used by another queue' }] });
    throw error;
  });
  return getQueue(ctx, id);
}

export async function updateQueue(ctx: Ctx, id: string, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'update');
  await getQueue(ctx, id);
  const input = parseBody(caseQueueUpdateSchema, body);
  await checkReferences(ctx, id, input);
  const sets = [
    input.name !== undefined ? sql`name = ${input.name}` : null,
    input.description !== undefined ? sql`description = ${input.description}` : null,
    input.teamId !== undefined ? sql`team_id = ${input.teamId}::uuid` : null,
    input.headUserId !== undefined ? sql`head_user_id = ${input.headUserId}::uuid` : null,
    input.escalationMinutes !== undefined ? sql`escalation_minutes = ${input.escalationMinutes}` : null,
    input.overflowQueueId !== undefined ? sql`overflow_queue_id = ${input.overflowQueueId}::uuid` : null,
    input.isActive !== undefined ? sql`is_active = ${input.isActive}` : null,
  ].filter((item): item is ReturnType<typeof sql> => item !== null);
  await ctx.db
    .transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      if (sets.length) await tx.execute(sql`update case_queues set ${sql.join(sets, sql`, `)}, updated_at = now() where id = ${id}::uuid`);
      if (input.memberIds) await replaceMembers(tx, ctx.actor.workspaceId, id, input.memberIds);
      await recordAudit(tx, ctx.actor, [{ recordType: 'case_queue', recordId: id, action: 'update', meta: { fields: Object.keys(input) } }]);
    })
    .catch((error: unknown) => {
      if (nameTaken(error)) throw new AppError('CONFLICT', { message: `name: a queue "${input.name}" already exists`, details: [{ field: 'name', problem: 'is already used by another queue' }] });
      throw error;
    });
  return getQueue(ctx, id);
}

/** A queue that rules route to, or that other queues overflow into, cannot go (409 naming what holds it). */
export async function deleteQueue(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'settings', 'delete');
  await getQueue(ctx, id);
  const rule = await firstRow<{ name: string }>(ctx.db, sql`select name from case_routing_rules where queue_id = ${id}::uuid limit 1`);
  if (rule) throw new AppError('CONFLICT', { message: `The routing rule "${rule.name}" sends cases to this queue`, details: [{ field: 'id', problem: 'is used by a routing rule' }] });
  const overflow = await firstRow<{ name: string }>(ctx.db, sql`select name from case_queues where overflow_queue_id = ${id}::uuid and deleted_at is null limit 1`);
  if (overflow) throw new AppError('CONFLICT', { message: `The queue "${overflow.name}" overflows into this queue`, details: [{ field: 'id', problem: 'is an overflow queue' }] });
  await ctx.db.execute(sql`update case_queues set deleted_at = now(), updated_at = now() where id = ${id}::uuid`);
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'case_queue', recordId: id, action: 'delete' }]);
  return { ok: true };
}
