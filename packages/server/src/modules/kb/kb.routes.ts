// The knowledge base over HTTP (signed in): articles, search and suggestions, versions, attachments,
// feedback and views, the usefulness report, experts, categories and the portal's settings.
import type { FastifyInstance, FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses, errorSchema } from '../../http/openapi.js';
import { AppError } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { kbSuggestSchema } from '@svyaz/shared';
import { createArticle, deleteArticle, getArticle, getVersion, listArticles, listVersions, restoreArticle, restoreVersion, setArticleStatus, updateArticle } from './kb-articles.service.js';
import { suggestArticles } from './kb-search.js';
import { caseMarks, findExperts, recordFeedback, usefulnessReport, viewArticle } from './kb-usefulness.service.js';
import { createCategory, deleteCategory, listCategories, updateCategory } from './kb-categories.service.js';
import { getPortalSettings, updatePortalSettings } from './kb-portal.service.js';
import { attachFile, MAX_ATTACHMENT_BYTES, readAttachment, removeAttachment } from './kb-attachments.service.js';
import * as schemas from './kb.schemas.js';
import { binaryResponse } from '../documents/documents.schemas.js';

const tags = ['knowledge base'];
type WithId = { Params: { id: string } };
type WithVersion = { Params: { id: string; version: string } };
type WithFile = { Params: { id: string; fileId: string } };

export function sendFile(reply: FastifyReply, file: { name: string; content: Buffer; contentType: string }, cache = 'private, no-store') {
  reply.header('content-type', file.contentType);
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', cache);
  return reply.send(file.content);
}

export function registerKbRoutes(app: FastifyInstance): void {
  const base = '/api/v1/kb';
  app.get(`${base}/articles`, { schema: { tags, response: responses(200, schemas.articleListSchema), summary: 'Articles you may read: ?q= searches with Russian and English morphology and near spellings of titles (best first); ?category=&status=&visibility=&language=&tag=&limit=&cursor=' } }, async (request) =>
    listArticles(ctxOf(request), request.query as Record<string, unknown>),
  );
  app.post(`${base}/articles`, { schema: { tags, response: responses(201, schemas.articleSchema), summary: 'Write an article (knowledge_base create): the body is sanitised HTML; a draft unless status says otherwise' } }, async (request, reply) => {
    reply.status(201);
    return createArticle(ctxOf(request), request.body);
  });
  app.get<WithId>(`${base}/articles/:id`, { schema: { tags, response: responses(200, schemas.articleDetailSchema), summary: 'One article with views, resolutions, rating and attachments (drafts only for writers)' } }, async (request) => getArticle(ctxOf(request), request.params.id));
  app.patch<WithId>(`${base}/articles/:id`, { schema: { tags, response: responses(200, schemas.articleSchema), summary: 'Save an article: the replaced state is kept as a version; expectedVersion refuses a save over a newer one (409)' } }, async (request) =>
    updateArticle(ctxOf(request), request.params.id, request.body),
  );
  app.delete<WithId>(`${base}/articles/:id`, { schema: { tags, response: responses(200, okSchema), summary: 'Delete an article (restorable)' } }, async (request) => deleteArticle(ctxOf(request), request.params.id));
  app.post<WithId>(`${base}/articles/:id/restore`, { schema: { tags, response: responses(200, schemas.articleSchema), summary: 'Restore a deleted article' } }, async (request) => restoreArticle(ctxOf(request), request.params.id));
  for (const [action, status] of [['publish', 'published'], ['unpublish', 'draft'], ['archive', 'archived']] as const) {
    app.post<WithId>(`${base}/articles/:id/${action}`, { schema: { tags, response: responses(200, schemas.articleSchema), summary: `Set the article's status to ${status}` } }, async (request) => setArticleStatus(ctxOf(request), request.params.id, status));
  }
  app.get<WithId>(`${base}/articles/:id/versions`, { schema: { tags, response: responses(200, schemas.versionListSchema), summary: 'Earlier versions, newest first (writers)' } }, async (request) => listVersions(ctxOf(request), request.params.id));
  app.get<WithVersion>(`${base}/articles/:id/versions/:version`, { schema: { tags, response: responses(200, schemas.versionSchema), summary: 'One earlier version with its body' } }, async (request) => getVersion(ctxOf(request), request.params.id, Number(request.params.version)));
  app.post<WithVersion>(`${base}/articles/:id/versions/:version/restore`, { schema: { tags, response: responses(200, schemas.articleSchema), summary: "Make an earlier version's content current (the replaced state is kept too)" } }, async (request) =>
    restoreVersion(ctxOf(request), request.params.id, Number(request.params.version)),
  );
  app.post<WithId>(`${base}/articles/:id/feedback`, { schema: { tags, response: responses(200, schemas.feedbackResultSchema), summary: 'An agent marks the article: { kind: resolved, caseId } (it resolved that case) or { kind: not_helpful }' } }, async (request) =>
    recordFeedback(ctxOf(request), request.params.id, request.body),
  );
  app.get<{ Params: { caseId: string } }>(`${base}/cases/:caseId/feedback`, { schema: { tags, response: responses(200, schemas.caseMarkListSchema), summary: "The marks stored on a case: which articles resolved it or did not help (the case must be readable)" } }, async (request) =>
    caseMarks(ctxOf(request), request.params.caseId),
  );
  app.post<WithId>(`${base}/articles/:id/views`, { schema: { tags, response: responses(200, okSchema), summary: 'Count a view of a published article (the reader calls this when it opens)' } }, async (request) => viewArticle(ctxOf(request), request.params.id));
  app.post(`${base}/suggest`, { schema: { tags, response: responses(200, schemas.suggestionListSchema), summary: "Articles for a case's text (subject + description), best first, with highlighted snippets: { text, language?, limit? }" } }, async (request) => {
    const input = parseBody(kbSuggestSchema, request.body);
    return suggestArticles(ctxOf(request), input);
  });
  app.get(`${base}/report`, { schema: { tags, response: responses(200, schemas.reportSchema), summary: 'Articles that resolve most and those that fail (?days=90)' } }, async (request) => usefulnessReport(ctxOf(request), request.query as Record<string, unknown>));
  app.get(`${base}/experts`, { schema: { tags, response: responses(200, schemas.expertListSchema), summary: 'Who knows a category (?category=): authors of its articles and those whose resolutions used them' } }, async (request) => findExperts(ctxOf(request), request.query as Record<string, unknown>));

  app.get(`${base}/categories`, { schema: { tags, response: responses(200, schemas.categoryListSchema), summary: 'The category tree (flat, with parentId) and how many articles you may read in each' } }, async (request) => listCategories(ctxOf(request)));
  app.post(`${base}/categories`, { schema: { tags, response: responses(201, schemas.categorySchema), summary: 'Add a category (administrators)' } }, async (request, reply) => {
    reply.status(201);
    return createCategory(ctxOf(request), request.body);
  });
  app.put<WithId>(`${base}/categories/:id`, { schema: { tags, response: responses(200, schemas.categorySchema), summary: 'Rename or move a category (never under itself)' } }, async (request) => updateCategory(ctxOf(request), request.params.id, request.body));
  app.delete<WithId>(`${base}/categories/:id`, { schema: { tags, response: responses(200, okSchema), summary: 'Delete an empty category (409 while it holds articles or sub-categories)' } }, async (request) => deleteCategory(ctxOf(request), request.params.id));

  app.get(`${base}/portal`, { schema: { tags, response: responses(200, schemas.portalSchema), summary: "The public portal's address (/portal/:slug) and whether it is on" } }, async (request) => getPortalSettings(ctxOf(request)));
  app.put(`${base}/portal`, { schema: { tags, response: responses(200, schemas.portalSchema), summary: 'Set the portal address and turn it on or off (administrators)' } }, async (request) => updatePortalSettings(ctxOf(request), request.body));

  app.get<WithFile>(
    `${base}/articles/:id/attachments/:fileId`,
    { schema: { tags, response: { 200: binaryResponse('application/octet-stream', 'The file'), 400: errorSchema, 401: errorSchema, 404: errorSchema }, summary: 'Download an attachment' } },
    async (request, reply) => sendFile(reply, await readAttachment(ctxOf(request), request.params.id, request.params.fileId)),
  );
  app.delete<WithFile>(`${base}/articles/:id/attachments/:fileId`, { schema: { tags, response: responses(200, okSchema), summary: 'Remove an attachment' } }, async (request) => removeAttachment(ctxOf(request), request.params.id, request.params.fileId));
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } });
    scope.post<WithId>(`${base}/articles/:id/attachments`, { schema: { tags, response: responses(201, schemas.fileInfoSchema), summary: 'Attach a file (multipart field "file", up to 10 MB)' } }, async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('VALIDATION_FAILED', { message: 'Send the file as multipart field "file"', details: [{ field: 'file', problem: 'is required' }] });
      const file = await request.file();
      if (!file) throw new AppError('VALIDATION_FAILED', { message: 'Send the file as multipart field "file"', details: [{ field: 'file', problem: 'is required' }] });
      const content = await file.toBuffer().catch((error: unknown) => {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('VALIDATION_FAILED', { message: 'file: too large', details: [{ field: 'file', problem: `is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` }] });
        throw error;
      });
      reply.status(201);
      return attachFile(ctxOf(request), request.params.id, { name: file.filename || 'file', contentType: file.mimetype, content });
    });
  });
}
