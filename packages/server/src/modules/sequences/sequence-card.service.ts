// A contact's sequences on its card: each enrolment with its current step, next run and history, for whoever
// reads the contact (404 otherwise). Stopping one, or all of a contact's, needs the right to update the
// contact; it is audited and written as a "stopped" event, which the contact's timeline shows.
import { sql } from 'drizzle-orm';
import type { ContactSequence, SequenceHistoryEntry } from '@svyaz/shared';
import { rows, type Db } from '../../db/client.js';
import { canActOn } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, notFound } from '../../core/errors.js';
import { getRecord, isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { contactDefinition } from '../contacts/contacts.definition.js';

export async function listContactSequences(ctx: Ctx, contactId: string): Promise<{ data: ContactSequence[] }> {
  const contact = await getRecord(ctx, contactDefinition, contactId);
  const canStop = canActOn(ctx.actor, 'contacts', 'update', contact as never);
  const enrolments = await rows<Omit<ContactSequence, 'canStop' | 'history' | 'currentStep'> & { steps: ContactSequence['currentStep'][] }>(
    ctx.db,
    sql`select e.id, e.sequence_id as "sequenceId", s.name as "sequenceName", e.status, e.step_index as "stepIndex", jsonb_array_length(s.steps)::int as "stepCount", s.steps,
          e.next_run_at as "nextRunAt", e.enrolled_at as "enrolledAt", e.finished_at as "finishedAt", e.stop_reason as "stopReason"
        from sequence_enrolments e join sequences s on s.id = e.sequence_id
        where e.workspace_id = ${ctx.actor.workspaceId} and e.contact_id = ${contactId}::uuid
        order by (e.status = 'running') desc, e.enrolled_at desc limit 100`,
  );
  const history = enrolments.length
    ? await rows<SequenceHistoryEntry & { enrolmentId: string }>(
        ctx.db,
        sql`select enrolment_id as "enrolmentId", kind, step_index as "stepIndex", step_kind as "stepKind", outcome, detail, occurred_at as "occurredAt"
            from sequence_events where enrolment_id = any(${pgArrayLiteral(enrolments.map((enrolment) => enrolment.id))}::uuid[]) order by occurred_at, id`,
      )
    : [];
  return {
    data: enrolments.map(({ steps, ...enrolment }) => ({
      ...enrolment,
      currentStep: enrolment.status === 'running' ? (steps[enrolment.stepIndex] ?? null) : null,
      canStop: canStop && enrolment.status === 'running',
      history: history.filter((entry) => entry.enrolmentId === enrolment.id).map(({ enrolmentId: _omit, ...entry }) => entry),
    })),
  };
}

async function stopWhere(ctx: Ctx, tx: Db, contactId: string, enrolmentId: string | null, reason: string): Promise<number> {
  const one = enrolmentId ? sql`and id = ${enrolmentId}::uuid` : sql``;
  const stopped = await rows<{ id: string; sequenceId: string }>(
    tx,
    sql`with stopped as (
          update sequence_enrolments set status = 'stopped', stopped_by = ${ctx.actor.userId}, stop_reason = ${reason}, next_run_at = null, finished_at = now()
          where workspace_id = ${ctx.actor.workspaceId} and contact_id = ${contactId}::uuid and status = 'running' ${one}
          returning id, sequence_id, contact_id),
        events as (
          insert into sequence_events (workspace_id, enrolment_id, sequence_id, contact_id, kind, outcome, actor_id)
          select ${ctx.actor.workspaceId}::uuid, id, sequence_id, contact_id, 'stopped', ${reason}, ${ctx.actor.userId} from stopped returning 1)
        select id, sequence_id as "sequenceId" from stopped`,
  );
  await recordAudit(
    tx,
    ctx.actor,
    stopped.map((row) => ({ recordType: 'sequence_enrolment', recordId: row.id, action: 'update' as const, changes: { status: { from: 'running', to: 'stopped' } }, meta: { contactId, sequenceId: row.sequenceId, reason } })),
  );
  return stopped.length;
}

async function contactForStop(ctx: Ctx, contactId: string) {
  const contact = await getRecord(ctx, contactDefinition, contactId);
  if (!canActOn(ctx.actor, 'contacts', 'update', contact as never)) throw new AppError('FORBIDDEN', { message: 'You may not change this contact', details: { object: 'contacts', action: 'update' } });
}

export async function stopEnrolment(ctx: Ctx, id: string) {
  const found = isUuid(id) ? (await rows<{ contactId: string; status: string }>(ctx.db, sql`select contact_id as "contactId", status from sequence_enrolments where id = ${id}::uuid and workspace_id = ${ctx.actor.workspaceId}`))[0] : undefined;
  if (!found) throw notFound('sequence enrolment', id);
  await contactForStop(ctx, found.contactId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'NOT_FOUND' ? notFound('sequence enrolment', id) : error;
  });
  const stopped = await ctx.db.transaction((tx) => stopWhere(ctx, tx as unknown as Db, found.contactId, id, 'stopped by hand'));
  if (stopped === 0) throw new AppError('CONFLICT', { message: 'status: the enrolment is not running', details: [{ field: 'status', problem: `is ${found.status}, not running` }] });
  return { stopped };
}

export async function stopContactSequences(ctx: Ctx, contactId: string) {
  await contactForStop(ctx, contactId);
  return { stopped: await ctx.db.transaction((tx) => stopWhere(ctx, tx as unknown as Db, contactId, null, 'stopped by hand')) };
}
