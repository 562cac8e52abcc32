// Lost reasons API: a pipeline's list (everyone), add / rename / archive / reorder (admins), and the report.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { getLostReasonReport } from './lost-reasons.report.js';
import { createLostReason, listLostReasons, reorderLostReasons, updateLostReason } from './lost-reasons.service.js';
import { lostReasonCreateSchema, lostReasonOrderSchema, lostReasonUpdateSchema } from './lost-reasons.schema.js';

const tags = ['pipelines'];
type PipelineParams = { Params: { id: string } };

export function registerLostReasonRoutes(app: FastifyInstance): void {
  app.get<PipelineParams>('/api/v1/pipelines/:id/lost-reasons', { schema: { tags, summary: 'The pipeline’s lost reasons in order (includeArchived=true for the settings screen)' } }, async (request) => ({
    data: await listLostReasons(ctxOf(request), request.params.id, request.query),
  }));
  app.post<PipelineParams>('/api/v1/pipelines/:id/lost-reasons', { schema: { tags, summary: 'Add a lost reason at the end of the list (admins); isOther=true makes a comment required', body: lostReasonCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createLostReason(ctxOf(request), request.params.id, request.body);
  });
  app.put<PipelineParams>('/api/v1/pipelines/:id/lost-reasons/order', { schema: { tags, summary: 'Reorder: ids lists every reason of the pipeline in the new order', body: lostReasonOrderSchema } }, async (request) => ({
    data: await reorderLostReasons(ctxOf(request), request.params.id, request.body),
  }));
  app.patch<{ Params: { id: string } }>('/api/v1/lost-reasons/:id', { schema: { tags, summary: 'Rename, archive (archived=true) or restore a lost reason (admins)', body: lostReasonUpdateSchema } }, async (request) =>
    updateLostReason(ctxOf(request), request.params.id, request.body),
  );
  app.get('/api/v1/analyses/lost-reasons', { schema: { tags: ['analyses'], summary: 'Why deals are lost: the deals of a pipeline (pipelineId, default pipeline) lost in the period by reason, count and amount; from, to, teamId, tz' } }, async (request) =>
    getLostReasonReport(ctxOf(request), request.query),
  );
}
