// Report builder API: run an unsaved definition, saved reports (list, create, get, change, delete),
// run and drill a saved report, and XLSX export of either. Static paths are registered beside
// /api/v1/reports/:id (and /dashboard); find-my-way prefers the static ones.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { Ctx } from '../../core/context.js';
import { parseBody } from '../../core/validation.js';
import { reportLanguage, reportXlsxStream } from './report-render.js';
import { reportDefinitionSchema, type ReportDefinition } from './report-builder.schema.js';
import * as service from './report-builder.service.js';

type ById = { Params: { id: string } };

async function sendXlsx(ctx: Ctx, reply: FastifyReply, definition: ReportDefinition, name: string) {
  const result = await service.exportReport(ctx, definition);
  const fileName = `${name.replace(/[^\p{L}\p{N} _-]/gu, '').trim() || 'report'}-${new Date().toISOString().slice(0, 10)}.xlsx`;
  reply.header('content-disposition', `attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  return reply.send(reportXlsxStream(result, reportLanguage(ctx.actor.locale)));
}

export function registerReportBuilderRoutes(app: FastifyInstance): void {
  const tags = ['reports'];
  app.get('/api/v1/reports/metadata', { schema: { tags, summary: 'Sources, fields and links the report builder offers' } }, async (request) => service.reportMetadata(ctxOf(request)));
  app.post('/api/v1/reports/run', { schema: { tags, summary: 'Run an unsaved report definition (one SQL statement, the caller\'s rights on every joined object)' } }, async (request) =>
    service.runReport(ctxOf(request), request.body),
  );
  app.post('/api/v1/reports/drill', { schema: { tags, summary: 'The records behind one cell of an unsaved report: { definition, cell: [group values], cursor, limit }' } }, async (request) =>
    service.drillUnsavedReport(ctxOf(request), request.body),
  );
  app.post('/api/v1/reports/export', { schema: { tags, summary: 'An unsaved report as XLSX (needs export rights on the source)' } }, async (request, reply) =>
    sendXlsx(ctxOf(request), reply, parseBody(reportDefinitionSchema, request.body), 'report'),
  );
  app.get('/api/v1/reports', { schema: { tags, summary: 'Your saved reports and your team\'s shared ones' } }, async (request) => service.listSavedReports(ctxOf(request)));
  app.post('/api/v1/reports', { schema: { tags, summary: 'Save a report: { name, visibility: private|team, definition }' } }, async (request, reply) => {
    reply.status(201);
    return service.createSavedReport(ctxOf(request), request.body);
  });
  app.get<ById>('/api/v1/reports/:id', { schema: { tags } }, async (request) => service.getSavedReport(ctxOf(request), request.params.id));
  app.patch<ById>('/api/v1/reports/:id', { schema: { tags } }, async (request) => service.updateSavedReport(ctxOf(request), request.params.id, request.body));
  app.delete<ById>('/api/v1/reports/:id', { schema: { tags } }, async (request) => service.deleteSavedReport(ctxOf(request), request.params.id));
  app.get<ById>('/api/v1/reports/:id/run', { schema: { tags, summary: 'Run a saved report with the caller\'s rights' } }, async (request) => service.runSavedReport(ctxOf(request), request.params.id));
  app.post<ById>('/api/v1/reports/:id/drill', { schema: { tags, summary: 'The records behind one cell of a saved report: { cell, cursor, limit }' } }, async (request) =>
    service.drillSavedReport(ctxOf(request), request.params.id, request.body),
  );
  app.get<ById>('/api/v1/reports/:id/export', { schema: { tags, summary: 'A saved report as XLSX (needs export rights on the source)' } }, async (request, reply) => {
    const ctx = ctxOf(request);
    const report = await service.getSavedReport(ctx, request.params.id);
    return sendXlsx(ctx, reply, parseBody(reportDefinitionSchema, report.definition), report.name);
  });
}
