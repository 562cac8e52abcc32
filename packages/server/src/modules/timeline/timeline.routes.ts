// GET /api/v1/{companies|contacts|leads|deals|orders}/:id/timeline?cursor=&limit=&kinds=activity,task,audit,stage_change,order
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { getTimeline } from './timeline.service.js';
import { timelineObjects } from './timeline-sources.js';

export function registerTimelineRoutes(app: FastifyInstance): void {
  for (const object of timelineObjects) {
    app.get<{ Params: { id: string } }>(
      `/api/v1/${object}/:id/timeline`,
      { schema: { tags: [object], summary: 'The record’s history, newest first: activities, tasks, audit events, stage changes, orders (kinds=, cursor=, limit=)' } },
      async (request) => getTimeline(ctxOf(request), object, request.params.id, request.query as Record<string, unknown>),
    );
  }
}
