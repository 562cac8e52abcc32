// CSAT around a case's resolution. The cases-csat job drains the outbox (case-csat.outbox.ts): each pending
// request claims its row (skip locked, so concurrent workers never send twice), invites the case's contact
// through the surveys module (inviteAfterCaseResolved: once per case within the survey's cool-down) and marks
// the row done. While any workspace has a CSAT survey sent after resolution, the job queues itself again a
// couple of seconds later (the webhooks dispatcher's pattern); the per-minute cron restarts the chain.
// A low score (registerLowScoreHook) reopens the case or flags it for the team head, per the survey's
// lowScoreAction, notifies the team head and writes the reason on the case's timeline (an audit entry).
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Database, type Db } from '../../db/client.js';
import { recordAudit } from '../../core/audit.js';
import type { Actor, Ctx } from '../../core/context.js';
import { requirePermission } from '../../core/access.js';
import { applyUpdate } from '../../core/records/record-service.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { loadActor } from '../auth/auth.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { inviteAfterCaseResolved } from '../surveys/surveys.service.js';
import { registerLowScoreHook, type LowScoreEvent } from '../surveys/survey-answers.service.js';
import { caseDefinition } from './cases.definition.js';
import { channelActor } from './cases.service.js';
import { CSAT_JOB } from './case-csat.outbox.js';

const BATCH = 50;

/** Whom a workspace's automatic writes are done as when the user who caused them is gone: its first active admin. */
async function workspaceAdmin(db: Db, workspaceId: string): Promise<Actor | undefined> {
  const admin = await firstRow<{ id: string }>(db, sql`select u.id from users u join roles r on r.id = u.role_id where u.workspace_id = ${workspaceId} and u.is_active and r.key = 'admin' order by u.created_at limit 1`);
  return admin ? loadActor(db, admin.id) : undefined;
}

interface CsatRequest {
  id: string;
  workspaceId: string;
  caseId: string;
  actorId: string | null;
}

/** One pass over the pending requests; returns how many were handled and how many invitations went out. */
export async function processCsatRequests(db: Db, jobs: JobQueue): Promise<{ handled: number; invited: number }> {
  const total = { handled: 0, invited: 0 };
  for (;;) {
    const claimed = await rows<CsatRequest>(
      db,
      sql`update case_csat_requests set status = 'processing', processed_at = now()
          where id in (select id from case_csat_requests where status = 'pending' order by created_at limit ${BATCH} for update skip locked)
          returning id, workspace_id as "workspaceId", case_id as "caseId", actor_id as "actorId"`,
    );
    for (const request of claimed) {
      try {
        const found = await firstRow<{ contactId: string | null; status: string }>(db, sql`select contact_id as "contactId", status from cases where id = ${request.caseId}::uuid and deleted_at is null`);
        // Reopened before the job ran (or deleted, or without a contact): nobody is asked yet.
        if (!found?.contactId || !['resolved', 'closed'].includes(found.status)) {
          await db.execute(sql`update case_csat_requests set status = 'skipped' where id = ${request.id}::uuid`);
        } else {
          const actor = (request.actorId ? await loadActor(db, request.actorId) : undefined) ?? (await workspaceAdmin(db, request.workspaceId));
          const result = actor ? await inviteAfterCaseResolved({ db, actor }, jobs, { caseId: request.caseId, contactId: found.contactId }) : { invited: 0 };
          await db.execute(sql`update case_csat_requests set status = ${result.invited ? 'sent' : 'skipped'}, invited = ${result.invited} where id = ${request.id}::uuid`);
          total.invited += result.invited;
        }
      } catch (error) {
        await db.execute(sql`update case_csat_requests set status = 'failed', failure = ${(error as Error).message.slice(0, 1000)} where id = ${request.id}::uuid`);
      }
      total.handled++;
    }
    if (claimed.length < BATCH) break;
  }
  return total;
}

async function anyAfterResolutionSurvey(db: Db): Promise<boolean> {
  return Boolean(await firstRow(db, sql`select 1 as ok from surveys where kind = 'csat' and is_active and send_after_resolution and deleted_at is null limit 1`));
}

/** The job: a pass, then again in two seconds while a CSAT survey could be waiting for resolutions. */
export async function runCsatJob(database: Database, queue?: JobQueue): Promise<{ handled: number; invited: number }> {
  if (!queue) return { handled: 0, invited: 0 };
  const result = await processCsatRequests(database.db, queue);
  if (await anyAfterResolutionSurvey(database.db)) await queue.enqueue(CSAT_JOB, {}, { startAfter: 2 });
  return result;
}

/** POST /cases/csat/run: an administrator sends the pending CSAT invitations now instead of at the next tick. */
export async function requestCsatRun(ctx: Ctx, jobs: JobQueue): Promise<{ jobId: string | null }> {
  requirePermission(ctx.actor, 'settings', 'update');
  return { jobId: await jobs.enqueue(CSAT_JOB, {}) };
}

/** The team head to tell about a case: the head of its assignee's team, else its queue's head, else its queue's team's head. */
async function teamHeadsOf(tx: Db, caseId: string): Promise<{ id: string; locale: string }[]> {
  return rows<{ id: string; locale: string }>(
    tx,
    sql`select u.id, u.locale from users u where u.is_active and u.id = (
          select coalesce(
            (select t.head_user_id from users o join teams t on t.id = o.team_id where o.id = c.owner_id and t.head_user_id is not null and t.head_user_id <> c.owner_id),
            (select q.head_user_id from case_queues q where q.id = c.queue_id),
            (select t.head_user_id from case_queues q join teams t on t.id = q.team_id where q.id = c.queue_id),
            (select t.head_user_id from teams t where t.id = c.team_id))
          from cases c where c.id = ${caseId}::uuid)`,
  );
}

export async function onLowCsatScore(tx: Db, event: LowScoreEvent): Promise<void> {
  if (!event.caseId) return;
  const survey = await firstRow<{ action: string; createdBy: string | null }>(tx, sql`select low_score_action as action, created_by as "createdBy" from surveys where id = ${event.surveyId}::uuid`);
  const found = await firstRow<{ status: string; number: string; subject: string }>(tx, sql`select status, number, subject from cases where id = ${event.caseId}::uuid and workspace_id = ${event.workspaceId} and deleted_at is null`);
  if (!survey || !found || survey.action === 'none') return;
  const author = (survey.createdBy ? await loadActor(tx, survey.createdBy) : undefined) ?? (await workspaceAdmin(tx, event.workspaceId));
  if (!author) return;
  const actor = channelActor(author);
  const ctx = { db: tx, actor };
  const reason = `CSAT ${event.score} ≤ ${event.threshold}`;
  let action: 'reopened' | 'flagged' = 'flagged';
  if (survey.action === 'reopen' && ['resolved', 'closed'].includes(found.status)) {
    await applyUpdate(ctx, tx, caseDefinition, event.caseId, { status: 'reopened' }, { force: true, audit: { meta: { lowScore: { score: event.score, threshold: event.threshold, surveyId: event.surveyId, responseId: event.responseId } } } });
    action = 'reopened';
  } else {
    await tx.execute(sql`update cases set flagged_at = now(), flag_reason = ${reason}, updated_at = now() where id = ${event.caseId}::uuid`);
    await recordAudit(tx, actor, [{ recordType: 'case', recordId: event.caseId, action: 'update', changes: { flagReason: { from: null, to: reason } }, meta: { lowScore: { score: event.score, threshold: event.threshold, surveyId: event.surveyId, responseId: event.responseId, flagged: true } } }]);
  }
  const heads = await teamHeadsOf(tx, event.caseId);
  await notifyUsers(
    tx,
    heads.map((head) => ({
      workspaceId: event.workspaceId,
      userId: head.id,
      kind: 'escalation' as const,
      title:
        head.locale === 'en'
          ? `Low CSAT ${event.score}: case ${found.number} ${action === 'reopened' ? 'reopened' : 'flagged'} — ${found.subject}`
          : `Низкая оценка ${event.score}: обращение ${found.number} ${action === 'reopened' ? 'открыто заново' : 'отмечено для руководителя'} — ${found.subject}`,
      body: event.surveyName,
      recordType: 'case',
      recordId: event.caseId!,
      data: { surveyId: event.surveyId, responseId: event.responseId, score: event.score, action },
    })),
  );
}

/** Called once when the cases routes are registered. */
export function registerCaseCsat(): void {
  registerLowScoreHook(onLowCsatScore);
}
