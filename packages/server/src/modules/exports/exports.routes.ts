// GET /api/v1/{object}/export?format=csv|xlsx&delimiter=semicolon|comma|tab plus the list's own
// filter[...]/sort/fields parameters. Needs read and export rights (403 otherwise); streams.
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import { invalid } from '../../core/errors.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { planExport } from './export-rows.js';
import { csvStream, xlsxStream } from './export-formats.js';

const DELIMITERS: Record<string, string> = { semicolon: ';', comma: ',', tab: '\t' };

export function registerExportRoutes(app: FastifyInstance, definitions: ObjectDefinition[]): void {
  for (const definition of definitions) {
    app.get(
      `/api/v1/${definition.object}/export`,
      { schema: { tags: [definition.object], summary: `Export ${definition.object} as CSV or XLSX with the list's filters, sort and fields (needs export rights)` } },
      async (request, reply) => {
        const ctx = ctxOf(request);
        const query = request.query as Record<string, string | undefined>;
        const format = query.format ?? 'csv';
        if (format !== 'csv' && format !== 'xlsx') throw invalid('format', 'must be csv or xlsx');
        const delimiterName = query.delimiter ?? (ctx.actor.locale === 'en' ? 'comma' : 'semicolon');
        const delimiter = DELIMITERS[delimiterName];
        if (!delimiter) throw invalid('delimiter', 'must be semicolon, comma or tab');
        const plan = await planExport(ctx, definition, request.query as Record<string, unknown>);
        const stamp = new Date().toISOString().slice(0, 10);
        const fileName = `${definition.object}-${stamp}.${format}`;
        reply.header('content-disposition', `attachment; filename="${fileName}"`);
        if (format === 'csv') {
          reply.header('content-type', 'text/csv; charset=utf-8');
          return reply.send(csvStream(plan.columns, plan.pages, delimiter));
        }
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        return reply.send(xlsxStream(plan.columns, plan.pages, definition.object));
      },
    );
  }
}
