// Lost reasons of a pipeline (issue 16): admins add, rename, reorder, archive and restore them; everyone
// reads them (the lose-deal dialog). The deal rules call checkLostReason() on every write into a lost
// stage. An archived reason stays on the deals that carry it but is no longer accepted.
import { requirePermission } from '../../core/access.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import type { Db } from '../../db/client.js';
import { findPipelineRow } from '../pipelines/pipelines.repo.js';
import * as repo from './lost-reasons.repo.js';
import type { LostReason } from './lost-reasons.repo.js';
import { lostReasonCreateSchema, lostReasonListQuerySchema, lostReasonOrderSchema, lostReasonUpdateSchema } from './lost-reasons.schema.js';

export type { LostReason };
export { insertDefaultLostReasons } from './lost-reasons.repo.js';

async function requirePipeline(db: Db, workspaceId: string, pipelineId: string): Promise<void> {
  if (!isUuid(pipelineId) || !(await findPipelineRow(db, workspaceId, pipelineId))) throw notFound('pipeline', pipelineId);
}

export async function listLostReasons(ctx: Ctx, pipelineId: string, query: unknown): Promise<LostReason[]> {
  requirePermission(ctx.actor, 'pipelines', 'read');
  const input = parseBody(lostReasonListQuerySchema, query ?? {});
  await requirePipeline(ctx.db, ctx.actor.workspaceId, pipelineId);
  return repo.selectLostReasons(ctx.db, ctx.actor.workspaceId, pipelineId, input.includeArchived === 'true');
}

export async function createLostReason(ctx: Ctx, pipelineId: string, body: unknown): Promise<LostReason> {
  requirePermission(ctx.actor, 'pipelines', 'update');
  const input = parseBody(lostReasonCreateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { workspaceId } = ctx.actor;
    await requirePipeline(tx, workspaceId, pipelineId);
    await requireUniqueLabel(tx, workspaceId, pipelineId, input.label, null);
    const id = await repo.insertLostReason(tx, workspaceId, pipelineId, { label: input.label, isOther: input.isOther ?? false });
    const created = (await repo.findLostReason(tx, workspaceId, id))!;
    await recordAudit(tx, ctx.actor, [{ recordType: 'lost_reason', recordId: id, action: 'create', changes: diffRecords(null, snapshot(created)) }]);
    return created;
  });
}

export async function updateLostReason(ctx: Ctx, id: string, body: unknown): Promise<LostReason> {
  requirePermission(ctx.actor, 'pipelines', 'update');
  const input = parseBody(lostReasonUpdateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { workspaceId } = ctx.actor;
    const before = isUuid(id) ? await repo.findLostReason(tx, workspaceId, id) : undefined;
    if (!before) throw notFound('lost reason', id);
    if (input.label !== undefined && input.label !== before.label) await requireUniqueLabel(tx, workspaceId, before.pipelineId, input.label, id);
    await repo.updateLostReasonRow(tx, id, { label: input.label !== before.label ? input.label : undefined, isOther: input.isOther, archived: input.archived });
    const after = (await repo.findLostReason(tx, workspaceId, id))!;
    const changes = diffRecords(snapshot(before), snapshot(after));
    if (Object.keys(changes).length) await recordAudit(tx, ctx.actor, [{ recordType: 'lost_reason', recordId: id, action: 'update', changes }]);
    return after;
  });
}

/** Sets the order of a pipeline's reasons: ids must be exactly the pipeline's reasons (archived ones included). */
export async function reorderLostReasons(ctx: Ctx, pipelineId: string, body: unknown): Promise<LostReason[]> {
  requirePermission(ctx.actor, 'pipelines', 'update');
  const input = parseBody(lostReasonOrderSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { workspaceId } = ctx.actor;
    await requirePipeline(tx, workspaceId, pipelineId);
    const current = await repo.selectLostReasons(tx, workspaceId, pipelineId, true);
    const known = new Set(current.map((reason) => reason.id));
    const seen = new Set<string>();
    input.ids.forEach((reasonId, index) => {
      if (!known.has(reasonId)) throw invalid(`ids[${index}]`, 'is not a lost reason of this pipeline');
      if (seen.has(reasonId)) throw invalid(`ids[${index}]`, 'appears twice');
      seen.add(reasonId);
    });
    if (seen.size !== known.size) throw invalid('ids', 'must list every reason of the pipeline, archived ones included');
    await repo.updateLostReasonPositions(tx, workspaceId, input.ids);
    await recordAudit(tx, ctx.actor, [{ recordType: 'pipeline', recordId: pipelineId, action: 'update', changes: { lostReasonOrder: { from: current.map((reason) => reason.id), to: input.ids } } }]);
    return repo.selectLostReasons(tx, workspaceId, pipelineId, true);
  });
}

/**
 * The rule of a deal entering (or staying in) a lost stage: the reason must be an active reason of the
 * deal's pipeline, and the "other" reason needs a comment (lostReason). Throws a 400 naming the field.
 */
export async function checkLostReason(db: Db, workspaceId: string, pipelineId: string, reasonId: string, comment: unknown, options: { allowArchived?: boolean } = {}): Promise<LostReason> {
  const reason = isUuid(reasonId) ? await repo.findLostReason(db, workspaceId, reasonId) : undefined;
  if (!reason) throw invalid('lostReasonId', 'is not a lost reason of this workspace');
  if (reason.pipelineId !== pipelineId) throw invalid('lostReasonId', 'belongs to another pipeline; choose a reason of the deal’s pipeline');
  if (reason.archived && !options.allowArchived) throw invalid('lostReasonId', 'is archived; choose another reason');
  if (reason.isOther && (typeof comment !== 'string' || comment.trim() === '')) throw invalid('lostReason', 'a comment is required for the reason "other"');
  return reason;
}

async function requireUniqueLabel(tx: Db, workspaceId: string, pipelineId: string, label: string, exceptId: string | null): Promise<void> {
  const existing = await repo.selectLostReasons(tx, workspaceId, pipelineId, true);
  if (existing.some((reason) => reason.id !== exceptId && reason.label.toLocaleLowerCase('ru') === label.toLocaleLowerCase('ru'))) throw invalid('label', 'the pipeline already has a reason with this name');
}

function snapshot(reason: LostReason): Record<string, unknown> {
  return { label: reason.label, isOther: reason.isOther, archived: reason.archived, position: reason.position };
}
