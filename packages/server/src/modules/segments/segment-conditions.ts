// Compiles a segment's conditions to one SQL condition over the object's table (alias given), for one
// viewer. Everything is checked first (fields, operators, products, categories), so a bad definition is a
// 400 naming `conditions[i].field` before anything is written. List-filter conditions go through the record
// engine's filter compiler; RFM classes come from the sales analyses, clusters and recommendations from the
// analytics module: nothing here recomputes what those modules own.
import { sql, type SQL } from 'drizzle-orm';
import type { SegmentCondition, SegmentEntry, SegmentObject } from '@svyaz/shared';
import { firstRow } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid } from '../../core/errors.js';
import { loadCustomFieldDefinitions } from '../../core/custom-fields.js';
import type { ObjectDefinition } from '../../core/records/definition.js';
import { buildFilterConditions, filterOperators, type ListParams } from '../../core/records/list-query.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { segmentFilter } from '../analytics/analytics.segment-filter.js';
import { companiesRecommendedProduct } from '../analytics/analytics.serving.js';
import { companiesInRfmClasses } from '../sales-analyses/sales-analyses.service.js';

/** A condition over the object's row under `alias`. */
export type Compiled = (alias: string) => SQL;

export const definitionOf = (object: SegmentObject): ObjectDefinition => (object === 'contacts' ? contactDefinition : companyDefinition);

const col = (alias: string, column: string) => sql.raw(`"${alias}"."${column}"`);
const uuidArray = (ids: string[]) => sql`${pgArrayLiteral(ids)}::uuid[]`;

/** Rows whose customer company is one of `ids`: the company itself, or a contact's primary company. */
function customerCompanyIn(object: SegmentObject, ids: string[]): Compiled {
  return (alias) => (object === 'companies' ? sql`${col(alias, 'id')} = any(${uuidArray(ids)})` : sql`${col(alias, 'company_id')} = any(${uuidArray(ids)})`);
}

/**
 * The readable, not cancelled orders of the row's customer (a company's orders by company_id, a contact's by
 * contact_id). Only orders the viewer may read count: a manager's segment never leaks another's purchase.
 */
function customerOrders(ctx: Ctx, object: SegmentObject, alias: string): SQL {
  const link = object === 'companies' ? sql`o.company_id` : sql`o.contact_id`;
  return sql`${link} = ${col(alias, 'id')} and ${accessCondition(ctx.actor, 'orders', 'read', 'o')} and o.status <> 'cancelled'`;
}

function rename(error: unknown, field: string): never {
  if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
    const problem = (error.details as { problem?: string }[] | undefined)?.[0]?.problem ?? error.message;
    throw invalid(field, problem);
  }
  throw error;
}

async function compileOne(ctx: Ctx, object: SegmentObject, condition: SegmentCondition, path: string, customKeys: () => Promise<Set<string>>): Promise<Compiled> {
  const definition = definitionOf(object);
  switch (condition.kind) {
    case 'field': {
      const { field, op, value } = condition;
      if (field.startsWith('custom.')) {
        if (!(await customKeys()).has(field.slice('custom.'.length))) throw invalid(`${path}.field`, `unknown custom field "${field}"`);
      } else if ((!definition.fields[field] || definition.fields[field].type === 'json') && !definition.filters?.[field]) {
        throw invalid(`${path}.field`, `unknown field "${field}" of ${object}`);
      }
      if (!(filterOperators as readonly string[]).includes(op)) throw invalid(`${path}.op`, `unknown operator "${op}"; use one of ${filterOperators.join(', ')}`);
      const params: ListParams = { filters: [{ field, op: op as ListParams['filters'][number]['op'], value }], sort: { field: 'id', desc: false }, limit: 1, count: false, includeDeleted: false };
      const build = (alias: string) => {
        try {
          return buildFilterConditions(definition, params, alias)[0];
        } catch (error) {
          return rename(error, `${path}.value`);
        }
      };
      build('t'); // checks the value now
      return build;
    }
    case 'purchased': {
      let lines: SQL;
      if (condition.productId) {
        const product = await firstRow(ctx.db, sql`select id from products p where ${accessCondition(ctx.actor, 'products', 'read', 'p')} and p.id = ${condition.productId}`);
        if (!product) throw invalid(`${path}.productId`, 'is not a product of this workspace');
        lines = sql`ol.product_id = ${condition.productId}::uuid`;
      } else {
        const category = condition.category!;
        const known = await firstRow(ctx.db, sql`select 1 as found from products p where p.workspace_id = ${ctx.actor.workspaceId} and p.category = ${category} limit 1`);
        if (!known) throw invalid(`${path}.category`, `no product has the category "${category}"`);
        // Products deleted since still count: they were bought.
        lines = sql`ol.product_id in (select p.id from products p where p.workspace_id = ${ctx.actor.workspaceId} and p.category = ${category})`;
      }
      const { tz } = condition;
      const from = condition.from ? sql` and o.ordered_at >= ${`${condition.from}T00:00:00${tz}`}::timestamptz` : sql``;
      const to = condition.to ? sql` and o.ordered_at < (${`${condition.to}T00:00:00${tz}`}::timestamptz + interval '1 day')` : sql``;
      return (alias) =>
        sql`exists (select 1 from orders o join order_lines ol on ol.order_id = o.id
              where ${customerOrders(ctx, object, alias)}${from}${to} and ${lines})`;
    }
    case 'notPurchasedFor':
      // Has bought before (a readable order), and the latest is older than N days.
      return (alias) => sql`(select max(o.ordered_at) from orders o where ${customerOrders(ctx, object, alias)}) < now() - make_interval(days => ${condition.days}::int)`;
    case 'rfm': {
      const ids = await companiesInRfmClasses(ctx, condition.classes);
      return customerCompanyIn(object, ids);
    }
    case 'cluster': {
      const clusters = condition.clusters.join(',');
      const param = `${path}.clusters`;
      if (object === 'companies') return (alias) => segmentFilter('in', clusters, alias, param);
      return (alias) => sql`exists (select 1 from companies sc where sc.id = ${col(alias, 'company_id')} and ${segmentFilter('in', clusters, 'sc', param)})`;
    }
    case 'recommended': {
      const product = await firstRow(ctx.db, sql`select id from products p where ${accessCondition(ctx.actor, 'products', 'read', 'p')} and p.id = ${condition.productId}`);
      if (!product) throw invalid(`${path}.productId`, 'is not a product of this workspace');
      let ids: string[];
      try {
        ids = await companiesRecommendedProduct(ctx, condition.productId, condition.k);
      } catch (error) {
        if (error instanceof AppError && error.code === 'NOT_FOUND') throw invalid(`${path}.productId`, 'no analytics model has been trained yet, so there are no recommendations');
        throw error;
      }
      return customerCompanyIn(object, ids);
    }
    case 'tags': {
      const tags = sql`${pgArrayLiteral(condition.tags)}::text[]`;
      if (condition.match === 'all') return (alias) => sql`${col(alias, 'tags')} @> ${tags}`;
      if (condition.match === 'none') return (alias) => sql`not (${col(alias, 'tags')} && ${tags})`;
      return (alias) => sql`${col(alias, 'tags')} && ${tags}`;
    }
  }
}

/** The AND of the entries (an `any` entry is the OR of its conditions); no entries: every row. */
export async function compileConditions(ctx: Ctx, object: SegmentObject, entries: SegmentEntry[]): Promise<Compiled> {
  let keys: Promise<Set<string>> | undefined;
  const customKeys = () => (keys ??= loadCustomFieldDefinitions(ctx.db, ctx.actor.workspaceId, object).then((found) => new Set(found.map((item) => item.key))));
  const parts: Compiled[] = [];
  for (const [index, entry] of entries.entries()) {
    const path = `conditions[${index}]`;
    if (entry.kind === 'any') {
      const alternatives: Compiled[] = [];
      for (const [inner, condition] of entry.conditions.entries()) alternatives.push(await compileOne(ctx, object, condition, `${path}.conditions[${inner}]`, customKeys));
      parts.push((alias) => sql`(${sql.join(alternatives.map((item) => item(alias)), sql` or `)})`);
    } else {
      parts.push(await compileOne(ctx, object, entry, path, customKeys));
    }
  }
  if (!parts.length) return () => sql`true`;
  return (alias) => sql`(${sql.join(parts.map((item) => item(alias)), sql` and `)})`;
}
