// What the import would do with the first rows, decided exactly as the writer decides it (same
// matching, same lookups of customers, products and linked records), without writing anything.
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { resolveActivityLinks } from './activity-import.js';
import type { ImportJob } from './import-jobs.repo.js';
import type { ImportOptions } from './import-runner.js';
import { setDefinitions, type BatchItem } from './import-writer.js';
import { resolveOrderReferences } from './order-import.js';
import { keysOf, loadMatches, type MatchKey } from './record-matcher.js';
import type { RowProblem } from './row-converter.js';

export interface PreviewAction {
  action: 'create' | 'update' | 'skip' | 'fail';
  matchedId?: string;
  problems?: RowProblem[];
}

export async function previewActions(ctx: Ctx, job: Pick<ImportJob, 'id' | 'object'>, options: ImportOptions, items: BatchItem[]): Promise<Map<number, PreviewAction>> {
  const failed = new Map<number, RowProblem[]>();
  for (const item of items) if (item.converted.problems.length) failed.set(item.number, item.converted.problems);
  const actions = new Map<number, PreviewAction>();
  if (job.object === 'order') {
    await resolveOrderReferences(ctx, ctx.db, items, failed);
    const numbers = [...new Set(items.map((item) => item.converted.order?.number).filter((number): number is string => typeof number === 'string'))];
    const existing = numbers.length
      ? await rows<{ id: string; number: string; deleted: boolean }>(ctx.db, sql`select id, number, deleted_at is not null as deleted from orders where workspace_id = ${ctx.actor.workspaceId} and number = any(${pgArrayLiteral(numbers)}::text[])`)
      : [];
    const byNumber = new Map(existing.map((order) => [order.number, order]));
    for (const item of items) {
      const order = byNumber.get(item.converted.order?.number as string);
      if (failed.has(item.number)) actions.set(item.number, { action: 'fail', problems: failed.get(item.number) });
      else if (!order) actions.set(item.number, { action: 'create' });
      else if (order.deleted || options.duplicateStrategy === 'create') actions.set(item.number, { action: 'fail', matchedId: order.id, problems: [{ field: 'order.number', problem: order.deleted ? `order ${String(item.converted.order!.number)} was deleted` : `order ${String(item.converted.order!.number)} already exists` }] });
      else actions.set(item.number, { action: options.duplicateStrategy === 'update' ? 'update' : 'skip', matchedId: order.id });
    }
    return actions;
  }
  if (job.object === 'activity') await resolveActivityLinks(ctx, ctx.db, items, failed);
  const definition: ObjectDefinition = job.object === 'deal' ? contactDefinition : job.object === 'company' ? companyDefinition : setDefinitions[job.object as keyof typeof setDefinitions];
  const primary = job.object === 'deal' ? 'contact' : job.object;
  const matchBy: MatchKey[] = job.object === 'product' ? ['sku', ...options.matchBy] : options.matchBy;
  for (const item of items) {
    if (failed.has(item.number)) {
      actions.set(item.number, { action: 'fail', problems: failed.get(item.number) });
      continue;
    }
    const values = item.converted[primary as 'contact'];
    const checkMatches = values && job.object !== 'deal' && (options.duplicateStrategy !== 'create' || job.object === 'product');
    if (!checkMatches) {
      actions.set(item.number, { action: 'create' });
      continue;
    }
    const keys = new Set(keysOf(values, options.duplicateStrategy === 'create' ? ['sku'] : matchBy));
    const matches = await loadMatches(ctx.db, ctx.actor, definition, keys);
    const match = [...keys].map((key) => matches.get(key)).find(Boolean);
    if (!match) actions.set(item.number, { action: 'create' });
    else if (options.duplicateStrategy === 'create') actions.set(item.number, { action: 'fail', matchedId: match.id as string, problems: [{ field: 'product.sku', problem: `is already used by the product "${String(match.name)}"` }] });
    else actions.set(item.number, { action: options.duplicateStrategy === 'update' ? 'update' : 'skip', matchedId: match.id as string });
  }
  return actions;
}
