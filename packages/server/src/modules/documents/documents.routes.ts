// Documents over HTTP: generate from a deal or order, list a record's documents, read one, download its
// file; the supplier's details and VAT; admins' DOCX templates (multipart field "file", or a raw body).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { generateDocumentSchema, documentSettingsSchema } from '@svyaz/shared';
import { ctxOf } from '../../http/authenticate.js';
import { errorSchema, okSchema, responses } from '../../http/openapi.js';
import { AppError } from '../../core/errors.js';
import { generateDocument, getDocument, listDocuments, readDocumentFile } from './documents.service.js';
import { getDocumentSettings, updateDocumentSettings } from './document-settings.service.js';
import { deleteDocumentTemplate, downloadDocumentTemplate, listDocumentTemplates, MAX_TEMPLATE_BYTES, uploadDocumentTemplate } from './document-templates.service.js';
import { binaryResponse, documentListSchema, documentSchema, documentSettingsResponseSchema, templateListSchema, templateSchema } from './documents.schemas.js';
import { contentTypes } from './document-render.js';

const tags = ['documents'];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

function sendFile(reply: FastifyReply, file: { name: string; content: Buffer; contentType: string }, disposition: 'attachment' | 'inline' = 'attachment') {
  reply.header('content-type', file.contentType);
  reply.header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  reply.header('cache-control', 'private, no-store');
  return reply.send(file.content);
}

async function readTemplateUpload(request: FastifyRequest): Promise<{ name: string; content: Buffer }> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: MAX_TEMPLATE_BYTES, files: 1 } });
    if (!file) throw new AppError('VALIDATION_FAILED', { message: 'Attach the DOCX as the form field "file"', details: [{ field: 'file', problem: 'is required' }] });
    const content = await file.toBuffer().catch((error: unknown) => {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('VALIDATION_FAILED', { message: 'file: too large', details: [{ field: 'file', problem: `is larger than ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB` }] });
      throw error;
    });
    return { name: file.filename || 'template.docx', content };
  }
  const body = request.body;
  if (!Buffer.isBuffer(body)) throw new AppError('VALIDATION_FAILED', { message: 'Send the DOCX as multipart field "file" or as the raw body', details: [{ field: 'file', problem: 'is required' }] });
  return { name: String((request.query as Record<string, unknown>).fileName ?? 'template.docx'), content: body };
}

export function registerDocumentRoutes(app: FastifyInstance): void {
  app.post('/api/v1/documents', { schema: { tags, body: generateDocumentSchema, response: responses(201, documentSchema), summary: 'Generate a document (offer, invoice, contract, act) from a deal or order as PDF or DOCX: numbered per kind and year, a new version when regenerated, stored with the record and on its timeline' } }, async (request, reply) => {
    reply.status(201);
    return generateDocument(ctxOf(request), request.body);
  });
  app.get('/api/v1/documents', { schema: { tags, response: responses(200, documentListSchema), summary: "A record's documents, newest first: ?recordType=deal|order&recordId=…" } }, async (request) => listDocuments(ctxOf(request), request.query as Record<string, unknown>));
  app.get<{ Params: { id: string } }>('/api/v1/documents/:id', { schema: { tags, response: responses(200, documentSchema), summary: 'One document (404 unless you may read its record)' } }, async (request) => getDocument(ctxOf(request), request.params.id));
  app.get<{ Params: { id: string }; Querystring: { inline?: string } }>(
    '/api/v1/documents/:id/file',
    { schema: { tags, response: { 200: binaryResponse(`${contentTypes.pdf} or ${contentTypes.docx}`, 'The PDF or DOCX'), ...errors }, summary: "Download the document's file (?inline=1 to open a PDF in the browser)" } },
    async (request, reply) => sendFile(reply, await readDocumentFile(ctxOf(request), request.params.id), request.query.inline ? 'inline' : 'attachment'),
  );

  app.get('/api/v1/document-settings', { schema: { tags, response: responses(200, documentSettingsResponseSchema), summary: 'The supplier on documents (the workspace\'s requisites), VAT rate (22 % by default) and mode' } }, async (request) => getDocumentSettings(ctxOf(request)));
  app.put('/api/v1/document-settings', { schema: { tags, body: documentSettingsSchema, response: responses(200, documentSettingsResponseSchema), summary: 'Change the supplier details and VAT (administrators); INN, KPP, BIK and accounts are checked' } }, async (request) =>
    updateDocumentSettings(ctxOf(request), request.body),
  );

  app.get('/api/v1/document-templates', { schema: { tags, response: responses(200, templateListSchema), summary: 'The template of each kind (uploaded or the built-in default) and the placeholders a DOCX may use' } }, async (request) => listDocumentTemplates(ctxOf(request)));
  app.get<{ Params: { kind: string } }>(
    '/api/v1/document-templates/:kind/file',
    { schema: { tags, response: { 200: binaryResponse(contentTypes.docx, 'The uploaded DOCX, or a starter template with every placeholder'), ...errors } } },
    async (request, reply) => sendFile(reply, { ...(await downloadDocumentTemplate(ctxOf(request), request.params.kind)), contentType: contentTypes.docx }),
  );
  app.delete<{ Params: { kind: string } }>('/api/v1/document-templates/:kind', { schema: { tags, response: responses(200, okSchema), summary: 'Remove the uploaded template: the built-in default is used again' } }, async (request) => deleteDocumentTemplate(ctxOf(request), request.params.kind));
  // Multipart and raw DOCX bodies only in this scope, so no other route accepts them.
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_TEMPLATE_BYTES, files: 1, fields: 5 } });
    scope.addContentTypeParser([contentTypes.docx, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_TEMPLATE_BYTES }, (_request, body, done) => done(null, body));
    scope.put<{ Params: { kind: string } }>('/api/v1/document-templates/:kind', { schema: { tags, response: responses(200, templateSchema), summary: 'Upload a DOCX template for a kind (administrators): a broken file or an unknown placeholder is a 400 naming the file field' } }, async (request) =>
      uploadDocumentTemplate(ctxOf(request), request.params.kind, await readTemplateUpload(request)),
    );
  });
}
