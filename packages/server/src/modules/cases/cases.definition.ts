// Cases (обращения) as an owned object of the record engine: every write path (create, PATCH, bulk update,
// POST /cases/:id/status, the channels) goes through prepare/afterWrite here, so the number, the sanitised
// description, the links the actor must be able to read, the status transitions with their timestamps, the
// SLA pause state and deadlines (case-sla.ts) and the team of an unassigned queued case live in one place.
import { sql } from 'drizzle-orm';
import { canMoveCase, caseCreateSchema, caseUpdateSchema, detectLanguage, openCaseStatuses, type CaseStatus } from '@svyaz/shared';
import { firstRow, type Db } from '../../db/client.js';
import { AppError, invalid } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition, type Values } from '../../core/records/definition.js';
import { assertRecordVisible } from '../../core/records/record-links.js';
import { htmlToText, sanitizeEmailHtml } from '../email/email-html.js';
import { applyCaseSla } from './case-sla.js';
import { assertCaseCategory } from './case-categories.service.js';
import { requestCsatAfterResolution } from './case-csat.outbox.js';
import { linkCaseContract } from '../service-contracts/coverage-rules.js';

const column = (alias: string, name: string) => sql.raw(`"${alias}"."${name}"`);

const references = [
  ['companyId', 'company'],
  ['contactId', 'contact'],
  ['orderId', 'order'],
  ['productId', 'product'],
] as const;

export const CASE_NUMBER_PREFIX = 'SD-';

/**
 * The next number of the workspace. The sequence row is updated inside the creating transaction: a
 * concurrent create waits on its lock until commit, and a rollback gives the number back, so numbers
 * have no gaps and no duplicates.
 */
export async function nextCaseNumber(tx: Db, workspaceId: string): Promise<string> {
  const row = await firstRow<{ last: number }>(
    tx,
    sql`insert into case_number_sequences (workspace_id, last_number) values (${workspaceId}, 1)
        on conflict (workspace_id) do update set last_number = case_number_sequences.last_number + 1
        returning last_number as last`,
  );
  return `${CASE_NUMBER_PREFIX}${String(row!.last).padStart(6, '0')}`;
}

export const isOpenStatus = (status: string) => (openCaseStatuses as readonly string[]).includes(status);

async function queueTeam(tx: Db, workspaceId: string, queueId: string): Promise<{ teamId: string | null } | undefined> {
  return firstRow<{ teamId: string | null }>(tx, sql`select team_id as "teamId" from case_queues where workspace_id = ${workspaceId} and id = ${queueId}::uuid and deleted_at is null`);
}

/** Status timestamps, the open flag and the SLA pause when the status changes (or on create). */
function applyStatus(values: Values, existing: Values | null, now: string): void {
  const from = (existing?.status as CaseStatus | undefined) ?? null;
  const to = (values.status as CaseStatus | undefined) ?? from ?? 'new';
  if (!existing) {
    if (!['new', 'in_progress', 'waiting_customer'].includes(to)) throw invalid('status', 'a new case starts as new, in_progress or waiting_customer');
  } else if (values.status === undefined || to === from) {
    delete values.status;
    return;
  } else if (!canMoveCase(from!, to)) {
    throw new AppError('CONFLICT', {
      message: `status: a case cannot go from ${from} to ${to}`,
      details: [{ field: 'status', problem: `cannot go from ${from} to ${to}` }],
    });
  }
  values.status = to;
  values.isOpen = isOpenStatus(to);
  values.statusChangedAt = now;
  if (to === 'resolved') values.resolvedAt = now;
  if (to === 'closed') {
    values.closedAt = now;
    if (!existing?.resolvedAt && values.resolvedAt === undefined) values.resolvedAt = now;
  }
  if (to === 'reopened') {
    values.resolvedAt = null;
    values.closedAt = null;
    values.reopenedCount = Number(existing?.reopenedCount ?? 0) + 1;
  }
  // Leaving "new" for waiting/resolved means the customer was answered.
  if (from !== null && ['waiting_customer', 'resolved', 'closed'].includes(to) && !existing?.firstResponseAt) values.firstResponseAt = now;
  // SLA pause: the clock stops while the case waits for the customer (modules/sla reads these columns).
  if (to === 'waiting_customer' && !existing?.slaPausedAt) values.slaPausedAt = now;
  if (to !== 'waiting_customer' && existing?.slaPausedAt) {
    const paused = Math.max(0, Math.round((Date.parse(now) - Date.parse(existing.slaPausedAt as string)) / 1000));
    values.slaPausedSeconds = Number(existing.slaPausedSeconds ?? 0) + paused;
    values.slaPausedAt = null;
  }
}

export const caseDefinition: ObjectDefinition = {
  object: 'cases',
  recordType: 'case',
  table: 'cases',
  defaultSort: '-createdAt',
  createSchema: caseCreateSchema,
  updateSchema: caseUpdateSchema,
  displayName: (alias) => sql`(${column(alias, 'number')} || ' ' || ${column(alias, 'subject')})`,
  fields: withCommonFields({
    number: { column: 'number', type: 'text', sortable: true, readOnly: true },
    subject: { column: 'subject', type: 'text', sortable: true, collate: true },
    description: { column: 'description', type: 'text', nullable: true, hidden: true },
    companyId: { column: 'company_id', type: 'uuid', nullable: true },
    contactId: { column: 'contact_id', type: 'uuid', nullable: true },
    requesterEmail: { column: 'requester_email', type: 'text', nullable: true },
    channel: { column: 'channel', type: 'text', sortable: true },
    category: { column: 'category', type: 'text', sortable: true },
    priority: { column: 'priority', type: 'text', sortable: true },
    status: { column: 'status', type: 'text', sortable: true },
    isOpen: { column: 'is_open', type: 'boolean', readOnly: true },
    language: { column: 'language', type: 'text', nullable: true, readOnly: true },
    queueId: { column: 'queue_id', type: 'uuid', nullable: true },
    orderId: { column: 'order_id', type: 'uuid', nullable: true },
    productId: { column: 'product_id', type: 'uuid', nullable: true },
    contractId: { column: 'contract_id', type: 'uuid', nullable: true },
    serialNumber: { column: 'serial_number', type: 'text', nullable: true },
    sourceCallId: { column: 'source_call_id', type: 'uuid', nullable: true, readOnly: true },
    sourceWebFormId: { column: 'source_web_form_id', type: 'uuid', nullable: true, readOnly: true },
    statusChangedAt: { column: 'status_changed_at', type: 'timestamp', readOnly: true, sortable: true },
    firstResponseAt: { column: 'first_response_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    resolvedAt: { column: 'resolved_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    closedAt: { column: 'closed_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    reopenedCount: { column: 'reopened_count', type: 'integer', readOnly: true },
    lastCustomerMessageAt: { column: 'last_customer_message_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    escalatedAt: { column: 'escalated_at', type: 'timestamp', nullable: true, readOnly: true },
    slaPolicyId: { column: 'sla_policy_id', type: 'uuid', nullable: true, readOnly: true },
    firstResponseDueAt: { column: 'first_response_due_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    resolutionDueAt: { column: 'resolution_due_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    slaPausedAt: { column: 'sla_paused_at', type: 'timestamp', nullable: true, readOnly: true },
    slaPausedSeconds: { column: 'sla_paused_seconds', type: 'integer', readOnly: true },
    firstResponseWarnAt: { column: 'first_response_warn_at', type: 'timestamp', nullable: true, readOnly: true, hidden: true },
    resolutionWarnAt: { column: 'resolution_warn_at', type: 'timestamp', nullable: true, readOnly: true, hidden: true },
    firstResponseBreachedAt: { column: 'first_response_breached_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    resolutionBreachedAt: { column: 'resolution_breached_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    // A low CSAT score flags the case for the team head (case-csat.service.ts).
    flaggedAt: { column: 'flagged_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    flagReason: { column: 'flag_reason', type: 'text', nullable: true, readOnly: true },
  }),
  async prepare(ctx, tx, values, existing) {
    const workspaceId = ctx.actor.workspaceId;
    for (const [field, recordType] of references) {
      const id = values[field] as string | null | undefined;
      if (id && id !== existing?.[field]) await assertRecordVisible(ctx, tx, recordType, id, field);
    }
    if (typeof values.description === 'string') values.description = sanitizeEmailHtml(values.description) || null;
    if (typeof values.category === 'string' && values.category !== existing?.category) await assertCaseCategory(tx, workspaceId, values.category);
    if (values.queueId && values.queueId !== existing?.queueId && !(await queueTeam(tx, workspaceId, values.queueId as string))) throw invalid('queueId', 'is not a queue of this workspace');
    const now = new Date().toISOString();
    // The service contract covering the case's unit or product (modules/service-contracts), whose level is an SLA tier.
    await linkCaseContract(ctx, tx, values, existing, now);
    applyStatus(values, existing, now);
    if (!existing) {
      values.number = await nextCaseNumber(tx, workspaceId);
      const language = detectLanguage(`${String(values.subject ?? '')} ${htmlToText(String(values.description ?? ''))}`);
      if (language) values.language = language;
    }
    await applyCaseSla(tx, workspaceId, values, existing, now);
    // An unassigned case in a queue belongs to the queue's team, so the team sees it with team rights.
    const ownerId = values.ownerId !== undefined ? values.ownerId : existing?.ownerId;
    const queueId = (values.queueId !== undefined ? values.queueId : existing?.queueId) as string | null | undefined;
    if (!ownerId && (values.ownerId !== undefined || values.queueId !== undefined || !existing)) {
      values.teamId = queueId ? ((await queueTeam(tx, workspaceId, queueId))?.teamId ?? null) : null;
    }
  },
  async afterWrite(ctx, tx, action, before, after) {
    const paused = after.slaPausedAt as string | null;
    const wasPaused = (before?.slaPausedAt as string | null | undefined) ?? null;
    if (paused && !wasPaused) {
      await tx.execute(sql`insert into case_sla_pauses (workspace_id, case_id, paused_at) values (${ctx.actor.workspaceId}, ${after.id as string}::uuid, ${paused}::timestamptz)`);
    } else if (!paused && wasPaused) {
      await tx.execute(sql`update case_sla_pauses set resumed_at = now() where case_id = ${after.id as string}::uuid and resumed_at is null`);
    }
    // Resolved (or closed unresolved) now: the CSAT invitation is asked for in this transaction, sent by the cases-csat job.
    const done = (status: unknown) => status === 'resolved' || status === 'closed';
    if (done(after.status) && !done(before?.status)) await requestCsatAfterResolution(tx, ctx.actor, after.id as string);
    return 'unchanged';
  },
};
