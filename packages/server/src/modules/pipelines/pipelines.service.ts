// Pipelines and their ordered stages: admins change them, everyone reads them. Rules: at least one
// open stage; exactly one default pipeline; a removed stage's deals move to a named stage; a stage
// that holds deals keeps its kind (won/lost would close deals behind the user's back).
import { requirePermission } from '../../core/access.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import type { Db } from '../../db/client.js';
import { moveDealsOutOfStage } from '../deals/deal-stage-moves.js';
import { insertDefaultLostReasons } from '../lost-reasons/lost-reasons.service.js';
import * as repo from './pipelines.repo.js';
import type { Pipeline, Stage } from './pipelines.repo.js';
import { pipelineCreateSchema, pipelineUpdateSchema, type StageInput, type StageKind } from './pipelines.schema.js';

export type { Pipeline, Stage };

const defaultProbability: Record<StageKind, number> = { open: 0, won: 100, lost: 0 };

export async function listPipelines(ctx: Ctx): Promise<Pipeline[]> {
  requirePermission(ctx.actor, 'pipelines', 'read');
  return repo.selectPipelines(ctx.db, ctx.actor.workspaceId);
}

export async function getPipeline(ctx: Ctx, id: string): Promise<Pipeline> {
  requirePermission(ctx.actor, 'pipelines', 'read');
  return loadPipeline(ctx.db, ctx.actor.workspaceId, id);
}

async function loadPipeline(db: Db, workspaceId: string, id: string): Promise<Pipeline> {
  const [pipeline] = isUuid(id) ? await repo.selectPipelines(db, workspaceId, [id]) : [];
  if (!pipeline) throw notFound('pipeline', id);
  return pipeline;
}

export async function createPipeline(ctx: Ctx, body: unknown): Promise<Pipeline> {
  requirePermission(ctx.actor, 'pipelines', 'create');
  const input = parseBody(pipelineCreateSchema, body);
  const stages = input.stages.map((stage, position) => ({ name: stage.name, position, kind: stage.kind ?? 'open', probability: stage.probability ?? defaultProbability[stage.kind ?? 'open'] }));
  requireOpenStage(stages);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { workspaceId } = ctx.actor;
    await repo.lockPipelines(tx, workspaceId);
    const hasDefault = Boolean(await repo.findDefaultPipelineId(tx, workspaceId));
    const isDefault = input.isDefault === true || !hasDefault;
    if (isDefault) await repo.clearDefaultPipeline(tx, workspaceId, null); // before, or the unique index objects
    const id = await repo.insertPipeline(tx, workspaceId, { name: input.name, position: input.position ?? (await repo.nextPipelinePosition(tx, workspaceId)), isDefault });
    await repo.insertStages(tx, workspaceId, id, stages);
    await insertDefaultLostReasons(tx, workspaceId, id);
    const created = await loadPipeline(tx, workspaceId, id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'pipeline', recordId: id, action: 'create', changes: diffRecords(null, snapshot(created)) }]);
    return created;
  });
}

export async function updatePipeline(ctx: Ctx, id: string, body: unknown): Promise<Pipeline> {
  requirePermission(ctx.actor, 'pipelines', 'update');
  const input = parseBody(pipelineUpdateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { workspaceId } = ctx.actor;
    await repo.lockPipelines(tx, workspaceId);
    const before = await loadPipeline(tx, workspaceId, id);
    if (input.isDefault === false && before.isDefault) throw invalid('isDefault', 'there must be a default pipeline; make another pipeline the default instead');
    if (input.stages) await replaceStages(ctx, tx, before, input.stages, input.moveDealsTo ?? {});
    else if (input.moveDealsTo && Object.keys(input.moveDealsTo).length) throw invalid('moveDealsTo', 'applies only when stages are removed');
    if (input.isDefault) await repo.clearDefaultPipeline(tx, workspaceId, id);
    await repo.updatePipelineRow(tx, id, { name: input.name, position: input.position, isDefault: input.isDefault });
    const after = await loadPipeline(tx, workspaceId, id);
    const changes = diffRecords(snapshot(before), snapshot(after));
    if (Object.keys(changes).length) await recordAudit(tx, ctx.actor, [{ recordType: 'pipeline', recordId: id, action: 'update', changes }]);
    return after;
  });
}

export async function deletePipeline(ctx: Ctx, id: string): Promise<{ deleted: number }> {
  requirePermission(ctx.actor, 'pipelines', 'delete');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { workspaceId } = ctx.actor;
    await repo.lockPipelines(tx, workspaceId);
    const pipeline = await loadPipeline(tx, workspaceId, id);
    if (pipeline.isDefault) throw new AppError('CONFLICT', { message: 'This is the default pipeline; make another pipeline the default first', details: { id } });
    const deals = [...(await repo.countDealsByStage(tx, workspaceId, id)).values()].reduce((sum, count) => sum + count, 0);
    if (deals > 0) throw new AppError('CONFLICT', { message: `The pipeline holds ${deals} deals; move or delete them first`, details: { id, deals } });
    await repo.softDeletePipeline(tx, id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'pipeline', recordId: id, action: 'delete', changes: diffRecords(snapshot(pipeline), null) }]);
    return { deleted: 1 };
  });
}

/** Applies the desired ordered stage list: keeps, adds, reorders and removes (moving deals). */
async function replaceStages(ctx: Ctx, tx: Db, pipeline: Pipeline, inputs: StageInput[], moveDealsTo: Record<string, string>): Promise<void> {
  const { workspaceId } = ctx.actor;
  const current = new Map(pipeline.stages.map((stage) => [stage.id, stage]));
  const counts = await repo.countDealsByStage(tx, workspaceId, pipeline.id);
  const seen = new Set<string>();
  const kept: Omit<Stage, 'pipelineId'>[] = [];
  const added: Omit<Stage, 'id' | 'pipelineId'>[] = [];
  inputs.forEach((input, position) => {
    if (!input.id) {
      const kind = input.kind ?? 'open';
      added.push({ name: input.name, position, kind, probability: input.probability ?? defaultProbability[kind] });
      return;
    }
    const existing = current.get(input.id);
    if (!existing) throw invalid(`stages[${position}].id`, 'is not a stage of this pipeline');
    if (seen.has(input.id)) throw invalid(`stages[${position}].id`, 'appears twice');
    seen.add(input.id);
    const kind = input.kind ?? existing.kind;
    if (kind !== existing.kind && (counts.get(existing.id) ?? 0) > 0) {
      throw invalid(`stages[${position}].kind`, `stage "${existing.name}" holds deals; move them before changing its kind`);
    }
    kept.push({ id: existing.id, name: input.name, position, kind, probability: input.probability ?? existing.probability });
  });
  requireOpenStage([...kept, ...added]);
  const removed = pipeline.stages.filter((stage) => !seen.has(stage.id));
  for (const key of Object.keys(moveDealsTo)) {
    if (!removed.some((stage) => stage.id === key)) throw invalid(`moveDealsTo.${key}`, 'is not a stage being removed');
  }
  const moves = removed.map((stage) => {
    const targetId = moveDealsTo[stage.id];
    const holds = counts.get(stage.id) ?? 0;
    if (holds > 0 && !targetId) throw invalid(`moveDealsTo.${stage.id}`, `stage "${stage.name}" holds ${holds} deals; name a stage of this pipeline to move them to`);
    const target = targetId ? kept.find((candidate) => candidate.id === targetId) : undefined;
    if (targetId && !target) throw invalid(`moveDealsTo.${stage.id}`, 'must be a stage this pipeline keeps');
    if (target?.kind === 'lost') throw invalid(`moveDealsTo.${stage.id}`, 'deals cannot be moved into a lost stage without a reason; choose another stage');
    return { from: stage, target };
  });
  await repo.updateStages(tx, kept);
  await repo.insertStages(tx, workspaceId, pipeline.id, added);
  await repo.softDeleteStages(tx, removed.map((stage) => stage.id));
  // Deleted deals follow too (to the target, or the first open stage), so restoring one is safe.
  const fallback = removed.length ? await repo.findFirstOpenStage(tx, workspaceId, pipeline.id) : undefined;
  for (const { from, target } of moves) {
    const to = target ?? fallback;
    if (to) await moveDealsOutOfStage(ctx, tx, from.id, { id: to.id, pipelineId: pipeline.id, name: to.name, kind: to.kind });
  }
}

function requireOpenStage(stages: { kind: StageKind }[]): void {
  if (!stages.some((stage) => stage.kind === 'open')) throw invalid('stages', 'a pipeline needs at least one open stage');
}

function snapshot(pipeline: Pipeline): Record<string, unknown> {
  return {
    name: pipeline.name,
    position: pipeline.position,
    isDefault: pipeline.isDefault,
    stages: pipeline.stages.map((stage) => ({ id: stage.id, name: stage.name, probability: stage.probability, kind: stage.kind })),
  };
}
