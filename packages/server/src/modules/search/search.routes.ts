// GET /api/v1/search?q=&types=companies,contacts,leads,deals&limit=&cursor=
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { searchRecords } from './search.service.js';

export function registerSearchRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search companies, contacts, leads and deals by name (Russian/English, misspellings), phone in any format, INN or email',
      },
    },
    async (request) => searchRecords(ctxOf(request), request.query as Record<string, unknown>),
  );
}
