import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { registerRecordRoutes } from '../../core/records/record-routes.js';
import { taskDefinition } from './tasks.definition.js';
import { listMyTasks } from './tasks.service.js';

export function registerTaskRoutes(app: FastifyInstance): void {
  app.get('/api/v1/tasks/my', { schema: { tags: ['tasks'], summary: 'My open tasks: bucket=overdue|today|upcoming, tz=+03:00' } }, async (request) =>
    listMyTasks(ctxOf(request), request.query as Record<string, unknown>),
  );
  registerRecordRoutes(app, taskDefinition);
}
