// The generic record engine: list, get, create (single and bulk), update, soft delete, restore and
// purge for every owned object. Access rights, custom fields, duplicates and audit are applied here
// once, so no object can forget them.
import { newId } from '../ids.js';
import { sql, type SQL } from 'drizzle-orm';
import type { ZodType } from 'zod';
import { rows, type Db } from '../../db/client.js';
import { accessCondition, canActOn, requirePermission } from '../access.js';
import { recordAudit, recordAuditAndEvents, diffRecords, type AuditEntry } from '../audit.js';
import { recordDomainEvents, type DomainEvent } from '../domain-events.js';
import type { Ctx } from '../context.js';
import { loadCustomFieldDefinitions, validateCustomValues } from '../custom-fields.js';
import { AppError, invalid, notFound } from '../errors.js';
import { parseBody } from '../validation.js';
import { pgArrayLiteral } from '../sql-values.js';
import type { FieldSpec, ObjectDefinition, Values } from './definition.js';
import { buildFilterConditions, cursorCondition, encodeCursor, orderBy, parseListParams } from './list-query.js';
import { notifyAddedCoOwners } from './co-owner-notifications.js';

export const ALIAS = 't';
export const MAX_BULK = 1000;

const sqlTypes: Record<FieldSpec['type'], string> = {
  text: 'text',
  integer: 'integer',
  decimal: 'numeric',
  date: 'date',
  timestamp: 'timestamptz',
  boolean: 'boolean',
  uuid: 'uuid',
  'text[]': 'text[]',
  'uuid[]': 'uuid[]',
  json: 'jsonb',
};

/** Every field, hidden ones included: a single record (its card, a write's before/after) shows all of them. */
export function allFields(definition: ObjectDefinition): string[] {
  return Object.keys(definition.fields);
}

/** `t.col as "apiName"` for the chosen fields, or for every field a list shows by default (not `hidden` ones). */
export function selectList(definition: ObjectDefinition, fields?: string[], alias = ALIAS): SQL {
  const names = fields ? Array.from(new Set(['id', ...fields])) : Object.keys(definition.fields).filter((name) => !definition.fields[name].hidden);
  // Plain columns go in as one piece of text: every request builds this list, and turning dozens of
  // small SQL fragments into a query string was a noticeable share of a list request's CPU time.
  const parts: SQL[] = [];
  let plain: string[] = [];
  const flush = () => {
    if (plain.length) parts.push(sql.raw(plain.join(', ')));
    plain = [];
  };
  for (const name of names) {
    const spec = definition.fields[name];
    if (spec.expression) {
      flush();
      parts.push(sql`${spec.expression(alias)} as ${sql.identifier(name)}`);
    } else plain.push(`"${alias}"."${spec.column}" as "${name.replaceAll('"', '""')}"`);
  }
  flush();
  return sql.join(parts, sql`, `);
}

export function paramFor(spec: FieldSpec, value: unknown): SQL {
  if (value === null || value === undefined) return sql`null::${sql.raw(sqlTypes[spec.type])}`;
  if (spec.type === 'text[]' || spec.type === 'uuid[]') return sql`${pgArrayLiteral(value as string[])}::${sql.raw(sqlTypes[spec.type])}`;
  if (spec.type === 'json') return sql`${JSON.stringify(value)}::jsonb`;
  return sql`${value}::${sql.raw(sqlTypes[spec.type])}`;
}

function table(definition: ObjectDefinition, alias = ALIAS): SQL {
  return sql.raw(`"${definition.table}" as "${alias}"`);
}

// ---------------------------------------------------------------- reading

export interface ListResult {
  data: Values[];
  nextCursor: string | null;
  total?: number;
}

export async function listRecords(ctx: Ctx, definition: ObjectDefinition, query: Record<string, unknown>, extra: SQL[] = []): Promise<ListResult> {
  requirePermission(ctx.actor, definition.object, 'read');
  const params = parseListParams(definition, query);
  const where = [
    accessCondition(ctx.actor, definition.object, 'read', ALIAS, { includeDeleted: params.includeDeleted }),
    ...(params.includeDeleted ? [sql.raw(`"${ALIAS}"."deleted_at" is not null`)] : []),
    ...buildFilterConditions(definition, params, ALIAS),
    ...extra,
  ];
  const after = cursorCondition(definition, params, ALIAS);
  const pageWhere = after ? [...where, after] : where;
  const selectedFields = params.fields ? Array.from(new Set([...params.fields, params.sort.field])) : undefined;
  const data = await rows(
    ctx.db,
    sql`select ${selectList(definition, selectedFields)} from ${table(definition)}
        where ${sql.join(pageWhere, sql` and `)}
        order by ${orderBy(definition, params, ALIAS)} limit ${params.limit + 1}`,
  );
  const hasMore = data.length > params.limit;
  if (hasMore) data.pop();
  const result: ListResult = { data, nextCursor: hasMore ? encodeCursor(definition, params, data[data.length - 1]) : null };
  if (params.count) {
    const [{ total }] = await rows<{ total: number }>(ctx.db, sql`select count(*)::int as total from ${table(definition)} where ${sql.join(where, sql` and `)}`);
    result.total = total;
  }
  return result;
}

/** The record if the actor may perform `action` on it, else null. */
export async function findRecord(ctx: Ctx, definition: ObjectDefinition, id: string, action: 'read' | 'update' | 'delete' = 'read', options: { includeDeleted?: boolean; forUpdate?: boolean } = {}): Promise<Values | null> {
  if (!isUuid(id)) return null;
  const [record] = await rows(
    ctx.db,
    sql`select ${selectList(definition, allFields(definition))} from ${table(definition)}
        where ${accessCondition(ctx.actor, definition.object, action, ALIAS, { includeDeleted: options.includeDeleted })} and "${sql.raw(ALIAS)}"."id" = ${id}
        ${options.forUpdate ? sql`for update` : sql``}`,
  );
  return record ?? null;
}

export async function getRecord(ctx: Ctx, definition: ObjectDefinition, id: string, options: { includeDeleted?: boolean } = {}): Promise<Values> {
  requirePermission(ctx.actor, definition.object, 'read');
  const record = await findRecord(ctx, definition, id, 'read', options);
  if (!record) throw notFound(definition.recordType, id);
  return record;
}

/** Loads a record for a write: 404 when invisible, 403 when visible but not writable. */
async function loadForWrite(ctx: Ctx, definition: ObjectDefinition, id: string, action: 'update' | 'delete', includeDeleted = false): Promise<Values> {
  requirePermission(ctx.actor, definition.object, action);
  const record = await findRecord(ctx, definition, id, action, { includeDeleted, forUpdate: true });
  if (record) return record;
  if (await findRecord(ctx, definition, id, 'read', { includeDeleted })) {
    throw new AppError('FORBIDDEN', { message: `You may not ${action} this ${definition.recordType}`, details: { id } });
  }
  throw notFound(definition.recordType, id);
}

// ---------------------------------------------------------------- writing

export interface WriteOptions {
  force?: boolean;
}

/** Validates one body, turning zod issues into field-named errors (prefixed for bulk items). */
function parseInput(schema: ZodType, body: unknown, prefix = ''): Values {
  return parseBody(schema, body, prefix) as Values;
}

/** Checks owner and collaborators, fills team_id from the owner. */
/** Owners' teams looked up once per call: a bulk create of 1,000 records by one owner asks once. */
type OwnerTeams = Map<string, Promise<{ teamId: string | null } | undefined>>;

async function applyOwnership(ctx: Ctx, definition: ObjectDefinition, values: Values, existing: Values | null, prefix: string, owners: OwnerTeams = new Map()): Promise<void> {
  const { actor } = ctx;
  if (!existing && values.ownerId === undefined) values.ownerId = actor.userId;
  const level = requirePermission(actor, definition.object, existing ? 'update' : 'create');
  if (values.ownerId !== undefined && values.ownerId !== (existing?.ownerId ?? undefined)) {
    if (values.ownerId !== null) {
      const ownerId = values.ownerId as string;
      // The actor is an active user whose team is known already: no need to ask the database.
      if (ownerId === actor.userId && !owners.has(ownerId)) owners.set(ownerId, Promise.resolve({ teamId: actor.teamId }));
      if (!owners.has(ownerId)) {
        owners.set(
          ownerId,
          rows<{ teamId: string | null }>(ctx.db, sql`select team_id as "teamId" from users where id = ${ownerId} and workspace_id = ${actor.workspaceId} and is_active`).then((found) => found[0]),
        );
      }
      const owner = await owners.get(ownerId);
      if (!owner) throw invalid(`${prefix}ownerId`, 'is not an active user of this workspace');
      values.teamId = owner.teamId;
    } else values.teamId = null;
    if (level === 'own' && values.ownerId !== actor.userId) throw invalid(`${prefix}ownerId`, 'you may only assign records to yourself');
    if (level === 'team' && values.teamId && !actor.teamScope.includes(values.teamId as string) && values.ownerId !== actor.userId) {
      throw invalid(`${prefix}ownerId`, 'you may only assign records within your team');
    }
  }
  const collaborators = values.collaboratorIds as string[] | undefined;
  if (collaborators?.length) {
    const [{ found }] = await rows<{ found: number }>(
      ctx.db,
      sql`select count(*)::int as found from users where workspace_id = ${actor.workspaceId} and id = any(${pgArrayLiteral(collaborators)}::uuid[])`,
    );
    if (found !== new Set(collaborators).size) throw invalid(`${prefix}collaboratorIds`, 'contains an unknown user');
  }
}

async function prepareValues(ctx: Ctx, tx: Db, definition: ObjectDefinition, values: Values, existing: Values | null, prefix: string, customDefinitions: Awaited<ReturnType<typeof loadCustomFieldDefinitions>>, owners?: OwnerTeams, batch = false): Promise<void> {
  await applyOwnership({ ...ctx, db: tx }, definition, values, existing, prefix, owners);
  if (values.custom !== undefined || !existing) {
    try {
      values.custom = validateCustomValues(customDefinitions, (values.custom as Values) ?? {}, (existing?.custom as Values) ?? {}, { isCreate: !existing });
    } catch (error) {
      if (error instanceof AppError && prefix) prefixDetails(error, prefix);
      throw error;
    }
  }
  if (batch && definition.prepareBatch) return;
  try {
    await definition.prepare?.({ ...ctx, db: tx }, tx, values, existing);
  } catch (error) {
    if (error instanceof AppError && prefix) prefixDetails(error, prefix);
    throw error;
  }
}

function prefixDetails(error: AppError, prefix: string): void {
  const details = error.details as { field?: string }[] | undefined;
  if (Array.isArray(details)) for (const detail of details) if (detail.field) detail.field = prefix + detail.field;
}

async function checkDuplicates(ctx: Ctx, definition: ObjectDefinition, values: Values, excludeId: string | null, options: WriteOptions): Promise<void> {
  if (options.force || !definition.findDuplicates) return;
  const candidates = await definition.findDuplicates(ctx, values, excludeId);
  if (candidates.length) {
    throw new AppError('DUPLICATE_SUSPECTED', {
      message: `A similar ${definition.recordType} already exists; open it, merge, or repeat with force=true to save anyway`,
      details: { candidates },
    });
  }
}

/** Inserts rows that share one set of keys, in one statement; ids are made here so their order is known. */
async function insertRows(tx: Db, definition: ObjectDefinition, workspaceId: string, actorId: string, group: Values[]): Promise<Values[]> {
  const keys = Object.keys(group[0]).filter((key) => definition.fields[key] && key !== 'id');
  const columns = [definition.fields.id, ...keys.map((key) => definition.fields[key])];
  const ids = group.map(() => newId());
  const payload = JSON.stringify(group.map((values, row) => Object.fromEntries([['id', ids[row]], ...keys.map((key, index) => [columns[index + 1].column, values[key] ?? null])])));
  const recordset = sql.raw(columns.map((spec) => `"${spec.column}" ${sqlTypes[spec.type]}`).join(', '));
  const columnList = sql.raw(columns.map((spec) => `"${spec.column}"`).join(', '));
  const selectColumns = sql.raw(columns.map((spec) => `x."${spec.column}"`).join(', '));
  // The stored records come back in the same round trip (RETURNING evaluates the fields' expressions too).
  const inserted = await rows(
    tx,
    sql`insert into ${sql.raw(`"${definition.table}"`)} as ${sql.raw(`"${ALIAS}"`)} (workspace_id, created_by, ${columnList})
        select ${workspaceId}::uuid, ${actorId}::uuid, ${selectColumns}
        from jsonb_to_recordset(${payload}::jsonb) as x(${recordset})
        returning ${selectList(definition, allFields(definition))}`,
  );
  const byId = new Map(inserted.map((row) => [row.id as string, row]));
  return ids.map((id) => byId.get(id)!);
}

async function selectByIds(tx: Db, definition: ObjectDefinition, ids: string[]): Promise<Values[]> {
  if (ids.length === 0) return [];
  const found = await rows(tx, sql`select ${selectList(definition, allFields(definition))} from ${table(definition)} where "${sql.raw(ALIAS)}"."id" = any(${pgArrayLiteral(ids)}::uuid[])`);
  const byId = new Map(found.map((row) => [row.id as string, row]));
  return ids.map((id) => byId.get(id)!);
}

export async function createRecords(ctx: Ctx, definition: ObjectDefinition, bodies: unknown[], options: WriteOptions = {}): Promise<Values[]> {
  requirePermission(ctx.actor, definition.object, 'create');
  if (bodies.length === 0) throw invalid('records', 'must contain at least one record');
  if (bodies.length > MAX_BULK) throw invalid('records', `at most ${MAX_BULK} records per request`);
  const bulk = bodies.length > 1;
  const parsed = bodies.map((body, index) => parseInput(definition.createSchema, body, bulk ? `records[${index}].` : ''));
  return ctx.db.transaction((tx) => insertParsedRecords(ctx, tx as unknown as Db, definition, parsed, options));
}

export interface CreateInTransactionOptions extends WriteOptions {
  /** Prefix for the field names in validation errors (e.g. 'contact.'). */
  prefix?: string;
  /** Values set by the server after validation (read-only columns such as deals.lead_id). */
  preset?: Values;
}

/**
 * Creates one record inside a transaction the caller already holds, with the same validation,
 * access rights, duplicate check, hooks and audit as createRecord (for use cases that write several
 * objects atomically, such as converting a lead).
 */
export async function createRecordInTransaction(ctx: Ctx, tx: Db, definition: ObjectDefinition, body: unknown, options: CreateInTransactionOptions = {}): Promise<Values> {
  requirePermission(ctx.actor, definition.object, 'create');
  const values = parseInput(definition.createSchema, body, options.prefix ?? '');
  const [record] = await insertParsedRecords(ctx, tx, definition, [values], options);
  return record;
}

export interface BatchOptions {
  /** What goes in front of the field names of errors about item i (an import names the file's element and line). */
  prefixes?: string[];
}

/**
 * Creates up to MAX_BULK records inside a transaction the caller holds (an import writing a file in one
 * transaction), with the validation, rights, hooks, audit and outbox events of createRecords.
 */
export async function createRecordsInTransaction(ctx: Ctx, tx: Db, definition: ObjectDefinition, bodies: unknown[], options: BatchOptions = {}): Promise<Values[]> {
  requirePermission(ctx.actor, definition.object, 'create');
  if (bodies.length === 0) return [];
  if (bodies.length > MAX_BULK) throw invalid('records', `at most ${MAX_BULK} records per batch`);
  const prefixes = bodies.map((_, index) => options.prefixes?.[index] ?? `records[${index}].`);
  const parsed = bodies.map((body, index) => parseInput(definition.createSchema, body, prefixes[index]));
  return insertParsedRecords(ctx, tx, definition, parsed, { force: true, prefixes });
}

async function insertParsedRecords(ctx: Ctx, tx: Db, definition: ObjectDefinition, parsed: Values[], options: CreateInTransactionOptions & BatchOptions): Promise<Values[]> {
  const bulk = parsed.length > 1;
  const prefixOf = (index: number) => options.prefixes?.[index] ?? (bulk ? `records[${index}].` : (options.prefix ?? ''));
  const customDefinitions = await loadCustomFieldDefinitions(tx, ctx.actor.workspaceId, definition.object);
  const owners: OwnerTeams = new Map();
  const batch = bulk && Boolean(definition.prepareBatch);
  for (let index = 0; index < parsed.length; index++) {
    await prepareValues(ctx, tx, definition, parsed[index], null, prefixOf(index), customDefinitions, owners, batch);
    if (options.preset) Object.assign(parsed[index], options.preset);
  }
  if (batch) await definition.prepareBatch!({ ...ctx, db: tx }, tx, parsed.map((values) => ({ values, existing: null })), parsed.map((_, index) => prefixOf(index)));
  if (!bulk) await checkDuplicates({ ...ctx, db: tx }, definition, parsed[0], null, options);
  // Rows with the same keys go in one statement; order is preserved in the result.
  const groups = new Map<string, number[]>();
  parsed.forEach((values, index) => {
    const signature = Object.keys(values).sort().join(',');
    const group = groups.get(signature);
    if (group) group.push(index);
    else groups.set(signature, [index]);
  });
  const created: Values[] = new Array(parsed.length);
  for (const indexes of groups.values()) {
    const inserted = await insertRows(tx, definition, ctx.actor.workspaceId, ctx.actor.userId, indexes.map((index) => parsed[index]));
    indexes.forEach((index, position) => (created[index] = inserted[position]));
  }
  const ids = created.map((record) => record.id as string);
  // The audit events and the outbox rows of the whole batch in one statement.
  await recordAuditAndEvents(
    tx,
    ctx.actor,
    created.map((record) => ({ recordType: definition.recordType, recordId: record.id as string, action: 'create' as const, changes: diffRecords(null, stripEmpty(record)) })),
    ids.map((id) => recordEvent(ctx, definition, 'record.created', id)),
  );
  await notifyAddedCoOwners(ctx, tx, definition, created.map((record) => ({ before: null, after: record })));
  let reload = false;
  if (definition.afterWrite) {
    for (const record of created) if ((await definition.afterWrite({ ...ctx, db: tx }, tx, 'create', null, record)) !== 'unchanged') reload = true;
  }
  return reload ? selectByIds(tx, definition, ids) : created;
}

function stripEmpty(record: Values): Values {
  return Object.fromEntries(Object.entries(record).filter(([key, value]) => value !== null && key !== 'id' && !(Array.isArray(value) && value.length === 0) && !(typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)));
}

export async function createRecord(ctx: Ctx, definition: ObjectDefinition, body: unknown, options: WriteOptions = {}): Promise<Values> {
  const [record] = await createRecords(ctx, definition, [body], options);
  return record;
}

/** Applies a validated patch inside an open transaction; returns the updated record. */
export async function applyUpdate(ctx: Ctx, tx: Db, definition: ObjectDefinition, id: string, patch: Values, options: WriteOptions & { prefix?: string; audit?: Partial<AuditEntry>; events?: DomainEvent[] } = {}): Promise<Values> {
  const txCtx = { ...ctx, db: tx };
  const existing = await loadForWrite(txCtx, definition, id, 'update');
  const customDefinitions = patch.custom !== undefined ? await loadCustomFieldDefinitions(tx, ctx.actor.workspaceId, definition.object) : [];
  await prepareValues(ctx, tx, definition, patch, existing, options.prefix ?? '', customDefinitions);
  const keys = Object.keys(patch).filter((key) => definition.fields[key] && key !== 'id' && JSON.stringify(patch[key] ?? null) !== JSON.stringify(existing[key] ?? null));
  if (keys.length === 0) return existing;
  await checkDuplicates(txCtx, definition, { ...existing, ...patch }, id, options);
  const assignments = keys.map((key) => sql`${sql.raw(`"${definition.fields[key].column}"`)} = ${paramFor(definition.fields[key], patch[key])}`);
  await tx.execute(sql`update ${sql.raw(`"${definition.table}"`)} set ${sql.join(assignments, sql`, `)}, updated_at = now() where id = ${id}`);
  const [updated] = await selectByIds(tx, definition, [id]);
  const changes = diffRecords(existing, updated);
  // A bulk caller collects the events and writes them once (flushEvents); a single update writes its own
  // in the statement of its audit event.
  const event = recordEvent(ctx, definition, 'record.updated', id, { changedFields: Object.keys(changes) });
  if (options.events) options.events.push(event);
  await recordAuditAndEvents(tx, ctx.actor, [{ recordType: definition.recordType, recordId: id, action: 'update', changes, ...options.audit }], options.events ? [] : [event]);
  await notifyAddedCoOwners(ctx, tx, definition, [{ before: existing, after: updated }]);
  const effect = definition.afterWrite ? await definition.afterWrite(txCtx, tx, 'update', existing, updated) : 'unchanged';
  return effect === 'unchanged' ? updated : (await selectByIds(tx, definition, [id]))[0];
}

/**
 * Set-based update of up to MAX_BULK records inside a transaction the caller holds: one locking read
 * (rows the actor may not update are 403/404 naming the item), the same ownership, custom-field and
 * prepare checks as applyUpdate, one UPDATE per set of changed columns, one statement of audit and
 * outbox events. Items whose patch changes nothing write nothing. Duplicate warnings are not raised
 * (as in bulk-update). Returns the records after the write, in the items' order.
 */
export async function applyUpdates(ctx: Ctx, tx: Db, definition: ObjectDefinition, items: { id: string; patch: Values }[], options: BatchOptions = {}): Promise<Values[]> {
  requirePermission(ctx.actor, definition.object, 'update');
  if (items.length === 0) return [];
  if (items.length > MAX_BULK) throw invalid('records', `at most ${MAX_BULK} records per batch`);
  const txCtx = { ...ctx, db: tx };
  const prefixes = items.map((_, index) => options.prefixes?.[index] ?? `records[${index}].`);
  const ids = items.map((item) => item.id);
  const found = await rows(
    tx,
    sql`select ${selectList(definition, allFields(definition))} from ${table(definition)}
        where ${accessCondition(ctx.actor, definition.object, 'update', ALIAS)} and "${sql.raw(ALIAS)}"."id" = any(${pgArrayLiteral(ids)}::uuid[]) for update`,
  );
  const byId = new Map(found.map((row) => [row.id as string, row]));
  for (const [index, item] of items.entries()) {
    if (byId.has(item.id)) continue;
    const readable = await findRecord(txCtx, definition, item.id, 'read');
    if (readable) throw new AppError('FORBIDDEN', { message: `${prefixes[index]}You may not update this ${definition.recordType}`, details: [{ field: `${prefixes[index]}id`, problem: 'may not be updated by you', id: item.id }] });
    throw invalid(`${prefixes[index]}id`, `is not a ${definition.recordType} you can see`);
  }
  const needsCustom = items.some((item) => item.patch.custom !== undefined);
  const customDefinitions = needsCustom ? await loadCustomFieldDefinitions(tx, ctx.actor.workspaceId, definition.object) : [];
  const owners: OwnerTeams = new Map();
  const batch = Boolean(definition.prepareBatch);
  for (const [index, item] of items.entries()) await prepareValues(ctx, tx, definition, item.patch, byId.get(item.id)!, prefixes[index], customDefinitions, owners, batch);
  if (batch) await definition.prepareBatch!(txCtx, tx, items.map((item) => ({ values: item.patch, existing: byId.get(item.id)! })), prefixes);
  // Group the changed items by the set of columns they change: one UPDATE ... FROM recordset per group.
  const groups = new Map<string, { id: string; patch: Values; keys: string[] }[]>();
  for (const item of items) {
    const existing = byId.get(item.id)!;
    const keys = Object.keys(item.patch)
      .filter((key) => definition.fields[key] && key !== 'id' && JSON.stringify(item.patch[key] ?? null) !== JSON.stringify(existing[key] ?? null))
      .sort();
    if (keys.length === 0) continue;
    const signature = keys.join(',');
    groups.set(signature, [...(groups.get(signature) ?? []), { ...item, keys }]);
  }
  const changedIds: string[] = [];
  const updated = new Map<string, Values>();
  for (const group of groups.values()) {
    const specs = group[0].keys.map((key) => definition.fields[key]);
    const payload = JSON.stringify(group.map((item) => Object.fromEntries([['id', item.id], ...group[0].keys.map((key, index) => [specs[index].column, item.patch[key] ?? null])])));
    const recordset = sql.raw([`"id" uuid`, ...specs.map((spec) => `"${spec.column}" ${sqlTypes[spec.type]}`)].join(', '));
    const assignments = sql.raw(specs.map((spec) => `"${spec.column}" = x."${spec.column}"`).join(', '));
    // The stored records come back in the same round trip (RETURNING evaluates the fields' expressions too).
    const written = await rows(
      tx,
      sql`update ${sql.raw(`"${definition.table}"`)} as ${sql.raw(`"${ALIAS}"`)} set ${assignments}, updated_at = now()
          from jsonb_to_recordset(${payload}::jsonb) as x(${recordset}) where "${sql.raw(ALIAS)}".id = x.id
          returning ${selectList(definition, allFields(definition))}`,
    );
    for (const row of written) updated.set(row.id as string, row);
    changedIds.push(...group.map((item) => item.id));
  }
  const entries: AuditEntry[] = [];
  const events: DomainEvent[] = [];
  for (const id of changedIds) {
    const changes = diffRecords(byId.get(id)!, updated.get(id)!);
    entries.push({ recordType: definition.recordType, recordId: id, action: 'update', changes });
    events.push(recordEvent(ctx, definition, 'record.updated', id, { changedFields: Object.keys(changes) }));
  }
  await recordAuditAndEvents(tx, ctx.actor, entries, events);
  await notifyAddedCoOwners(ctx, tx, definition, changedIds.map((id) => ({ before: byId.get(id)!, after: updated.get(id)! })));
  let reload = false;
  if (definition.afterWrite) {
    for (const id of changedIds) if ((await definition.afterWrite(txCtx, tx, 'update', byId.get(id)!, updated.get(id)!)) !== 'unchanged') reload = true;
  }
  if (reload) for (const row of await selectByIds(tx, definition, changedIds)) updated.set(row.id as string, row);
  return items.map((item) => updated.get(item.id) ?? byId.get(item.id)!);
}

export async function updateRecord(ctx: Ctx, definition: ObjectDefinition, id: string, body: unknown, options: WriteOptions = {}): Promise<Values> {
  requirePermission(ctx.actor, definition.object, 'update');
  const patch = parseInput(definition.updateSchema, body);
  return ctx.db.transaction((tx) => applyUpdate(ctx, tx as unknown as Db, definition, id, patch, options));
}

/** Bulk update: every item carries its id; all or nothing. */
export async function updateRecords(ctx: Ctx, definition: ObjectDefinition, bodies: unknown[]): Promise<Values[]> {
  requirePermission(ctx.actor, definition.object, 'update');
  if (bodies.length === 0 || bodies.length > MAX_BULK) throw invalid('records', `must contain 1 to ${MAX_BULK} records`);
  const items = bodies.map((body, index) => {
    const { id, ...rest } = (body ?? {}) as Values;
    if (typeof id !== 'string' || !isUuid(id)) throw invalid(`records[${index}].id`, 'is required and must be a UUID');
    return { id, patch: parseInput(definition.updateSchema, rest, `records[${index}].`) };
  });
  return ctx.db.transaction(async (tx) => {
    const updated: Values[] = [];
    const events: DomainEvent[] = [];
    for (const [index, item] of items.entries()) {
      updated.push(await applyUpdate(ctx, tx as unknown as Db, definition, item.id, item.patch, { force: true, prefix: `records[${index}].`, events }));
    }
    await recordDomainEvents(tx as unknown as Db, events);
    return updated;
  });
}

/** Soft delete (restorable). All or nothing. */
export async function deleteRecords(ctx: Ctx, definition: ObjectDefinition, ids: string[]): Promise<{ deleted: number }> {
  requirePermission(ctx.actor, definition.object, 'delete');
  if (ids.length === 0 || ids.length > MAX_BULK) throw invalid('ids', `must contain 1 to ${MAX_BULK} ids`);
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx as unknown as Db };
    for (const id of ids) await loadForWrite(txCtx, definition, id, 'delete');
    await tx.execute(sql`update ${sql.raw(`"${definition.table}"`)} set deleted_at = now(), updated_at = now() where id = any(${pgArrayLiteral(ids)}::uuid[])`);
    await recordAuditAndEvents(tx as unknown as Db, ctx.actor, ids.map((id) => ({ recordType: definition.recordType, recordId: id, action: 'delete' as const })), Array.from(new Set(ids), (id) => recordEvent(ctx, definition, 'record.deleted', id)));
    return { deleted: ids.length };
  });
}

export async function restoreRecord(ctx: Ctx, definition: ObjectDefinition, id: string): Promise<Values> {
  requirePermission(ctx.actor, definition.object, 'delete');
  return ctx.db.transaction(async (tx) => {
    const existing = await loadForWrite({ ...ctx, db: tx as unknown as Db }, definition, id, 'delete', true);
    if (!existing.deletedAt) throw new AppError('CONFLICT', { message: `This ${definition.recordType} is not deleted`, details: { id } });
    await tx.execute(sql`update ${sql.raw(`"${definition.table}"`)} set deleted_at = null, updated_at = now() where id = ${id}`);
    await recordAuditAndEvents(tx as unknown as Db, ctx.actor, [{ recordType: definition.recordType, recordId: id, action: 'restore' }], [recordEvent(ctx, definition, 'record.updated', id, { changedFields: ['deletedAt'], restored: true })]);
    return (await selectByIds(tx as unknown as Db, definition, [id]))[0];
  });
}

/** Permanent removal of a soft-deleted record; needs delete rights at level 'all'. The audit trail stays. */
export async function purgeRecord(ctx: Ctx, definition: ObjectDefinition, id: string): Promise<void> {
  if (requirePermission(ctx.actor, definition.object, 'delete') !== 'all') {
    throw new AppError('FORBIDDEN', { message: 'Only users who may delete all records can purge', details: { id } });
  }
  await ctx.db.transaction(async (tx) => {
    const existing = await loadForWrite({ ...ctx, db: tx as unknown as Db }, definition, id, 'delete', true);
    if (!existing.deletedAt) throw new AppError('CONFLICT', { message: 'Delete the record before purging it', details: { id } });
    await tx.execute(sql`delete from ${sql.raw(`"${definition.table}"`)} where id = ${id}`);
    await recordAudit(tx as unknown as Db, ctx.actor, [{ recordType: definition.recordType, recordId: id, action: 'purge', changes: diffRecords(stripEmpty(existing), null) }]);
  });
}

/** The outbox row of a record write (core/domain-events.ts): the webhook dispatcher reads the record itself at delivery. */
export function recordEvent(ctx: Ctx, definition: ObjectDefinition, type: 'record.created' | 'record.updated' | 'record.deleted', recordId: string, data: Values = {}): DomainEvent {
  return { workspaceId: ctx.actor.workspaceId, type, object: definition.object, recordId, actorId: ctx.actor.userId, data };
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export { canActOn };
