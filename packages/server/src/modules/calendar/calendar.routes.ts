import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { getCalendar } from './calendar.service.js';

export function registerCalendarRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Tasks (by due time) and meetings in [from, to): from, to = ISO date-times with a zone; scope = me | team | user:<id>',
      },
    },
    async (request) => getCalendar(ctxOf(request), request.query as Record<string, unknown>),
  );
}
