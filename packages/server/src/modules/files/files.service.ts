// Stored files: bytes kept in PostgreSQL (bytea) beside the record they belong to. A file is readable
// exactly where its record is (accessCondition of the record's object); a file of no record only by
// whoever stored it. Email attachments, call recordings and generated documents all live here.
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { firstRow, type Db } from '../../db/client.js';
import { accessCondition, ownedObjects, type OwnedObject } from '../../core/access.js';
import type { Actor, Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { isUuid } from '../../core/records/record-service.js';

export interface StoredFileInfo {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface StoredFile extends StoredFileInfo {
  recordType: string | null;
  recordId: string | null;
  createdBy: string | null;
  createdAt: string;
  content: Buffer;
}

export interface StoreFileInput {
  workspaceId: string;
  name: string;
  contentType: string;
  content: Buffer;
  recordType?: string | null;
  recordId?: string | null;
  createdBy?: string | null;
}

/** Uploads through the API are limited to this size (413 past it). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const singular: Record<string, OwnedObject> = {
  company: 'companies',
  contact: 'contacts',
  lead: 'leads',
  deal: 'deals',
  activity: 'activities',
  task: 'tasks',
  product: 'products',
  order: 'orders',
};

/** 'deal' and 'deals' both name the deals object; anything else is not an owned record. */
export function recordObjectOf(recordType: string | null | undefined): OwnedObject | null {
  if (!recordType) return null;
  if ((ownedObjects as readonly string[]).includes(recordType)) return recordType as OwnedObject;
  return singular[recordType] ?? null;
}

/**
 * Other kinds of owner (an email message, a call) register how an actor reaches them:
 * a condition on `stored_files f` that is true when the actor may read the file's owner.
 */
const extraRules = new Map<string, (actor: Actor) => SQL>();
export function registerFileAccessRule(recordType: string, condition: (actor: Actor) => SQL): void {
  extraRules.set(recordType, condition);
}

/** Condition on `stored_files f` selecting files the actor may read (or, with 'update', attach to). */
export function fileAccessCondition(actor: Actor, action: 'read' | 'update' = 'read'): SQL {
  const branches: SQL[] = [];
  for (const object of ownedObjects) {
    const types = Object.entries(singular).filter(([, value]) => value === object).map(([key]) => key).concat(object);
    branches.push(sql`(f.record_type in (${sql.join(types.map((type) => sql`${type}`), sql`, `)}) and exists (select 1 from ${sql.raw(object)} r where r.id = f.record_id and ${accessCondition(actor, object, action, 'r')}))`);
  }
  for (const [type, condition] of extraRules) branches.push(sql`(f.record_type = ${type} and ${condition(actor)})`);
  branches.push(sql`(f.record_type is null and f.created_by = ${actor.userId}::uuid)`);
  return sql`(f.workspace_id = ${actor.workspaceId}::uuid and (${sql.join(branches, sql` or `)}))`;
}

export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Cleans a file name for storage and for Content-Disposition: no path, no control characters. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return cleaned || 'file';
}

/** Stores bytes in the caller's transaction. The caller has already checked the actor's right to the record. */
export async function storeFile(tx: Db, input: StoreFileInput): Promise<StoredFileInfo> {
  const content = Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content);
  const name = safeFileName(input.name);
  const contentType = input.contentType?.trim() || 'application/octet-stream';
  const sha256 = sha256Of(content);
  const row = await firstRow<{ id: string }>(
    tx,
    sql`insert into stored_files (workspace_id, name, content_type, size, sha256, content, record_type, record_id, created_by)
      values (${input.workspaceId}::uuid, ${name}, ${contentType}, ${content.length}, ${sha256}, ${content}, ${input.recordType ?? null}, ${input.recordId ?? null}::uuid, ${input.createdBy ?? null}::uuid)
      returning id::text as id`,
  );
  return { id: row!.id, name, contentType, size: content.length, sha256 };
}

const fileColumns = sql`f.id::text as id, f.name, f.content_type as "contentType", f.size, f.sha256, f.record_type as "recordType", f.record_id::text as "recordId",
  f.created_by::text as "createdBy", f.created_at as "createdAt"`;

/** File metadata the actor may read; 404 otherwise (never telling a foreign file from a missing one). */
export async function getStoredFileInfo(db: Db, actor: Actor, id: string): Promise<Omit<StoredFile, 'content'>> {
  if (!isUuid(id)) throw notFound('file', id);
  const row = await firstRow<Omit<StoredFile, 'content'>>(db, sql`select ${fileColumns} from stored_files f where f.id = ${id}::uuid and ${fileAccessCondition(actor)}`);
  if (!row) throw notFound('file', id);
  return { ...row, size: Number(row.size) };
}

/** A file with its content, if the actor may read the record it is attached to; 404 otherwise. */
export async function readStoredFile(db: Db, actor: Actor, id: string): Promise<StoredFile> {
  if (!isUuid(id)) throw notFound('file', id);
  const row = await firstRow<StoredFile>(db, sql`select ${fileColumns}, f.content from stored_files f where f.id = ${id}::uuid and ${fileAccessCondition(actor)}`);
  if (!row) throw notFound('file', id);
  const content = row.content as unknown as Buffer | Uint8Array;
  return { ...row, size: Number(row.size), content: Buffer.isBuffer(content) ? content : Buffer.from(content) };
}

/** Files attached to a record the actor may read, newest first. */
export async function listRecordFiles(ctx: Ctx, recordType: string, recordId: string): Promise<{ data: Omit<StoredFile, 'content'>[] }> {
  const object = recordObjectOf(recordType);
  if (!object) throw invalid('recordType', `must be one of ${ownedObjects.join(', ')}`);
  if (!isUuid(recordId)) throw invalid('recordId', 'is not a valid id');
  const { rows } = await import('../../db/client.js');
  const data = await rows<Omit<StoredFile, 'content'>>(
    ctx.db,
    sql`select ${fileColumns} from stored_files f where f.workspace_id = ${ctx.actor.workspaceId}::uuid and f.record_id = ${recordId}::uuid and ${fileAccessCondition(ctx.actor)} order by f.created_at desc, f.id desc limit 500`,
  );
  return { data: data.map((row) => ({ ...row, size: Number(row.size) })) };
}

/** Checks that the actor may change the record (the right needed to attach a file to it); 404 otherwise. */
export async function requireUpdatableRecord(db: Db, actor: Actor, recordType: string, recordId: string): Promise<OwnedObject> {
  const object = recordObjectOf(recordType);
  if (!object) throw invalid('recordType', `must be one of ${ownedObjects.join(', ')}`);
  if (!isUuid(recordId)) throw invalid('recordId', 'is not a valid id');
  const row = await firstRow(db, sql`select 1 as ok from ${sql.raw(object)} r where r.id = ${recordId}::uuid and ${accessCondition(actor, object, 'update', 'r')}`);
  if (!row) throw new AppError('NOT_FOUND', { message: 'record not found', details: [{ field: 'recordId', problem: 'is not a record you may change' }] });
  return object;
}

/** An upload through the API: attached to a record the actor may change, audited on that record. */
export async function uploadFile(ctx: Ctx, input: { name: string; contentType: string; content: Buffer; recordType?: string; recordId?: string }): Promise<StoredFileInfo & { recordType: string | null; recordId: string | null }> {
  if (!input.recordType !== !input.recordId) throw invalid(input.recordType ? 'recordId' : 'recordType', 'is required with the other');
  if (input.content.length === 0) throw invalid('file', 'is empty');
  const object = input.recordType && input.recordId ? await requireUpdatableRecord(ctx.db, ctx.actor, input.recordType, input.recordId) : null;
  return ctx.db.transaction(async (tx) => {
    const stored = await storeFile(tx as unknown as Db, { workspaceId: ctx.actor.workspaceId, name: input.name, contentType: input.contentType, content: input.content, recordType: object, recordId: input.recordId ?? null, createdBy: ctx.actor.userId });
    if (object && input.recordId) {
      await recordAudit(tx as unknown as Db, ctx.actor, [{ recordType: object, recordId: input.recordId, action: 'update', meta: { fileAttached: { id: stored.id, name: stored.name, size: stored.size } } }]);
    }
    return { ...stored, recordType: object, recordId: input.recordId ?? null };
  });
}
