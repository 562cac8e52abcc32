// Custom field definitions per object. Everyone who reads an object reads its definitions (forms and
// lists need them); only holders of the 'settings' permission (administrators) change them. Fields are
// hidden or archived, never deleted, so stored values survive; record writes are validated against
// these definitions in core/custom-fields.ts.
import { sql } from 'drizzle-orm';
import { customFieldCreateSchema, customFieldObjects, customFieldReorderSchema, customFieldUpdateSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission, type OwnedObject } from '../../core/access.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { parseBody } from '../../core/validation.js';

type FieldDef = Record<string, unknown> & { id: string; key: string; type: string; options: string[] };

const columns = sql`id, object, key, label, type, options, required, position, section, is_hidden as "isHidden", is_archived as "isArchived", created_at as "createdAt"`;
const withOptions = new Set(['select', 'multi_select']);

function checkOptions(type: string, options: string[] | undefined, required: boolean): void {
  if (withOptions.has(type)) {
    if (required && (!options || options.length === 0)) throw invalid('options', `are required for a ${type} field`);
    if (options && new Set(options).size !== options.length) throw invalid('options', 'must not repeat');
  } else if (options && options.length > 0) {
    throw invalid('options', `are only for select and multi_select fields, not ${type}`);
  }
}

export async function listCustomFields(ctx: Ctx, query: { object?: unknown }): Promise<{ data: FieldDef[] }> {
  const object = query.object;
  if (typeof object !== 'string' || !(customFieldObjects as readonly string[]).includes(object)) throw invalid('object', `must be one of: ${customFieldObjects.join(', ')}`);
  requirePermission(ctx.actor, object as OwnedObject, 'read');
  const data = await rows<FieldDef>(ctx.db, sql`select ${columns} from custom_field_defs where workspace_id = ${ctx.actor.workspaceId} and object = ${object} order by position, key`);
  return { data };
}

async function findField(db: Db, workspaceId: string, id: string, forUpdate = false): Promise<FieldDef> {
  const field = isUuid(id) ? await firstRow<FieldDef>(db, sql`select ${columns} from custom_field_defs where workspace_id = ${workspaceId} and id = ${id} ${forUpdate ? sql`for update` : sql``}`) : undefined;
  if (!field) throw notFound('custom field', id);
  return field;
}

export async function createCustomField(ctx: Ctx, body: unknown): Promise<FieldDef> {
  requirePermission(ctx.actor, 'settings', 'create');
  const input = parseBody(customFieldCreateSchema, body);
  checkOptions(input.type, input.options, true);
  const workspaceId = ctx.actor.workspaceId;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const clash = await firstRow<{ id: string }>(tx, sql`select id from custom_field_defs where workspace_id = ${workspaceId} and object = ${input.object} and key = ${input.key}`);
    if (clash) {
      throw new AppError('CONFLICT', { message: `key: ${input.object} already has a custom field "${input.key}"`, details: [{ field: 'key', problem: 'is already used on this object', id: clash.id }] });
    }
    const created = (await firstRow<{ id: string }>(
      tx,
      sql`insert into custom_field_defs (workspace_id, object, key, label, type, options, required, position, section, is_hidden)
          values (${workspaceId}, ${input.object}, ${input.key}, ${JSON.stringify(input.label)}::jsonb, ${input.type}, ${JSON.stringify(input.options ?? [])}::jsonb,
                  ${input.required ?? false},
                  coalesce(${input.position ?? null}::int, (select coalesce(max(position) + 1, 0) from custom_field_defs where workspace_id = ${workspaceId} and object = ${input.object})),
                  ${input.section ? JSON.stringify(input.section) : null}::jsonb, ${input.isHidden ?? false})
          returning id`,
    ))!;
    const field = await findField(tx, workspaceId, created.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'custom_field', recordId: field.id, action: 'create', changes: diffRecords(null, { ...field, id: undefined, createdAt: undefined }) }]);
    return field;
  });
}

/** Relabel, reorder, move to a section, hide, archive, change options or required. Stored values are never touched. */
export async function updateCustomField(ctx: Ctx, id: string, body: unknown): Promise<FieldDef> {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(customFieldUpdateSchema, body);
  const workspaceId = ctx.actor.workspaceId;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await findField(tx, workspaceId, id, true);
    if (input.options !== undefined) checkOptions(before.type, input.options, true);
    await tx.execute(
      sql`update custom_field_defs set
            label = coalesce(${input.label === undefined ? null : JSON.stringify(input.label)}::jsonb, label),
            options = coalesce(${input.options === undefined ? null : JSON.stringify(input.options)}::jsonb, options),
            required = coalesce(${input.required ?? null}::boolean, required),
            position = coalesce(${input.position ?? null}::int, position),
            section = ${input.section === undefined ? sql`section` : sql`${input.section ? JSON.stringify(input.section) : null}::jsonb`},
            is_hidden = coalesce(${input.isHidden ?? null}::boolean, is_hidden),
            is_archived = coalesce(${input.isArchived ?? null}::boolean, is_archived)
          where id = ${id}`,
    );
    const after = await findField(tx, workspaceId, id);
    const changes = diffRecords(before, after);
    if (Object.keys(changes).length) await recordAudit(tx, ctx.actor, [{ recordType: 'custom_field', recordId: id, action: 'update', changes }]);
    return after;
  });
}

/**
 * Puts all fields of an object in the given order in one transaction (moving one field renumbers its
 * neighbours; done field by field, a failure half-way would leave two fields on one place). `ids` must
 * name every field of the object exactly once, archived ones included.
 */
export async function reorderCustomFields(ctx: Ctx, body: unknown): Promise<{ data: FieldDef[] }> {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(customFieldReorderSchema, body);
  const workspaceId = ctx.actor.workspaceId;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await rows<FieldDef & { position: number }>(
      tx,
      sql`select ${columns} from custom_field_defs where workspace_id = ${workspaceId} and object = ${input.object} order by position, key for update`,
    );
    const positions = new Map(current.map((field) => [field.id, field.position]));
    const unknown = input.ids.find((id) => !positions.has(id));
    if (unknown) throw invalid('ids', `${unknown} is not a custom field of ${input.object}`);
    if (new Set(input.ids).size !== input.ids.length) throw invalid('ids', 'must not repeat a field');
    if (input.ids.length !== current.length) throw invalid('ids', `must list all ${current.length} custom fields of ${input.object}, archived ones included`);
    const moved = input.ids.map((id, position) => ({ id, position, before: positions.get(id)! })).filter((item) => item.position !== item.before);
    if (moved.length) {
      await tx.execute(
        sql`update custom_field_defs d set position = m.position
            from unnest(${pgArrayLiteral(moved.map((item) => item.id))}::uuid[], ${`{${moved.map((item) => item.position).join(',')}}`}::int[]) as m(id, position)
            where d.id = m.id`,
      );
      await recordAudit(
        tx,
        ctx.actor,
        moved.map((item) => ({ recordType: 'custom_field', recordId: item.id, action: 'update', changes: { position: { from: item.before, to: item.position } } })),
      );
    }
    return { data: await rows<FieldDef>(tx, sql`select ${columns} from custom_field_defs where workspace_id = ${workspaceId} and object = ${input.object} order by position, key`) };
  });
}
