// Writes one batch of converted rows set-based: companies and contacts (and leads, products and
// activities, imported on their own) are matched, then inserted and updated with one statement each
// (jsonb_to_recordset), with audit events and the records the import touched (for undo), all inside
// the batch's transaction. Deals go through the record engine row by row (their pipeline rules live
// in its hooks), each in a savepoint; so do orders, one per order number (order-import.ts).
import { newId } from '../../core/ids.js';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { canActOn } from '../../core/access.js';
import { recordAudit, diffRecords, type AuditEntry } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { ObjectDefinition, Values } from '../../core/records/definition.js';
import { createRecordInTransaction } from '../../core/records/record-service.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { dealDefinition } from '../deals/deals.definition.js';
import { leadDefinition } from '../leads/leads.definition.js';
import { productDefinition } from '../products/products.definition.js';
import { activityDefinition } from '../activities/activities.definition.js';
import { writeOrders } from './order-import.js';
import { resolveActivityLinks } from './activity-import.js';
import type { ImportObject } from './parsing/import-fields.js';
import { keysOf, loadMatches, type MatchKey } from './record-matcher.js';
import { teamOf, type ConvertedRow, type LookupUser, type RowProblem } from './row-converter.js';

export type DuplicateStrategy = 'skip' | 'update' | 'create';

export interface BatchItem {
  number: number;
  cells: string[];
  converted: ConvertedRow;
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  failed: { number: number; cells: string[]; problems: RowProblem[] }[];
}

export interface WriteSettings {
  importId: string;
  primary: ImportObject;
  strategy: DuplicateStrategy;
  matchBy: MatchKey[];
  users: LookupUser[];
}

/** Objects written set-based by planObject/executePlan. */
export type SetObject = 'contact' | 'company' | 'lead' | 'product' | 'activity';
export const setDefinitions: Record<SetObject, ObjectDefinition> = { contact: contactDefinition, company: companyDefinition, lead: leadDefinition, product: productDefinition, activity: activityDefinition };
const definitions = setDefinitions;
/** Column defaults a set-based insert must give itself (it writes every column). */
const insertDefaults: Partial<Record<SetObject, () => Values>> = {
  lead: () => ({ status: 'new', currency: 'RUB' }),
  product: () => ({ unit: 'pcs', price: '0', currency: 'RUB', stockQuantity: '0', isActive: true, isRepeatPurchase: false }),
  activity: () => ({ occurredAt: new Date().toISOString() }),
};
const LIST_FIELDS = new Set(['phones', 'emails', 'tags']);

export interface Plan {
  inserts: Values[];
  updates: Map<string, { before: Values; after: Values; row: number }>;
  /** Row number → id of the record the row ends up with (for linking). */
  idOfRow: Map<number, string>;
  actionOfRow: Map<number, 'created' | 'updated' | 'skipped'>;
  rowOfInsert: Map<string, number>;
}

/** Merges imported values into an existing record: lists united, custom merged, other fields overwritten. */
function mergeInto(existing: Values, incoming: Values): Values {
  const after: Values = { ...existing };
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined || value === null) continue;
    if (LIST_FIELDS.has(key)) after[key] = Array.from(new Set([...((existing[key] as string[]) ?? []), ...(value as string[])]));
    else if (key === 'custom') after.custom = { ...((existing.custom as Values) ?? {}), ...(value as Values) };
    else after[key] = value;
  }
  return after;
}

/**
 * GIN indexes buffer new entries in a pending list that every lookup scans key by key; after a few
 * batches that made matching 1,000 keys take most of a second. Merging the list first keeps each
 * batch's lookup at a few milliseconds (on a savepoint: without index ownership it is skipped).
 */
async function flushGinPendingLists(tx: Db, table: string): Promise<void> {
  try {
    await tx.transaction(async (savepoint) => {
      await savepoint.execute(sql`select gin_clean_pending_list(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = ${table}::regclass and c.relname in ('contacts_emails_idx', 'contacts_phones_idx', 'companies_emails_idx', 'companies_phones_idx', 'leads_emails_idx', 'leads_phones_idx')`);
    });
  } catch {
    /* not the owner of the index: matching still works, only slower */
  }
}

export async function planObject(ctx: Ctx, tx: Db, object: SetObject, items: BatchItem[], settings: WriteSettings, failed: Map<number, RowProblem[]>, linkCompany?: Map<number, string>): Promise<Plan> {
  const definition = definitions[object];
  const isPrimary = settings.primary === object;
  let matchBy: MatchKey[] = isPrimary ? settings.matchBy : object === 'company' ? ['inn', 'externalId', 'name'] : ['email', 'phone', 'externalId'];
  // A SKU is unique among a workspace's products: it always identifies the product, whatever else matches.
  if (object === 'product') matchBy = ['sku', ...matchBy.filter((key) => key !== 'sku')];
  const strategy: DuplicateStrategy = isPrimary ? settings.strategy : 'skip';
  const plan: Plan = { inserts: [], updates: new Map(), idOfRow: new Map(), actionOfRow: new Map(), rowOfInsert: new Map() };
  const withValues = items.filter((item) => item.converted[object] && !failed.has(item.number));
  const keysToMatch = (values: Values) => (strategy !== 'create' ? keysOf(values, matchBy) : object === 'product' ? keysOf(values, ['sku']) : []);
  const allKeys = new Set(withValues.flatMap((item) => keysToMatch(item.converted[object]!)));
  if ([...allKeys].some((key) => key.startsWith('email:') || key.startsWith('phone:'))) await flushGinPendingLists(tx, definition.table);
  const index = await loadMatches(tx, ctx.actor, definition, allKeys);
  const current = new Map<string, Values>(); // id → latest values within this batch
  for (const item of withValues) {
    const incoming: Values = { ...item.converted[object]! };
    if (object === 'contact' && linkCompany?.has(item.number)) incoming.companyId ??= linkCompany.get(item.number);
    const keys = keysToMatch(incoming);
    const match = keys.map((key) => index.get(key)).find(Boolean);
    if (match && strategy === 'create') {
      failed.set(item.number, [{ field: 'product.sku', problem: `is already used by the product "${String(match.name)}"` }]);
      continue;
    }
    if (match) {
      const id = match.id as string;
      plan.idOfRow.set(item.number, id);
      if (strategy !== 'update') {
        plan.actionOfRow.set(item.number, 'skipped');
        continue;
      }
      const base = current.get(id) ?? match;
      if (!plan.rowOfInsert.has(id) && !canActOn(ctx.actor, definition.object, 'update', base as never)) {
        failed.set(item.number, [{ field: object, problem: `matches the existing ${definition.recordType} "${String(base.fullName ?? base.name ?? base.title ?? base.subject ?? base.id)}", which you may not change` }]);
        continue;
      }
      const after = mergeInto(base, incoming);
      if (incoming.ownerId !== undefined) after.teamId = teamOf(settings.users, incoming.ownerId as string);
      current.set(id, after);
      if (plan.rowOfInsert.has(id)) {
        const insert = plan.inserts.find((candidate) => candidate.id === id)!;
        Object.assign(insert, after);
      } else {
        const previous = plan.updates.get(id);
        plan.updates.set(id, { before: previous?.before ?? match, after, row: previous?.row ?? item.number });
      }
      plan.actionOfRow.set(item.number, 'updated');
      for (const key of keysOf(after, matchBy)) if (!index.has(key)) index.set(key, after);
      continue;
    }
    const id = newId();
    const values: Values = { ...insertDefaults[object]?.(), ...incoming, id, ownerId: incoming.ownerId ?? ctx.actor.userId };
    values.teamId = teamOf(settings.users, values.ownerId as string);
    values.phones ??= [];
    values.emails ??= [];
    values.tags ??= [];
    values.collaboratorIds ??= [];
    values.custom ??= {};
    plan.inserts.push(values);
    plan.rowOfInsert.set(id, item.number);
    plan.idOfRow.set(item.number, id);
    plan.actionOfRow.set(item.number, 'created');
    current.set(id, values);
    for (const key of keysOf(values, matchBy)) if (!index.has(key)) index.set(key, values);
  }
  return plan;
}

const sqlType: Record<string, string> = { text: 'text', integer: 'integer', decimal: 'numeric', date: 'date', timestamp: 'timestamptz', boolean: 'boolean', uuid: 'uuid', 'text[]': 'text[]', 'uuid[]': 'uuid[]', json: 'jsonb' };

function writableFields(definition: ObjectDefinition): string[] {
  return Object.keys(definition.fields).filter((name) => {
    const spec = definition.fields[name];
    return !spec.expression && (!spec.readOnly || name === 'teamId') && name !== 'id';
  });
}

export async function executePlan(ctx: Ctx, tx: Db, definition: ObjectDefinition, plan: Plan, importId: string): Promise<void> {
  const fields = writableFields(definition);
  const recordset = sql.raw(['"id" uuid', ...fields.map((name) => `"${definition.fields[name].column}" ${sqlType[definition.fields[name].type]}`)].join(', '));
  const toRow = (values: Values) => Object.fromEntries([['id', values.id], ...fields.map((name) => [definition.fields[name].column, values[name] ?? null])]);
  const table = sql.raw(`"${definition.table}"`);
  const audit: AuditEntry[] = [];
  const records: { record_type: string; record_id: string; action: string; row_number: number }[] = [];
  if (plan.inserts.length) {
    const columns = sql.raw(['"id"', ...fields.map((name) => `"${definition.fields[name].column}"`)].join(', '));
    // A required flag the file does not carry (contacts' marketing consent) is false, not null: no consent recorded.
    const cell = (name: string) => (definition.fields[name].type === 'boolean' && !definition.fields[name].nullable ? `coalesce(x."${definition.fields[name].column}", false)` : `x."${definition.fields[name].column}"`);
    const selected = sql.raw(['x."id"', ...fields.map(cell)].join(', '));
    await tx.execute(sql`insert into ${table} (workspace_id, created_by, ${columns})
      select ${ctx.actor.workspaceId}::uuid, ${ctx.actor.userId}::uuid, ${selected} from jsonb_to_recordset(${JSON.stringify(plan.inserts.map(toRow))}::jsonb) as x(${recordset})`);
    for (const values of plan.inserts) {
      const row = plan.rowOfInsert.get(values.id as string)!;
      const { id, ...rest } = values;
      audit.push({ recordType: definition.recordType, recordId: id as string, action: 'create', changes: diffRecords(null, stripEmpty(rest)), meta: { importId, row } });
      records.push({ record_type: definition.recordType, record_id: id as string, action: 'created', row_number: row });
    }
  }
  if (plan.updates.size) {
    const updates = [...plan.updates.values()];
    const assignments = sql.raw(
      fields
        .map((name) => {
          const column = definition.fields[name].column;
          // An import never clears a required flag it does not carry: the record keeps its value.
          return definition.fields[name].type === 'boolean' && !definition.fields[name].nullable ? `"${column}" = coalesce(x."${column}", t."${column}")` : `"${column}" = x."${column}"`;
        })
        .join(', '),
    );
    await tx.execute(sql`update ${table} as t set ${assignments}, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(updates.map((update) => toRow(update.after)))}::jsonb) as x(${recordset}) where t.id = x.id`);
    for (const update of updates) {
      const changes = diffRecords(pick(update.before, fields), pick(update.after, fields));
      audit.push({ recordType: definition.recordType, recordId: update.after.id as string, action: 'update', changes, meta: { importId, row: update.row } });
      records.push({ record_type: definition.recordType, record_id: update.after.id as string, action: 'updated', row_number: update.row });
    }
  }
  await recordAudit(tx, ctx.actor, audit);
  await recordImported(tx, importId, records);
}

export async function recordImported(tx: Db, importId: string, records: { record_type: string; record_id: string; action: string; row_number: number }[]): Promise<void> {
  if (!records.length) return;
  await tx.execute(sql`insert into import_records (import_id, record_type, record_id, action, row_number)
    select ${importId}::uuid, x.record_type, x.record_id, x.action, x.row_number
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(record_type text, record_id uuid, action text, row_number integer)
    on conflict do nothing`);
}

function pick(values: Values, fields: string[]): Values {
  return Object.fromEntries(fields.map((name) => [name, values[name] ?? null]));
}

function stripEmpty(values: Values): Values {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0) && !(typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0)));
}

/** Writes a batch; rows with conversion problems are reported as failed and nothing of them is written. */
export async function writeBatch(ctx: Ctx, tx: Db, items: BatchItem[], settings: WriteSettings): Promise<BatchResult> {
  const failed = new Map<number, RowProblem[]>();
  for (const item of items) if (item.converted.problems.length) failed.set(item.number, item.converted.problems);
  const result: BatchResult = { created: 0, updated: 0, skipped: 0, failed: [] };
  let primaryPlan: Plan | null = null;
  if (settings.primary === 'order') {
    await writeOrders(ctx, tx, items, settings, failed, result);
  } else if (settings.primary === 'lead' || settings.primary === 'product' || settings.primary === 'activity') {
    if (settings.primary === 'activity') await resolveActivityLinks(ctx, tx, items, failed);
    primaryPlan = await planObject(ctx, tx, settings.primary, items, settings, failed);
    await executePlan(ctx, tx, definitions[settings.primary], primaryPlan, settings.importId);
  } else {
    primaryPlan = await writePeopleAndDeals(ctx, tx, items, settings, failed, result);
  }
  if (primaryPlan && settings.primary !== 'deal') {
    for (const item of items) {
      if (failed.has(item.number)) continue;
      const action = primaryPlan.actionOfRow.get(item.number);
      if (action === 'created') result.created++;
      else if (action === 'updated') result.updated++;
      else result.skipped++;
    }
  }
  for (const item of items) if (failed.has(item.number)) result.failed.push({ number: item.number, cells: item.cells, problems: failed.get(item.number)! });
  return result;
}

/** Companies, then contacts linked to them, then (for a deals import) deals: the rows of contacts, companies and deals imports. */
async function writePeopleAndDeals(ctx: Ctx, tx: Db, items: BatchItem[], settings: WriteSettings, failed: Map<number, RowProblem[]>, result: BatchResult): Promise<Plan> {
  const companyPlan = await planObject(ctx, tx, 'company', items, settings, failed);
  await executePlan(ctx, tx, companyDefinition, companyPlan, settings.importId);
  let primaryPlan = companyPlan;
  if (settings.primary !== 'company') {
    const contactPlan = await planObject(ctx, tx, 'contact', items, settings, failed, companyPlan.idOfRow);
    await executePlan(ctx, tx, contactDefinition, contactPlan, settings.importId);
    await linkContactsToCompanies(tx, ctx, items, contactPlan, companyPlan);
    primaryPlan = contactPlan;
    if (settings.primary === 'deal') {
      await writeDeals(ctx, tx, items, settings, failed, contactPlan, companyPlan, result);
    }
  }
  return primaryPlan;
}

async function linkContactsToCompanies(tx: Db, ctx: Ctx, items: BatchItem[], contacts: Plan, companies: Plan): Promise<void> {
  const pairs = items
    .filter((item) => contacts.idOfRow.has(item.number) && companies.idOfRow.has(item.number) && contacts.actionOfRow.get(item.number) !== 'skipped')
    .map((item) => ({ contact_id: contacts.idOfRow.get(item.number), company_id: companies.idOfRow.get(item.number) }));
  if (!pairs.length) return;
  await tx.execute(sql`insert into contact_companies (workspace_id, contact_id, company_id)
    select ${ctx.actor.workspaceId}::uuid, x.contact_id, x.company_id from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(contact_id uuid, company_id uuid)
    on conflict do nothing`);
}

async function writeDeals(ctx: Ctx, tx: Db, items: BatchItem[], settings: WriteSettings, failed: Map<number, RowProblem[]>, contacts: Plan, companies: Plan, result: BatchResult): Promise<void> {
  const records: { record_type: string; record_id: string; action: string; row_number: number }[] = [];
  for (const item of items) {
    if (failed.has(item.number) || !item.converted.deal) continue;
    const body: Values = { ...item.converted.deal };
    if (companies.idOfRow.has(item.number)) body.companyId = companies.idOfRow.get(item.number);
    if (contacts.idOfRow.has(item.number)) body.contactId = contacts.idOfRow.get(item.number);
    try {
      const deal = await tx.transaction((savepoint) => createRecordInTransaction(ctx, savepoint as unknown as Db, dealDefinition, body, { force: true, prefix: 'deal.' }));
      records.push({ record_type: 'deal', record_id: deal.id as string, action: 'created', row_number: item.number });
      result.created++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const details = Array.isArray(error.details) ? (error.details as RowProblem[]) : [{ field: 'deal', problem: error.message }];
      failed.set(item.number, details.map((detail) => ({ field: detail.field ?? 'deal', problem: detail.problem })));
    }
  }
  await recordImported(tx, settings.importId, records);
}
