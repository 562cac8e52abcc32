// What happens when a deal enters a stage: a stage history row and a 'stage_change' audit event,
// for one deal (PATCH stageId, POST /deals/:id/move) or for every deal of a removed stage.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { recordAudit } from '../../core/audit.js';
import { recordDomainEvent, recordDomainEvents } from '../../core/domain-events.js';
import type { Ctx } from '../../core/context.js';

export interface StageRef {
  id: string;
  pipelineId: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
}

/** Writes the history row and the audit event of one deal's stage change (in the caller's transaction). */
export async function recordStageChange(ctx: Ctx, tx: Db, dealId: string, fromStageId: string | null, to: StageRef, meta: Record<string, unknown> = {}): Promise<void> {
  await tx.execute(sql`insert into deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, actor_id)
    values (${ctx.actor.workspaceId}, ${dealId}, ${fromStageId}, ${to.id}, ${ctx.actor.userId})`);
  if (fromStageId === null) return; // entering the first stage on create is covered by the create event
  await recordAudit(tx, ctx.actor, [
    { recordType: 'deal', recordId: dealId, action: 'stage_change', changes: { stageId: { from: fromStageId, to: to.id } }, meta: { toStageName: to.name, toStageKind: to.kind, ...meta } },
  ]);
  await recordDomainEvent(tx, { workspaceId: ctx.actor.workspaceId, type: 'deal.stage_changed', object: 'deals', recordId: dealId, actorId: ctx.actor.userId, data: stageEventData(fromStageId, to) });
}

/**
 * Moves every deal of a stage that is being removed (deleted deals included, so a restored deal
 * never points at a removed stage) into `target`, with history and audit for each.
 */
export async function moveDealsOutOfStage(ctx: Ctx, tx: Db, fromStageId: string, target: StageRef): Promise<number> {
  const moved = await rows<{ id: string }>(
    tx,
    sql`update deals set stage_id = ${target.id}, pipeline_id = ${target.pipelineId}, stage_entered_at = now(), updated_at = now(),
          closed_at = ${target.kind === 'open' ? sql`null` : sql`coalesce(closed_at, now())`},
          lost_reason = ${target.kind === 'lost' ? sql`lost_reason` : sql`null`}
        where workspace_id = ${ctx.actor.workspaceId} and stage_id = ${fromStageId}
        returning id`,
  );
  if (moved.length === 0) return 0;
  await tx.execute(sql`insert into deal_stage_history (workspace_id, deal_id, from_stage_id, to_stage_id, actor_id)
    select ${ctx.actor.workspaceId}::uuid, x.id, ${fromStageId}::uuid, ${target.id}::uuid, ${ctx.actor.userId}::uuid
    from jsonb_to_recordset(${JSON.stringify(moved)}::jsonb) as x(id uuid)`);
  await recordAudit(
    tx,
    ctx.actor,
    moved.map((deal) => ({
      recordType: 'deal',
      recordId: deal.id,
      action: 'stage_change' as const,
      changes: { stageId: { from: fromStageId, to: target.id } },
      meta: { toStageName: target.name, toStageKind: target.kind, reason: 'stage removed' },
    })),
  );
  await recordDomainEvents(
    tx,
    moved.map((deal) => ({ workspaceId: ctx.actor.workspaceId, type: 'deal.stage_changed', object: 'deals', recordId: deal.id, actorId: ctx.actor.userId, data: { ...stageEventData(fromStageId, target), reason: 'stage removed' } })),
  );
  return moved.length;
}

function stageEventData(fromStageId: string, to: StageRef): Record<string, unknown> {
  return { fromStageId, toStageId: to.id, toStageName: to.name, toStageKind: to.kind, pipelineId: to.pipelineId };
}
