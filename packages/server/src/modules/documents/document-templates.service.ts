// Admins' DOCX templates, one per kind (document_templates, keyed by workspace and kind): uploaded,
// checked (inspectDocxTemplate), downloaded, removed (back to the built-in default). Without an upload,
// the download is a starter template with every placeholder, to edit in Word or LibreOffice.
import { sql } from 'drizzle-orm';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { documentKinds, documentLinePlaceholders, documentPlaceholders, type DocumentFormat, type DocumentKind } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { permissionLevel } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { isUuid } from '../../core/records/record-service.js';
import { registerFileAccessRule, storeFile } from '../files/files.service.js';
import { inspectDocxTemplate } from './docx-templates.js';
import { contentTypes } from './document-render.js';
import { documentTitle } from './document-data.js';

const TEMPLATE_FILE = 'document_template';
/** Templates are the workspace's: everyone in it may read one (the workspace condition is the files module's). */
registerFileAccessRule(TEMPLATE_FILE, () => sql`true`);

export const MAX_TEMPLATE_BYTES = 10 * 1024 * 1024;

export interface TemplateView {
  kind: DocumentKind;
  custom: boolean;
  fileId: string | null;
  fileName: string | null;
  size: number | null;
  placeholders: string[];
  uploadedBy: string | null;
  uploadedAt: string | null;
}

export function requireSettingsAdmin(ctx: Ctx, what: string): void {
  if (permissionLevel(ctx.actor, 'settings', 'update') !== 'all') throw new AppError('FORBIDDEN', { message: `Only administrators change ${what}`, details: { object: 'settings', action: 'update' } });
}

export function parseKind(kind: string): DocumentKind {
  if (!(documentKinds as readonly string[]).includes(kind)) throw invalid('kind', `must be one of ${documentKinds.join(', ')}`);
  return kind as DocumentKind;
}

export async function listDocumentTemplates(ctx: Ctx): Promise<{ data: TemplateView[]; placeholders: string[]; linePlaceholders: string[] }> {
  const uploaded = await rows<{ kind: string; fileId: string; fileName: string; size: number; placeholders: string[]; uploadedBy: string | null; uploadedAt: string }>(
    ctx.db,
    sql`select t.kind, t.file_id::text as "fileId", f.name as "fileName", f.size, t.placeholders, t.uploaded_by::text as "uploadedBy", t.uploaded_at as "uploadedAt"
      from document_templates t join stored_files f on f.id = t.file_id where t.workspace_id = ${ctx.actor.workspaceId}::uuid`,
  );
  const byKind = new Map(uploaded.map((row) => [row.kind, row]));
  return {
    data: documentKinds.map((kind) => {
      const row = byKind.get(kind);
      return row
        ? { kind, custom: true, fileId: row.fileId, fileName: row.fileName, size: Number(row.size), placeholders: row.placeholders, uploadedBy: row.uploadedBy, uploadedAt: row.uploadedAt }
        : { kind, custom: false, fileId: null, fileName: null, size: null, placeholders: [], uploadedBy: null, uploadedAt: null };
    }),
    placeholders: [...documentPlaceholders],
    linePlaceholders: [...documentLinePlaceholders],
  };
}

/** Replaces the kind's template with an uploaded DOCX, after checking it opens and uses only known placeholders. */
export async function uploadDocumentTemplate(ctx: Ctx, kindText: string, upload: { name: string; content: Buffer }): Promise<TemplateView> {
  requireSettingsAdmin(ctx, 'document templates');
  const kind = parseKind(kindText);
  if (upload.content.length === 0) throw invalid('file', 'is empty');
  if (upload.content.length > MAX_TEMPLATE_BYTES) throw invalid('file', `is larger than ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB`);
  const placeholders = inspectDocxTemplate(upload.content);
  await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const previous = await firstRow<{ fileId: string }>(tx, sql`select file_id::text as "fileId" from document_templates where workspace_id = ${ctx.actor.workspaceId}::uuid and kind = ${kind} for update`);
    const file = await storeFile(tx, { workspaceId: ctx.actor.workspaceId, name: upload.name.toLowerCase().endsWith('.docx') ? upload.name : `${upload.name}.docx`, contentType: contentTypes.docx, content: upload.content, recordType: TEMPLATE_FILE, recordId: null, createdBy: ctx.actor.userId });
    await tx.execute(sql`insert into document_templates (workspace_id, kind, file_id, placeholders, uploaded_by, uploaded_at)
      values (${ctx.actor.workspaceId}::uuid, ${kind}, ${file.id}::uuid, ${`{${placeholders.map((name) => `"${name}"`).join(',')}}`}::text[], ${ctx.actor.userId}::uuid, now())
      on conflict (workspace_id, kind) do update set file_id = excluded.file_id, placeholders = excluded.placeholders, uploaded_by = excluded.uploaded_by, uploaded_at = now()`);
    if (previous) await tx.execute(sql`delete from stored_files where id = ${previous.fileId}::uuid and record_type = ${TEMPLATE_FILE}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'document_template', recordId: file.id, action: previous ? 'update' : 'create', meta: { kind, fileName: file.name, placeholders } }]);
  });
  return (await listDocumentTemplates(ctx)).data.find((template) => template.kind === kind)!;
}

export async function deleteDocumentTemplate(ctx: Ctx, kindText: string): Promise<{ ok: true }> {
  requireSettingsAdmin(ctx, 'document templates');
  const kind = parseKind(kindText);
  await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const row = await firstRow<{ fileId: string }>(tx, sql`delete from document_templates where workspace_id = ${ctx.actor.workspaceId}::uuid and kind = ${kind} returning file_id::text as "fileId"`);
    if (!row) throw new AppError('NOT_FOUND', { message: `No uploaded ${kind} template: the built-in default is in use`, details: { object: 'document_template', id: kind } });
    await tx.execute(sql`delete from stored_files where id = ${row.fileId}::uuid and record_type = ${TEMPLATE_FILE}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'document_template', recordId: row.fileId, action: 'delete', meta: { kind } }]);
  });
  return { ok: true };
}

/** The uploaded template's bytes, or a starter template of the kind (every placeholder, a lines table). */
export async function downloadDocumentTemplate(ctx: Ctx, kindText: string): Promise<{ name: string; content: Buffer }> {
  const kind = parseKind(kindText);
  const row = await firstRow<{ name: string; content: Buffer | Uint8Array }>(
    ctx.db,
    sql`select f.name, f.content from document_templates t join stored_files f on f.id = t.file_id where t.workspace_id = ${ctx.actor.workspaceId}::uuid and t.kind = ${kind}`,
  );
  if (row) return { name: row.name, content: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content) };
  return { name: `${kind}-template.docx`, content: await starterTemplate(kind) };
}

/** The template a generation uses: 'default' or none for a PDF → the built-in; an uploaded one for a DOCX. */
export async function findTemplateForGeneration(ctx: Ctx, kind: DocumentKind, format: DocumentFormat, templateId: string | null | undefined): Promise<{ fileId: string; content: Buffer } | null> {
  if (templateId === 'default') return null;
  if (templateId !== undefined && templateId !== null && !isUuid(templateId)) throw invalid('templateId', "must be an uploaded template's id or 'default'");
  if (format === 'pdf') {
    if (templateId) throw invalid('format', 'an uploaded DOCX template makes DOCX documents; choose docx, or the default template for a PDF');
    return null;
  }
  const row = await firstRow<{ fileId: string; content: Buffer | Uint8Array }>(
    ctx.db,
    sql`select t.file_id::text as "fileId", f.content from document_templates t join stored_files f on f.id = t.file_id
      where t.workspace_id = ${ctx.actor.workspaceId}::uuid and t.kind = ${kind} ${templateId ? sql`and t.file_id = ${templateId}::uuid` : sql``}`,
  );
  if (!row && templateId) throw invalid('templateId', `is not the uploaded ${kind} template`);
  if (!row) return null;
  return { fileId: row.fileId, content: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content) };
}

/** A plain DOCX with each placeholder once and the lines as a repeating table row. */
export async function starterTemplate(kind: DocumentKind): Promise<Buffer> {
  const text = (value: string, bold = false) => new Paragraph({ children: [new TextRun({ text: value, bold, font: 'DejaVu Sans', size: 18 })] });
  const cell = (value: string, bold = false) => new TableCell({ children: [text(value, bold)] });
  const header = ['№', 'Наименование', 'Кол-во', 'Ед.', 'Цена', 'Сумма'];
  const line = ['{#lines}{index}', '{name}', '{quantity}', '{unit}', '{price}', '{amount}{/lines}'];
  const document = new Document({
    title: documentTitle(kind, 'ru'),
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: '{title} № {number} от {dateText}', bold: true, size: 28, font: 'DejaVu Sans' })] }),
          text('Поставщик: {supplier.name}, ИНН {supplier.inn}, КПП {supplier.kpp}, ОГРН {supplier.ogrn}, {supplier.address}, тел. {supplier.phone}'),
          text('Банк: {supplier.bankName}, БИК {supplier.bik}, р/с {supplier.account}, к/с {supplier.corrAccount}'),
          text('Покупатель: {buyer.name}, ИНН {buyer.inn}, КПП {buyer.kpp}, ОГРН {buyer.ogrn}, {buyer.address}, тел. {buyer.phone}'),
          text('Банк покупателя: {buyer.bankName}, БИК {buyer.bik}, р/с {buyer.account}, к/с {buyer.corrAccount}'),
          text('Контактное лицо: {contact.name}, {contact.position}, {contact.email}, {contact.phone}'),
          text('Основание: {basis}. Дата: {date}. Валюта: {currency}. Язык: {language}'),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ children: header.map((value) => cell(value, true)) }), new TableRow({ children: line.map((value) => cell(value)) })] }),
          text('Итого: {subtotal}'),
          text('{vatLabel} ({vatRate} %): {vat}'),
          text('Всего: {total} — {totalInWords}', true),
          text('Всего наименований {linesCount}'),
          text('Руководитель ____________ / {supplier.director} /     Бухгалтер ____________ / {supplier.accountant} /'),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(document));
}
