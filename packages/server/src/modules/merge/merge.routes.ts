// POST /api/v1/{companies|contacts|leads|deals}/merge { survivorId, mergedId, fields?: { name: 'survivor'|'merged' } }
// GET  /api/v1/{companies|contacts|leads}/:id/duplicates: likely duplicates of a stored record (the record card's warning).
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { mergeRecords, mergeSchema } from './merge.service.js';
import { findRecordDuplicates } from './record-duplicates.service.js';

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
  if (definition.findDuplicates) {
    app.get<{ Params: { id: string } }>(
      `/api/v1/${definition.object}/:id/duplicates`,
      { schema: { tags: [definition.object], summary: `Likely duplicates of a stored ${definition.recordType} (same INN, email, phone or a similar name), as the duplicate warning describes them` } },
      async (request) => findRecordDuplicates(ctxOf(request), definition, request.params.id),
    );
  }
}
