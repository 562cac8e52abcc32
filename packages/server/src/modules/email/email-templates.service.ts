// Email templates with placeholders ({{contact.firstName}}, {{deal.amount}}, {{company.name}}, {{user.fullName}}…),
// managed in Settings by administrators and used by everyone. Money and dates are written the way the
// template's language writes them: 42 000,00 ₽ and 6 декабря 2026 г. in Russian, RUB 42,000.00 and December 6, 2026 in English.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { parseBody } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { escapeHtml, sanitizeEmailHtml } from './email-html.js';
import { isSettingsAdmin } from './mailboxes.service.js';
import { loadRecordContext, type RecordContext } from './email-records.js';

export const placeholders = [
  'contact.firstName', 'contact.lastName', 'contact.middleName', 'contact.fullName', 'contact.position',
  'company.name', 'company.inn', 'company.city',
  'deal.title', 'deal.amount', 'deal.expectedCloseDate',
  'lead.title', 'lead.amount',
  'order.number', 'order.total', 'order.orderedAt',
  'user.fullName', 'user.email',
  'today',
] as const;
const known = new Set<string>(placeholders);
const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;

function checkPlaceholders(field: string, text: string): void {
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!known.has(match[1])) throw invalid(field, `{{${match[1]}}} is not a known placeholder; use ${placeholders.map((name) => `{{${name}}}`).join(', ')}`);
  }
}

export const templateInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  language: z.enum(['ru', 'en']).optional(),
  subject: z.string().max(500).optional(),
  bodyHtml: z.string().max(200_000).optional(),
});

const columns = sql`id, name, language, subject, body_html as "bodyHtml", created_at as "createdAt", updated_at as "updatedAt"`;

function requireAdmin(ctx: Ctx): void {
  if (!isSettingsAdmin(ctx.actor)) throw new AppError('FORBIDDEN', { message: 'Only administrators manage email templates', details: { object: 'settings', action: 'update' } });
}

export async function listTemplates(ctx: Ctx) {
  return { data: await rows(ctx.db, sql`select ${columns} from email_templates where workspace_id = ${ctx.actor.workspaceId} and deleted_at is null order by name`) };
}

async function findTemplate(db: Db, workspaceId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return firstRow<{ id: string; name: string; language: 'ru' | 'en'; subject: string; bodyHtml: string }>(db, sql`select ${columns} from email_templates where workspace_id = ${workspaceId} and id = ${id}::uuid and deleted_at is null`);
}

export async function getTemplate(ctx: Ctx, id: string) {
  const found = await findTemplate(ctx.db, ctx.actor.workspaceId, id);
  if (!found) throw notFound('email template', id);
  return found;
}

export async function createTemplate(ctx: Ctx, body: unknown) {
  requireAdmin(ctx);
  const input = parseBody(templateInputSchema, body);
  checkPlaceholders('subject', input.subject ?? '');
  checkPlaceholders('bodyHtml', input.bodyHtml ?? '');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await rows<{ id: string }>(
      tx,
      sql`insert into email_templates (workspace_id, name, language, subject, body_html, created_by)
          values (${ctx.actor.workspaceId}, ${input.name}, ${input.language ?? 'ru'}, ${input.subject ?? ''}, ${sanitizeEmailHtml(input.bodyHtml ?? '')}, ${ctx.actor.userId}) returning id`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'email_template', recordId: row.id, action: 'create', meta: { name: input.name } }]);
    return (await findTemplate(tx, ctx.actor.workspaceId, row.id))!;
  });
}

export async function updateTemplate(ctx: Ctx, id: string, body: unknown) {
  requireAdmin(ctx);
  const existing = await getTemplate(ctx, id);
  const input = parseBody(templateInputSchema.partial(), body);
  if (input.subject !== undefined) checkPlaceholders('subject', input.subject);
  if (input.bodyHtml !== undefined) checkPlaceholders('bodyHtml', input.bodyHtml);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update email_templates set name = ${input.name ?? existing.name}, language = ${input.language ?? existing.language},
      subject = ${input.subject ?? existing.subject}, body_html = ${input.bodyHtml !== undefined ? sanitizeEmailHtml(input.bodyHtml) : existing.bodyHtml}, updated_at = now()
      where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'email_template', recordId: id, action: 'update', meta: { fields: Object.keys(input) } }]);
    return (await findTemplate(tx, ctx.actor.workspaceId, id))!;
  });
}

export async function deleteTemplate(ctx: Ctx, id: string) {
  requireAdmin(ctx);
  await getTemplate(ctx, id);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`update email_templates set deleted_at = now(), updated_at = now() where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'email_template', recordId: id, action: 'delete' }]);
  });
  return { ok: true };
}

function formatMoney(amount: unknown, currency: unknown, language: 'ru' | 'en'): string {
  if (amount === null || amount === undefined || amount === '') return '';
  return new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-US', { style: 'currency', currency: String(currency || 'RUB') }).format(Number(amount));
}

export function formatDate(value: unknown, language: 'ru' | 'en'): string {
  if (!value) return '';
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? `${value}T12:00:00Z` : String(value));
  return new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-US', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Moscow' }).format(date);
}

/** The value of every placeholder for a record, already formatted for the language. */
export function placeholderValues(context: RecordContext, user: { name: string; email: string }, language: 'ru' | 'en'): Record<string, string> {
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const { contact, company, deal, lead, order } = context;
  return {
    'contact.firstName': text(contact?.firstName),
    'contact.lastName': text(contact?.lastName),
    'contact.middleName': text(contact?.middleName),
    'contact.fullName': text(contact?.fullName),
    'contact.position': text(contact?.position),
    'company.name': text(company?.name),
    'company.inn': text(company?.inn),
    'company.city': text(company?.city),
    'deal.title': text(deal?.title),
    'deal.amount': deal ? formatMoney(deal.amount, deal.currency, language) : '',
    'deal.expectedCloseDate': formatDate(deal?.expectedCloseDate, language),
    'lead.title': text(lead?.title),
    'lead.amount': lead ? formatMoney(lead.amount, lead.currency, language) : '',
    'order.number': text(order?.number),
    'order.total': order ? formatMoney(order.total, order.currency, language) : '',
    'order.orderedAt': formatDate(order?.orderedAt, language),
    'user.fullName': user.name,
    'user.email': user.email,
    today: formatDate(new Date().toISOString(), language),
  };
}

export function fillPlaceholders(template: string, values: Record<string, string>, html: boolean): string {
  return template.replace(PLACEHOLDER, (match, name: string) => (name in values ? (html ? escapeHtml(values[name]) : values[name]) : match));
}

/** A template filled in for a record: what the compose dialog shows before the user edits it. */
export async function renderTemplate(ctx: Ctx, id: string, body: unknown) {
  const input = parseBody(z.strictObject({ object: z.string(), recordId: z.string() }), body);
  const template = await getTemplate(ctx, id);
  const context = await loadRecordContext(ctx, input.object, input.recordId);
  const user = (await firstRow<{ name: string; email: string }>(ctx.db, sql`select name, email from users where id = ${ctx.actor.userId}`))!;
  const values = placeholderValues(context, user, template.language);
  return { templateId: id, language: template.language, subject: fillPlaceholders(template.subject, values, false), html: fillPlaceholders(template.bodyHtml, values, true) };
}
