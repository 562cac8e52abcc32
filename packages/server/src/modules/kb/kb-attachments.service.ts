// Article attachments are stored files (modules/files) of record type kb_article: readable wherever the
// article is, attached and removed by knowledge base writers, audited on the article.
import { sql } from 'drizzle-orm';
import { firstRow, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { recordAudit } from '../../core/audit.js';
import { isUuid } from '../../core/records/record-service.js';
import { readStoredFile, registerFileAccessRule, storeFile, type StoredFile, type StoredFileInfo } from '../files/files.service.js';
import { articleReadCondition, mayWriteKb, publicArticleCondition, requireKb } from './kb-access.js';
import { RECORD_TYPE } from './kb-articles.service.js';

registerFileAccessRule(RECORD_TYPE, (actor) => sql`exists (select 1 from kb_articles a where a.id = f.record_id and ${articleReadCondition(actor, 'a')})`);

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

async function requireWritableArticle(ctx: Ctx, articleId: string): Promise<void> {
  requireKb(ctx.actor, 'update');
  if (!isUuid(articleId) || !mayWriteKb(ctx.actor)) throw notFound('article', articleId);
  const found = await firstRow(ctx.db, sql`select 1 as ok from kb_articles a where a.id = ${articleId}::uuid and a.workspace_id = ${ctx.actor.workspaceId}::uuid and a.deleted_at is null`);
  if (!found) throw notFound('article', articleId);
}

export async function attachFile(ctx: Ctx, articleId: string, file: { name: string; contentType: string; content: Buffer }): Promise<StoredFileInfo> {
  await requireWritableArticle(ctx, articleId);
  if (file.content.length === 0) throw invalid('file', 'is empty');
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const stored = await storeFile(tx, { workspaceId: ctx.actor.workspaceId, name: file.name, contentType: file.contentType, content: file.content, recordType: RECORD_TYPE, recordId: articleId, createdBy: ctx.actor.userId });
    await recordAudit(tx, ctx.actor, [{ recordType: RECORD_TYPE, recordId: articleId, action: 'update', meta: { fileAttached: { id: stored.id, name: stored.name, size: stored.size } } }]);
    return stored;
  });
}

export async function removeAttachment(ctx: Ctx, articleId: string, fileId: string): Promise<{ ok: true }> {
  await requireWritableArticle(ctx, articleId);
  if (!isUuid(fileId)) throw notFound('file', fileId);
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const removed = await firstRow<{ name: string }>(tx, sql`delete from stored_files where id = ${fileId}::uuid and record_type = ${RECORD_TYPE} and record_id = ${articleId}::uuid and workspace_id = ${ctx.actor.workspaceId}::uuid returning name`);
    if (!removed) throw notFound('file', fileId);
    await recordAudit(tx, ctx.actor, [{ recordType: RECORD_TYPE, recordId: articleId, action: 'update', meta: { fileRemoved: { id: fileId, name: removed.name } } }]);
    return { ok: true as const };
  });
}

export async function readAttachment(ctx: Ctx, articleId: string, fileId: string): Promise<StoredFile> {
  const file = await readStoredFile(ctx.db, ctx.actor, fileId);
  if (file.recordType !== RECORD_TYPE || file.recordId !== articleId) throw notFound('file', fileId);
  return file;
}

/** A file of a public article, for the portal. */
export async function readPublicAttachment(db: Db, workspaceId: string, articleId: string, fileId: string): Promise<{ name: string; contentType: string; content: Buffer }> {
  if (!isUuid(fileId)) throw notFound('file', fileId);
  const row = await firstRow<{ name: string; contentType: string; content: Buffer | Uint8Array }>(
    db,
    sql`select f.name, f.content_type as "contentType", f.content from stored_files f join kb_articles a on a.id = f.record_id
      where f.id = ${fileId}::uuid and f.record_type = ${RECORD_TYPE} and a.id = ${articleId}::uuid and ${publicArticleCondition(workspaceId, 'a')}`,
  );
  if (!row) throw notFound('file', fileId);
  return { name: row.name, contentType: row.contentType, content: Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content) };
}
