// Reads every row of a list (its filters, sort and fields) in keyset pages through the record
// engine's list query, with the actor's read AND export rights, so exports never hold the whole set.
import { sql, type SQL } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { loadCustomFieldDefinitions } from '../../core/custom-fields.js';
import type { ObjectDefinition, Values } from '../../core/records/definition.js';
import { ALIAS, selectList } from '../../core/records/record-service.js';
import { buildFilterConditions, cursorCondition, encodeCursor, orderBy, parseListParams } from '../../core/records/list-query.js';

/** Rows per keyset page (tests lower it to cross page boundaries with few rows). */
export const exportLimits = { pageSize: 5000 };

export interface ExportColumn {
  key: string;
  header: string;
  kind: 'text' | 'number' | 'list' | 'json';
  value: (row: Values) => unknown;
}

const EXPORT_PARAMS = new Set(['format', 'delimiter', 'limit', 'cursor', 'count', 'lines']);

export interface ExportPlan {
  columns: ExportColumn[];
  pages: () => AsyncGenerator<Values[]>;
}

/** `extra`: conditions beyond the list's filters (a segment's, modules/segments), over the row under ALIAS. */
export async function planExport(ctx: Ctx, definition: ObjectDefinition, query: Record<string, unknown>, extra: SQL[] = []): Promise<ExportPlan> {
  requirePermission(ctx.actor, definition.object, 'read');
  requirePermission(ctx.actor, definition.object, 'export');
  const listQuery = Object.fromEntries(Object.entries(query).filter(([key]) => !EXPORT_PARAMS.has(key)));
  const params = parseListParams(definition, listQuery);
  const names = (params.fields ?? Object.keys(definition.fields).filter((name) => !definition.fields[name].hidden)).filter((name) => name !== 'custom' && name !== 'deletedAt');
  const customDefinitions = await loadCustomFieldDefinitions(ctx.db, ctx.actor.workspaceId, definition.object);
  const labels = await rows<{ key: string; label: { ru?: string; en?: string } }>(ctx.db, sql`select key, label from custom_field_defs where workspace_id = ${ctx.actor.workspaceId} and object = ${definition.object} and not is_hidden`);
  const labelOf = new Map(labels.map((row) => [row.key, ctx.actor.locale === 'en' ? (row.label.en ?? row.key) : (row.label.ru ?? row.key)]));
  const columns: ExportColumn[] = names.map((name) => {
    const type = definition.fields[name].type;
    const kind = type === 'integer' || type === 'decimal' ? 'number' : type.endsWith('[]') ? 'list' : type === 'json' ? 'json' : 'text';
    return { key: name, header: name, kind, value: (row: Values) => row[name] };
  });
  if (!params.fields || params.fields.includes('ownerId')) columns.push({ key: 'ownerName', header: 'ownerName', kind: 'text', value: (row) => row.__ownerName });
  if (!params.fields || params.fields.includes('custom')) {
    for (const custom of customDefinitions.filter((candidate) => labelOf.has(candidate.key))) {
      const kind = custom.type === 'number' || custom.type === 'money' ? 'number' : custom.type === 'multi_select' ? 'list' : 'text';
      columns.push({ key: `custom.${custom.key}`, header: labelOf.get(custom.key)!, kind, value: (row) => (row.custom as Values | null)?.[custom.key] });
    }
  }
  const selected = Array.from(new Set([...names, params.sort.field, 'custom']));
  const where: SQL[] = [
    accessCondition(ctx.actor, definition.object, 'read', ALIAS),
    accessCondition(ctx.actor, definition.object, 'export', ALIAS),
    ...buildFilterConditions(definition, params, ALIAS),
    ...extra,
  ];
  async function* pages(): AsyncGenerator<Values[]> {
    let cursor: string | undefined;
    for (;;) {
      const after = cursor ? cursorCondition(definition, { ...params, cursor }, ALIAS) : null;
      // Each page in its own short transaction that tells the planner to read in index order (keyset
      // pages must not sort the whole remaining table when statistics are stale).
      const page = await ctx.db.transaction(async (transaction) => {
        const tx = transaction as unknown as typeof ctx.db;
        await tx.execute(sql`select set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true)`);
        return rows(
        tx,
        sql`select ${selectList(definition, selected)}, (select u.name from users u where u.id = ${sql.raw(`"${ALIAS}"."owner_id"`)}) as "__ownerName"
            from ${sql.raw(`"${definition.table}" as "${ALIAS}"`)}
            where ${sql.join(after ? [...where, after] : where, sql` and `)}
            order by ${orderBy(definition, params, ALIAS)} limit ${exportLimits.pageSize}`,
        );
      });
      if (page.length) yield page;
      if (page.length < exportLimits.pageSize) return;
      cursor = encodeCursor(definition, params, page[page.length - 1]);
    }
  }
  return { columns, pages };
}
