// Pipelines API: list, read, create, change (stages as the whole ordered list), delete.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { createPipeline, deletePipeline, getPipeline, listPipelines, updatePipeline } from './pipelines.service.js';
import { pipelineCreateSchema, pipelineUpdateSchema } from './pipelines.schema.js';

const tags = ['pipelines'];

export function registerPipelineRoutes(app: FastifyInstance): void {
  app.get('/api/v1/pipelines', { schema: { tags, summary: 'Pipelines with their ordered stages' } }, async (request) => ({ data: await listPipelines(ctxOf(request)) }));
  app.get<{ Params: { id: string } }>('/api/v1/pipelines/:id', { schema: { tags } }, async (request) => getPipeline(ctxOf(request), request.params.id));
  app.post('/api/v1/pipelines', { schema: { tags, summary: 'Create a pipeline (admins); the first one, or isDefault=true, becomes the default', body: pipelineCreateSchema } }, async (request, reply) => {
    reply.status(201);
    return createPipeline(ctxOf(request), request.body);
  });
  app.patch<{ Params: { id: string } }>(
    '/api/v1/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Rename, make default, or replace the ordered stage list: items with id keep/rename/reorder a stage, items without id add one, omitted stages are removed; moveDealsTo { removedStageId: targetStageId } is required for removed stages that hold deals',
        body: pipelineUpdateSchema,
      },
    },
    async (request) => updatePipeline(ctxOf(request), request.params.id, request.body),
  );
  app.delete<{ Params: { id: string } }>('/api/v1/pipelines/:id', { schema: { tags, summary: 'Delete a pipeline without deals (not the default one)' } }, async (request) => deletePipeline(ctxOf(request), request.params.id));
}
