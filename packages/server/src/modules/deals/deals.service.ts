// Deal use cases beyond the generic record API: the kanban move, stage history, linked contacts.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import type { Values } from '../../core/records/definition.js';
import { applyUpdate, findRecord, getRecord } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { dealDefinition } from './deals.definition.js';

export const dealMoveSchema = z.strictObject({
  stageId: z.uuid({ message: 'must be a UUID' }),
  lostReasonId: z.uuid({ message: 'must be a UUID' }).nullable().optional(),
  lostReason: z.string().trim().max(500, { message: 'must be at most 500 characters' }).nullable().optional(),
});

export const dealContactSchema = z.strictObject({
  contactId: z.uuid({ message: 'must be a UUID' }),
  role: z.string().trim().max(100, { message: 'must be at most 100 characters' }).nullable().optional(),
});

/** Moves a deal to another stage of its pipeline (the kanban drag). Same rules and audit as PATCH stageId. */
export async function moveDealToStage(ctx: Ctx, id: string, body: unknown): Promise<Values> {
  requirePermission(ctx.actor, 'deals', 'update');
  const input = parseBody(dealMoveSchema, body);
  const patch: Values = { stageId: input.stageId };
  if (input.lostReasonId !== undefined) patch.lostReasonId = input.lostReasonId;
  if (input.lostReason !== undefined) patch.lostReason = input.lostReason;
  return ctx.db.transaction((tx) => applyUpdate(ctx, tx as unknown as Db, dealDefinition, id, patch));
}

export async function listDealStageHistory(ctx: Ctx, id: string): Promise<Values[]> {
  const deal = await getRecord(ctx, dealDefinition, id);
  return rows(
    ctx.db,
    sql`select h.id, h.from_stage_id as "fromStageId", fs.name as "fromStageName", h.to_stage_id as "toStageId", ts.name as "toStageName",
          ts.kind as "toStageKind", h.entered_at as "enteredAt",
          lead(h.entered_at) over (order by h.entered_at, h.id) as "leftAt", h.actor_id as "actorId", u.name as "actorName"
        from deal_stage_history h
        left join stages fs on fs.id = h.from_stage_id
        left join stages ts on ts.id = h.to_stage_id
        left join users u on u.id = h.actor_id
        where h.workspace_id = ${ctx.actor.workspaceId} and h.deal_id = ${deal.id as string}
        order by h.entered_at, h.id`,
  );
}

/** The deal's contacts the actor may see, the primary one (deals.contact_id) first. */
export async function listDealContacts(ctx: Ctx, id: string): Promise<Values[]> {
  const deal = await getRecord(ctx, dealDefinition, id);
  return selectDealContacts(ctx, ctx.db, deal);
}

async function selectDealContacts(ctx: Ctx, db: Db, deal: Values): Promise<Values[]> {
  return rows(
    db,
    sql`select c.id, c.full_name as "fullName", c.position, c.phones, c.emails, c.company_id as "companyId", dc.role,
          (c.id = ${(deal.contactId as string | null) ?? null}::uuid) is true as "isPrimary"
        from deal_contacts dc join contacts c on c.id = dc.contact_id
        where dc.workspace_id = ${ctx.actor.workspaceId} and dc.deal_id = ${deal.id as string} and ${accessCondition(ctx.actor, 'contacts', 'read', 'c')}
        order by (c.id = ${(deal.contactId as string | null) ?? null}::uuid) is true desc, c.full_name collate "und-x-icu", c.id`,
  );
}

export async function addDealContact(ctx: Ctx, id: string, body: unknown): Promise<Values[]> {
  requirePermission(ctx.actor, 'deals', 'update');
  const input = parseBody(dealContactSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const deal = await loadDealForWrite(ctx, tx, id);
    const [contact] = await rows(tx, sql`select c.id from contacts c where ${accessCondition(ctx.actor, 'contacts', 'read', 'c')} and c.id = ${input.contactId}`);
    if (!contact) throw invalid('contactId', 'is not a contact you can see');
    await tx.execute(sql`insert into deal_contacts (workspace_id, deal_id, contact_id, role) values (${ctx.actor.workspaceId}, ${id}, ${input.contactId}, ${input.role ?? null})
      on conflict (deal_id, contact_id) do update set role = excluded.role`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'deal', recordId: id, action: 'update', changes: { contacts: { from: null, to: { contactId: input.contactId, role: input.role ?? null } } } }]);
    return selectDealContacts(ctx, tx, deal);
  });
}

export async function removeDealContact(ctx: Ctx, id: string, contactId: string): Promise<Values[]> {
  requirePermission(ctx.actor, 'deals', 'update');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    let deal = await loadDealForWrite(ctx, tx, id);
    const removed = await rows(tx, sql`delete from deal_contacts where workspace_id = ${ctx.actor.workspaceId} and deal_id = ${id} and contact_id::text = ${contactId} returning contact_id`);
    if (removed.length === 0) throw notFound('deal contact', contactId);
    await recordAudit(tx, ctx.actor, [{ recordType: 'deal', recordId: id, action: 'update', changes: { contacts: { from: { contactId }, to: null } } }]);
    if (deal.contactId === contactId) deal = await applyUpdate(ctx, tx, dealDefinition, id, { contactId: null });
    return selectDealContacts(ctx, tx, deal);
  });
}

/** The deal if the actor may change it: 404 when invisible, 403 when visible but read-only. */
export async function loadDealForWrite(ctx: Ctx, tx: Db, id: string): Promise<Values> {
  const txCtx = { ...ctx, db: tx };
  const deal = await findRecord(txCtx, dealDefinition, id, 'update', { forUpdate: true });
  if (deal) return deal;
  if (await findRecord(txCtx, dealDefinition, id, 'read')) throw new AppError('FORBIDDEN', { message: 'You may not update this deal', details: { id } });
  throw notFound('deal', id);
}
