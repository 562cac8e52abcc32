// Deals: the record engine's definition plus the pipeline rules applied on every write
// (create, PATCH, bulk update, the kanban move): default pipeline and first stage, stage within the
// pipeline, stage_entered_at, closed_at on won/lost, lostReason required when lost, history and audit.
import { sql } from 'drizzle-orm';
import { dealCreateSchema } from '@svyaz/shared';
import { firstRow, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { invalid } from '../../core/errors.js';
import { withCommonFields, type ObjectDefinition, type Values } from '../../core/records/definition.js';
import { findDefaultPipelineId, findFirstOpenStage, findPipelineRow, findStage, type Stage } from '../pipelines/pipelines.repo.js';
import { checkLostReason } from '../lost-reasons/lost-reasons.service.js';
import { recordStageChange } from './deal-stage-moves.js';

/** The latest activity (any kind) recorded on the deal; null when there is none. */
export const lastActivityAt = (alias: string) =>
  sql`(select max(a.occurred_at) from activities a where a.workspace_id = ${sql.raw(`"${alias}"."workspace_id"`)} and a.record_id = ${sql.raw(`"${alias}"."id"`)} and a.deleted_at is null)`;

const lostReasonColumn = (column: 'label' | 'key') => (alias: string) =>
  sql`(select r.${sql.raw(column)} from lost_reasons r where r.id = ${sql.raw(`"${alias}"."lost_reason_id"`)})`;

const stageColumn = (column: 'name' | 'kind') => (alias: string) => sql`(select s.${sql.raw(column)} from stages s where s.id = ${sql.raw(`"${alias}"."stage_id"`)})`;

export const dealDefinition: ObjectDefinition = {
  object: 'deals',
  recordType: 'deal',
  table: 'deals',
  defaultSort: '-createdAt',
  createSchema: dealCreateSchema,
  updateSchema: dealCreateSchema.partial(),
  displayName: (alias) => sql.raw(`"${alias}"."title"`),
  fields: withCommonFields({
    title: { column: 'title', type: 'text', sortable: true, collate: true },
    amount: { column: 'amount', type: 'decimal', sortable: true },
    currency: { column: 'currency', type: 'text' },
    expectedCloseDate: { column: 'expected_close_date', type: 'date', nullable: true, sortable: true },
    pipelineId: { column: 'pipeline_id', type: 'uuid' },
    stageId: { column: 'stage_id', type: 'uuid' },
    stageName: { column: 'stage_name', type: 'text', readOnly: true, expression: stageColumn('name') },
    stageKind: { column: 'stage_kind', type: 'text', readOnly: true, expression: stageColumn('kind') },
    stageEnteredAt: { column: 'stage_entered_at', type: 'timestamp', readOnly: true, sortable: true },
    companyId: { column: 'company_id', type: 'uuid', nullable: true },
    contactId: { column: 'contact_id', type: 'uuid', nullable: true },
    leadId: { column: 'lead_id', type: 'uuid', nullable: true, readOnly: true },
    /** The comment of the chosen reason; on deals lost before reasons were a list, the old free text. */
    lostReason: { column: 'lost_reason', type: 'text', nullable: true },
    lostReasonId: { column: 'lost_reason_id', type: 'uuid', nullable: true },
    lostReasonLabel: { column: 'lost_reason_label', type: 'text', nullable: true, readOnly: true, expression: lostReasonColumn('label') },
    lostReasonKey: { column: 'lost_reason_key', type: 'text', nullable: true, readOnly: true, expression: lostReasonColumn('key') },
    closedAt: { column: 'closed_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true },
    lastActivityAt: { column: 'last_activity_at', type: 'timestamp', nullable: true, readOnly: true, sortable: true, expression: lastActivityAt },
    source: { column: 'source', type: 'text', nullable: true, sortable: true },
  }),
  filters: {
    /** filter[lostReasonLegacy][eq]=true: lost deals with free text only (no reason of the list). */
    lostReasonLegacy: (op, value, alias, param) => {
      if (op !== 'eq' || (value !== 'true' && value !== 'false')) throw invalid(param, 'use filter[lostReasonLegacy][eq]=true or false');
      const legacy = sql`(${sql.raw(`"${alias}"."lost_reason_id"`)} is null and (select s.kind from stages s where s.id = ${sql.raw(`"${alias}"."stage_id"`)}) = 'lost')`;
      return value === 'true' ? legacy : sql`not ${legacy}`;
    },
  },
  async prepare(ctx, tx, values, existing) {
    await checkLinks(ctx, tx, values);
    const stage = await resolveStage(ctx, tx, values, existing);
    const kind = stage?.kind ?? (existing?.stageKind as Stage['kind']);
    if (stage && stage.id !== existing?.stageId) {
      const now = await firstRow<{ now: string }>(tx, sql`select now() as now`);
      values.stageEnteredAt = now!.now;
      values.closedAt = kind === 'open' ? null : now!.now;
    }
    if (kind === 'lost') {
      const reasonId = values.lostReasonId !== undefined ? values.lostReasonId : existing?.lostReasonId;
      const comment = values.lostReason !== undefined ? values.lostReason : existing?.lostReason;
      if (reasonId) {
        // A deal that stays lost keeps its reason even when an administrator archived it since.
        const unchanged = !stage && values.lostReasonId === undefined;
        if (!unchanged || values.lostReason !== undefined) {
          await checkLostReason(tx, ctx.actor.workspaceId, (values.pipelineId ?? existing?.pipelineId) as string, reasonId as string, comment, { allowArchived: unchanged });
        }
      } else if (typeof comment !== 'string' || comment.trim() === '') {
        // Free text alone is still accepted (imports, old integrations): it counts as "other / legacy text".
        throw invalid('lostReasonId', 'is required when a deal is lost: choose one of the pipeline’s lost reasons');
      }
    } else if (values.lostReason !== undefined || values.lostReasonId !== undefined || (stage && (existing?.lostReason || existing?.lostReasonId))) {
      values.lostReason = null; // kept only on lost deals
      values.lostReasonId = null;
    }
  },
  async afterWrite(ctx, tx, action, before, after) {
    if (after.contactId && after.contactId !== before?.contactId) {
      await tx.execute(sql`insert into deal_contacts (workspace_id, deal_id, contact_id) values (${ctx.actor.workspaceId}, ${after.id as string}, ${after.contactId as string})
        on conflict do nothing`);
    }
    if (action === 'create' || after.stageId !== before?.stageId) {
      await recordStageChange(
        ctx,
        tx,
        after.id as string,
        (before?.stageId as string | undefined) ?? null,
        { id: after.stageId as string, pipelineId: after.pipelineId as string, name: after.stageName as string, kind: after.stageKind as Stage['kind'] },
        { fromStageName: before?.stageName ?? null, enteredAt: after.stageEnteredAt },
      );
    }
  },
};

async function checkLinks(ctx: Ctx, tx: Db, values: Values): Promise<void> {
  // Linking requires being able to see the company or contact.
  if (values.companyId) {
    const company = await firstRow(tx, sql`select id from companies c where ${accessCondition(ctx.actor, 'companies', 'read', 'c')} and c.id = ${values.companyId as string}`);
    if (!company) throw invalid('companyId', 'is not a company you can see');
  }
  if (values.contactId) {
    const contact = await firstRow(tx, sql`select id from contacts c where ${accessCondition(ctx.actor, 'contacts', 'read', 'c')} and c.id = ${values.contactId as string}`);
    if (!contact) throw invalid('contactId', 'is not a contact you can see');
  }
}

/**
 * Fills pipelineId/stageId (default pipeline, its first open stage) and checks that the stage belongs
 * to the pipeline. Returns the stage the deal enters, or null when neither changes.
 */
async function resolveStage(ctx: Ctx, tx: Db, values: Values, existing: Values | null): Promise<Stage | null> {
  const { workspaceId } = ctx.actor;
  const pipelineChanged = values.pipelineId !== undefined && values.pipelineId !== existing?.pipelineId;
  const stageChanged = values.stageId !== undefined && values.stageId !== existing?.stageId;
  if (existing && !pipelineChanged && !stageChanged) return null;
  if (values.pipelineId !== undefined && !(await findPipelineRow(tx, workspaceId, values.pipelineId as string))) throw invalid('pipelineId', 'is not a pipeline of this workspace');
  const pipelineId = (values.pipelineId ?? existing?.pipelineId ?? (await findDefaultPipelineId(tx, workspaceId))) as string | undefined;
  if (!pipelineId) throw invalid('pipelineId', 'the workspace has no pipeline yet; an administrator must create one');
  let stage: Stage | undefined;
  if (values.stageId !== undefined && (stageChanged || pipelineChanged)) {
    stage = await findStage(tx, workspaceId, values.stageId as string);
    if (!stage) throw invalid('stageId', 'is not a stage of this workspace');
    if (stage.pipelineId !== pipelineId) throw invalid('stageId', 'does not belong to the deal’s pipeline');
  } else {
    stage = await findFirstOpenStage(tx, workspaceId, pipelineId);
    if (!stage) throw invalid('pipelineId', 'the pipeline has no stages');
  }
  values.pipelineId = pipelineId;
  values.stageId = stage.id;
  return stage;
}
