// Segments over HTTP: thin handlers around segments.service. Members, count and export are computed with
// the caller's rights; a segment the caller does not see answers 404.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { responses } from '../../http/openapi.js';
import { ctxOf } from '../../http/authenticate.js';
import { exportFileResponse, exportFormat, sendExport } from '../exports/exports.routes.js';
import {
  addSegmentMembers,
  countSegment,
  createSegment,
  deleteSegment,
  getSegment,
  listSegmentRecords,
  listSegments,
  planSegmentExport,
  previewSegment,
  removeSegmentMembers,
  restoreSegment,
  updateSegment,
} from './segments.service.js';

type WithId = { Params: { id: string }; Querystring: Record<string, unknown> };

// What each answer holds at least (documentation only: the serializer is JSON.stringify).
const segment = z.object({ id: z.string(), name: z.string(), object: z.enum(['contacts', 'companies']), kind: z.enum(['dynamic', 'static']), visibility: z.string(), conditions: z.array(z.unknown()) }).passthrough();
const rowsOf = z.object({ data: z.array(z.object({ id: z.string() }).passthrough()), nextCursor: z.string().nullable().optional() }).passthrough();
const counted = z.object({ object: z.string(), count: z.number() });
const membersChanged = z.object({ added: z.number().optional(), removed: z.number().optional(), matched: z.number(), notFound: z.array(z.string()) });
export function registerSegmentRoutes(app: FastifyInstance): void {
  const tags = ['segments'];
  app.get<{ Querystring: { object?: string } }>('/api/v1/segments', { schema: { tags, response: responses(200, z.object({ data: z.array(segment) })), summary: 'Segments I own or that are shared with my team (object=contacts|companies)' } }, async (request) => listSegments(ctxOf(request), request.query));
  app.post('/api/v1/segments', { schema: { tags, response: responses(201, segment), summary: 'Create a dynamic (conditions) or static (memberIds) segment over contacts or companies' } }, async (request, reply) => {
    const created = await createSegment(ctxOf(request), request.body);
    reply.status(201);
    return created;
  });
  app.post('/api/v1/segments/preview', { schema: { tags, response: responses(200, counted.extend({ data: rowsOf.shape.data })), summary: 'Count and first rows of an unsaved definition, with my rights' } }, async (request) => previewSegment(ctxOf(request), request.body));
  app.get<WithId>('/api/v1/segments/:id', { schema: { tags, response: responses(200, segment) } }, async (request) => getSegment(ctxOf(request), request.params.id));
  app.patch<WithId>('/api/v1/segments/:id', { schema: { tags, response: responses(200, segment), summary: 'Rename, share or change the conditions (owner only)' } }, async (request) => updateSegment(ctxOf(request), request.params.id, request.body));
  app.delete<WithId>('/api/v1/segments/:id', { schema: { tags, response: responses(200, z.object({ deleted: z.number() })), summary: 'Soft-delete (owner only); restorable' } }, async (request) => deleteSegment(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/segments/:id/restore', { schema: { tags, response: responses(200, segment) } }, async (request) => restoreSegment(ctxOf(request), request.params.id));
  app.get<WithId>('/api/v1/segments/:id/members', { schema: { tags, response: responses(200, rowsOf), summary: "Members I may read, as the object's list (fields, sort, cursor, limit, filter[...], count)" } }, async (request) => listSegmentRecords(ctxOf(request), request.params.id, request.query));
  app.get<WithId>('/api/v1/segments/:id/count', { schema: { tags, response: responses(200, counted), summary: 'How many members I may read' } }, async (request) => countSegment(ctxOf(request), request.params.id));
  app.post<WithId>('/api/v1/segments/:id/members', { schema: { tags, response: responses(200, membersChanged), summary: 'Add members to a static segment: ids and/or text (emails, INNs, ids one per line)' } }, async (request) => addSegmentMembers(ctxOf(request), request.params.id, request.body));
  app.post<WithId>('/api/v1/segments/:id/members/remove', { schema: { tags, response: responses(200, membersChanged), summary: 'Remove members from a static segment' } }, async (request) => removeSegmentMembers(ctxOf(request), request.params.id, request.body));
  app.get<WithId>('/api/v1/segments/:id/export', { schema: { tags, response: exportFileResponse, summary: "Export the members I may read and export, as the object's export (format, delimiter, fields, sort)" } }, async (request, reply) => {
    const ctx = ctxOf(request);
    const format = exportFormat(ctx, request.query);
    const plan = await planSegmentExport(ctx, request.params.id, request.query);
    return sendExport(reply, plan, `segment-${plan.object}`, plan.object, format);
  });
}
