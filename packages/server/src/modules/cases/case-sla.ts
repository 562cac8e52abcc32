// The SLA deadlines of a case, set in the case definition's prepare (so every write path gets them): the first
// active policy by position that matches the case's priority and its company's tags (the customer tier) gives
// the first-response and resolution targets in business minutes, counted on the workspace's business calendar
// from the case's creation, minus the time spent waiting for the customer. Policies and calendar come from a
// per-workspace cache (sla/sla-cache.ts) forgotten whenever either changes.
import { sql } from 'drizzle-orm';
import { businessDeadline, choosePolicy, type Pause } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Values } from '../../core/records/definition.js';
import { cachedSlaPolicies, workspaceCalendar } from '../sla/sla.service.js';
import { contractDay, contractServiceLevel } from '../service-contracts/coverage-rules.js';

const iso = (instant: number) => (Number.isFinite(instant) ? new Date(instant).toISOString() : null);

async function companyTags(tx: Db, workspaceId: string, companyId: string | null | undefined): Promise<string[]> {
  if (!companyId) return [];
  const row = await firstRow<{ tags: string[] | null }>(tx, sql`select tags from companies where workspace_id = ${workspaceId} and id = ${companyId}::uuid`);
  return row?.tags ?? [];
}

/** The waiting-for-customer intervals of a stored case; `closeOpenAt` ends a pause that closes in this write. */
async function casePauses(tx: Db, caseId: string, closeOpenAt: number | null): Promise<Pause[]> {
  const stored = await rows<{ pausedAt: string; resumedAt: string | null }>(
    tx,
    sql`select paused_at as "pausedAt", resumed_at as "resumedAt" from case_sla_pauses where case_id = ${caseId}::uuid order by paused_at`,
  );
  return stored.map((pause) => ({ from: Date.parse(pause.pausedAt), to: pause.resumedAt ? Date.parse(pause.resumedAt) : closeOpenAt }));
}

/**
 * Sets slaPolicyId, firstResponseDueAt and resolutionDueAt on create, and recomputes them when the priority or the
 * company changes or a wait for the customer starts or ends. While the case waits, its resolution clock stands
 * still, so resolutionDueAt is empty until the customer answers; the first response is not paused.
 */
export async function applyCaseSla(tx: Db, workspaceId: string, values: Values, existing: Values | null, now: string): Promise<void> {
  const changed = (field: string) => values[field] !== undefined && values[field] !== existing?.[field];
  const pauseStarts = values.slaPausedAt !== undefined && values.slaPausedAt !== null && !existing?.slaPausedAt;
  const pauseEnds = values.slaPausedAt === null && Boolean(existing?.slaPausedAt);
  if (existing && !changed('priority') && !changed('companyId') && !changed('contractId') && !pauseStarts && !pauseEnds) return;

  const priority = String(values.priority ?? existing?.priority ?? 'normal');
  const companyId = (values.companyId !== undefined ? values.companyId : existing?.companyId) as string | null | undefined;
  // The tier: the company's tags plus the service level of the case's contract in force (a covered customer's level).
  const contractId = (values.contractId !== undefined ? values.contractId : existing?.contractId) as string | null | undefined;
  const level = await contractServiceLevel(tx, workspaceId, contractId, contractDay(String(existing?.createdAt ?? now)));
  const tier = [...(await companyTags(tx, workspaceId, companyId)), ...(level ? [level] : [])];
  const policy = choosePolicy(await cachedSlaPolicies(tx, workspaceId), { priority, tier });
  if (!policy) {
    Object.assign(values, { slaPolicyId: null, firstResponseDueAt: null, resolutionDueAt: null, firstResponseWarnAt: null, resolutionWarnAt: null });
    return;
  }
  const calendar = await workspaceCalendar(tx, workspaceId);
  const start = Date.parse(String(existing?.createdAt ?? now));
  const nowMs = Date.parse(now);
  const pauses = existing ? await casePauses(tx, String(existing.id), pauseEnds ? nowMs : null) : [];
  if (pauseStarts) pauses.push({ from: nowMs, to: null });
  values.slaPolicyId = policy.id;
  // The first response is not paused: a wait for the customer alone leaves its deadline as it was.
  const targetsChanged = !existing || changed('priority') || changed('companyId') || changed('contractId');
  // The warning instants (the policy's warning percent of each target) are what the SLA sweep job looks at.
  const warnMinutes = (target: number) => (target * policy.warningPercent) / 100;
  if (targetsChanged) {
    values.firstResponseDueAt = iso(businessDeadline(calendar, start, policy.firstResponseMinutes));
    values.firstResponseWarnAt = iso(businessDeadline(calendar, start, warnMinutes(policy.firstResponseMinutes)));
  }
  values.resolutionDueAt = iso(businessDeadline(calendar, start, policy.resolutionMinutes, pauses));
  values.resolutionWarnAt = iso(businessDeadline(calendar, start, warnMinutes(policy.resolutionMinutes), pauses));
}
