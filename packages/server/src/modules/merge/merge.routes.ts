// POST /api/v1/{companies|contacts|leads|deals}/merge { survivorId, mergedId, fields?: { name: 'survivor'|'merged' } }
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { mergeRecords, mergeSchema } from './merge.service.js';

export function registerMergeRoutes(app: FastifyInstance, definition: ObjectDefinition): void {
  app.post(
    `/api/v1/${definition.object}/merge`,
    {
      schema: {
        tags: [definition.object],
        summary: `Merge two ${definition.object}: choose each field's surviving value (lists are united), move every link to the survivor, soft-delete the other`,
        body: mergeSchema,
      },
    },
    async (request) => mergeRecords(ctxOf(request), definition, request.body),
  );
}
