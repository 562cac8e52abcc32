// Lead routes: the generic record API plus conversion.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate.js';
import { registerRecordRoutes } from '../../core/records/record-routes.js';
import { convertLead, leadConvertSchema } from './lead-conversion.service.js';
import { leadDefinition } from './leads.definition.js';

export function registerLeadRoutes(app: FastifyInstance): void {
  registerRecordRoutes(app, leadDefinition);
  app.post<{ Params: { id: string }; Querystring: { force?: string } }>(
    '/api/v1/leads/:id/convert',
    {
      schema: {
        tags: ['leads'],
        summary: 'Convert a lead into a company, a contact and a deal (created from the lead or linked by id) in one transaction; force=true saves past duplicate warnings',
        body: leadConvertSchema,
        querystring: z.object({ force: z.enum(['true', 'false']).optional().describe('save past duplicate warnings') }),
      },
    },
    async (request) => convertLead(ctxOf(request), request.params.id, request.body, { force: request.query.force === 'true' }),
  );
}
