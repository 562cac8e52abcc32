// Trigger sequences (issue 14): a name, an active flag, an owner, the mailbox its emails go from, a trigger and
// its steps. Governed by the `campaigns` rights of the record engine (a sequence is a campaign that runs per
// customer): the level scopes by the sequence's owner (own: mine; team: owned by my teams' members; all), and
// an automatic trigger, which reaches every customer of the workspace, needs the level "all" to create or
// change; a manual sequence enrols only contacts its user can read. Every change is audited. A sequence is checked
// whole before it is written: unknown placeholders, products, stages, mailboxes and meaningless steps are
// refused naming the field, and nothing is written.
import { sql, type SQL } from 'drizzle-orm';
import { sequenceCreateSchema, sequenceUpdateSchema, unknownPlaceholder, type SequenceInput, type SequenceStep, type SequenceTrigger } from '@svyaz/shared';
import { firstRow, rows, type Database, type Db } from '../../db/client.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { accessCondition, permissionLevel, requirePermission } from '../../core/access.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { parseBody } from '../../core/validation.js';
import { usableMailbox } from '../email/mailboxes.service.js';
import { enrolContacts } from './sequence-enrolment.js';
import { advanceSequences } from './sequence-runner.js';

export interface SequenceRow {
  id: string;
  name: string;
  isActive: boolean;
  ownerId: string | null;
  ownerName: string | null;
  mailboxId: string | null;
  trigger: SequenceTrigger;
  steps: SequenceStep[];
  reenrolment: 'never' | 'after_finish';
  running: number;
  finished: number;
  stopped: number;
  enrolled: number;
  createdAt: string;
  updatedAt: string;
}

const columns = sql`s.id, s.name, s.is_active as "isActive", s.owner_id as "ownerId", (select u.name from users u where u.id = s.owner_id) as "ownerName",
  s.mailbox_id as "mailboxId", s.trigger, s.steps, s.reenrolment, s.created_at as "createdAt", s.updated_at as "updatedAt",
  (select count(*)::int from sequence_enrolments e where e.sequence_id = s.id and e.status = 'running') as running,
  (select count(*)::int from sequence_enrolments e where e.sequence_id = s.id and e.status = 'finished') as finished,
  (select count(*)::int from sequence_enrolments e where e.sequence_id = s.id and e.status = 'stopped') as stopped,
  (select count(*)::int from sequence_enrolments e where e.sequence_id = s.id) as enrolled`;

type SequenceAction = 'read' | 'create' | 'update' | 'delete';

/** The sequences (alias s) the actor's `campaigns` level for the action reaches, by the sequence's owner. */
export function sequenceScope(actor: Actor, action: SequenceAction): SQL {
  const level = permissionLevel(actor, 'campaigns', action);
  if (level === 'all') return sql`true`;
  if (level === 'none') return sql`false`;
  const own = sql`s.owner_id = ${actor.userId}::uuid`;
  if (level === 'own' || actor.teamScope.length === 0) return own;
  return sql`(${own} or s.owner_id in (select u.id from users u where u.workspace_id = ${actor.workspaceId} and u.team_id = any(${pgArrayLiteral(actor.teamScope)}::uuid[])))`;
}

export async function listSequences(ctx: Ctx) {
  requirePermission(ctx.actor, 'campaigns', 'read');
  return { data: await rows<SequenceRow>(ctx.db, sql`select ${columns} from sequences s where s.workspace_id = ${ctx.actor.workspaceId} and s.deleted_at is null and ${sequenceScope(ctx.actor, 'read')} order by s.created_at desc, s.id`) };
}

/** The sequence for this action: 404 when the actor may not read it, 403 when they read but may not change it. */
async function findSequence(ctx: Ctx, db: Db, id: string, action: SequenceAction = 'read', forUpdate = false): Promise<SequenceRow> {
  const select = (scope: SQL, lock: boolean) => firstRow<SequenceRow>(db, sql`select ${columns} from sequences s where s.id = ${id}::uuid and s.workspace_id = ${ctx.actor.workspaceId} and s.deleted_at is null and ${scope} ${lock ? sql`for update of s` : sql``}`);
  const found = isUuid(id) ? await select(sequenceScope(ctx.actor, action), forUpdate) : undefined;
  if (found) return found;
  if (action !== 'read' && isUuid(id) && (await select(sequenceScope(ctx.actor, 'read'), false))) {
    throw new AppError('FORBIDDEN', { message: `You may not ${action} this sequence`, details: { object: 'campaigns', action } });
  }
  throw notFound('sequence', id);
}

export async function getSequence(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'campaigns', 'read');
  return findSequence(ctx, ctx.db, id);
}

/** A trigger other than "manual" enrols any customer of the workspace: only those who reach all campaigns set one. */
function checkTriggerRight(ctx: Ctx, action: 'create' | 'update', input: SequenceInput): void {
  const level = permissionLevel(ctx.actor, 'campaigns', action);
  if (input.trigger.kind !== 'manual' && level !== 'all') {
    throw new AppError('FORBIDDEN', { message: 'An automatic trigger reaches every customer of the workspace: it needs the right to all campaigns', details: { object: 'campaigns', action, field: 'trigger.kind' } });
  }
  if (level !== 'all' && input.ownerId && input.ownerId !== ctx.actor.userId) throw invalid('ownerId', 'must be yourself: you may only manage your own sequences');
}

/** Everything a saved sequence must satisfy beyond its shape. */
export async function checkSequence(ctx: Ctx, input: SequenceInput): Promise<void> {
  const ws = ctx.actor.workspaceId;
  const trigger = input.trigger;
  if (trigger.kind === 'purchase') {
    if (!trigger.productId && !trigger.category) throw invalid('trigger.productId', 'or trigger.category is needed: which purchase starts the sequence');
    if (trigger.productId && !(await firstRow(ctx.db, sql`select 1 as ok from products where workspace_id = ${ws} and id = ${trigger.productId}::uuid and deleted_at is null`))) {
      throw invalid('trigger.productId', 'is not a product of this workspace');
    }
  }
  if (trigger.kind === 'deal_stage' && !(await firstRow(ctx.db, sql`select 1 as ok from stages where workspace_id = ${ws} and id = ${trigger.stageId}::uuid`))) {
    throw invalid('trigger.stageId', 'is not a stage of this workspace');
  }
  for (const [index, step] of input.steps.entries()) {
    if (step.kind === 'wait' && !(step.days ?? 0) && !(step.hours ?? 0)) throw invalid(`steps[${index}]`, 'must wait at least one hour or one day');
    if (step.kind === 'condition' && step.test === 'ordered_since_enrolment' && !input.steps.slice(0, index).some((before) => before.kind === 'wait')) {
      throw invalid(`steps[${index}].test`, 'needs a wait step before it: nothing can have been ordered since enrolment yet');
    }
  }
  if (input.steps.every((step) => step.kind === 'wait' || step.kind === 'condition')) throw invalid('steps', 'must contain at least one email or task step');
  const placeholder = unknownPlaceholder(input.steps);
  if (placeholder) throw invalid(placeholder.field, placeholder.problem);
  if (input.steps.some((step) => step.kind === 'email')) {
    if (!input.mailboxId) throw invalid('mailboxId', 'is required when the sequence has an email step');
    await usableMailbox(ctx, input.mailboxId);
  }
  if (input.ownerId && !(await firstRow(ctx.db, sql`select 1 as ok from users where workspace_id = ${ws} and id = ${input.ownerId}::uuid and is_active`))) {
    throw invalid('ownerId', 'is not an active user of this workspace');
  }
}

const pick = (row: Pick<SequenceRow, 'name' | 'isActive' | 'ownerId' | 'mailboxId' | 'trigger' | 'steps' | 'reenrolment'>) => ({
  name: row.name,
  isActive: row.isActive,
  ownerId: row.ownerId,
  mailboxId: row.mailboxId,
  trigger: row.trigger,
  steps: row.steps,
  reenrolment: row.reenrolment,
});

/** Inserts a checked sequence in the caller's transaction and audits it; returns its id. */
export async function insertSequence(ctx: Ctx, tx: Db, input: SequenceInput): Promise<string> {
  const created = (await firstRow<{ id: string }>(
    tx,
    sql`insert into sequences (workspace_id, name, is_active, owner_id, mailbox_id, trigger_kind, trigger, steps, reenrolment, created_by)
        values (${ctx.actor.workspaceId}, ${input.name}, ${input.isActive ?? true}, ${input.ownerId ?? ctx.actor.userId}, ${input.mailboxId ?? null}, ${input.trigger.kind},
          ${JSON.stringify(input.trigger)}::jsonb, ${JSON.stringify(input.steps)}::jsonb, ${input.reenrolment ?? 'never'}, ${ctx.actor.userId})
        returning id`,
  ))!;
  const row = await findSequence(ctx, tx, created.id);
  await recordAudit(tx, ctx.actor, [{ recordType: 'sequence', recordId: created.id, action: 'create', changes: diffRecords(null, pick(row)) }]);
  return created.id;
}

export async function createSequence(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'campaigns', 'create');
  const input = parseBody(sequenceCreateSchema, body);
  checkTriggerRight(ctx, 'create', input);
  await checkSequence(ctx, input);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    return findSequence(ctx, tx, await insertSequence(ctx, tx, input));
  });
}

export async function updateSequence(ctx: Ctx, id: string, body: unknown) {
  requirePermission(ctx.actor, 'campaigns', 'update');
  const patch = parseBody(sequenceUpdateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await findSequence(ctx, tx, id, 'update', true);
    const merged = { ...pick(before), ...Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) };
    const input = parseBody(sequenceCreateSchema, merged);
    checkTriggerRight(ctx, 'update', input);
    await checkSequence({ ...ctx, db: tx }, input);
    await tx.execute(sql`update sequences set name = ${input.name}, is_active = ${input.isActive ?? true}, owner_id = ${input.ownerId ?? null}, mailbox_id = ${input.mailboxId ?? null},
        trigger_kind = ${input.trigger.kind}, trigger = ${JSON.stringify(input.trigger)}::jsonb, steps = ${JSON.stringify(input.steps)}::jsonb, reenrolment = ${input.reenrolment ?? 'never'}, updated_at = now()
      where id = ${id}::uuid`);
    const after = await findSequence(ctx, tx, id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'sequence', recordId: id, action: 'update', changes: diffRecords(pick(before), pick(after)) }]);
    return after;
  });
}

/** Soft delete; its running enrolments stop (on each contact's timeline). */
export async function deleteSequence(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'campaigns', 'delete');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await findSequence(ctx, tx, id, 'delete', true);
    await tx.execute(sql`update sequences set deleted_at = now(), is_active = false, updated_at = now() where id = ${id}::uuid`);
    await tx.execute(sql`with stopped as (
        update sequence_enrolments set status = 'stopped', stopped_by = ${ctx.actor.userId}, stop_reason = 'sequence deleted', next_run_at = null
        where sequence_id = ${id}::uuid and status = 'running' returning id, workspace_id, sequence_id, contact_id)
      insert into sequence_events (workspace_id, enrolment_id, sequence_id, contact_id, kind, outcome, actor_id)
      select workspace_id, id, sequence_id, contact_id, 'stopped', 'sequence deleted', ${ctx.actor.userId} from stopped`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'sequence', recordId: id, action: 'delete', changes: diffRecords(pick(before), null) }]);
    return { deleted: 1 };
  });
}

/** Enrols contacts by hand (the viewer must read each); those already running, or done under "never", are left alone. */
export async function enrolContactsByHand(ctx: Ctx, id: string, body: unknown) {
  requirePermission(ctx.actor, 'campaigns', 'update');
  const contactIds = (body as { contactIds?: unknown } | null)?.contactIds;
  if (!Array.isArray(contactIds) || contactIds.length === 0) throw invalid('contactIds', 'must list at least one contact');
  if (contactIds.length > 10000) throw invalid('contactIds', 'must list at most 10000 contacts');
  const bad = contactIds.findIndex((value) => !isUuid(value));
  if (bad >= 0) throw invalid(`contactIds[${bad}]`, 'is not a contact id');
  const visible = await rows<{ id: string }>(ctx.db, sql`select c.id from contacts c where ${accessCondition(ctx.actor, 'contacts', 'read', 'c')} and c.id = any(${pgArrayLiteral(contactIds as string[])}::uuid[])`);
  const known = new Set(visible.map((row) => row.id));
  const missing = (contactIds as string[]).findIndex((value) => !known.has(value));
  if (missing >= 0) throw invalid(`contactIds[${missing}]`, 'is not a contact you can see');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const sequence = await findSequence(ctx, tx, id, 'update', true);
    const enrolled = await enrolContacts(tx, { id: sequence.id, workspaceId: ctx.actor.workspaceId, reenrolment: sequence.reenrolment }, sql`select x.id as contact_id, jsonb_build_object('trigger', 'manual', 'by', ${ctx.actor.userId}::text) as reason from unnest(${pgArrayLiteral(contactIds as string[])}::uuid[]) as x(id)`);
    return { enrolled };
  });
}

/**
 * Runs the due steps now (the every-minute job does the same). `at` runs them as if the clock read that instant:
 * a test hook (SEQUENCES_TEST_CLOCK=true, e2e only), refused otherwise so nobody can skip a wait in production.
 */
export async function advanceSequencesNow(ctx: Ctx, database: Database, jobs: JobQueue, body: unknown, testClock: boolean) {
  if (permissionLevel(ctx.actor, 'campaigns', 'update') !== 'all') throw new AppError('FORBIDDEN', { message: 'Running the sequences needs the right to all campaigns', details: { object: 'campaigns', action: 'update' } });
  const at = (body as { at?: unknown } | null)?.at;
  if (at !== undefined && (typeof at !== 'string' || Number.isNaN(Date.parse(at)))) throw invalid('at', 'must be an ISO date and time');
  if (at !== undefined && !testClock) throw invalid('at', 'is only accepted when the server runs with SEQUENCES_TEST_CLOCK=true');
  return advanceSequences(database, jobs, at === undefined ? new Date() : new Date(at as string));
}
