// Call lists for telemarketing. A list is a snapshot of the contacts, companies or leads that a list filter
// (or a saved view) selects, among those its creator may read and that have a phone, split between callers.
// A caller takes their next item (`next`: locked with FOR UPDATE SKIP LOCKED, so two callers never hold the
// same item; a claim lapses after CLAIM_MINUTES), records an outcome with a note and maybe a follow-up task,
// and the call is logged on the record's timeline as a call activity through the record engine.
// Who sees a list: its creator and callers always; beyond that the role's read level on the list's object
// decides, as for records (all: every list; team: lists created by someone in the actor's team scope).
import { sql, type SQL } from 'drizzle-orm';
import { callListCreateSchema, callListOutcomeSchema, callListRequeueOutcomes, callListUpdateSchema, type CallListOutcome } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { accessCondition, permissionLevel, requirePermission } from '../../core/access.js';
import { recordAudit, diffRecords } from '../../core/audit.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { buildFilterConditions, parseListParams } from '../../core/records/list-query.js';
import { applyUpdate, createRecordInTransaction, findRecord, isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { activityDefinition } from '../activities/activities.definition.js';
import { taskDefinition } from '../tasks/tasks.definition.js';
import { getSavedView } from '../saved-views/saved-views.service.js';
import { phoneRecordByObject, type PhoneRecordType } from './phone-records.js';

/** A claimed item not finished within this time may be taken by another caller. */
export const CLAIM_MINUTES = 15;
/** No answer or busy: offered again after this long, at most MAX_ATTEMPTS times in all. */
export const RETRY_MINUTES = 60;
export const MAX_ATTEMPTS = 3;
/** At most this many records go into one list. */
export const MAX_ITEMS = 10_000;

interface ListRow {
  id: string;
  name: string;
  object: string;
  status: 'active' | 'paused' | 'archived';
  source: Record<string, unknown>;
  callerIds: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

const listColumns = sql`l.id, l.name, l.object, l.status, l.source, l.caller_ids as "callerIds", l.created_by as "createdBy", l.created_at as "createdAt", l.updated_at as "updatedAt"`;
const tx = (raw: unknown) => raw as Db;

/** The lists the actor may see (creator, caller, or by their read level on the list's object). */
function visibleLists(ctx: Ctx): SQL {
  const { actor } = ctx;
  const byObject = (['contacts', 'companies', 'leads'] as const).map((object) => {
    const level = permissionLevel(actor, object, 'read');
    if (level === 'all') return sql`l.object = ${object}`;
    if (level === 'team' && actor.teamScope.length) {
      return sql`(l.object = ${object} and exists (select 1 from users u where u.id = l.created_by and u.team_id = any(${pgArrayLiteral(actor.teamScope)}::uuid[])))`;
    }
    return sql`false`;
  });
  return sql`l.workspace_id = ${actor.workspaceId} and (l.created_by = ${actor.userId} or ${actor.userId} = any(l.caller_ids) or ${sql.join(byObject, sql` or `)})`;
}

async function loadList(ctx: Ctx, db: Db, id: string, forUpdate = false): Promise<ListRow> {
  const list = isUuid(id) ? await firstRow<ListRow>(db, sql`select ${listColumns} from call_lists l where ${visibleLists(ctx)} and l.id = ${id} ${forUpdate ? sql`for update` : sql``}`) : undefined;
  if (!list) throw notFound('call list', id);
  return list;
}

/** The creator, or whoever may change every record of the list's object (head of sales, administrator). */
function assertManages(ctx: Ctx, list: ListRow, action: string): void {
  if (list.createdBy === ctx.actor.userId) return;
  if (permissionLevel(ctx.actor, list.object as 'contacts', 'update') === 'all') return;
  throw new AppError('FORBIDDEN', { message: `Only the author of this call list or a head of sales may ${action} it`, details: { id: list.id } });
}

function spec(object: string): PhoneRecordType {
  return phoneRecordByObject(object)!;
}

// ---------------------------------------------------------------- progress

interface ProgressRow {
  listId: string;
  callerId: string | null;
  status: string;
  outcome: string | null;
  waiting: boolean;
  count: number;
}

async function progressOf(ctx: Ctx, listIds: string[]) {
  if (listIds.length === 0) return new Map<string, ReturnType<typeof emptyProgress>>();
  const found = await rows<ProgressRow>(
    ctx.db,
    sql`select call_list_id as "listId", case when status = 'done' then done_by else coalesce(claimed_by, assignee_id) end as "callerId", status, outcome,
          (status = 'pending' and available_at > now()) as waiting, count(*)::int as count
        from call_list_items where workspace_id = ${ctx.actor.workspaceId} and call_list_id = any(${pgArrayLiteral(listIds)}::uuid[])
        group by 1, 2, 3, 4, 5`,
  );
  const result = new Map<string, ReturnType<typeof emptyProgress>>();
  for (const row of found) {
    const progress = result.get(row.listId) ?? emptyProgress();
    result.set(row.listId, progress);
    progress.total += row.count;
    const caller = row.callerId ? (progress.callers[row.callerId] ??= { done: 0, pending: 0, inProgress: 0 }) : undefined;
    if (row.status === 'done') {
      progress.done += row.count;
      if (row.outcome) progress.byOutcome[row.outcome] = (progress.byOutcome[row.outcome] ?? 0) + row.count;
      if (caller) caller.done += row.count;
    } else if (row.status === 'skipped') progress.skipped += row.count;
    else if (row.status === 'in_progress') {
      progress.inProgress += row.count;
      if (caller) caller.inProgress += row.count;
    } else {
      if (row.waiting) progress.waiting += row.count;
      else progress.pending += row.count;
      if (caller) caller.pending += row.count;
    }
  }
  return result;
}

function emptyProgress() {
  return { total: 0, done: 0, pending: 0, waiting: 0, inProgress: 0, skipped: 0, byOutcome: {} as Record<string, number>, callers: {} as Record<string, { done: number; pending: number; inProgress: number }> };
}

async function views(ctx: Ctx, lists: ListRow[]) {
  const progress = await progressOf(ctx, lists.map((list) => list.id));
  const userIds = Array.from(new Set(lists.flatMap((list) => [...list.callerIds, list.createdBy])));
  const names = new Map(
    (userIds.length ? await rows<{ id: string; name: string }>(ctx.db, sql`select id, name from users where workspace_id = ${ctx.actor.workspaceId} and id = any(${pgArrayLiteral(userIds)}::uuid[])`) : []).map((user) => [user.id, user.name]),
  );
  return lists.map((list) => {
    const { callers, ...totals } = progress.get(list.id) ?? emptyProgress();
    const callerIds = Array.from(new Set([...list.callerIds, ...Object.keys(callers)]));
    return {
      ...list,
      createdByName: names.get(list.createdBy) ?? null,
      isCaller: list.callerIds.includes(ctx.actor.userId),
      progress: {
        ...totals,
        percent: totals.total ? Math.round(((totals.done + totals.skipped) / totals.total) * 100) : 0,
        byCaller: callerIds.map((userId) => ({ userId, name: names.get(userId) ?? null, ...(callers[userId] ?? { done: 0, pending: 0, inProgress: 0 }) })),
      },
    };
  });
}

// ---------------------------------------------------------------- list, get, create, change, delete

export async function listCallLists(ctx: Ctx, query: { status?: unknown }) {
  const status = query.status;
  if (status !== undefined && !['active', 'paused', 'archived', 'all'].includes(String(status))) throw invalid('status', 'must be active, paused, archived or all');
  const condition = status === 'all' ? sql`true` : status ? sql`l.status = ${String(status)}` : sql`l.status <> 'archived'`;
  const found = await rows<ListRow>(ctx.db, sql`select ${listColumns} from call_lists l where ${visibleLists(ctx)} and ${condition} order by l.created_at desc, l.id desc limit 500`);
  return { data: await views(ctx, found) };
}

export async function getCallList(ctx: Ctx, id: string) {
  const [view] = await views(ctx, [await loadList(ctx, ctx.db, id)]);
  return view;
}

/** filter[field][op]=value parameters from the conditions a list or a saved view keeps. */
function filterQuery(filters: unknown, field: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  const list = Array.isArray(filters) ? filters : filters && typeof filters === 'object' ? Object.entries(filters).map(([key, value]) => ({ field: key, op: 'eq', value })) : [];
  list.forEach((item, index) => {
    const condition = item as { field?: unknown; op?: unknown; value?: unknown };
    if (typeof condition.field !== 'string' || typeof condition.op !== 'string') throw invalid(`${field}[${index}]`, 'is not a condition { field, op, value }');
    const value = condition.op === 'isEmpty' ? String(condition.value || 'true') : String(condition.value ?? '').trim();
    if (value === '') return; // an incomplete condition, as the list itself ignores it
    (query[`filter[${condition.field}][${condition.op}]`] ??= []).push(value);
  });
  return query;
}

export async function createCallList(ctx: Ctx, body: unknown) {
  const input = parseBody(callListCreateSchema, body);
  const target = spec(input.object);
  requirePermission(ctx.actor, input.object, 'read');
  requirePermission(ctx.actor, 'activities', 'create');
  let filters: unknown = input.filters ?? [];
  let filterField = 'filters';
  if (input.savedViewId) {
    let view;
    try {
      view = await getSavedView(ctx, input.savedViewId);
    } catch {
      throw invalid('savedViewId', 'is not a saved view you can see');
    }
    if (view.object !== input.object) throw invalid('savedViewId', `is a view of ${String(view.object)}, not of ${input.object}`);
    filters = (view.query as { filters?: unknown })?.filters ?? [];
    filterField = 'savedViewId';
  }
  let conditions: SQL[];
  try {
    conditions = buildFilterConditions(target.definition, parseListParams(target.definition, filterQuery(filters, filterField)), 'r');
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
      const problem = (error.details as { field?: string; problem: string }[] | undefined)?.[0];
      throw invalid(filterField, `${problem?.field ?? ''} ${problem?.problem ?? error.message}`.trim());
    }
    throw error;
  }
  const callerIds = Array.from(new Set(input.callerIds));
  const known = await rows<{ id: string }>(ctx.db, sql`select id from users where workspace_id = ${ctx.actor.workspaceId} and is_active and id = any(${pgArrayLiteral(callerIds)}::uuid[])`);
  const knownIds = new Set(known.map((user) => user.id));
  const unknownIndex = input.callerIds.findIndex((callerId) => !knownIds.has(callerId));
  if (unknownIndex >= 0) throw invalid(`callerIds[${unknownIndex}]`, 'is not an active user of this workspace');

  return ctx.db.transaction(async (raw) => {
    const db = tx(raw);
    const source = { savedViewId: input.savedViewId ?? null, filters };
    const list = (await firstRow<{ id: string }>(
      db,
      sql`insert into call_lists (workspace_id, name, object, source, caller_ids, created_by, status)
          values (${ctx.actor.workspaceId}, ${input.name}, ${input.object}, ${JSON.stringify(source)}::jsonb, ${pgArrayLiteral(callerIds)}::uuid[], ${ctx.actor.userId}, 'active') returning id`,
    ))!;
    // One statement: the matching records the creator reads, with a phone, in the list's order, dealt out
    // to the callers in turn.
    const where = [accessCondition(ctx.actor, input.object, 'read', 'r'), sql`cardinality(r.phones) > 0`, ...conditions];
    const inserted = await rows<{ count: number }>(
      db,
      sql`with picked as (
            select r.id, ${target.name('r')} as name, r.phones[1] as phone, row_number() over (order by r.created_at, r.id) as position
            from ${sql.raw(target.table)} r where ${sql.join(where, sql` and `)} order by r.created_at, r.id limit ${MAX_ITEMS}
          ), added as (
            insert into call_list_items (workspace_id, call_list_id, position, record_type, record_id, name, phone, assignee_id, status)
            select ${ctx.actor.workspaceId}, ${list.id}, p.position, ${target.recordType}, p.id, coalesce(p.name, ''), p.phone,
                   (${pgArrayLiteral(callerIds)}::uuid[])[((p.position - 1) % ${callerIds.length}) + 1], 'pending'
            from picked p returning 1
          ) select count(*)::int as count from added`,
    );
    if (!inserted[0]?.count) {
      throw new AppError('CALL_LIST_EMPTY', { message: 'No record you can read matches the filter and has a phone', details: [{ field: filterField, problem: 'matches no record with a phone that you can read' }] });
    }
    await recordAudit(db, ctx.actor, [{ recordType: 'call_list', recordId: list.id, action: 'create', changes: diffRecords(null, { name: input.name, object: input.object, callerIds, items: inserted[0].count }) }]);
    const [view] = await views({ ...ctx, db }, [await loadList(ctx, db, list.id)]);
    return view;
  });
}

export async function updateCallList(ctx: Ctx, id: string, body: unknown) {
  const input = parseBody(callListUpdateSchema, body);
  return ctx.db.transaction(async (raw) => {
    const db = tx(raw);
    const before = await loadList(ctx, db, id, true);
    assertManages(ctx, before, 'change');
    await db.execute(sql`update call_lists set name = coalesce(${input.name ?? null}, name), status = coalesce(${input.status ?? null}, status),
        archived_at = case when coalesce(${input.status ?? null}, status) = 'archived' then coalesce(archived_at, now()) else null end, updated_at = now() where id = ${id}`);
    // Pausing or archiving gives back the items callers hold, so nothing stays claimed.
    if (input.status && input.status !== 'active') await db.execute(sql`update call_list_items set status = 'pending', claimed_by = null, claimed_at = null where call_list_id = ${id} and status = 'in_progress'`);
    const after = await loadList(ctx, db, id);
    await recordAudit(db, ctx.actor, [{ recordType: 'call_list', recordId: id, action: 'update', changes: diffRecords({ name: before.name, status: before.status }, { name: after.name, status: after.status }) }]);
    const [view] = await views({ ...ctx, db }, [after]);
    return view;
  });
}

export async function deleteCallList(ctx: Ctx, id: string) {
  return ctx.db.transaction(async (raw) => {
    const db = tx(raw);
    const list = await loadList(ctx, db, id, true);
    assertManages(ctx, list, 'delete');
    await db.execute(sql`delete from call_list_items where call_list_id = ${id}`);
    await db.execute(sql`delete from call_lists where id = ${id}`);
    await recordAudit(db, ctx.actor, [{ recordType: 'call_list', recordId: id, action: 'delete', changes: diffRecords({ name: list.name, object: list.object, callerIds: list.callerIds }, null) }]);
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------- working a list

interface ItemRow {
  id: string;
  callListId: string;
  position: number;
  recordType: string;
  recordId: string;
  name: string;
  phone: string;
  assigneeId: string | null;
  status: string;
  outcome: string | null;
  note: string | null;
  attempts: number;
  claimedBy: string | null;
  claimedAt: string | null;
  availableAt: string | null;
  taskId: string | null;
  activityId: string | null;
  callId: string | null;
}

const itemColumns = sql`i.id, i.call_list_id as "callListId", i.position, i.record_type as "recordType", i.record_id as "recordId", i.name, i.phone, i.assignee_id as "assigneeId",
  i.status, i.outcome, i.note, i.attempts, i.claimed_by as "claimedBy", i.claimed_at as "claimedAt", i.available_at as "availableAt", i.task_id as "taskId", i.activity_id as "activityId", i.call_id as "callId"`;

function assertCaller(ctx: Ctx, list: ListRow): void {
  if (!list.callerIds.includes(ctx.actor.userId)) throw new AppError('FORBIDDEN', { message: 'You are not a caller of this call list', details: [{ field: 'callerIds', problem: 'does not include you' }] });
  if (list.status !== 'active') throw new AppError('CONFLICT', { message: `This call list is ${list.status}`, details: [{ field: 'status', problem: `is ${list.status}, not active` }] });
}

async function itemView(ctx: Ctx, item: ItemRow, list: ListRow) {
  const target = spec(list.object);
  const record = await findRecord(ctx, target.definition, item.recordId, 'read');
  return {
    ...item,
    claimExpiresAt: item.claimedAt ? new Date(Date.parse(item.claimedAt) + CLAIM_MINUTES * 60_000).toISOString() : null,
    record,
  };
}

/**
 * The caller's next item: the one they already hold, else the first free one (their own share first, then
 * anyone's once theirs are done), skipping records they may not read. Locked with SKIP LOCKED and marked
 * in the same statement, so a concurrent caller takes the next row instead of waiting or doubling up.
 */
export async function nextCallListItem(ctx: Ctx, id: string) {
  const list = await loadList(ctx, ctx.db, id);
  assertCaller(ctx, list);
  const target = spec(list.object);
  const me = ctx.actor.userId;
  const claimed = await ctx.db.transaction(async (raw) => {
    const db = tx(raw);
    // One claim at a time per caller and list (two tabs asking at once get the same item, not two).
    await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`call-list:${id}:${me}`}, 0))`);
    const held = await firstRow<ItemRow>(db, sql`select ${itemColumns} from call_list_items i where i.call_list_id = ${id} and i.status = 'in_progress' and i.claimed_by = ${me} order by i.claimed_at limit 1`);
    if (held) return held;
    const free = sql`(i.status = 'pending' and (i.available_at is null or i.available_at <= now()))
      or (i.status = 'in_progress' and i.claimed_at < now() - ${`${CLAIM_MINUTES} minutes`}::interval)`;
    const picked = await firstRow<{ id: string }>(
      db,
      sql`select i.id from call_list_items i join ${sql.raw(target.table)} r on r.id = i.record_id
          where i.call_list_id = ${id} and i.workspace_id = ${ctx.actor.workspaceId} and (${free}) and ${accessCondition(ctx.actor, list.object as 'contacts', 'read', 'r')}
          order by (i.assignee_id = ${me}) desc, i.position limit 1 for update of i skip locked`,
    );
    if (!picked) {
      // Records deleted since the list was made are nobody's to call.
      await db.execute(sql`update call_list_items i set status = 'skipped' where i.call_list_id = ${id} and i.status = 'pending'
          and not exists (select 1 from ${sql.raw(target.table)} r where r.id = i.record_id and r.deleted_at is null)`);
      return undefined;
    }
    return (await firstRow<ItemRow>(db, sql`update call_list_items i set status = 'in_progress', claimed_by = ${me}, claimed_at = now() where i.id = ${picked.id} returning ${itemColumns}`))!;
  });
  const waiting = await firstRow<{ waiting: number; nextAt: string | null }>(
    ctx.db,
    sql`select count(*)::int as waiting, min(available_at) as "nextAt" from call_list_items where call_list_id = ${id} and status = 'pending' and available_at > now()`,
  );
  return { item: claimed ? await itemView(ctx, claimed, list) : null, waiting: waiting?.waiting ?? 0, nextAvailableAt: waiting?.nextAt ?? null };
}

const words = {
  ru: { subject: 'Обзвон', callBack: 'Перезвонить', outcomes: { interested: 'интересно', not_interested: 'не интересно', no_answer: 'не ответил', busy: 'занято', callback: 'перезвонить', wrong_number: 'неверный номер' } },
  en: { subject: 'Call list', callBack: 'Call back', outcomes: { interested: 'interested', not_interested: 'not interested', no_answer: 'no answer', busy: 'busy', callback: 'call back', wrong_number: 'wrong number' } },
} satisfies Record<string, { subject: string; callBack: string; outcomes: Record<CallListOutcome, string> }>;

/**
 * Records what came of a call: the activity on the record's timeline (the PBX's own call activity when a
 * call id is given and it was logged, so the call is not on the timeline twice), an optional follow-up task,
 * and the item done or put back (no answer, busy: in RETRY_MINUTES, up to MAX_ATTEMPTS; call back: at the
 * follow-up's time, else tomorrow). One transaction.
 */
export async function recordCallListOutcome(ctx: Ctx, id: string, itemId: string, body: unknown) {
  const input = parseBody(callListOutcomeSchema, body);
  const list = await loadList(ctx, ctx.db, id);
  assertCaller(ctx, list);
  const target = spec(list.object);
  const me = ctx.actor.userId;
  const text = ctx.actor.locale?.startsWith('en') ? words.en : words.ru;
  return ctx.db.transaction(async (raw) => {
    const db = tx(raw);
    const wctx = { ...ctx, db };
    const item = isUuid(itemId) ? await firstRow<ItemRow>(db, sql`select ${itemColumns} from call_list_items i where i.id = ${itemId} and i.call_list_id = ${id} for update`) : undefined;
    if (!item) throw notFound('call list item', itemId);
    if (item.status !== 'in_progress' || item.claimedBy !== me) {
      throw new AppError('CALL_LIST_ITEM_NOT_CLAIMED', { message: 'This item is not claimed by you: take it with POST /call-lists/{id}/next', details: [{ field: 'itemId', problem: 'is not claimed by you' }] });
    }
    if (!(await findRecord(wctx, target.definition, item.recordId, 'read'))) throw notFound(target.recordType, item.recordId);

    let activityId: string | null = null;
    let callId: string | null = null;
    if (input.callId) {
      const call = await firstRow<{ id: string; activityId: string | null; recordId: string | null }>(
        db,
        sql`select id, activity_id as "activityId", record_id as "recordId" from calls where id = ${input.callId} and workspace_id = ${ctx.actor.workspaceId} and user_id = ${me} for update`,
      );
      if (!call) throw invalid('callId', 'is not a call of yours');
      callId = call.id;
      if (call.activityId) {
        // Already on a timeline through the PBX's events: link it to this record and add the outcome.
        activityId = call.activityId;
        const existing = await findRecord(wctx, activityDefinition, activityId, 'read');
        const patch: Record<string, unknown> = { outcome: input.outcome, body: [existing?.body, input.note].filter(Boolean).join('\n\n') || null };
        if (!existing?.recordId) Object.assign(patch, { recordType: target.recordType, recordId: item.recordId });
        await applyUpdate(wctx, db, activityDefinition, activityId, patch, { prefix: 'callId.' });
      }
    }
    if (!activityId) {
      const activity = await createRecordInTransaction(wctx, db, activityDefinition, {
        kind: 'call',
        subject: `${text.subject} «${list.name}»: ${text.outcomes[input.outcome]}`,
        body: input.note || undefined,
        direction: 'outbound',
        outcome: input.outcome,
        phone: item.phone,
        recordType: target.recordType,
        recordId: item.recordId,
        ownerId: me,
      });
      activityId = activity.id as string;
      // A call still in progress at the PBX is logged by this activity when it ends, not a second time.
      if (callId) await db.execute(sql`update calls set activity_id = ${activityId}, record_type = coalesce(record_type, ${target.recordType}), record_id = coalesce(record_id, ${item.recordId}) where id = ${callId} and activity_id is null`);
    }

    let taskId: string | null = null;
    if (input.followUp) {
      const task = await createRecordInTransaction(wctx, db, taskDefinition, {
        title: input.followUp.title ?? `${text.callBack}: ${item.name}`,
        dueAt: input.followUp.dueAt,
        description: input.note || undefined,
        recordType: target.recordType,
        recordId: item.recordId,
        ownerId: me,
      }, { prefix: 'followUp.' });
      taskId = task.id as string;
    }

    const attempts = item.attempts + 1;
    const requeue = callListRequeueOutcomes.includes(input.outcome) && (input.outcome === 'callback' || attempts < MAX_ATTEMPTS);
    const availableAt = !requeue ? null : input.outcome === 'callback' ? (input.followUp?.dueAt ? new Date(input.followUp.dueAt).toISOString() : new Date(Date.now() + 86_400_000).toISOString()) : new Date(Date.now() + RETRY_MINUTES * 60_000).toISOString();
    const updated = (await firstRow<ItemRow>(
      db,
      sql`update call_list_items i set status = ${requeue ? 'pending' : 'done'}, outcome = ${input.outcome}, note = ${input.note || null}, attempts = ${attempts},
            available_at = ${availableAt}, claimed_by = null, claimed_at = null, task_id = coalesce(${taskId}::uuid, task_id), activity_id = ${activityId},
            call_id = coalesce(${callId}::uuid, call_id), done_at = ${requeue ? null : sql`now()`}, done_by = ${requeue ? null : me}
          where i.id = ${item.id} returning ${itemColumns}`,
    ))!;
    return { item: updated, requeued: requeue, activityId, taskId };
  });
}

/** The items of a list, in order, with their outcomes (the list's page shows what was done). */
export async function listCallListItems(ctx: Ctx, id: string) {
  const list = await loadList(ctx, ctx.db, id);
  const target = spec(list.object);
  const data = await rows<ItemRow & { readable: boolean }>(
    ctx.db,
    sql`select ${itemColumns}, exists (select 1 from ${sql.raw(target.table)} r where r.id = i.record_id and ${accessCondition(ctx.actor, list.object as 'contacts', 'read', 'r')}) as readable
        from call_list_items i where i.call_list_id = ${id} order by i.position limit ${MAX_ITEMS}`,
  );
  // A record the reader may not see keeps its place but not its name or number.
  return { data: data.map(({ readable, ...item }) => (readable ? item : { ...item, name: '', phone: '' })) };
}
