// Documents generated from a deal or an order: numbered per kind and year without gaps (the counter row
// is locked and incremented in the document's own transaction, so a failed render gives its number back),
// regenerated as a new version under the same number, stored as a file of the record, audited, on the
// record's timeline, and visible exactly where the record is.
import { sql, type SQL } from 'drizzle-orm';
import { generateDocumentSchema, type DocumentFormat, type DocumentKind } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordAudit } from '../../core/audit.js';
import { recordDomainEvent } from '../../core/domain-events.js';
import { isUuid } from '../../core/records/record-service.js';
import { readStoredFile, storeFile, type StoredFile } from '../files/files.service.js';
import { loadDocumentData, loadRecordForDocument, recordObjects, requireRecordWritable, type RecordType } from './document-data.js';
import { contentTypes, documentFileName, renderDocument } from './document-render.js';
import { findTemplateForGeneration } from './document-templates.service.js';

export interface DocumentView {
  id: string;
  kind: DocumentKind;
  number: string;
  version: number;
  documentDate: string;
  recordType: RecordType;
  recordId: string;
  format: DocumentFormat;
  fileId: string;
  fileName: string;
  size: number;
  subtotal: string;
  vat: string;
  total: string;
  currency: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

/** Today in Moscow (Russian documents are dated in local time; a 01:00 MSK invoice is not yesterday's). */
export function documentDateToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** documents d joined to its file f, limited to records the actor may read. */
function visibleDocuments(actor: Actor): SQL {
  return sql`d.workspace_id = ${actor.workspaceId}::uuid and (
    (d.record_type = 'deal' and exists (select 1 from deals r where r.id = d.record_id and ${accessCondition(actor, 'deals', 'read', 'r')}))
    or (d.record_type = 'order' and exists (select 1 from orders r where r.id = d.record_id and ${accessCondition(actor, 'orders', 'read', 'r')})))`;
}

const documentColumns = sql`d.id::text as id, d.kind, d.number, d.version, d.document_date::text as "documentDate", d.record_type as "recordType", d.record_id::text as "recordId",
  case when d.pdf_file_id is not null then 'pdf' else 'docx' end as format, coalesce(d.pdf_file_id, d.docx_file_id)::text as "fileId", f.name as "fileName", f.size,
  d.subtotal::text as subtotal, d.vat::text as vat, d.total::text as total, d.currency, d.created_by::text as "createdBy", u.name as "createdByName", d.created_at as "createdAt"`;

const documentFrom = sql`documents d join stored_files f on f.id = coalesce(d.pdf_file_id, d.docx_file_id) left join users u on u.id = d.created_by`;

function view(row: Record<string, unknown>): DocumentView {
  return { ...(row as unknown as DocumentView), version: Number(row.version), size: Number(row.size) };
}

export async function generateDocument(ctx: Ctx, body: unknown): Promise<DocumentView> {
  const input = parseBody(generateDocumentSchema, body);
  const { actor } = ctx;
  // 404 for a record the actor cannot see, 403 for one they see but may not change.
  await loadRecordForDocument(ctx.db, actor, input.recordType, input.recordId);
  await requireRecordWritable(ctx.db, actor, input.recordType, input.recordId);
  const template = await findTemplateForGeneration(ctx, input.kind, input.format, input.templateId);
  const object = recordObjects[input.recordType];
  const date = documentDateToday();
  const year = Number(date.slice(0, 4));

  const id = await ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    // One generation at a time per record, so two clicks make versions 1 and 2 rather than two numbers.
    await tx.execute(sql`select 1 from ${sql.raw(object)} where id = ${input.recordId}::uuid for update`);
    const previous = await firstRow<{ number: string; sequenceYear: number; sequenceNumber: number; version: number }>(
      tx,
      sql`select number, sequence_year as "sequenceYear", sequence_number as "sequenceNumber", version from documents
        where workspace_id = ${actor.workspaceId}::uuid and record_id = ${input.recordId}::uuid and record_type = ${input.recordType} and kind = ${input.kind}
        order by version desc limit 1`,
    );
    let sequenceYear = year;
    let sequenceNumber: number;
    let version = 1;
    if (previous) {
      sequenceYear = Number(previous.sequenceYear);
      sequenceNumber = Number(previous.sequenceNumber);
      version = Number(previous.version) + 1;
    } else {
      // The counter row is locked by this upsert until the transaction ends: numbers are gap-free and unique.
      const counter = await firstRow<{ lastNumber: number }>(
        tx,
        sql`insert into document_sequences (workspace_id, kind, year, last_number) values (${actor.workspaceId}::uuid, ${input.kind}, ${year}, 1)
          on conflict (workspace_id, kind, year) do update set last_number = document_sequences.last_number + 1
          returning last_number as "lastNumber"`,
      );
      sequenceNumber = Number(counter!.lastNumber);
    }
    const number = previous?.number ?? String(sequenceNumber);
    const data = await loadDocumentData(tx, actor, { kind: input.kind, language: input.language, recordType: input.recordType, recordId: input.recordId, number, date });
    const content = await renderDocument(data, input.format, template?.content ?? null);
    const file = await storeFile(tx, {
      workspaceId: actor.workspaceId,
      name: documentFileName(data, input.format, version),
      contentType: contentTypes[input.format],
      content,
      recordType: object,
      recordId: input.recordId,
      createdBy: actor.userId,
    });
    const row = await firstRow<{ id: string }>(
      tx,
      sql`insert into documents (workspace_id, kind, number, sequence_year, sequence_number, version, document_date, record_type, record_id, pdf_file_id, docx_file_id, subtotal, vat, total, currency, created_by)
        values (${actor.workspaceId}::uuid, ${input.kind}, ${number}, ${sequenceYear}, ${sequenceNumber}, ${version}, ${date}::date, ${input.recordType}, ${input.recordId}::uuid,
          ${input.format === 'pdf' ? file.id : null}::uuid, ${input.format === 'docx' ? file.id : null}::uuid, ${data.subtotal}::numeric, ${data.vat}::numeric, ${data.total}::numeric, ${data.currency}, ${actor.userId}::uuid)
        returning id::text as id`,
    );
    const meta = { document: { id: row!.id, kind: input.kind, number, version, format: input.format, fileId: file.id, fileName: file.name, total: data.total, currency: data.currency, template: template ? 'custom' : 'default' } };
    await recordAudit(tx, actor, [{ recordType: object, recordId: input.recordId, action: 'update', meta }]);
    await recordDomainEvent(tx, { workspaceId: actor.workspaceId, type: 'document.generated', object, recordId: input.recordId, actorId: actor.userId, data: { documentId: row!.id, kind: input.kind, version, format: input.format } });
    return row!.id;
  });
  return getDocument(ctx, id);
}

export async function getDocument(ctx: Ctx, id: string): Promise<DocumentView> {
  if (!isUuid(id)) throw notFound('document', id);
  const row = await firstRow(ctx.db, sql`select ${documentColumns} from ${documentFrom} where d.id = ${id}::uuid and ${visibleDocuments(ctx.actor)}`);
  if (!row) throw notFound('document', id);
  return view(row);
}

/** A record's documents, newest first (404 when the record is not the actor's to see). */
export async function listDocuments(ctx: Ctx, query: Record<string, unknown>): Promise<{ data: DocumentView[] }> {
  const recordType = String(query.recordType ?? '');
  const recordId = String(query.recordId ?? '');
  if (recordType !== 'deal' && recordType !== 'order') throw invalid('recordType', 'must be deal or order');
  if (!isUuid(recordId)) throw invalid('recordId', 'is not a valid id');
  await loadRecordForDocument(ctx.db, ctx.actor, recordType, recordId);
  const data = await rows(
    ctx.db,
    sql`select ${documentColumns} from ${documentFrom} where d.workspace_id = ${ctx.actor.workspaceId}::uuid and d.record_id = ${recordId}::uuid and d.record_type = ${recordType}
      and ${visibleDocuments(ctx.actor)} order by d.created_at desc, d.id desc limit 500`,
  );
  return { data: data.map(view) };
}

/** The document's file, through the record's rights (404 otherwise). */
export async function readDocumentFile(ctx: Ctx, id: string): Promise<StoredFile> {
  const document = await getDocument(ctx, id);
  return readStoredFile(ctx.db, ctx.actor, document.fileId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound('document', id);
    throw error;
  });
}
