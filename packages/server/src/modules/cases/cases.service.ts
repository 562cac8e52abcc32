// Use cases of the service desk beyond the engine's CRUD: a status move, the agent's desk views (the
// engine's list with fixed filters, keyset-paged on the desk indexes), a case opened by a channel (routed,
// created through the engine as the channel), a customer's message joining its case, and the first response.
import { sql } from 'drizzle-orm';
import { caseDeskViews, caseStatusChangeSchema, type CaseDeskView } from '@svyaz/shared';
import { firstRow, type Db } from '../../db/client.js';
import type { Actor, Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { applyUpdate, createRecordInTransaction, listRecords, updateRecord, type ListResult } from '../../core/records/record-service.js';
import type { Values } from '../../core/records/definition.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { htmlToText } from '../email/email-html.js';
import { caseDefinition } from './cases.definition.js';
import { routeCase } from './case-routing.service.js';
import { queuesOfUser } from './case-queues.service.js';

export async function changeCaseStatus(ctx: Ctx, id: string, body: unknown) {
  const input = parseBody(caseStatusChangeSchema, body);
  return updateRecord(ctx, caseDefinition, id, { status: input.status });
}

/** How far ahead "breaching soon" looks, and the step its horizon moves in (so a page's cursor stays valid). */
const BREACH_HORIZON_MS = 4 * 3600_000;
const HORIZON_STEP_MS = 5 * 60_000;

/** The desk's views are the engine's list with fixed filters: rights, fields, keyset cursor and counts as everywhere. */
export async function listDesk(ctx: Ctx, query: Record<string, unknown>): Promise<ListResult & { view: CaseDeskView }> {
  const view = (query.view ?? 'mine') as CaseDeskView;
  if (!(caseDeskViews as readonly string[]).includes(view)) throw invalid('view', `must be one of ${caseDeskViews.join(', ')}`);
  const passthrough = Object.fromEntries(Object.entries(query).filter(([key]) => ['cursor', 'limit', 'fields', 'count'].includes(key)));
  const filters: Record<string, string> = {};
  let sort = 'createdAt';
  if (view === 'mine') {
    filters['filter[ownerId][eq]'] = ctx.actor.userId;
    filters['filter[isOpen][eq]'] = 'true';
  } else if (view === 'team') {
    const queues = await queuesOfUser(ctx.db, ctx.actor.workspaceId, ctx.actor.userId);
    if (queues.length === 0) return { view, data: [], nextCursor: null, ...(query.count === 'true' ? { total: 0 } : {}) };
    filters['filter[queueId][in]'] = queues.join(',');
    filters['filter[isOpen][eq]'] = 'true';
  } else if (view === 'unassigned') {
    filters['filter[ownerId][isEmpty]'] = 'true';
    filters['filter[isOpen][eq]'] = 'true';
  } else if (view === 'waiting') {
    filters['filter[status][eq]'] = 'waiting_customer';
  } else {
    const horizon = Math.floor((Date.now() + BREACH_HORIZON_MS) / HORIZON_STEP_MS) * HORIZON_STEP_MS;
    filters['filter[isOpen][eq]'] = 'true';
    filters['filter[resolutionDueAt][lte]'] = new Date(horizon).toISOString();
    sort = 'resolutionDueAt';
  }
  const result = await listRecords(ctx, caseDefinition, { ...filters, sort, ...passthrough });
  return { view, ...result };
}

/**
 * The actor a channel writes as: the channel's user (audited as the author) with every case right, since
 * routing, not the sender, decides whose the case is, and a customer's address is matched in the whole workspace.
 */
export function channelActor(actor: Actor): Actor {
  const everything = { read: 'all', create: 'all', update: 'all', delete: 'none', export: 'none' } as const;
  return { ...actor, permissions: { ...actor.permissions, cases: everything, companies: { ...actor.permissions.companies, read: 'all' }, contacts: { ...actor.permissions.contacts, read: 'all' } } };
}

export interface ChannelCase {
  subject: string;
  description: string | null;
  channel: 'email' | 'web_form' | 'phone' | 'portal' | 'manual';
  category?: string;
  priority?: string;
  contactId?: string | null;
  companyId?: string | null;
  requesterEmail?: string | null;
  /** The queue when no rule matches (a support mailbox's queue). */
  defaultQueueId?: string | null;
  preset?: Values;
}

/** Routes and creates a case inside the caller's transaction, then tells the assignee. */
export async function createChannelCase(ctx: Ctx, tx: Db, input: ChannelCase): Promise<Values> {
  const actor = channelActor(ctx.actor);
  const text = htmlToText(input.description ?? '');
  const route = await routeCase(tx, actor.workspaceId, {
    channel: input.channel,
    category: input.category ?? 'question',
    priority: input.priority ?? 'normal',
    subject: input.subject,
    text,
    companyId: input.companyId ?? null,
  });
  const body: Values = {
    subject: input.subject.slice(0, 300) || '—',
    description: input.description,
    channel: input.channel,
    ...(input.category ? { category: input.category } : {}),
    priority: route.priority ?? input.priority ?? 'normal',
    contactId: input.contactId ?? null,
    companyId: input.companyId ?? null,
    requesterEmail: input.requesterEmail ?? null,
    queueId: route.queueId ?? input.defaultQueueId ?? null,
    ownerId: route.ownerId,
  };
  const created = await createRecordInTransaction({ ...ctx, actor, db: tx }, tx, caseDefinition, body, { force: true, preset: input.preset });
  if (route.ownerId) {
    await notifyUsers(tx, [
      {
        workspaceId: actor.workspaceId,
        userId: route.ownerId,
        kind: 'assignment',
        title: `${created.number as string}: ${created.subject as string}`,
        recordType: 'case',
        recordId: created.id as string,
        data: { ruleId: route.ruleId, queueId: route.queueId },
      },
    ]);
  }
  return created;
}

/** A customer's new message on an open case: it waits no more (waiting → in progress; resolved → reopened). */
export async function recordCustomerMessage(ctx: Ctx, tx: Db, caseId: string): Promise<Values> {
  const actor = channelActor(ctx.actor);
  const current = await firstRow<{ status: string }>(tx, sql`select status from cases where id = ${caseId}::uuid`);
  const patch: Values = {};
  if (current?.status === 'waiting_customer') patch.status = 'in_progress';
  if (current?.status === 'resolved') patch.status = 'reopened';
  const updated = await applyUpdate({ ...ctx, actor, db: tx }, tx, caseDefinition, caseId, patch, { force: true });
  await tx.execute(sql`update cases set last_customer_message_at = now() where id = ${caseId}::uuid`);
  return updated;
}

/** An agent's reply (email from the case): the first one is the first response. */
export async function recordCaseResponse(tx: Db, workspaceId: string, caseId: string): Promise<void> {
  await tx.execute(sql`update cases set first_response_at = coalesce(first_response_at, now()),
      status = case when status in ('new', 'reopened') then 'in_progress' else status end,
      status_changed_at = case when status in ('new', 'reopened') then now() else status_changed_at end, updated_at = now()
    where workspace_id = ${workspaceId} and id = ${caseId}::uuid`);
}
