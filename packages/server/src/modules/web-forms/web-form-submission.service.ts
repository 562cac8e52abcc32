// A visitor's submission of a web form, in one transaction: the owner by the form's assignment rules (the
// round-robin row locked), the lead through the record engine as that owner (rights, custom fields, audit,
// record.created, search), matches to existing contacts/companies/leads by email/phone/INN (the duplicate
// probes), the first task for the owner, the submission row with the consent text as shown, the
// `form.submitted` domain event and the owner's notification. Any error rolls all of it back.
import { sql } from 'drizzle-orm';
import { isValidInn, normaliseEmail, normalisePhone, utmKeys, WEB_FORM_CONSENT, WEB_FORM_HONEYPOT, webFormReservedKeys, type WebFormField } from '@svyaz/shared';
import { firstRow, rows, type Database, type Db } from '../../db/client.js';
import { permissionLevel } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { recordDomainEvent } from '../../core/domain-events.js';
import { validationError, type FieldProblem } from '../../core/validation.js';
import { createRecordInTransaction } from '../../core/records/record-service.js';
import { loadActor } from '../auth/auth.service.js';
import { leadDefinition } from '../leads/leads.definition.js';
import { taskDefinition } from '../tasks/tasks.definition.js';
import { findLeadDuplicates } from '../duplicates/duplicates.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { createChannelCase } from '../cases/cases.service.js';
import { matchAddresses } from '../email/email-matching.js';
import { textToHtml } from '../email/email-html.js';
import { chooseOwner } from './web-forms.assignment.js';
import { publicFormColumns, type WebFormRow } from './web-forms.service.js';

export const MAX_TEXT = 1000;
export const MAX_TEXTAREA = 5000;
const MAX_META = 2000;

export interface SubmissionMeta {
  ip: string;
  userAgent: string | null;
  /** The Origin header (browsers send it on every cross-site POST). */
  origin: string | null;
  /** The Referer header, used when the body does not say which page the form was on. */
  referer: string | null;
}

export interface SubmissionResult {
  spam: boolean;
  submissionId: string | null;
  leadId: string | null;
  /** With a form whose target is "case". */
  caseId?: string | null;
  form: Pick<WebFormRow, 'id' | 'language' | 'successMessage' | 'redirectUrl'>;
}

/** The form behind a public key, active and not deleted; 404 otherwise (a rotated key is gone). */
export async function findPublicForm(db: Db, key: string): Promise<PublicForm> {
  const form = key.length <= 100 ? await firstRow<WebFormRow & { workspaceId: string }>(db, sql`select ${publicFormColumns}, 0 as "submissionCount", workspace_id as "workspaceId" from web_forms where key = ${key} and deleted_at is null and is_active`) : undefined;
  if (!form) throw new AppError('NOT_FOUND', { message: 'This form does not exist or is switched off', details: { object: 'web form' } });
  return form;
}

/** Whether a browser on `origin` may post to the form: only its allowed origins (requests without an Origin are not from a browser page). */
export function originAllowed(form: Pick<WebFormRow, 'allowedOrigins'>, origin: string | null): boolean {
  if (!origin) return true;
  return form.allowedOrigins.includes(origin);
}

const truthy = new Set(['true', 'on', '1', 'yes', 'да']);

interface ParsedValues {
  lead: Record<string, unknown>;
  custom: Record<string, unknown>;
  extra: { label: string; value: string }[];
  /** Lead field (or custom.<key>) -> the form field that fills it, to name form fields in the engine's errors. */
  targets: Map<string, string>;
}

function label(field: WebFormField, language: string): string {
  return (language === 'en' ? field.label.en || field.label.ru : field.label.ru || field.label.en) || field.key;
}

function text(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length === 1) return text(value[0]);
  if (typeof value !== 'string') return null;
  return value.trim();
}

/** Every field checked against its definition; all problems at once, each naming the form field. */
export function parseSubmission(form: WebFormRow, body: Record<string, unknown>): ParsedValues & { consentGiven: boolean; utm: Record<string, string>; pageUrl: string | null; referrer: string | null } {
  const problems: FieldProblem[] = [];
  const known = new Set<string>([...form.fields.map((field) => field.key), ...webFormReservedKeys]);
  for (const key of Object.keys(body)) if (!known.has(key)) problems.push({ field: key, problem: 'is not a field of this form' });
  const parsed: ParsedValues = { lead: {}, custom: {}, extra: [], targets: new Map() };
  const phones: string[] = [];
  const emails: string[] = [];
  for (const field of form.fields) {
    const raw = body[field.key];
    const value = text(raw);
    if (value === null) {
      problems.push({ field: field.key, problem: 'must be text' });
      continue;
    }
    if (field.type === 'checkbox') {
      const checked = value !== undefined && truthy.has(value.toLowerCase());
      if (field.required && !checked) problems.push({ field: field.key, problem: 'must be ticked' });
      assign(parsed, field, checked, checked ? 'да' : 'нет', form.language);
      continue;
    }
    if (!value) {
      if (field.required) problems.push({ field: field.key, problem: 'is required' });
      continue;
    }
    const max = field.type === 'textarea' ? MAX_TEXTAREA : MAX_TEXT;
    if (value.length > max) {
      problems.push({ field: field.key, problem: `must be at most ${max} characters` });
      continue;
    }
    if (field.type === 'email' || field.target === 'email') {
      const email = normaliseEmail(value);
      if (!email) problems.push({ field: field.key, problem: 'is not a valid email address' });
      else if (field.target === 'email') {
        emails.push(email);
        parsed.targets.set('emails', field.key);
      }
      else assign(parsed, field, email, email, form.language);
      continue;
    }
    if (field.type === 'phone' || field.target === 'phone') {
      const phone = normalisePhone(value);
      if (!phone) problems.push({ field: field.key, problem: 'is not a valid phone number' });
      else if (field.target === 'phone') {
        phones.push(phone);
        parsed.targets.set('phones', field.key);
      }
      else assign(parsed, field, phone, value, form.language);
      continue;
    }
    if (field.type === 'number' || field.target === 'amount') {
      const normalised = value.replace(/[\s\u00a0]/g, '').replace(',', '.');
      if (!/^-?\d{1,15}(\.\d{1,4})?$/.test(normalised)) {
        problems.push({ field: field.key, problem: 'must be a number' });
        continue;
      }
      if (field.target === 'amount' && normalised.startsWith('-')) {
        problems.push({ field: field.key, problem: 'must not be negative' });
        continue;
      }
      assign(parsed, field, field.target.startsWith('custom.') ? Number(normalised) : normalised, value, form.language);
      continue;
    }
    if (field.type === 'select' && !field.options.includes(value)) {
      problems.push({ field: field.key, problem: `must be one of: ${field.options.join(', ')}` });
      continue;
    }
    if (field.target === 'inn' && !isValidInn(value)) {
      problems.push({ field: field.key, problem: 'is not a valid INN (10 or 12 digits with a correct checksum)' });
      continue;
    }
    assign(parsed, field, value, value, form.language);
  }
  if (phones.length) parsed.lead.phones = Array.from(new Set(phones));
  if (emails.length) parsed.lead.emails = Array.from(new Set(emails));
  const consentValue = text(body[WEB_FORM_CONSENT]);
  const consentGiven = typeof consentValue === 'string' && truthy.has(consentValue.toLowerCase());
  if (form.consent.enabled && !consentGiven) problems.push({ field: WEB_FORM_CONSENT, problem: 'consent to the processing of personal data is required' });
  const meta = (key: string, max: number): string | null => {
    const value = text(body[key]);
    if (value === null) problems.push({ field: key, problem: 'must be text' });
    else if (value && value.length > max) problems.push({ field: key, problem: `must be at most ${max} characters` });
    else return value || null;
    return null;
  };
  const utm: Record<string, string> = {};
  for (const key of utmKeys) {
    const value = meta(key, 200);
    if (value) utm[key] = value;
  }
  const pageUrl = meta('page_url', MAX_META);
  const referrer = meta('referrer', MAX_META);
  meta('form_language', 10);
  if (problems.length) throw validationError(problems);
  return { ...parsed, consentGiven, utm, pageUrl, referrer };
}

function assign(parsed: ParsedValues, field: WebFormField, value: unknown, shown: string, language: string): void {
  if (field.target === 'none') {
    parsed.extra.push({ label: label(field, language), value: shown });
    return;
  }
  if (field.target.startsWith('custom.')) {
    parsed.custom[field.target.slice(7)] = value;
    parsed.targets.set(field.target, field.key);
    return;
  }
  if (field.target === 'notes' && parsed.lead.notes) parsed.lead.notes = `${parsed.lead.notes as string}\n${String(value)}`;
  else parsed.lead[field.target] = typeof value === 'boolean' ? shown : value;
  parsed.targets.set(field.target, field.key);
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** The actor the lead and task are written as: the owner, or (when the owner's role may not create them) the form's author. */
async function actorFor(tx: Db, ownerId: string, fallbackUserId: () => Promise<string | null>): Promise<Actor> {
  const owner = await loadActor(tx, ownerId);
  const can = (actor: Actor | undefined) => actor && permissionLevel(actor, 'leads', 'create') !== 'none' && permissionLevel(actor, 'tasks', 'create') !== 'none';
  if (owner && can(owner)) return owner;
  const fallbackId = await fallbackUserId();
  const fallback = fallbackId ? await loadActor(tx, fallbackId) : undefined;
  if (fallback && can(fallback) && permissionLevel(fallback, 'leads', 'create') === 'all') return fallback;
  throw new AppError('FORM_MISCONFIGURED', { message: 'Nobody can receive this form\'s leads; ask the site owner to check the form\'s assignment', details: [{ field: 'assignment', problem: 'no active user who may create leads' }] });
}

const wording = {
  ru: { lead: (name: string) => `Заявка с сайта: ${name}`, task: (title: string) => `Связаться с клиентом: ${title}`, notice: (title: string) => `Новая заявка с сайта: ${title}`, matches: 'Совпадения', from: 'Форма', page: 'Страница', referrer: 'Источник перехода' },
  en: { lead: (name: string) => `Website enquiry: ${name}`, task: (title: string) => `Contact the lead: ${title}`, notice: (title: string) => `New website lead: ${title}`, matches: 'Matches', from: 'Form', page: 'Page', referrer: 'Referrer' },
};

/** Renames the engine's field names (custom.budget, phones[0]) to the form's own keys, so the page can show them. */
function renameFields(error: unknown, targets: Map<string, string>): void {
  if (!(error instanceof AppError) || !Array.isArray(error.details)) return;
  for (const detail of error.details as FieldProblem[]) {
    if (!detail.field) continue;
    const base = detail.field.replace(/\[\d+\]$/, '');
    const key = targets.get(detail.field) ?? targets.get(base);
    if (key) detail.field = key;
  }
}

export type PublicForm = WebFormRow & { workspaceId: string };

/** `form` is what findPublicForm returned for the request's key (the route needs it first, for CORS). */
export async function submitWebForm(database: Database, form: PublicForm, body: unknown, meta: SubmissionMeta): Promise<SubmissionResult> {
  const db = database.db;
  const result: SubmissionResult = { spam: false, submissionId: null, leadId: null, form };
  if (!originAllowed(form, meta.origin)) throw new AppError('FORBIDDEN', { message: 'This form does not accept submissions from this site', details: [{ field: 'origin', problem: `${meta.origin} is not an allowed origin of the form` }] });
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validationError([{ field: '(body)', problem: 'must be a JSON object or form fields' }]);
  const input = body as Record<string, unknown>;
  const honeypot = text(input[WEB_FORM_HONEYPOT]);
  if (honeypot) {
    // A bot filled the field people never see: it is told "thank you" and nothing is stored but the count.
    await db.execute(sql`update web_forms set spam_count = spam_count + 1 where id = ${form.id}::uuid`);
    return { ...result, spam: true };
  }
  const parsed = parseSubmission(form, input);
  const referrer = parsed.referrer ?? (meta.referer && meta.referer !== parsed.pageUrl ? meta.referer : null);
  const pageUrl = parsed.pageUrl ?? meta.referer;
  const source = form.leadSource ?? parsed.utm.utm_source ?? hostOf(referrer) ?? 'web_form';
  const workspaceId = form.workspaceId;
  const defaultOwner = async (dbx: Db) => {
    const user = await firstRow<{ id: string }>(
      dbx,
      sql`select u.id from users u join roles r on r.id = u.role_id where u.workspace_id = ${workspaceId} and u.is_active and (u.id = ${form.createdBy}::uuid or r.key = 'admin')
          order by (u.id = ${form.createdBy}::uuid) desc, u.created_at limit 1`,
    );
    return user?.id ?? null;
  };
  // The duplicate probes read committed rows only, as they would inside the transaction (READ COMMITTED): run
  // before it, so the transaction (and the round-robin turn it locks) is not held open while they run. Only
  // each match's type, name and reasons are kept, so they run as an actor who may open nothing.
  const prober: Actor = { userId: form.createdBy ?? '00000000-0000-0000-0000-000000000000', workspaceId, roleKey: 'web-form', permissions: {}, teamId: null, teamScope: [], locale: form.language };
  const matches = await findLeadDuplicates({ db, actor: prober }, { ...parsed.lead }, null);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const assignment = await chooseOwner(tx, workspaceId, form.id, form.assignment, { city: (parsed.lead.city as string) ?? null, source: parsed.utm.utm_source ?? hostOf(referrer) }, () => defaultOwner(tx));
    if (!assignment) throw new AppError('FORM_MISCONFIGURED', { message: 'Nobody can receive this form\'s leads', details: [{ field: 'assignment', problem: 'no active user' }] });
    const actor = await actorFor(tx, assignment.ownerId, () => defaultOwner(tx));
    const ctx = { db: tx, actor };
    const words = wording[actor.locale === 'en' ? 'en' : 'ru'];
    const lead = parsed.lead;
    const person = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
    const name = person || (lead.companyName as string) || (lead.emails as string[] | undefined)?.[0] || (lead.phones as string[] | undefined)?.[0] || form.name;
    const notes = [
      lead.notes as string | undefined,
      ...parsed.extra.map((item) => `${item.label}: ${item.value}`),
      `${words.from}: ${form.name}`,
      pageUrl ? `${words.page}: ${pageUrl}` : null,
      referrer ? `${words.referrer}: ${referrer}` : null,
      Object.keys(parsed.utm).length ? Object.entries(parsed.utm).map(([utmKey, value]) => `${utmKey}=${value}`).join(', ') : null,
      matches.length ? `${words.matches}: ${matches.map((match) => `${match.type} «${match.name}» (${match.reasons.join(', ')})`).join('; ')}` : null,
    ].filter(Boolean);
    if (form.target === 'case') {
      // Issue 12: a hotline/portal form opens a service desk case, routed by the case rules.
      const email = (lead.emails as string[] | undefined)?.[0] ?? null;
      const matched = email ? ((await matchAddresses(tx, workspaceId, [email])).byAddress.get(email) ?? []) : [];
      const opened = await createChannelCase(ctx, tx, {
        subject: `${form.name}: ${name}`.slice(0, 300),
        description: textToHtml(notes.join('\n')),
        channel: 'web_form',
        contactId: matched.find((link) => link.recordType === 'contacts')?.recordId ?? null,
        companyId: matched.find((link) => link.recordType === 'companies')?.recordId ?? null,
        requesterEmail: email,
        preset: { sourceWebFormId: form.id },
      });
      const [caseSubmission] = await rows<{ id: string }>(
        tx,
        sql`insert into web_form_submissions (workspace_id, form_id, status, payload, consent_given, consent_text, utm, referrer, page_url, ip, user_agent, owner_id, assignment_rule, matches)
            values (${workspaceId}, ${form.id}::uuid, 'created', ${JSON.stringify(Object.fromEntries(form.fields.map((field) => [field.key, input[field.key] ?? null])))}::jsonb, ${parsed.consentGiven},
              ${form.consent.enabled ? (form.language === 'en' ? form.consent.text.en || form.consent.text.ru : form.consent.text.ru || form.consent.text.en) : null},
              ${JSON.stringify(parsed.utm)}::jsonb, ${referrer}, ${pageUrl}, ${meta.ip}, ${meta.userAgent?.slice(0, 500) ?? null}, ${(opened.ownerId as string | null) ?? null}::uuid, 'case_routing', '[]'::jsonb)
            returning id`,
      );
      await recordDomainEvent(tx, { workspaceId, type: 'form.submitted', object: 'cases', recordId: opened.id as string, actorId: null, data: { formId: form.id, submissionId: caseSubmission.id } });
      return { ...result, submissionId: caseSubmission.id, caseId: opened.id as string };
    }
    let created: Record<string, unknown>;
    let task: Record<string, unknown> | null = null;
    try {
      created = await createRecordInTransaction(
        ctx,
        tx,
        leadDefinition,
        { ...lead, title: words.lead(name).slice(0, 300), source: source.slice(0, 100), notes: notes.join('\n').slice(0, 10000), ownerId: assignment.ownerId, ...(Object.keys(parsed.custom).length ? { custom: parsed.custom } : {}) },
        { force: true },
      );
      if (form.task.enabled) {
        const title = (actor.locale === 'en' ? form.task.title.en || form.task.title.ru : form.task.title.ru || form.task.title.en) || words.task(name);
        task = await createRecordInTransaction(ctx, tx, taskDefinition, {
          title: title.slice(0, 300),
          dueAt: new Date(Date.now() + form.task.dueMinutes * 60_000).toISOString(),
          priority: 'high',
          recordType: 'lead',
          recordId: created.id,
          ownerId: assignment.ownerId,
        });
      }
    } catch (error) {
      renameFields(error, parsed.targets);
      throw error;
    }
    const [submission] = await rows<{ id: string }>(
      tx,
      sql`insert into web_form_submissions (workspace_id, form_id, status, payload, consent_given, consent_text, utm, referrer, page_url, ip, user_agent, lead_id, owner_id, task_id, assignment_rule, matches)
          values (${workspaceId}, ${form.id}::uuid, 'created', ${JSON.stringify(Object.fromEntries(form.fields.map((field) => [field.key, input[field.key] ?? null])))}::jsonb, ${parsed.consentGiven},
            ${form.consent.enabled ? (form.language === 'en' ? form.consent.text.en || form.consent.text.ru : form.consent.text.ru || form.consent.text.en) : null},
            ${JSON.stringify(parsed.utm)}::jsonb, ${referrer}, ${pageUrl}, ${meta.ip}, ${meta.userAgent?.slice(0, 500) ?? null}, ${created.id as string}::uuid, ${assignment.ownerId}::uuid,
            ${(task?.id as string | undefined) ?? null}::uuid, ${assignment.rule}, ${JSON.stringify(matches.map((match) => ({ type: match.type, id: match.id, name: match.name, reasons: match.reasons })))}::jsonb)
          returning id`,
    );
    await recordDomainEvent(tx, { workspaceId, type: 'form.submitted', object: 'leads', recordId: created.id as string, actorId: null, data: { formId: form.id, submissionId: submission.id, taskId: task?.id ?? null, ownerId: assignment.ownerId } });
    await notifyUsers(tx, [
      {
        workspaceId,
        userId: assignment.ownerId,
        kind: 'assignment',
        title: words.notice(created.title as string).slice(0, 500),
        recordType: 'lead',
        recordId: created.id as string,
        data: { formId: form.id, submissionId: submission.id, taskId: task?.id ?? null, dueAt: task?.dueAt ?? null },
      },
    ]);
    return { ...result, submissionId: submission.id, leadId: created.id as string };
  });
}
