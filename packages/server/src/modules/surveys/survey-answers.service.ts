// The customer's side (no login): a token finds its invitation by SHA-256; a score from a one-click
// link is recorded at once (again with the same score changes nothing), the form completes the answer
// once (a second submission is a 409, nothing overwritten). Each change is stored on the contact's
// (and the linked deal's or case's) timeline through survey_responses, raises `survey.answered`, and a
// low score runs onLowScore (notifications, plus whatever the cases module registers).
import { sql } from 'drizzle-orm';
import { surveyAnswerSchema, type SurveyAnswerInput } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { parseBody, validationError, type FieldProblem } from '../../core/validation.js';
import { recordDomainEvent } from '../../core/domain-events.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { hashSurveyToken, lowThreshold, scoreRange, surveyColumns, type SurveyRow } from './surveys.service.js';

export interface InvitationRow {
  id: string;
  workspaceId: string;
  surveyId: string;
  contactId: string;
  caseId: string | null;
  dealId: string | null;
  expiresAt: string;
  expired: boolean;
}

export interface ResponseRow {
  id: string;
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown>;
  isLow: boolean;
  completed: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The invitation and its survey, or a 404 (unknown or tampered token: nothing says which). */
export async function findInvitation(db: Db, token: string, forUpdate = false): Promise<{ invitation: InvitationRow; survey: SurveyRow; response: ResponseRow | undefined }> {
  const invitation = TOKEN.test(token)
    ? await firstRow<InvitationRow>(db, sql`select id, workspace_id as "workspaceId", survey_id as "surveyId", contact_id as "contactId", case_id as "caseId", deal_id as "dealId",
          expires_at as "expiresAt", expires_at <= now() as expired from survey_invitations where token_hash = ${hashSurveyToken(token)} ${forUpdate ? sql`for update` : sql``}`)
    : undefined;
  const survey = invitation ? await firstRow<SurveyRow>(db, sql`select ${surveyColumns} from surveys where id = ${invitation.surveyId}::uuid and deleted_at is null`) : undefined;
  if (!invitation || !survey) throw new AppError('NOT_FOUND', { message: 'This survey link is not valid', details: { object: 'survey invitation' } });
  const response = await firstRow<ResponseRow>(db, sql`select id, score, comment, answers, is_low as "isLow", completed from survey_responses where invitation_id = ${invitation.id}::uuid`);
  return { invitation, survey, response };
}

function assertOpen(invitation: InvitationRow, response: ResponseRow | undefined): void {
  if (response?.completed) throw new AppError('SURVEY_ALREADY_ANSWERED', { message: 'This survey has already been answered; the answer cannot be changed', details: [{ field: 'token', problem: 'already answered' }] });
  if (invitation.expired) throw new AppError('SURVEY_EXPIRED', { message: 'This survey link has expired', details: [{ field: 'token', problem: `expired at ${invitation.expiresAt}` }] });
}

function checkScore(survey: SurveyRow, score: unknown, field = 'score'): number {
  const range = scoreRange(survey);
  if (!range) throw validationError([{ field, problem: 'this survey has no score' }]);
  if (typeof score !== 'number' || !Number.isInteger(score) || score < range.min || score > range.max) throw validationError([{ field, problem: `must be a whole number from ${range.min} to ${range.max}` }]);
  return score;
}

/** Checks every answer against its question; the first scale question of a custom survey is the score. */
function checkAnswers(survey: SurveyRow, input: SurveyAnswerInput, previousScore: number | null): { score: number | null; answers: Record<string, unknown> } {
  const problems: FieldProblem[] = [];
  const range = scoreRange(survey);
  const firstScale = survey.kind === 'custom' ? survey.questions.find((question) => question.type === 'scale') : undefined;
  const given = { ...(input.answers ?? {}) };
  let score: number | null = input.score ?? (firstScale && given[firstScale.key] !== undefined ? (given[firstScale.key] as number) : previousScore);
  if (firstScale) delete given[firstScale.key];
  if (score !== null && score !== undefined) {
    if (!range || !Number.isInteger(score) || score < range.min || score > range.max) problems.push({ field: firstScale ? `answers.${firstScale.key}` : 'score', problem: range ? `must be a whole number from ${range.min} to ${range.max}` : 'this survey has no score' });
  } else if (range && (survey.kind !== 'custom' || firstScale?.required)) problems.push({ field: firstScale ? `answers.${firstScale.key}` : 'score', problem: 'is required' });
  score = score ?? null;
  const answers: Record<string, unknown> = {};
  const known = new Set(survey.questions.map((question) => question.key));
  for (const key of Object.keys(given)) if (!known.has(key)) problems.push({ field: `answers.${key}`, problem: 'is not a question of this survey' });
  for (const question of survey.questions) {
    if (question === firstScale) continue;
    const field = `answers.${question.key}`;
    let value = given[question.key];
    if (typeof value === 'string') value = value.trim();
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (question.required) problems.push({ field, problem: 'is required' });
      continue;
    }
    if (question.type === 'scale' && (typeof value !== 'number' || !Number.isInteger(value) || value < question.min || value > question.max)) problems.push({ field, problem: `must be a whole number from ${question.min} to ${question.max}` });
    else if (question.type === 'text' && typeof value !== 'string') problems.push({ field, problem: 'must be text' });
    else if (question.type === 'single' && (typeof value !== 'string' || !question.options.includes(value))) problems.push({ field, problem: `must be one of: ${question.options.join(', ')}` });
    else if (question.type === 'multiple' && (!Array.isArray(value) || value.some((item) => !question.options.includes(item)) || new Set(value).size !== value.length)) problems.push({ field, problem: `must be a list of distinct options from: ${question.options.join(', ')}` });
    else answers[question.key] = value;
  }
  if (problems.length) throw validationError(problems);
  return { score, answers };
}

export interface LowScoreEvent {
  workspaceId: string;
  surveyId: string;
  surveyName: string;
  responseId: string;
  contactId: string;
  caseId: string | null;
  dealId: string | null;
  score: number;
  threshold: number;
}
export type LowScoreHook = (tx: Db, event: LowScoreEvent) => Promise<void>;
const lowScoreHooks: LowScoreHook[] = [];

/**
 * Extension point for the cases module: a hook registered here runs in the answer's transaction after
 * the default notifications, e.g. to reopen or flag the linked case and notify its assignee's team head
 * (`event.caseId` is set for CSAT answers to a resolved case). A hook that throws rolls the answer back.
 */
export function registerLowScoreHook(hook: LowScoreHook): void {
  if (!lowScoreHooks.includes(hook)) lowScoreHooks.push(hook);
}

/** A low score: the contact's owner (or, without one, the survey's author) is notified, then the hooks run. */
export async function onLowScore(tx: Db, event: LowScoreEvent): Promise<void> {
  const people = await rows<{ id: string; locale: string }>(
    tx,
    sql`select u.id, u.locale from users u where u.workspace_id = ${event.workspaceId} and u.is_active and u.id in (
          select coalesce(c.owner_id, s.created_by) from contacts c, surveys s where c.id = ${event.contactId}::uuid and s.id = ${event.surveyId}::uuid
          union select d.owner_id from deals d where d.id = ${event.dealId}::uuid)`,
  );
  const contact = await firstRow<{ name: string }>(tx, sql`select coalesce(nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), 'contact') as name from contacts where id = ${event.contactId}::uuid`);
  await notifyUsers(
    tx,
    people.map((person) => ({
      workspaceId: event.workspaceId,
      userId: person.id,
      kind: 'system' as const,
      title: person.locale === 'en' ? `Low score ${event.score} from ${contact?.name}` : `Низкая оценка ${event.score}: ${contact?.name}`,
      body: event.surveyName,
      recordType: 'contact',
      recordId: event.contactId,
      data: { surveyId: event.surveyId, responseId: event.responseId, caseId: event.caseId, score: event.score },
    })),
  );
  for (const hook of lowScoreHooks) await hook(tx, event);
}

async function saveResponse(db: Db, token: string, change: (survey: SurveyRow, response: ResponseRow | undefined) => { score: number | null; comment?: string | null; answers?: Record<string, unknown>; completed: boolean } | null) {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { invitation, survey, response } = await findInvitation(tx, token, true);
    assertOpen(invitation, response);
    const next = change(survey, response);
    if (!next) return { survey, response: response!, changed: false };
    const threshold = lowThreshold(survey);
    const isLow = next.score !== null && threshold !== null && next.score <= threshold;
    const [saved] = await rows<ResponseRow>(
      tx,
      sql`insert into survey_responses (workspace_id, survey_id, invitation_id, contact_id, case_id, deal_id, score, comment, answers, is_low, completed)
          values (${invitation.workspaceId}, ${survey.id}, ${invitation.id}, ${invitation.contactId}, ${invitation.caseId}, ${invitation.dealId}, ${next.score},
            ${next.comment ?? null}, ${JSON.stringify(next.answers ?? {})}::jsonb, ${isLow}, ${next.completed})
          on conflict (invitation_id) do update set score = excluded.score, comment = coalesce(excluded.comment, survey_responses.comment), answers = excluded.answers,
            is_low = excluded.is_low, completed = excluded.completed, updated_at = now()
          returning id, score, comment, answers, is_low as "isLow", completed`,
    );
    await tx.execute(sql`update survey_invitations set status = ${next.completed ? 'completed' : 'answered'}, answered_at = coalesce(answered_at, now()),
      completed_at = ${next.completed ? sql`now()` : sql`null`} where id = ${invitation.id}::uuid`);
    await recordDomainEvent(tx, { workspaceId: invitation.workspaceId, type: 'survey.answered', object: 'contacts', recordId: invitation.contactId, data: { surveyId: survey.id, responseId: saved.id, kind: survey.kind, score: saved.score, low: isLow, completed: next.completed, caseId: invitation.caseId, dealId: invitation.dealId } });
    if (isLow && !response?.isLow) {
      await onLowScore(tx, { workspaceId: invitation.workspaceId, surveyId: survey.id, surveyName: survey.name, responseId: saved.id, contactId: invitation.contactId, caseId: invitation.caseId, dealId: invitation.dealId, score: next.score!, threshold: threshold! });
    }
    return { survey, response: saved, changed: true };
  });
}

/** The one-click link's score: recorded at once; the same score again changes nothing. */
export async function recordScore(db: Db, token: string, rawScore: unknown) {
  return saveResponse(db, token, (survey, response) => {
    const score = checkScore(survey, rawScore);
    if (response && response.score === score) return null;
    return { score, answers: response?.answers ?? {}, completed: false };
  });
}

/** The form: completes the answer (score, comment, questions), once. */
export async function submitAnswer(db: Db, token: string, body: unknown) {
  const input = parseBody(surveyAnswerSchema, body);
  return saveResponse(db, token, (survey, response) => {
    const { score, answers } = checkAnswers(survey, input, response?.score ?? null);
    return { score, comment: input.comment?.trim() || null, answers, completed: true };
  });
}

/** What the public page and the JSON API show for a token. */
export async function publicState(db: Db, token: string) {
  const { invitation, survey, response } = await findInvitation(db, token);
  return {
    survey: { kind: survey.kind, name: survey.name, language: survey.language, subject: survey.texts.subject, intro: survey.texts.intro, question: survey.texts.question, thanks: survey.texts.thanks, questions: survey.questions, scale: scoreRange(survey) },
    status: response?.completed ? 'completed' : invitation.expired ? 'expired' : response ? 'answered' : 'open',
    response: response ? { score: response.score, comment: response.comment, answers: response.answers, completed: response.completed } : null,
    expiresAt: invitation.expiresAt,
  };
}
