// Service hours and SLA policies in Settings. Everyone signed in reads them (agents see deadlines computed from
// them); changing them needs the settings update/create/delete rights (administrators). Every change is audited.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { businessCalendarInputSchema, calendarProblems, compileCalendar, defaultBusinessCalendar, slaPolicyInputSchema, type BusinessCalendar, type CompiledCalendar, type SlaPolicyInput } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import { recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { parseBody, validationError } from '../../core/validation.js';
import { isUuid } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { cachedSlaSetting, forgetSlaSettings, slaSettingsChanged } from './sla-cache.js';

const slaSweepRequestSchema = z.object({ at: z.string().datetime({ offset: true }).optional() }).strict();

export interface BusinessCalendarView extends BusinessCalendar {
  isDefault: boolean;
  updatedAt: string | null;
}

/** The workspace calendar as stored, or the built-in Russian default when none was saved. */
export async function loadBusinessCalendar(db: Db, workspaceId: string): Promise<BusinessCalendarView> {
  const row = await firstRow<{ timeZone: string; weeklyHours: BusinessCalendar['weeklyHours']; years: BusinessCalendar['years']; updatedAt: string }>(
    db,
    sql`select time_zone as "timeZone", weekly_hours as "weeklyHours", years, updated_at as "updatedAt" from business_calendars where workspace_id = ${workspaceId}`,
  );
  if (!row) return { ...defaultBusinessCalendar(), isDefault: true, updatedAt: null };
  return { timeZone: row.timeZone, weeklyHours: row.weeklyHours, years: [...row.years].sort((a, b) => a.year - b.year), isDefault: false, updatedAt: row.updatedAt };
}

/** For the cases module: the compiled calendar of a workspace (cached per workspace until the calendar changes, sla-cache.ts). */
export async function workspaceCalendar(db: Db, workspaceId: string): Promise<CompiledCalendar> {
  return cachedSlaSetting(workspaceId, 'calendar', async () => compileCalendar(await loadBusinessCalendar(db, workspaceId)));
}

export async function getBusinessCalendar(ctx: Ctx): Promise<BusinessCalendarView> {
  return loadBusinessCalendar(ctx.db, ctx.actor.workspaceId);
}

export async function saveBusinessCalendar(ctx: Ctx, body: unknown): Promise<BusinessCalendarView> {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(businessCalendarInputSchema, body);
  const problems = calendarProblems(input);
  if (problems.length) throw validationError(problems);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`insert into business_calendars (workspace_id, time_zone, weekly_hours, years, updated_by, updated_at)
      values (${ctx.actor.workspaceId}, ${input.timeZone}, ${JSON.stringify(input.weeklyHours)}::jsonb, ${JSON.stringify(input.years)}::jsonb, ${ctx.actor.userId}, now())
      on conflict (workspace_id) do update set time_zone = excluded.time_zone, weekly_hours = excluded.weekly_hours, years = excluded.years, updated_by = excluded.updated_by, updated_at = now()`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'business_calendar', recordId: ctx.actor.workspaceId, action: 'update', meta: { timeZone: input.timeZone, years: input.years.map((year) => year.year) } }]);
    await slaSettingsChanged(tx, ctx.actor.workspaceId);
  });
  forgetSlaSettings(ctx.actor.workspaceId);
  return loadBusinessCalendar(ctx.db, ctx.actor.workspaceId);
}

export interface SlaPolicyRow extends Required<SlaPolicyInput> {
  id: string;
  createdAt: string;
  updatedAt: string;
}

const policyColumns = sql`id, name, priorities, tiers, first_response_minutes as "firstResponseMinutes", resolution_minutes as "resolutionMinutes",
  warning_percent as "warningPercent", escalate_to_team_head as "escalateToTeamHead", is_active as "isActive", position, created_at as "createdAt", updated_at as "updatedAt"`;

/** For the cases module: the workspace's policies in order, to pass to choosePolicy. */
export async function loadSlaPolicies(db: Db, workspaceId: string): Promise<SlaPolicyRow[]> {
  return rows<SlaPolicyRow>(db, sql`select ${policyColumns} from sla_policies where workspace_id = ${workspaceId} and deleted_at is null order by position, id`);
}

/** `loadSlaPolicies` through the per-workspace cache: what applyCaseSla reads on every case write. */
export async function cachedSlaPolicies(db: Db, workspaceId: string): Promise<SlaPolicyRow[]> {
  return cachedSlaSetting(workspaceId, 'policies', () => loadSlaPolicies(db, workspaceId));
}

export async function listSlaPolicies(ctx: Ctx): Promise<{ data: SlaPolicyRow[] }> {
  return { data: await loadSlaPolicies(ctx.db, ctx.actor.workspaceId) };
}

async function loadPolicy(db: Db, workspaceId: string, id: string, forUpdate = false): Promise<SlaPolicyRow> {
  if (!isUuid(id)) throw notFound('SLA policy', id);
  const row = await firstRow<SlaPolicyRow>(db, sql`select ${policyColumns} from sla_policies where id = ${id}::uuid and workspace_id = ${workspaceId} and deleted_at is null ${forUpdate ? sql`for update` : sql``}`);
  if (!row) throw notFound('SLA policy', id);
  return row;
}

export async function getSlaPolicy(ctx: Ctx, id: string): Promise<SlaPolicyRow> {
  return loadPolicy(ctx.db, ctx.actor.workspaceId, id);
}

export async function createSlaPolicy(ctx: Ctx, body: unknown): Promise<SlaPolicyRow> {
  requirePermission(ctx.actor, 'settings', 'create');
  const input = parseBody(slaPolicyInputSchema, body);
  const created = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const position = input.position ?? (await firstRow<{ next: number }>(tx, sql`select coalesce(max(position) + 1, 0)::int as next from sla_policies where workspace_id = ${ctx.actor.workspaceId} and deleted_at is null`))!.next;
    const [row] = await rows<SlaPolicyRow>(
      tx,
      sql`insert into sla_policies (workspace_id, name, priorities, tiers, first_response_minutes, resolution_minutes, warning_percent, escalate_to_team_head, is_active, position, created_by)
          values (${ctx.actor.workspaceId}, ${input.name}, ${pgArrayLiteral(input.priorities)}::text[], ${pgArrayLiteral(input.tiers)}::text[], ${input.firstResponseMinutes}, ${input.resolutionMinutes},
            ${input.warningPercent}, ${input.escalateToTeamHead}, ${input.isActive}, ${position}, ${ctx.actor.userId})
          returning ${policyColumns}`,
    );
    await recordAudit(tx, ctx.actor, [{ recordType: 'sla_policy', recordId: row.id, action: 'create', meta: { name: input.name } }]);
    await slaSettingsChanged(tx, ctx.actor.workspaceId);
    return row;
  });
  forgetSlaSettings(ctx.actor.workspaceId);
  return created;
}

/** The given keys replace the stored ones and the whole policy is validated again, so errors name the field. */
export async function updateSlaPolicy(ctx: Ctx, id: string, body: unknown): Promise<SlaPolicyRow> {
  requirePermission(ctx.actor, 'settings', 'update');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validationError([{ field: '(body)', problem: 'must be a JSON object' }]);
  const updated = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const existing = await loadPolicy(tx, ctx.actor.workspaceId, id, true);
    const { id: _id, createdAt: _created, updatedAt: _updated, ...stored } = existing;
    const input = parseBody(slaPolicyInputSchema, { ...stored, ...(body as Record<string, unknown>) });
    const [row] = await rows<SlaPolicyRow>(
      tx,
      sql`update sla_policies set name = ${input.name}, priorities = ${pgArrayLiteral(input.priorities)}::text[], tiers = ${pgArrayLiteral(input.tiers)}::text[],
            first_response_minutes = ${input.firstResponseMinutes}, resolution_minutes = ${input.resolutionMinutes}, warning_percent = ${input.warningPercent},
            escalate_to_team_head = ${input.escalateToTeamHead}, is_active = ${input.isActive}, position = ${input.position ?? existing.position}, updated_at = now()
          where id = ${id}::uuid returning ${policyColumns}`,
    );
    const before = stored as unknown as Record<string, unknown>;
    const changed = Object.keys(input).filter((key) => JSON.stringify(before[key]) !== JSON.stringify((input as Record<string, unknown>)[key]));
    await recordAudit(tx, ctx.actor, [{ recordType: 'sla_policy', recordId: id, action: 'update', meta: { fields: changed } }]);
    await slaSettingsChanged(tx, ctx.actor.workspaceId);
    return row;
  });
  forgetSlaSettings(ctx.actor.workspaceId);
  return updated;
}

export async function deleteSlaPolicy(ctx: Ctx, id: string): Promise<{ ok: true }> {
  requirePermission(ctx.actor, 'settings', 'delete');
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await loadPolicy(tx, ctx.actor.workspaceId, id, true);
    await tx.execute(sql`update sla_policies set deleted_at = now(), is_active = false, updated_at = now() where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'sla_policy', recordId: id, action: 'delete' }]);
    await slaSettingsChanged(tx, ctx.actor.workspaceId);
  });
  forgetSlaSettings(ctx.actor.workspaceId);
  return { ok: true };
}

/**
 * Queues the SLA sweep now instead of at the next minute. `at` runs it as if the clock read that instant: a test
 * hook (SLA_TEST_CLOCK=true, e2e only), refused otherwise so nobody can breach cases early in production.
 */
export async function requestSlaSweep(ctx: Ctx, jobs: JobQueue, body: unknown, testClock: boolean): Promise<{ jobId: string | null; at: string }> {
  requirePermission(ctx.actor, 'settings', 'update');
  const input = parseBody(slaSweepRequestSchema, body);
  if (input.at && !testClock) throw validationError([{ field: 'at', problem: 'is only accepted when the server runs with SLA_TEST_CLOCK=true' }]);
  const at = input.at ? new Date(input.at).toISOString() : new Date().toISOString();
  const jobId = await jobs.enqueue('sla-sweep', input.at ? { at } : {});
  return { jobId, at };
}
