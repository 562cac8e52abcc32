// The every-minute advance. It claims due running enrolments with FOR UPDATE SKIP LOCKED (two workers never take
// the same one) and does one step of each in that transaction: the step's write (a queued message, a task, the
// wait's next run, the condition's stop), its "step" event (unique per enrolment and step index) and the step
// index moved on commit together. A worker that dies mid-run rolls all of it back, so the step is done exactly
// once by the next run. A step that fails (its owner gone, the mailbox removed) is recorded as failed in its own
// savepoint and the enrolment goes on. `now` is the clock (tests pass one, as the SLA sweep's).
import { sql } from 'drizzle-orm';
import type { SequenceStep } from '@svyaz/shared';
import { firstRow, rows, type Database, type Db } from '../../db/client.js';
import { createRecordInTransaction } from '../../core/records/record-service.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { loadActor } from '../auth/auth.service.js';
import { taskDefinition } from '../tasks/tasks.definition.js';
import { fillPlaceholders, placeholderValues, sendSequenceEmail, type Recipient } from './sequence-email.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DueEnrolment {
  id: string;
  workspaceId: string;
  sequenceId: string;
  contactId: string;
  stepIndex: number;
  enrolledAt: string;
  reason: Record<string, unknown>;
  lastEmailId: string | null;
  steps: SequenceStep[];
  mailboxId: string | null;
  sequenceOwnerId: string | null;
  /** The sequence owner's language, for the email footer. */
  language: 'ru' | 'en';
}

interface StepResult {
  outcome: string;
  detail: Record<string, unknown>;
  nextRunAt: Date;
  emailId?: string;
  /** The condition said stop. */
  stop?: string;
}

async function loadRecipient(tx: Db, enrolment: DueEnrolment): Promise<(Recipient & { ownerId: string | null }) | undefined> {
  const productId = typeof enrolment.reason.productId === 'string' ? enrolment.reason.productId : null;
  return firstRow<Recipient & { ownerId: string | null }>(
    tx,
    sql`select c.id as "contactId", c.first_name as "firstName", c.last_name as "lastName", c.full_name as "fullName", c.emails[1] as email, c.owner_id as "ownerId",
          (select co.name from companies co where co.id = c.company_id) as "companyName",
          (select u.name from users u where u.id = c.owner_id) as "ownerName", (select u.email from users u where u.id = c.owner_id) as "ownerEmail",
          (select p.name from products p where p.id = ${productId}::uuid and p.workspace_id = c.workspace_id) as "productName"
        from contacts c where c.id = ${enrolment.contactId}::uuid and c.workspace_id = ${enrolment.workspaceId} and c.deleted_at is null`,
  );
}

async function conditionHolds(tx: Db, enrolment: DueEnrolment, test: string): Promise<boolean> {
  const found =
    test === 'ordered_since_enrolment'
      ? await firstRow(tx, sql`select 1 as ok from orders o where o.workspace_id = ${enrolment.workspaceId} and o.contact_id = ${enrolment.contactId}::uuid
          and o.deleted_at is null and o.status <> 'cancelled' and o.created_at > ${enrolment.enrolledAt}::timestamptz limit 1`)
      : await firstRow(tx, sql`select 1 as ok from deals d join stages s on s.id = d.stage_id where d.workspace_id = ${enrolment.workspaceId}
          and d.contact_id = ${enrolment.contactId}::uuid and d.deleted_at is null and s.kind not in ('won', 'lost') limit 1`);
  return Boolean(found);
}

async function runStep(tx: Db, enrolment: DueEnrolment, step: SequenceStep, now: Date): Promise<StepResult> {
  const recipient = await loadRecipient(tx, enrolment);
  if (!recipient) return { outcome: 'skipped', detail: { reason: 'contact deleted' }, nextRunAt: now, stop: 'contact deleted' };
  switch (step.kind) {
    case 'email': {
      const mailbox = enrolment.mailboxId
        ? await firstRow<{ id: string; emailAddress: string; displayName: string | null }>(tx, sql`select id, email_address as "emailAddress", display_name as "displayName" from mailboxes where id = ${enrolment.mailboxId}::uuid and workspace_id = ${enrolment.workspaceId}`)
        : undefined;
      if (!mailbox) throw new Error('the sequence has no mailbox to send from');
      const sent = await sendSequenceEmail(tx, { workspaceId: enrolment.workspaceId, enrolmentId: enrolment.id, language: enrolment.language ?? 'ru', mailbox, createdBy: enrolment.sequenceOwnerId, recipient, subject: step.subject, body: step.body });
      if (sent.outcome === 'skipped') return { outcome: 'skipped', detail: { reason: sent.reason }, nextRunAt: now };
      return { outcome: 'sent', detail: { emailId: sent.emailId, subject: fillPlaceholders(step.subject, placeholderValues(recipient)) }, nextRunAt: now, emailId: sent.emailId };
    }
    case 'task': {
      const ownerId = recipient.ownerId ?? enrolment.sequenceOwnerId;
      const actor = ownerId ? await loadActor(tx, ownerId) : undefined;
      if (!actor) return { outcome: 'skipped', detail: { reason: 'the contact has no active owner' }, nextRunAt: now };
      const dueAt = new Date(now.getTime() + (step.dueInDays ?? 0) * DAY).toISOString();
      const task = await createRecordInTransaction({ db: tx, actor }, tx, taskDefinition, {
        title: fillPlaceholders(step.title, placeholderValues(recipient)),
        dueAt,
        recordType: 'contact',
        recordId: enrolment.contactId,
        ownerId: actor.userId,
      });
      return { outcome: 'created', detail: { taskId: task.id, ownerId: actor.userId, title: task.title }, nextRunAt: now };
    }
    case 'wait': {
      const until = new Date(now.getTime() + (step.days ?? 0) * DAY + (step.hours ?? 0) * HOUR);
      return { outcome: 'waiting', detail: { until: until.toISOString() }, nextRunAt: until };
    }
    case 'condition': {
      const holds = await conditionHolds(tx, enrolment, step.test);
      const goOn = holds === (step.continueWhen ?? true);
      return { outcome: goOn ? 'continue' : 'stop', detail: { test: step.test, result: holds }, nextRunAt: now, stop: goOn ? undefined : `condition ${step.test} was ${holds}` };
    }
  }
}

async function finish(tx: Db, enrolment: DueEnrolment, at: Date, stopReason: string | null): Promise<void> {
  await tx.execute(sql`update sequence_enrolments set status = ${stopReason ? 'stopped' : 'finished'}, finished_at = ${at.toISOString()}::timestamptz, next_run_at = null, stop_reason = ${stopReason}
    where id = ${enrolment.id}::uuid`);
  await tx.execute(sql`insert into sequence_events (workspace_id, enrolment_id, sequence_id, contact_id, kind, outcome, occurred_at)
    values (${enrolment.workspaceId}, ${enrolment.id}, ${enrolment.sequenceId}, ${enrolment.contactId}, ${stopReason ? 'stopped' : 'finished'}, ${stopReason}, ${at.toISOString()}::timestamptz)`);
}

/** One step of one claimed enrolment, its event and the index moved, in the caller's transaction. */
async function advanceEnrolment(tx: Db, enrolment: DueEnrolment, now: Date): Promise<{ emailId?: string; finished: boolean }> {
  const index = enrolment.stepIndex;
  const step = enrolment.steps[index];
  if (!step) {
    await finish(tx, enrolment, now, null);
    return { finished: true };
  }
  let result: StepResult;
  try {
    result = await tx.transaction((savepoint) => runStep(savepoint as unknown as Db, enrolment, step, now));
  } catch (error) {
    result = { outcome: 'failed', detail: { error: (error instanceof Error ? error.message : String(error)).slice(0, 500) }, nextRunAt: now };
  }
  await tx.execute(sql`insert into sequence_events (workspace_id, enrolment_id, sequence_id, contact_id, kind, step_index, step_kind, outcome, detail, occurred_at)
    values (${enrolment.workspaceId}, ${enrolment.id}, ${enrolment.sequenceId}, ${enrolment.contactId}, 'step', ${index}, ${step.kind}, ${result.outcome}, ${JSON.stringify(result.detail)}::jsonb, ${now.toISOString()}::timestamptz)`);
  await tx.execute(sql`update sequence_enrolments set step_index = ${index + 1}, next_run_at = ${result.nextRunAt.toISOString()}::timestamptz,
      last_email_id = coalesce(${result.emailId ?? null}::uuid, last_email_id) where id = ${enrolment.id}::uuid`);
  // The last step finishes the enrolment at once, unless it is a wait (then the next run, after it, does).
  const last = index + 1 >= enrolment.steps.length;
  if (result.stop || (last && step.kind !== 'wait')) {
    await finish(tx, enrolment, now, result.stop ?? null);
    return { emailId: result.emailId, finished: true };
  }
  return { emailId: result.emailId, finished: false };
}

const BATCH = 50;

/** Advances every due enrolment by as many steps as are due at `now` (a wait ends a run); sends the queued mail. */
export async function advanceSequences(database: Database | { db: Db }, jobs: JobQueue | undefined, now = new Date(), options: { maxRounds?: number } = {}): Promise<{ steps: number; finished: number; emails: number }> {
  const db = database.db;
  const totals = { steps: 0, finished: 0, emails: 0 };
  for (let round = 0; round < (options.maxRounds ?? 100); round++) {
    const { claimed, emailIds, finished } = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const due = await rows<DueEnrolment>(
        tx,
        sql`select e.id, e.workspace_id as "workspaceId", e.sequence_id as "sequenceId", e.contact_id as "contactId", e.step_index as "stepIndex",
              e.enrolled_at as "enrolledAt", e.reason, e.last_email_id as "lastEmailId", s.steps, s.mailbox_id as "mailboxId", s.owner_id as "sequenceOwnerId",
              (select case when u.locale = 'en' then 'en' else 'ru' end from users u where u.id = s.owner_id) as language
            from sequence_enrolments e join sequences s on s.id = e.sequence_id and s.is_active and s.deleted_at is null
            where e.status = 'running' and e.next_run_at <= ${now.toISOString()}::timestamptz
            order by e.next_run_at, e.id limit ${BATCH} for update of e skip locked`,
      );
      const emails: string[] = [];
      let done = 0;
      for (const enrolment of due) {
        const outcome = await advanceEnrolment(tx, enrolment, now);
        if (outcome.emailId) emails.push(outcome.emailId);
        if (outcome.finished) done++;
      }
      return { claimed: due.length, emailIds: emails, finished: done };
    });
    totals.steps += claimed;
    totals.finished += finished;
    totals.emails += emailIds.length;
    for (const messageId of emailIds) await jobs?.enqueue('email-send', { messageId });
    if (claimed === 0) break;
  }
  return totals;
}
