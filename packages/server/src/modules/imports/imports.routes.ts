// HTTP surface of imports. Upload as multipart/form-data (field "file", optional fields or query
// parameters object, sheet, preset) or as a raw body (text/csv, the XLSX type or application/octet-stream)
// with ?fileName=&object=. Files up to 200 MB; larger ones get a 413 naming the limit.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Readable } from 'node:stream';
import { ctxOf } from '../../http/authenticate.js';
import { fileTooLarge, MAX_FILE_SIZE, uploadLimits } from './import-file.repo.js';
import { createImport, getImport, importObjects, listImports, listImportTargets, previewImport, startImport, updateImportMapping } from './imports.service.js';
import { undoImport } from './import-undo.service.js';
import { streamImportErrors } from './import-errors.service.js';
import { createPreset, deletePreset, listPresets } from './import-presets.service.js';
import { AppError } from '../../core/errors.js';

const RAW_TYPES = ['text/csv', 'text/plain', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel', 'text/tab-separated-values'];
const tags = ['imports'];

async function* guarded(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk;
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge();
    throw error;
  }
  // busboy ends a file cut at the size limit quietly and marks it truncated.
  if ((stream as { truncated?: boolean }).truncated) throw fileTooLarge();
}

async function readUpload(request: FastifyRequest) {
  const query = request.query as Record<string, string | undefined>;
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: uploadLimits.maxFileSize, files: 1 } });
    if (!file) throw new AppError('VALIDATION_FAILED', { message: 'Attach the file as the form field "file"', details: [{ field: 'file', problem: 'is required' }] });
    const field = (name: string) => {
      const value = file.fields[name] as { value?: unknown } | undefined;
      return typeof value?.value === 'string' ? value.value : query[name];
    };
    return { fileName: file.filename, object: field('object'), sheet: field('sheet'), preset: field('preset'), stream: guarded(file.file) };
  }
  return { fileName: query.fileName ?? 'upload', object: query.object, sheet: query.sheet, preset: query.preset, stream: limited(request.body as Readable) };
}

async function* limited(stream: Readable): AsyncGenerator<Buffer> {
  if (!stream || typeof (stream as Readable)[Symbol.asyncIterator] !== 'function') return;
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > uploadLimits.maxFileSize) {
      stream.destroy();
      throw fileTooLarge();
    }
    yield chunk as Buffer;
  }
}

export function registerImportRoutes(app: FastifyInstance): void {
  // Multipart and raw file bodies only in this scope, so no other route accepts them.
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_SIZE, files: 1, fields: 10 } });
    scope.addContentTypeParser(RAW_TYPES, (_request, payload, done) => done(null, payload));
    scope.post('/api/v1/imports', { schema: { tags, summary: 'Upload a CSV or XLSX file (multipart field "file", or a raw body); returns the import with headers and the automatic mapping' } }, async (request, reply) => {
      reply.status(201);
      return createImport(ctxOf(request), await readUpload(request));
    });
  });
  app.get('/api/v1/imports', { schema: { tags, summary: 'Recent imports' } }, async (request) => listImports(ctxOf(request)));
  app.get('/api/v1/imports/objects', { schema: { tags, summary: 'Objects a file can be imported into (the `object` of an upload)' } }, async () => ({ data: importObjects }));
  app.get('/api/v1/imports/presets', { schema: { tags, summary: 'Mapping presets (amoCRM, Bitrix24 and the workspace\'s own)' } }, async (request) => listPresets(ctxOf(request)));
  app.post('/api/v1/imports/presets', { schema: { tags, summary: 'Save a mapping preset: { name, object, columns: {header: target} } or { name, fromImport }' } }, async (request, reply) => {
    reply.status(201);
    return createPreset(ctxOf(request), request.body);
  });
  app.delete<{ Params: { id: string } }>('/api/v1/imports/presets/:id', { schema: { tags } }, async (request) => deletePreset(ctxOf(request), request.params.id));
  app.get<{ Params: { id: string } }>('/api/v1/imports/:id', { schema: { tags, summary: 'Import with progress (rows done, rate, time left) and result counts' } }, async (request) => getImport(ctxOf(request), request.params.id));
  app.get<{ Params: { id: string } }>('/api/v1/imports/:id/fields', { schema: { tags, summary: 'Fields a column can be mapped to' } }, async (request) => listImportTargets(ctxOf(request), request.params.id));
  app.put<{ Params: { id: string } }>('/api/v1/imports/:id/mapping', { schema: { tags, summary: 'Set the mapping { mapping: {columnIndex: target|null}, options: { duplicateStrategy, matchBy } }' } }, async (request) =>
    updateImportMapping(ctxOf(request), request.params.id, request.body),
  );
  app.post<{ Params: { id: string }; Querystring: { limit?: string } }>('/api/v1/imports/:id/preview', { schema: { tags, summary: 'First rows as they would be stored, with per-field problems; writes nothing' } }, async (request) =>
    previewImport(ctxOf(request), request.params.id, request.query.limit ? Number(request.query.limit) || 20 : 20),
  );
  app.post<{ Params: { id: string } }>('/api/v1/imports/:id/start', { schema: { tags, summary: 'Start (or resume) the import in the background' } }, async (request, reply) => {
    reply.status(202);
    return startImport(ctxOf(request), request.params.id);
  });
  app.post<{ Params: { id: string } }>('/api/v1/imports/:id/undo', { schema: { tags, summary: 'Undo: remove created records, restore updated ones' } }, async (request) => undoImport(ctxOf(request), request.params.id));
  app.get<{ Params: { id: string } }>('/api/v1/imports/:id/errors.xlsx', { schema: { tags, summary: 'Failed rows with an error column, ready to fix and import again' } }, async (request, reply) => {
    const { fileName, stream } = await streamImportErrors(ctxOf(request), request.params.id);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    return reply.send(stream);
  });
}
