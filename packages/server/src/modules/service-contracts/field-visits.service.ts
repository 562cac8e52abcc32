// Field visits (выезды) on a case: a technician at a time, put on their calendar as a meeting activity linked to
// the case (so personal and team calendars and the case timeline show it), marked done with the materials used
// and the time spent, or cancelled; counted against the included visits of the contract covering the case.
// Reading a case's visits needs read on the case (404 otherwise); scheduling and changing them needs update on it.
import { sql } from 'drizzle-orm';
import { visitCreateSchema, visitUpdateSchema, type FieldVisit, type VisitStatus } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition, canActOn } from '../../core/access.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { recordDomainEvents } from '../../core/domain-events.js';
import { parseBody } from '../../core/validation.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { applyUpdate, createRecordInTransaction, getRecord, isUuid, recordEvent } from '../../core/records/record-service.js';
import type { Values } from '../../core/records/definition.js';
import { activityDefinition } from '../activities/activities.definition.js';
import { caseDefinition } from '../cases/cases.definition.js';
import { bestCandidate, statusOf } from './coverage-rules.js';
import { caseSubject } from './coverage.service.js';

/**
 * The calendar entry is the technician's meeting, written on behalf of whoever schedules the visit (their right to
 * change the case is what is checked): a dispatcher with "own" rights on activities could not otherwise put a
 * meeting in someone else's calendar. The scheduler becomes a collaborator of the meeting, so they see it too.
 */
function schedulingActor(actor: Actor): Actor {
  return { ...actor, permissions: { ...actor.permissions, activities: { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'none' } } };
}

const visitSelect = sql`select v.id, v.case_id as "caseId", v.contract_id as "contractId", v.included_in_contract as "includedInContract",
    v.technician_id as "technicianId", u.name as "technicianName", v.scheduled_start as "scheduledStart", v.scheduled_end as "scheduledEnd",
    v.address, v.notes, v.status, v.time_spent_minutes as "timeSpentMinutes", v.completed_at as "completedAt", v.activity_id as "activityId", v.created_at as "createdAt",
    coalesce((select jsonb_agg(jsonb_build_object('productId', m.product_id, 'productName', p.name, 'sku', p.sku, 'unit', p.unit, 'quantity', m.quantity::text) order by p.name, m.id)
      from case_visit_materials m join products p on p.id = m.product_id where m.visit_id = v.id), '[]'::jsonb) as materials
  from case_visits v left join users u on u.id = v.technician_id`;

async function selectVisits(db: Db, workspaceId: string, caseId: string, visitId?: string): Promise<FieldVisit[]> {
  return rows<FieldVisit>(
    db,
    sql`${visitSelect} where v.workspace_id = ${workspaceId} and v.case_id = ${caseId}::uuid ${visitId ? sql`and v.id = ${visitId}::uuid` : sql``}
        order by v.scheduled_start, v.id`,
  );
}

/** The case for a visit write: 404 when unreadable, 403 when readable but not changeable. */
async function caseForWrite(ctx: Ctx, caseId: string): Promise<Values> {
  const record = await getRecord(ctx, caseDefinition, caseId);
  if (!canActOn(ctx.actor, 'cases', 'update', record as { ownerId?: string | null; teamId?: string | null; collaboratorIds?: string[] | null })) {
    throw new AppError('FORBIDDEN', { message: 'You may not change this case', details: { id: caseId } });
  }
  return record;
}

async function assertTechnician(tx: Db, workspaceId: string, userId: string): Promise<string> {
  const user = await firstRow<{ name: string }>(tx, sql`select name from users where workspace_id = ${workspaceId} and id = ${userId}::uuid and is_active`);
  if (!user) throw invalid('technicianId', 'is not an active user of this workspace');
  return user.name;
}

function assertPeriod(start: string, end: string): void {
  if (Date.parse(end) <= Date.parse(start)) throw invalid('scheduledEnd', 'must be later than scheduledStart');
}

export async function listVisits(ctx: Ctx, caseId: string): Promise<{ data: FieldVisit[] }> {
  await getRecord(ctx, caseDefinition, caseId);
  return { data: await selectVisits(ctx.db, ctx.actor.workspaceId, caseId) };
}

function meetingBody(record: Values, address: string | null | undefined, notes: string | null | undefined): string | null {
  return [address ? `Адрес / Address: ${address}` : null, notes || null].filter(Boolean).join('\n') || null;
}

export async function createVisit(ctx: Ctx, caseId: string, body: unknown): Promise<FieldVisit> {
  const input = parseBody(visitCreateSchema, body);
  const record = await caseForWrite(ctx, caseId);
  assertPeriod(input.scheduledStart, input.scheduledEnd);
  const workspaceId = ctx.actor.workspaceId;
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await assertTechnician(tx, workspaceId, input.technicianId);
    // The contract covering the case now; its row is locked so two visits scheduled at once count one after the other.
    const candidate = await bestCandidate(tx, workspaceId, caseSubject(record));
    const contractId = candidate && statusOf(candidate, caseSubject(record).at) === 'covered' ? candidate.id : null;
    let included = false;
    if (contractId) {
      const contract = await firstRow<{ included: number | null; used: number }>(
        tx,
        sql`select c.visits_included as included,
                   (select count(*)::int from case_visits v where v.contract_id = c.id and v.included_in_contract and v.status <> 'cancelled') as used
            from service_contracts c where c.id = ${contractId}::uuid for update`,
      );
      included = contract ? contract.included === null || contract.used < contract.included : false;
    }
    const actor = schedulingActor(ctx.actor);
    const meeting = await createRecordInTransaction({ ...ctx, actor, db: tx }, tx, activityDefinition, {
      kind: 'meeting',
      subject: `Выезд / Visit: ${String(record.number)} ${String(record.subject)}`.slice(0, 300),
      body: meetingBody(record, input.address, input.notes),
      occurredAt: input.scheduledStart,
      endsAt: input.scheduledEnd,
      recordType: 'case',
      recordId: caseId,
      ownerId: input.technicianId,
      collaboratorIds: input.technicianId === ctx.actor.userId ? [] : [ctx.actor.userId],
    });
    const [visit] = await rows<{ id: string }>(
      tx,
      sql`insert into case_visits (workspace_id, case_id, contract_id, included_in_contract, technician_id, scheduled_start, scheduled_end, address, notes, activity_id, created_by)
          values (${workspaceId}, ${caseId}::uuid, ${contractId}::uuid, ${included}, ${input.technicianId}::uuid, ${input.scheduledStart}::timestamptz, ${input.scheduledEnd}::timestamptz,
                  ${input.address ?? null}, ${input.notes ?? null}, ${meeting.id as string}::uuid, ${ctx.actor.userId}::uuid)
          returning id`,
    );
    const [created] = await selectVisits(tx, workspaceId, caseId, visit.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'case', recordId: caseId, action: 'update', changes: { visit: { from: null, to: visitSummary(created) } }, meta: { visitId: visit.id } }]);
    await recordDomainEvents(tx, [recordEvent(ctx, caseDefinition, 'record.updated', caseId, { changedFields: ['visits'] })]);
    return created;
  });
}

function visitSummary(visit: FieldVisit): Values {
  return {
    technician: visit.technicianName,
    scheduledStart: visit.scheduledStart,
    scheduledEnd: visit.scheduledEnd,
    status: visit.status,
    includedInContract: visit.includedInContract,
    ...(visit.timeSpentMinutes !== null ? { timeSpentMinutes: visit.timeSpentMinutes } : {}),
    ...(visit.materials.length ? { materials: visit.materials.map((item) => `${item.productName} × ${Number(item.quantity)}`) } : {}),
  };
}

const visitMoves: Record<VisitStatus, VisitStatus[]> = { planned: ['done', 'cancelled'], done: [], cancelled: [] };

export async function updateVisit(ctx: Ctx, caseId: string, visitId: string, body: unknown): Promise<FieldVisit> {
  const input = parseBody(visitUpdateSchema, body);
  await caseForWrite(ctx, caseId);
  if (!isUuid(visitId)) throw notFound('visit', visitId);
  const workspaceId = ctx.actor.workspaceId;
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const locked = await firstRow<{ id: string }>(tx, sql`select id from case_visits where workspace_id = ${workspaceId} and case_id = ${caseId}::uuid and id = ${visitId}::uuid for update`);
    if (!locked) throw notFound('visit', visitId);
    const [before] = await selectVisits(tx, workspaceId, caseId, visitId);
    const to = input.status ?? before.status;
    if (to !== before.status && !visitMoves[before.status].includes(to)) {
      throw new AppError('CONFLICT', { message: `status: a visit cannot go from ${before.status} to ${to}`, details: [{ field: 'status', problem: `cannot go from ${before.status} to ${to}` }] });
    }
    if (before.status !== 'planned' && (input.scheduledStart || input.scheduledEnd || input.technicianId)) {
      throw new AppError('CONFLICT', { message: `scheduledStart: a ${before.status} visit cannot be rescheduled`, details: [{ field: 'scheduledStart', problem: `the visit is ${before.status}` }] });
    }
    const start = input.scheduledStart ?? before.scheduledStart;
    const end = input.scheduledEnd ?? before.scheduledEnd;
    assertPeriod(start, end);
    if (input.technicianId) await assertTechnician(tx, workspaceId, input.technicianId);
    const done = to === 'done' && before.status !== 'done';
    const timeSpent = input.timeSpentMinutes ?? before.timeSpentMinutes;
    if (done && !timeSpent) throw invalid('timeSpentMinutes', 'is required to mark a visit done');
    if (input.materials) await replaceMaterials(ctx, tx, visitId, input.materials);
    await tx.execute(sql`update case_visits set
        technician_id = ${input.technicianId ?? before.technicianId}::uuid, scheduled_start = ${start}::timestamptz, scheduled_end = ${end}::timestamptz,
        address = ${input.address !== undefined ? input.address : before.address}, notes = ${input.notes !== undefined ? input.notes : before.notes},
        status = ${to}, time_spent_minutes = ${timeSpent ?? null}::int, completed_at = ${done ? sql`now()` : before.completedAt ? sql`${before.completedAt}::timestamptz` : sql`null`},
        updated_at = now()
      where id = ${visitId}::uuid`);
    const [after] = await selectVisits(tx, workspaceId, caseId, visitId);
    await syncMeeting(ctx, tx, before, after);
    const changes = Object.fromEntries(
      Object.entries(visitSummary(after))
        .filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(visitSummary(before)[key]))
        .map(([key, value]) => [`visit.${key}`, { from: visitSummary(before)[key] ?? null, to: value }]),
    );
    if (Object.keys(changes).length) {
      await recordAudit(tx, ctx.actor, [{ recordType: 'case', recordId: caseId, action: 'update', changes, meta: { visitId } }]);
      await recordDomainEvents(tx, [recordEvent(ctx, caseDefinition, 'record.updated', caseId, { changedFields: ['visits'] })]);
    }
    return after;
  });
}

async function replaceMaterials(ctx: Ctx, tx: Db, visitId: string, materials: { productId: string; quantity: string }[]): Promise<void> {
  const productIds = Array.from(new Set(materials.map((item) => item.productId)));
  const found = productIds.length
    ? await rows<{ id: string }>(tx, sql`select p.id from products p where ${accessCondition(ctx.actor, 'products', 'read', 'p')} and p.id = any(${pgArrayLiteral(productIds)}::uuid[])`)
    : [];
  const known = new Set(found.map((row) => row.id));
  materials.forEach((item, index) => {
    if (!known.has(item.productId)) throw invalid(`materials[${index}].productId`, 'is not a product you can see');
  });
  await tx.execute(sql`delete from case_visit_materials where visit_id = ${visitId}::uuid`);
  if (materials.length === 0) return;
  await tx.execute(sql`insert into case_visit_materials (workspace_id, visit_id, product_id, quantity)
    select ${ctx.actor.workspaceId}::uuid, ${visitId}::uuid, x."productId", x.quantity
    from jsonb_to_recordset(${JSON.stringify(materials)}::jsonb) as x("productId" uuid, quantity numeric)`);
}

/** Keeps the technician's meeting in step: moved or reassigned with the visit, its outcome when done, removed from the calendar when cancelled. */
async function syncMeeting(ctx: Ctx, tx: Db, before: FieldVisit, after: FieldVisit): Promise<void> {
  if (!after.activityId) return;
  const actor = schedulingActor(ctx.actor);
  const exists = await firstRow(tx, sql`select 1 as found from activities where id = ${after.activityId}::uuid and deleted_at is null`);
  if (!exists) return;
  if (after.status === 'cancelled') {
    await tx.execute(sql`update activities set deleted_at = now(), updated_at = now() where id = ${after.activityId}::uuid`);
    await recordAudit(tx, actor, [{ recordType: 'activity', recordId: after.activityId, action: 'delete', meta: { visitId: after.id, reason: 'visit cancelled' } }]);
    await recordDomainEvents(tx, [recordEvent({ ...ctx, actor }, activityDefinition, 'record.deleted', after.activityId)]);
    return;
  }
  const patch: Values = {};
  if (after.scheduledStart !== before.scheduledStart) patch.occurredAt = after.scheduledStart;
  if (after.scheduledEnd !== before.scheduledEnd) patch.endsAt = after.scheduledEnd;
  if (after.technicianId !== before.technicianId) patch.ownerId = after.technicianId;
  if (after.status === 'done' && before.status !== 'done') {
    patch.outcome = 'done';
    patch.durationSec = (after.timeSpentMinutes ?? 0) * 60;
    const materials = after.materials.map((item) => `${item.productName} × ${Number(item.quantity)} ${item.unit}`).join(', ');
    patch.body = [meetingBody({}, after.address, after.notes), `Затрачено / Time spent: ${after.timeSpentMinutes} мин`, materials ? `Материалы / Materials: ${materials}` : null].filter(Boolean).join('\n');
  }
  if (Object.keys(patch).length) await applyUpdate({ ...ctx, actor, db: tx }, tx, activityDefinition, after.activityId, patch);
}
