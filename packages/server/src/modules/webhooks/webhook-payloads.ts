// What a webhook may send, decided with its owner's rights. Domain events carry ids and field names only; the
// record itself is read again here with the owner's actor through accessCondition(), so a record the owner
// cannot read is never sent (the dispatcher creates no delivery for it, and a delivery whose record the owner
// can no longer read at sending time is skipped). An event about no record of an owned object goes only to
// webhooks whose owner is an administrator.
import { campaignDefinition } from '../campaigns/campaigns.definition.js';
import { sql } from 'drizzle-orm';
import { ownedObjects, accessCondition, type OwnedObject } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { rows, type Db } from '../../db/client.js';
import type { ObjectDefinition, Values } from '../../core/records/definition.js';
import { ALIAS, allFields, selectList } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { companyDefinition } from '../companies/companies.definition.js';
import { contactDefinition } from '../contacts/contacts.definition.js';
import { leadDefinition } from '../leads/leads.definition.js';
import { dealDefinition } from '../deals/deals.definition.js';
import { activityDefinition } from '../activities/activities.definition.js';
import { taskDefinition } from '../tasks/tasks.definition.js';
import { productDefinition } from '../products/products.definition.js';
import { orderDefinition } from '../orders/orders.definition.js';
import { caseDefinition } from '../cases/cases.definition.js';
import { serviceContractDefinition } from '../service-contracts/service-contracts.definition.js';
import { isWebhookAdmin } from './webhooks.service.js';

const definitions: Record<OwnedObject, ObjectDefinition> = {
  companies: companyDefinition,
  contacts: contactDefinition,
  leads: leadDefinition,
  deals: dealDefinition,
  activities: activityDefinition,
  tasks: taskDefinition,
  products: productDefinition,
  orders: orderDefinition,
  cases: caseDefinition,
  service_contracts: serviceContractDefinition,
  campaigns: campaignDefinition,
};

export interface EventRow {
  id: string;
  workspaceId: string;
  type: string;
  object: string | null;
  recordId: string | null;
  actorId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export function isOwnedObject(object: string | null): object is OwnedObject {
  return object !== null && (ownedObjects as readonly string[]).includes(object);
}

/** Whether the event is about a record the rights can be checked on. */
export function hasRecord(event: Pick<EventRow, 'object' | 'recordId'>): event is { object: OwnedObject; recordId: string } {
  return isOwnedObject(event.object) && event.recordId !== null;
}

/**
 * The records among `ids` the actor may read, as the record's card shows them (deleted ones included: a
 * record.deleted event is about one). One statement for any number of ids.
 */
export async function readRecordsAs(db: Db, actor: Actor, object: OwnedObject, ids: string[]): Promise<Map<string, Values>> {
  const result = new Map<string, Values>();
  if (ids.length === 0) return result;
  const definition = definitions[object];
  const found = await rows<Values>(
    db,
    sql`select ${selectList(definition, allFields(definition))} from ${sql.raw(`"${definition.table}" as "${ALIAS}"`)}
        where ${accessCondition(actor, object, 'read', ALIAS, { includeDeleted: true })} and "${sql.raw(ALIAS)}"."id" = any(${pgArrayLiteral(Array.from(new Set(ids)))}::uuid[])`,
  );
  for (const record of found) result.set(record.id as string, record);
  return result;
}

/** The ids among `ids` the actor may read (the dispatcher's check, without reading the fields). */
export async function readableIds(db: Db, actor: Actor, object: OwnedObject, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const table = definitions[object].table;
  const found = await rows<{ id: string }>(
    db,
    sql`select r.id from ${sql.raw(`"${table}"`)} r where ${accessCondition(actor, object, 'read', 'r', { includeDeleted: true })} and r.id = any(${pgArrayLiteral(Array.from(new Set(ids)))}::uuid[])`,
  );
  return new Set(found.map((row) => row.id));
}

/** Whether an event without a checkable record may go to this owner's webhook. */
export function mayReceiveRecordlessEvent(owner: Actor): boolean {
  return isWebhookAdmin(owner);
}

/** The JSON body of a delivery: the event's envelope and, for a record's event, the record as its owner reads it. */
export function eventPayload(event: EventRow, record: Values | null): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    occurredAt: event.createdAt,
    workspaceId: event.workspaceId,
    object: event.object,
    recordId: event.recordId,
    actorId: event.actorId,
    data: event.data ?? {},
    record,
  });
}

/** The body of a test ping. */
export function pingPayload(deliveryId: string, workspaceId: string, webhookId: string, at: string): string {
  return JSON.stringify({ id: deliveryId, type: 'ping', occurredAt: at, workspaceId, object: null, recordId: null, actorId: null, data: { webhookId, message: 'Svyaz webhook test' }, record: null });
}
