// GET /api/v1/{object}/export?format=csv|xlsx&delimiter=semicolon|comma|tab plus the list's own
// filter[...]/sort/fields parameters. Needs read and export rights (403 otherwise); streams.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { z } from 'zod';
import { responses } from '../../http/openapi.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { planExport, type ExportPlan } from './export-rows.js';
import { withOrderLines } from './order-lines-export.js';
import { csvStream, xlsxStream } from './export-formats.js';

const DELIMITERS: Record<string, string> = { semicolon: ';', comma: ',', tab: '\t' };

/** The OpenAPI answer of an export: the file, as CSV or XLSX. */
export const exportFileResponse = { ...responses(200, z.string()), 200: { description: 'The rows as a file', content: { 'text/csv': { schema: z.string().describe('binary') }, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().describe('binary') } } } };

/** The format and delimiter asked for (400 naming the parameter), checked before any reading starts. */
export function exportFormat(ctx: Ctx, query: Record<string, unknown>): { format: 'csv' | 'xlsx'; delimiter: string } {
  const format = query.format ?? 'csv';
  if (format !== 'csv' && format !== 'xlsx') throw invalid('format', 'must be csv or xlsx');
  const delimiterName = (query.delimiter as string | undefined) ?? (ctx.actor.locale === 'en' ? 'comma' : 'semicolon');
  const delimiter = DELIMITERS[delimiterName];
  if (!delimiter) throw invalid('delimiter', 'must be semicolon, comma or tab');
  return { format, delimiter };
}

/** Streams a planned export as an attachment named `<baseName>-<date>.<format>`. */
export function sendExport(reply: FastifyReply, plan: ExportPlan, baseName: string, sheetName: string, format: { format: 'csv' | 'xlsx'; delimiter: string }) {
  const stamp = new Date().toISOString().slice(0, 10);
  reply.header('content-disposition', `attachment; filename="${baseName}-${stamp}.${format.format}"`);
  if (format.format === 'csv') {
    reply.header('content-type', 'text/csv; charset=utf-8');
    return reply.send(csvStream(plan.columns, plan.pages, format.delimiter));
  }
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  return reply.send(xlsxStream(plan.columns, plan.pages, sheetName));
}

export function registerExportRoutes(app: FastifyInstance, definitions: ObjectDefinition[]): void {
  for (const definition of definitions) {
    app.get(
      `/api/v1/${definition.object}/export`,
      { schema: { tags: [definition.object], response: exportFileResponse, summary: `Export ${definition.object} as CSV or XLSX with the list's filters, sort and fields (needs export rights)` } },
      async (request, reply) => {
        const ctx = ctxOf(request);
        const format = exportFormat(ctx, request.query as Record<string, unknown>);
        const query = request.query as Record<string, unknown>;
        if (query.lines !== undefined && (definition.object !== 'orders' || !['true', 'false'].includes(String(query.lines)))) throw invalid('lines', definition.object === 'orders' ? 'must be true or false' : 'only orders export their lines');
        const plan = await planExport(ctx, definition, query);
        return sendExport(reply, query.lines === 'true' ? withOrderLines(ctx, plan) : plan, definition.object, definition.object, format);
      },
    );
  }
}
