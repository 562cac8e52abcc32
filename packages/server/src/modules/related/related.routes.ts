// GET /api/v1/companies/:id/{contacts|deals|orders|tasks|activities} and
// GET /api/v1/contacts/:id/{deals|orders|tasks|activities|companies}, with the main lists' parameters.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { listRelated, relations, type ParentObject } from './related.service.js';

/** Registers every related list whose child object is among `children` (objects not built yet are skipped). */
export function registerRelatedRoutes(app: FastifyInstance, children: ObjectDefinition[]): void {
  for (const parent of Object.keys(relations) as ParentObject[]) {
    for (const child of children) {
      if (!relations[parent][child.object]) continue;
      app.get<{ Params: { id: string } }>(
        `/api/v1/${parent}/:id/${child.object}`,
        { schema: { tags: [parent], summary: `The ${child.object} of one of ${parent} (same filters, sort, cursor, limit, fields, count as the main list)` } },
        async (request) => listRelated(ctxOf(request), parent, request.params.id, child, request.query as Record<string, unknown>),
      );
    }
  }
}
