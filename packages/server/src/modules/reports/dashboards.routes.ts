// Dashboards of saved reports and scheduled report emails.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import * as dashboards from './dashboards.service.js';
import * as schedules from './report-schedules.service.js';

type ById = { Params: { id: string } };

export function registerDashboardRoutes(app: FastifyInstance, jobs: JobQueue): void {
  const tags = ['dashboards'];
  app.get('/api/v1/dashboards', { schema: { tags, summary: 'Your dashboards and your team\'s shared ones (without widgets)' } }, async (request) => dashboards.listDashboards(ctxOf(request)));
  app.post('/api/v1/dashboards', { schema: { tags, summary: 'Create a dashboard: { name, visibility: private|team, widgets: [{ reportId, title?, chart?, width 1–4, height 1–3 }] }' } }, async (request, reply) => {
    reply.status(201);
    return dashboards.createDashboard(ctxOf(request), request.body);
  });
  app.get<ById>('/api/v1/dashboards/:id', { schema: { tags, summary: 'A dashboard with its widgets in order; each widget is run through GET /reports/{reportId}/run' } }, async (request) =>
    dashboards.getDashboardById(ctxOf(request), request.params.id),
  );
  app.patch<ById>('/api/v1/dashboards/:id', { schema: { tags, summary: 'Rename, share, or rearrange the widgets (the whole list in its new order); owner only' } }, async (request) =>
    dashboards.updateDashboard(ctxOf(request), request.params.id, request.body),
  );
  app.delete<ById>('/api/v1/dashboards/:id', { schema: { tags } }, async (request) => dashboards.deleteDashboard(ctxOf(request), request.params.id));

  const scheduleTags = ['report-schedules'];
  app.get<{ Querystring: { reportId?: string } }>('/api/v1/report-schedules', { schema: { tags: scheduleTags, summary: 'Your scheduled report emails (reportId filters)' } }, async (request) =>
    schedules.listSchedules(ctxOf(request), request.query),
  );
  app.post('/api/v1/report-schedules', { schema: { tags: scheduleTags, summary: 'Mail a saved report: { reportId, mailboxId, recipients, format: xlsx|pdf, frequency: daily|weekly|monthly, weekday, monthDay, sendTime, timeZone }' } }, async (request, reply) => {
    reply.status(201);
    return schedules.createSchedule(ctxOf(request), request.body);
  });
  app.get<ById>('/api/v1/report-schedules/:id', { schema: { tags: scheduleTags } }, async (request) => schedules.getSchedule(ctxOf(request), request.params.id));
  app.patch<ById>('/api/v1/report-schedules/:id', { schema: { tags: scheduleTags } }, async (request) => schedules.updateSchedule(ctxOf(request), request.params.id, request.body));
  app.delete<ById>('/api/v1/report-schedules/:id', { schema: { tags: scheduleTags } }, async (request) => schedules.deleteSchedule(ctxOf(request), request.params.id));
  app.post<ById>('/api/v1/report-schedules/:id/send', { schema: { tags: scheduleTags, summary: 'Send the report now (out of turn); the result says sent or failed with the reason' } }, async (request) =>
    schedules.sendScheduleNow(ctxOf(request), jobs, request.params.id),
  );
}
