// Web forms in Settings: an administrator builds a form (fields mapped to lead fields and custom fields,
// consent under 152-FZ, allowed origins, assignment rules, the first task) and gets its public key and
// the snippet to embed. Reading needs the settings read right, changing it create/update/delete.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { webFormInputSchema, type WebFormAssignee, type WebFormInput } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, notFound } from '../../core/errors.js';
import { loadCustomFieldDefinitions } from '../../core/custom-fields.js';
import { parseBody, validationError, type FieldProblem } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { renderSnippet } from './web-forms.embed.js';

/** What a submission needs of its form: no count (see formColumns). */
export const publicFormColumns = sql`id, key, name, is_active as "isActive", language, fields, consent, allowed_origins as "allowedOrigins",
  success_message as "successMessage", redirect_url as "redirectUrl", lead_source as "leadSource", target, assignment, task,
  spam_count as "spamCount", created_by as "createdBy", created_at as "createdAt", updated_at as "updatedAt"`;
// The submissions are counted (index-only on web_form_submissions_form_idx), not kept in a column of the form's
// row: a counter there was one hot row that every submission locked until it committed, one at a time.
export const formColumns = sql`${publicFormColumns}, (select count(*)::int from web_form_submissions s where s.form_id = web_forms.id) as "submissionCount"`;

export interface WebFormRow extends WebFormInput {
  id: string;
  key: string;
  submissionCount: number;
  spamCount: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The public part of a form's URLs: 24 random bytes, URL-safe, unguessable. */
export function newFormKey(): string {
  return randomBytes(18).toString('base64url');
}

/** Checks what the schema cannot: custom fields exist for leads, assignees are users and teams of this workspace. */
async function checkReferences(db: Db, workspaceId: string, input: WebFormInput): Promise<void> {
  const problems: FieldProblem[] = [];
  const customKeys = new Set((await loadCustomFieldDefinitions(db, workspaceId, 'leads')).filter((definition) => !definition.isArchived).map((definition) => definition.key));
  input.fields.forEach((field, index) => {
    if (field.target.startsWith('custom.') && !customKeys.has(field.target.slice(7))) problems.push({ field: `fields[${index}].target`, problem: `is not a custom field of leads (${field.target.slice(7)})` });
  });
  const assignees: { path: string; assignee: WebFormAssignee }[] = [
    ...input.assignment.rules.map((rule, index) => ({ path: `assignment.rules[${index}].assignee`, assignee: rule.assignee })),
    { path: 'assignment.fallback', assignee: input.assignment.fallback },
  ];
  const userIds = assignees.flatMap((item) => (item.assignee.type === 'user' ? [item.assignee.userId] : []));
  const teamIds = assignees.flatMap((item) => (item.assignee.type === 'team' ? [item.assignee.teamId] : []));
  const users = new Set((await rows<{ id: string }>(db, sql`select id from users where workspace_id = ${workspaceId} and id = any(${pgArrayLiteral(userIds)}::uuid[])`)).map((row) => row.id));
  const teams = new Set((await rows<{ id: string }>(db, sql`select id from teams where workspace_id = ${workspaceId} and id = any(${pgArrayLiteral(teamIds)}::uuid[])`)).map((row) => row.id));
  for (const { path, assignee } of assignees) {
    if (assignee.type === 'user' && !users.has(assignee.userId)) problems.push({ field: `${path}.userId`, problem: 'is not a user of this workspace' });
    if (assignee.type === 'team' && !teams.has(assignee.teamId)) problems.push({ field: `${path}.teamId`, problem: 'is not a team of this workspace' });
  }
  if (problems.length) throw validationError(problems);
}

function inputOf(row: WebFormRow): WebFormInput {
  const { name, isActive, language, fields, consent, allowedOrigins, successMessage, redirectUrl, leadSource, target, assignment, task } = row;
  return { name, isActive, language, fields, consent, allowedOrigins, successMessage, redirectUrl, leadSource, target, assignment, task };
}

async function loadForm(ctx: Ctx, id: string, forUpdate = false): Promise<WebFormRow> {
  if (!isUuid(id)) throw notFound('web form', id);
  const row = await firstRow<WebFormRow>(
    ctx.db,
    sql`select ${formColumns} from web_forms where id = ${id}::uuid and workspace_id = ${ctx.actor.workspaceId} and deleted_at is null ${forUpdate ? sql`for update` : sql``}`,
  );
  if (!row) throw notFound('web form', id);
  return row;
}

export async function listWebForms(ctx: Ctx): Promise<{ data: WebFormRow[] }> {
  requirePermission(ctx.actor, 'settings', 'read');
  const data = await rows<WebFormRow>(ctx.db, sql`select ${formColumns} from web_forms where workspace_id = ${ctx.actor.workspaceId} and deleted_at is null order by created_at, id`);
  return { data };
}

export async function getWebForm(ctx: Ctx, id: string): Promise<WebFormRow> {
  requirePermission(ctx.actor, 'settings', 'read');
  return loadForm(ctx, id);
}

export async function createWebForm(ctx: Ctx, body: unknown): Promise<WebFormRow> {
  requirePermission(ctx.actor, 'settings', 'create');
  const input = parseBody(webFormInputSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await checkReferences(tx, ctx.actor.workspaceId, input);
    const [row] = await rows<WebFormRow>(
      tx,
      sql`insert into web_forms (workspace_id, key, name, is_active, language, fields, consent, allowed_origins, success_message, redirect_url, lead_source, target, assignment, task, created_by)
          values (${ctx.actor.workspaceId}, ${newFormKey()}, ${input.name}, ${input.isActive}, ${input.language}, ${JSON.stringify(input.fields)}::jsonb, ${JSON.stringify(input.consent)}::jsonb,
            ${pgArrayLiteral(input.allowedOrigins)}::text[], ${JSON.stringify(input.successMessage)}::jsonb, ${input.redirectUrl}, ${input.leadSource}, ${input.target},
            ${JSON.stringify(input.assignment)}::jsonb, ${JSON.stringify(input.task)}::jsonb, ${ctx.actor.userId})
          returning ${formColumns}`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'web_form', recordId: row.id, action: 'create', meta: { name: input.name } }]);
    return row;
  });
}

/** A change is merged into the stored form and the whole form is validated again, so errors name the field. */
export async function updateWebForm(ctx: Ctx, id: string, body: unknown): Promise<WebFormRow> {
  requirePermission(ctx.actor, 'settings', 'update');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validationError([{ field: '(body)', problem: 'must be a JSON object' }]);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const existing = await loadForm({ ...ctx, db: tx }, id, true);
    const input = parseBody(webFormInputSchema, { ...inputOf(existing), ...(body as Record<string, unknown>) });
    await checkReferences(tx, ctx.actor.workspaceId, input);
    const [row] = await rows<WebFormRow>(
      tx,
      sql`update web_forms set name = ${input.name}, is_active = ${input.isActive}, language = ${input.language}, fields = ${JSON.stringify(input.fields)}::jsonb,
            consent = ${JSON.stringify(input.consent)}::jsonb, allowed_origins = ${pgArrayLiteral(input.allowedOrigins)}::text[],
            success_message = ${JSON.stringify(input.successMessage)}::jsonb, redirect_url = ${input.redirectUrl}, lead_source = ${input.leadSource}, target = ${input.target},
            assignment = ${JSON.stringify(input.assignment)}::jsonb, task = ${JSON.stringify(input.task)}::jsonb, updated_at = now()
          where id = ${id}::uuid returning ${formColumns}`,
    );
    const before = inputOf(existing) as unknown as Record<string, unknown>;
    const changed = Object.keys(input).filter((key) => JSON.stringify(before[key]) !== JSON.stringify((input as unknown as Record<string, unknown>)[key]));
    await recordAudit(tx, ctx.actor, [{ recordType: 'web_form', recordId: id, action: 'update', meta: { fields: changed } }]);
    return row;
  });
}

export async function deleteWebForm(ctx: Ctx, id: string): Promise<{ ok: true }> {
  requirePermission(ctx.actor, 'settings', 'delete');
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await loadForm({ ...ctx, db: tx }, id, true);
    await tx.execute(sql`update web_forms set deleted_at = now(), is_active = false, updated_at = now() where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'web_form', recordId: id, action: 'delete' }]);
  });
  return { ok: true };
}

/** A new key: the old snippet stops working at once (a leaked key is spammed). */
export async function rotateWebFormKey(ctx: Ctx, id: string): Promise<WebFormRow> {
  requirePermission(ctx.actor, 'settings', 'update');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await loadForm({ ...ctx, db: tx }, id, true);
    const [row] = await rows<WebFormRow>(tx, sql`update web_forms set key = ${newFormKey()}, updated_at = now() where id = ${id}::uuid returning ${formColumns}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'web_form', recordId: id, action: 'update', meta: { fields: ['key'] } }]);
    return row;
  });
}

export async function getWebFormSnippet(ctx: Ctx, id: string, baseUrl: string): Promise<{ key: string; endpoint: string; scriptUrl: string; script: string; html: string }> {
  const form = await getWebForm(ctx, id);
  return renderSnippet(form, baseUrl);
}

/** Submissions newest first (keyset by created_at, id); the lead is linked only where the reader may open it. */
export async function listWebFormSubmissions(ctx: Ctx, id: string, query: { cursor?: string; limit?: string }) {
  const form = await getWebForm(ctx, id);
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new AppError('VALIDATION_FAILED', { message: 'limit: must be an integer from 1 to 200', details: [{ field: 'limit', problem: 'must be an integer from 1 to 200' }] });
  let after = sql``;
  if (query.cursor) {
    const [createdAt, cursorId] = Buffer.from(query.cursor, 'base64url').toString('utf8').split('|');
    if (!isUuid(cursorId) || Number.isNaN(Date.parse(createdAt))) throw new AppError('INVALID_CURSOR', { message: 'cursor: is malformed', details: [{ field: 'cursor', problem: 'is malformed' }] });
    after = sql`and (s.created_at, s.id) < (${createdAt}::timestamptz, ${cursorId}::uuid)`;
  }
  const data = await rows<{ id: string; createdAt: string; leadId: string | null; leadVisible: boolean }>(
    ctx.db,
    sql`select s.id, s.status, s.payload, s.consent_given as "consentGiven", s.consent_text as "consentText", s.utm, s.referrer, s.page_url as "pageUrl",
          s.lead_id as "leadId", s.owner_id as "ownerId", u.name as "ownerName", s.task_id as "taskId", s.assignment_rule as "assignmentRule", s.matches, s.created_at as "createdAt",
          (l.id is not null) as "leadVisible", l.title as "leadTitle"
        from web_form_submissions s
        left join users u on u.id = s.owner_id
        left join leads l on l.id = s.lead_id and ${accessCondition(ctx.actor, 'leads', 'read', 'l')}
        where s.form_id = ${form.id}::uuid and s.workspace_id = ${ctx.actor.workspaceId} ${after}
        order by s.created_at desc, s.id desc limit ${limit + 1}`,
  );
  const hasMore = data.length > limit;
  if (hasMore) data.pop();
  for (const row of data) if (!row.leadVisible) row.leadId = null;
  const last = data[data.length - 1];
  return { data, nextCursor: hasMore && last ? Buffer.from(`${last.createdAt}|${last.id}`).toString('base64url') : null };
}
