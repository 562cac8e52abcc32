// The conventional REST surface of an owned object, registered once for each definition:
// list, get, create (single or bulk), update, bulk update, bulk tag, bulk assign, delete, bulk delete, restore, purge.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate.js';
import { okSchema, responses } from '../../http/openapi.js';
import { invalid } from '../errors.js';
import type { ObjectDefinition } from './definition.js';
import { bulkAssign, bulkAssignSchema, bulkTag, bulkTagSchema } from './bulk-operations.js';
import { createRecord, createRecords, deleteRecords, getRecord, listRecords, purgeRecord, restoreRecord, updateRecord, updateRecords } from './record-service.js';

const bulkIds = z.strictObject({ ids: z.array(z.string()).min(1).max(1000) });

function isForce(query: unknown): boolean {
  return (query as { force?: string } | undefined)?.force === 'true';
}

export function registerRecordRoutes(app: FastifyInstance, definition: ObjectDefinition, basePath = `/api/v1/${definition.object}`): void {
  const tags = [definition.object];
  // Documentation only (the serializer is JSON.stringify): a record is its fields by API name, at least an id.
  const record = z.object({ id: z.string() }).passthrough().describe(`A ${definition.recordType}: its fields by API name`);
  const listed = z.object({ data: z.array(record), nextCursor: z.string().nullable().optional(), total: z.number().optional() }).passthrough();
  const deleted = z.object({ deleted: z.number() });
  const bulk = z.object({ updated: z.number(), data: z.array(record) });
  app.get(basePath, { schema: { tags, response: responses(200, listed), summary: `List ${definition.object} (filter[field][op]=value, sort, cursor, limit, fields, count)` } }, async (request) =>
    listRecords(ctxOf(request), definition, request.query as Record<string, unknown>),
  );
  app.get<{ Params: { id: string } }>(`${basePath}/:id`, { schema: { tags, response: responses(200, record) } }, async (request) =>
    getRecord(ctxOf(request), definition, request.params.id, { includeDeleted: (request.query as { deleted?: string }).deleted === 'true' }),
  );
  app.post(
    basePath,
    { schema: { tags, response: responses(201, z.object({ id: z.string().optional(), data: z.array(record).optional() }).passthrough()), summary: `Create one ${definition.recordType}, or up to 1,000 as { records: [...] }`, body: z.union([definition.createSchema, z.object({ records: z.array(definition.createSchema) })]) } },
    async (request, reply) => {
      const body = request.body as { records?: unknown };
      reply.status(201);
      if (body && typeof body === 'object' && 'records' in body) {
        if (!Array.isArray(body.records)) throw invalid('records', 'must be an array');
        return { data: await createRecords(ctxOf(request), definition, body.records) };
      }
      return createRecord(ctxOf(request), definition, request.body, { force: isForce(request.query) });
    },
  );
  app.patch<{ Params: { id: string } }>(`${basePath}/:id`, { schema: { tags, body: definition.updateSchema, response: responses(200, record) } }, async (request) =>
    updateRecord(ctxOf(request), definition, request.params.id, request.body, { force: isForce(request.query) }),
  );
  app.post(`${basePath}/bulk-update`, { schema: { tags, response: responses(200, z.object({ data: z.array(record) })), summary: 'Update up to 1,000 records in one transaction' } }, async (request) => {
    const body = request.body as { records?: unknown };
    if (!body || !Array.isArray(body.records)) throw invalid('records', 'must be an array of { id, ...changes }');
    return { data: await updateRecords(ctxOf(request), definition, body.records) };
  });
  app.delete<{ Params: { id: string } }>(`${basePath}/:id`, { schema: { tags, response: responses(200, deleted) } }, async (request) => deleteRecords(ctxOf(request), definition, [request.params.id]));
  app.post(`${basePath}/bulk-delete`, { schema: { tags, body: bulkIds, response: responses(200, deleted) } }, async (request) => {
    const body = request.body as { ids?: unknown };
    if (!body || !Array.isArray(body.ids) || body.ids.some((id) => typeof id !== 'string')) throw invalid('ids', 'must be an array of ids');
    return deleteRecords(ctxOf(request), definition, body.ids as string[]);
  });
  app.post(`${basePath}/bulk-tag`, { schema: { tags, response: responses(200, bulk), summary: 'Add or remove tags on up to 1,000 records, all or nothing', body: bulkTagSchema } }, async (request) =>
    bulkTag(ctxOf(request), definition, request.body),
  );
  app.post(`${basePath}/bulk-assign`, { schema: { tags, response: responses(200, bulk), summary: 'Give up to 1,000 records to one owner, all or nothing', body: bulkAssignSchema } }, async (request) =>
    bulkAssign(ctxOf(request), definition, request.body),
  );
  app.post<{ Params: { id: string } }>(`${basePath}/:id/restore`, { schema: { tags, response: responses(200, record) } }, async (request) => restoreRecord(ctxOf(request), definition, request.params.id));
  app.delete<{ Params: { id: string } }>(`${basePath}/:id/purge`, { schema: { tags, response: responses(200, okSchema) } }, async (request) => {
    await purgeRecord(ctxOf(request), definition, request.params.id);
    return { ok: true };
  });
}
