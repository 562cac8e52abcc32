// Surveys in Settings (administrators: settings rights) and sending them: one invitation per contact,
// its token 32 random bytes (base64url) of which only the SHA-256 is stored, mailed through the email
// module's queue (email_messages + the email-send job) with one-click score links.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { surveyInputSchema, surveyScoreRange, surveySendSchema, type SurveyAudience, type SurveyInput } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { buildFilterConditions, parseListParams } from '../../core/records/list-query.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { getSavedView } from '../saved-views/saved-views.service.js';
import { loadMailbox, usableMailbox } from '../email/mailboxes.service.js';
import { queueSystemEmails, type SystemEmail } from '../email/system-emails.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { invitationEmail } from './survey-page.js';

export const surveyColumns = sql`id, kind, name, is_active as "isActive", language, texts, questions, low_score_threshold as "lowScoreThreshold",
  mailbox_id as "mailboxId", expires_days as "expiresDays", resurvey_days as "resurveyDays", schedule, last_scheduled_at as "lastScheduledAt",
  send_after_resolution as "sendAfterResolution", low_score_action as "lowScoreAction",
  created_by as "createdBy", created_at as "createdAt", updated_at as "updatedAt"`;

export interface SurveyRow {
  id: string;
  workspaceId?: string;
  kind: SurveyInput['kind'];
  name: string;
  isActive: boolean;
  language: 'ru' | 'en';
  texts: Pick<SurveyInput, 'subject' | 'intro' | 'question' | 'thanks'>;
  questions: SurveyInput['questions'];
  lowScoreThreshold: number | null;
  mailboxId: string | null;
  expiresDays: number;
  resurveyDays: number;
  schedule: SurveyInput['schedule'];
  lastScheduledAt: string | null;
  sendAfterResolution: boolean;
  lowScoreAction: SurveyInput['lowScoreAction'];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The public view of a survey: its texts flattened back into the input's shape. */
export function publicSurvey(row: SurveyRow) {
  const { texts, ...rest } = row;
  return { ...rest, subject: texts.subject, intro: texts.intro, question: texts.question, thanks: texts.thanks };
}

function inputOf(row: SurveyRow): SurveyInput {
  return {
    kind: row.kind, name: row.name, isActive: row.isActive, language: row.language, subject: row.texts.subject, intro: row.texts.intro, question: row.texts.question, thanks: row.texts.thanks,
    questions: row.questions, lowScoreThreshold: row.lowScoreThreshold, mailboxId: row.mailboxId, expiresDays: row.expiresDays, resurveyDays: row.resurveyDays, schedule: row.schedule,
    sendAfterResolution: row.sendAfterResolution, lowScoreAction: row.lowScoreAction,
  };
}

/** The score range of a survey (a custom one's first scale question), or null when it has no score. */
export function scoreRange(survey: Pick<SurveyRow, 'kind' | 'questions'>): { min: number; max: number } | null {
  if (survey.kind !== 'custom') return surveyScoreRange[survey.kind];
  const scale = survey.questions.find((question) => question.type === 'scale');
  return scale ? { min: scale.min, max: scale.max } : null;
}

/** The threshold at or below which a score is low (the survey's, else 2 for CSAT, 6 for NPS). */
export function lowThreshold(survey: Pick<SurveyRow, 'kind' | 'questions' | 'lowScoreThreshold'>): number | null {
  if (survey.lowScoreThreshold != null) return survey.lowScoreThreshold;
  return survey.kind === 'custom' ? null : surveyScoreRange[survey.kind].lowDefault;
}

async function checkReferences(ctx: Ctx, input: SurveyInput): Promise<void> {
  if (input.mailboxId) {
    const mailbox = await loadMailbox(ctx.db, input.mailboxId);
    if (!mailbox || mailbox.workspaceId !== ctx.actor.workspaceId) throw invalid('mailboxId', 'is not a mailbox of this workspace');
  }
  if (input.schedule?.savedViewId) await getSavedView(ctx, input.schedule.savedViewId).catch(() => { throw invalid('schedule.savedViewId', 'is not a saved view of contacts you may see'); });
  if (input.schedule?.filters) parseAudienceFilters(input.schedule.filters, 'schedule.filters');
}

async function loadSurvey(db: Db, workspaceId: string, id: string, forUpdate = false): Promise<SurveyRow> {
  if (!isUuid(id)) throw notFound('survey', id);
  const row = await firstRow<SurveyRow>(db, sql`select ${surveyColumns} from surveys where id = ${id}::uuid and workspace_id = ${workspaceId} and deleted_at is null ${forUpdate ? sql`for update` : sql``}`);
  if (!row) throw notFound('survey', id);
  return row;
}

export async function listSurveys(ctx: Ctx) {
  requirePermission(ctx.actor, 'settings', 'read');
  const data = await rows<SurveyRow & { invitations: number; responses: number }>(
    ctx.db,
    sql`select ${surveyColumns}, (select count(*) from survey_invitations i where i.survey_id = s.id) as invitations,
          (select count(*) from survey_responses r where r.survey_id = s.id) as responses
        from surveys s where workspace_id = ${ctx.actor.workspaceId} and deleted_at is null order by created_at, id`,
  );
  return { data: data.map((row) => ({ ...publicSurvey(row), invitations: Number(row.invitations), responses: Number(row.responses) })) };
}

export async function getSurvey(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'settings', 'read');
  return publicSurvey(await loadSurvey(ctx.db, ctx.actor.workspaceId, id));
}

const textsOf = (input: SurveyInput) => JSON.stringify({ subject: input.subject, intro: input.intro, question: input.question, thanks: input.thanks });

export async function createSurvey(ctx: Ctx, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'create');
  const input = parseBody(surveyInputSchema, body);
  await checkReferences(ctx, input);
  const row = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [created] = await rows<SurveyRow>(
      tx,
      sql`insert into surveys (workspace_id, kind, name, is_active, language, texts, questions, low_score_threshold, mailbox_id, expires_days, resurvey_days, schedule,
            send_after_resolution, low_score_action, created_by)
          values (${ctx.actor.workspaceId}, ${input.kind}, ${input.name}, ${input.isActive}, ${input.language}, ${textsOf(input)}::jsonb, ${JSON.stringify(input.questions)}::jsonb,
            ${input.lowScoreThreshold ?? null}, ${input.mailboxId}, ${input.expiresDays}, ${input.resurveyDays}, ${input.schedule ? JSON.stringify(input.schedule) : null}::jsonb,
            ${input.sendAfterResolution}, ${input.lowScoreAction}, ${ctx.actor.userId})
          returning ${surveyColumns}`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'survey', recordId: created.id, action: 'create', meta: { name: input.name, kind: input.kind } }]);
    return created;
  });
  return publicSurvey(row);
}

export async function updateSurvey(ctx: Ctx, id: string, body: unknown) {
  requirePermission(ctx.actor, 'settings', 'update');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('(body)', 'must be an object');
  const row = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const existing = await loadSurvey(tx, ctx.actor.workspaceId, id, true);
    if ('kind' in body && (body as { kind: unknown }).kind !== existing.kind) throw invalid('kind', 'cannot change once the survey exists');
    const input = parseBody(surveyInputSchema, { ...inputOf(existing), ...body });
    // Inside the transaction: on PGlite (one connection) a query on ctx.db here would wait for this transaction forever.
    await checkReferences({ ...ctx, db: tx }, input);
    const [updated] = await rows<SurveyRow>(
      tx,
      sql`update surveys set name = ${input.name}, is_active = ${input.isActive}, language = ${input.language}, texts = ${textsOf(input)}::jsonb, questions = ${JSON.stringify(input.questions)}::jsonb,
            low_score_threshold = ${input.lowScoreThreshold ?? null}, mailbox_id = ${input.mailboxId}, expires_days = ${input.expiresDays}, resurvey_days = ${input.resurveyDays},
            schedule = ${input.schedule ? JSON.stringify(input.schedule) : null}::jsonb, send_after_resolution = ${input.sendAfterResolution},
            low_score_action = ${input.lowScoreAction}, updated_at = now()
          where id = ${existing.id}::uuid returning ${surveyColumns}`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'survey', recordId: existing.id, action: 'update', meta: { fields: Object.keys(body) } }]);
    return updated;
  });
  return publicSurvey(row);
}

export async function deleteSurvey(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'settings', 'delete');
  const survey = await loadSurvey(ctx.db, ctx.actor.workspaceId, id);
  await ctx.db.execute(sql`update surveys set deleted_at = now(), is_active = false where id = ${survey.id}::uuid`);
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'survey', recordId: survey.id, action: 'delete', meta: { name: survey.name } }]);
  return { ok: true as const };
}

// ---------------------------------------------------------------------------------------------
// Invitations

export function newSurveyToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSurveyToken(token) };
}

export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Where links in the mail point: PUBLIC_BASE_URL, else the request's own address, else the server's. */
export function publicBaseUrl(fallback?: string): string {
  const configured = process.env.PUBLIC_BASE_URL?.replace(/\/+$/, '');
  return configured || fallback || `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? '3000'}`;
}

function parseAudienceFilters(filters: NonNullable<SurveyAudience['filters']>, field: string) {
  const query: Record<string, string[]> = {};
  for (const filter of filters) (query[`filter[${filter.field}][${filter.op}]`] ??= []).push(filter.op === 'isEmpty' ? filter.value || 'true' : filter.value);
  try {
    return parseListParams(contactDefinition, query);
  } catch (error) {
    if (error instanceof AppError && Array.isArray(error.details)) throw invalid(field, (error.details as { field: string; problem: string }[]).map((detail) => `${detail.field} ${detail.problem}`).join('; '));
    throw error;
  }
}

interface Recipient {
  contactId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/** Contacts of the audience the actor may read, with an email, not invited to this survey within `days`. */
async function audienceContacts(ctx: Ctx, survey: SurveyRow, audience: SurveyAudience, days: number): Promise<{ recipients: Recipient[]; skippedNoEmail: number; skippedRecent: number }> {
  let filters = audience.filters ?? [];
  if (audience.savedViewId) {
    const view = await getSavedView(ctx, audience.savedViewId).catch(() => { throw invalid('savedViewId', 'is not a saved view you may see'); });
    if (view.object !== 'contacts') throw invalid('savedViewId', 'is not a view of contacts');
    filters = [...filters, ...(((view.query as { filters?: unknown })?.filters as typeof filters | undefined) ?? [])];
  }
  const params = parseAudienceFilters(filters, audience.savedViewId ? 'savedViewId' : 'filters');
  const conditions = buildFilterConditions(contactDefinition, params, 't');
  const found = await rows<{ contactId: string; email: string | null; firstName: string | null; lastName: string | null; recent: boolean }>(
    ctx.db,
    sql`select t.id as "contactId", (t.emails)[1] as email, t.first_name as "firstName", t.last_name as "lastName",
          exists (select 1 from survey_invitations i where i.workspace_id = t.workspace_id and i.survey_id = ${survey.id}::uuid and i.contact_id = t.id
                  and i.created_at > now() - make_interval(days => ${days})) as recent
        from contacts t where ${sql.join([accessCondition(ctx.actor, 'contacts', 'read', 't'), ...conditions], sql` and `)} order by t.id limit 50000`,
  );
  const recipients: Recipient[] = [];
  let skippedNoEmail = 0;
  let skippedRecent = 0;
  for (const row of found) {
    if (!row.email) skippedNoEmail++;
    else if (row.recent && days > 0) skippedRecent++;
    else recipients.push({ contactId: row.contactId, email: row.email, firstName: row.firstName, lastName: row.lastName });
  }
  return { recipients, skippedNoEmail, skippedRecent };
}

/** Writes invitations and their queued messages in one transaction, then hands the messages to email-send. */
async function createInvitations(db: Db, jobs: JobQueue, workspaceId: string, actorId: string | null, survey: SurveyRow, recipients: (Recipient & { caseId?: string | null; dealId?: string | null })[], baseUrl: string): Promise<string[]> {
  if (!survey.mailboxId) throw invalid('mailboxId', 'the survey needs a mailbox to send from');
  const mailbox = await loadMailbox(db, survey.mailboxId);
  if (!mailbox || mailbox.workspaceId !== workspaceId) throw invalid('mailboxId', 'the survey\'s mailbox no longer exists');
  const messageIds: string[] = [];
  for (let start = 0; start < recipients.length; start += 500) {
    const chunk = recipients.slice(start, start + 500);
    const ids = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const emails: SystemEmail[] = [];
      const invitations = chunk.map((recipient) => {
        const { token, hash } = newSurveyToken();
        const mail = invitationEmail(survey, recipient, `${baseUrl}/s/${token}`);
        emails.push({ to: [{ address: recipient.email, name: [recipient.firstName, recipient.lastName].filter(Boolean).join(' ') || null }], subject: mail.subject, html: mail.html, links: [{ recordType: 'contacts', recordId: recipient.contactId }, ...(recipient.dealId ? [{ recordType: 'deals', recordId: recipient.dealId }] : [])] });
        return { contact_id: recipient.contactId, case_id: recipient.caseId ?? null, deal_id: recipient.dealId ?? null, token_hash: hash, email: recipient.email };
      });
      const queued = await queueSystemEmails(tx, { workspaceId, mailbox, createdBy: actorId }, emails);
      await tx.execute(sql`insert into survey_invitations (workspace_id, survey_id, contact_id, case_id, deal_id, token_hash, email, email_message_id, expires_at, created_by)
        select ${workspaceId}::uuid, ${survey.id}::uuid, x.contact_id, x.case_id, x.deal_id, x.token_hash, x.email, x.email_message_id, now() + make_interval(days => ${survey.expiresDays}), ${actorId}::uuid
        from jsonb_to_recordset(${JSON.stringify(invitations.map((item, index) => ({ ...item, email_message_id: queued[index] })))}::jsonb)
          as x(contact_id uuid, case_id uuid, deal_id uuid, token_hash text, email text, email_message_id uuid)`);
      return queued;
    });
    messageIds.push(...ids);
  }
  for (const id of messageIds) {
    await jobs.enqueue('email-send', { messageId: id }).catch(async (error: Error) => {
      await db.execute(sql`update email_messages set status = 'failed', failure_reason = ${`could not be queued: ${error.message}`} where id = ${id}::uuid`);
    });
  }
  return messageIds;
}

export async function sendSurvey(ctx: Ctx, jobs: JobQueue, id: string, body: unknown, baseUrl?: string) {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(surveySendSchema, body ?? {});
  const survey = await loadSurvey(ctx.db, ctx.actor.workspaceId, id);
  if (!survey.isActive) throw new AppError('CONFLICT', { message: 'The survey is switched off', details: [{ field: 'isActive', problem: 'is false' }] });
  if (survey.kind === 'csat') throw new AppError('CONFLICT', { message: 'CSAT surveys are sent when a case is resolved', details: [{ field: 'kind', problem: 'is csat' }] });
  if (!input.savedViewId && !input.filters) throw invalid('savedViewId', 'give a saved view of contacts or filters');
  if (!survey.mailboxId) throw invalid('mailboxId', 'the survey needs a mailbox to send from');
  await usableMailbox(ctx, survey.mailboxId).catch(() => { throw invalid('mailboxId', 'is not a mailbox you may send from'); });
  const audience = await audienceContacts(ctx, survey, input, input.skipSurveyedWithinDays ?? survey.resurveyDays);
  await createInvitations(ctx.db, jobs, ctx.actor.workspaceId, ctx.actor.userId, survey, audience.recipients, publicBaseUrl(baseUrl));
  await recordAudit(ctx.db, ctx.actor, [{ recordType: 'survey', recordId: survey.id, action: 'update', meta: { sent: audience.recipients.length } }]);
  return { sent: audience.recipients.length, skippedNoEmail: audience.skippedNoEmail, skippedRecent: audience.skippedRecent };
}

/**
 * Called by the cases module (its cases-csat job) when a case becomes resolved: invites the contact to every
 * active CSAT survey sent after resolution (normally one) unless this case already had an invitation of that
 * survey within the survey's cool-down (resurveyDays, at least a day), so resolving it again soon sends nothing.
 * Returns the invitations made.
 */
export async function inviteAfterCaseResolved(ctx: Ctx, jobs: JobQueue, input: { caseId: string; contactId: string }): Promise<{ invited: number }> {
  const ws = ctx.actor.workspaceId;
  const contact = await firstRow<Recipient>(ctx.db, sql`select id as "contactId", (emails)[1] as email, first_name as "firstName", last_name as "lastName" from contacts where workspace_id = ${ws} and id = ${input.contactId}::uuid and deleted_at is null`);
  if (!contact?.email) return { invited: 0 };
  const active = await rows<SurveyRow>(ctx.db, sql`select ${surveyColumns} from surveys s where workspace_id = ${ws} and kind = 'csat' and is_active and send_after_resolution and deleted_at is null and mailbox_id is not null
    and not exists (select 1 from survey_invitations i where i.survey_id = s.id and i.case_id = ${input.caseId}::uuid
                    and i.created_at > now() - make_interval(days => greatest(s.resurvey_days, 1)))`);
  for (const survey of active) await createInvitations(ctx.db, jobs, ws, ctx.actor.userId, survey, [{ ...contact, caseId: input.caseId }], publicBaseUrl());
  return { invited: active.length };
}

/** The periodic job: every active survey whose schedule is due is sent to its audience as its author. */
export async function sendScheduledSurveys(db: Db, jobs: JobQueue, loadActorOf: (db: Db, userId: string) => Promise<Ctx['actor'] | undefined>): Promise<{ sent: number }> {
  const due = await rows<SurveyRow & { workspaceId: string }>(
    db,
    sql`update surveys set last_scheduled_at = now() where is_active and deleted_at is null and schedule is not null and kind <> 'csat'
          and (last_scheduled_at is null or last_scheduled_at <= now() - make_interval(days => (schedule->>'everyDays')::int))
        returning workspace_id as "workspaceId", ${surveyColumns}`,
  );
  let sent = 0;
  for (const survey of due) {
    const actor = survey.createdBy ? await loadActorOf(db, survey.createdBy) : undefined;
    if (!actor || !survey.schedule) continue;
    const result = await sendSurvey({ db, actor }, jobs, survey.id, { savedViewId: survey.schedule.savedViewId ?? undefined, filters: survey.schedule.filters ?? [] }).catch(() => ({ sent: 0 }));
    sent += result.sent;
  }
  return { sent };
}

/** The survey for a report: anyone who reads contacts may report on a survey of their workspace. */
export async function getSurveyRow(ctx: Ctx, id: string): Promise<SurveyRow> {
  return loadSurvey(ctx.db, ctx.actor.workspaceId, id);
}
