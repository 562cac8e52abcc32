// Dashboards: named, arranged sets of saved reports, private or shared with the owner's team. The
// dashboard keeps only which report sits where; each widget is run by the viewer through the saved
// report's own endpoint, so the figures are always the viewer's (a manager sees their own, the head the
// team's). A shared dashboard may hold only reports its team can open, so nobody sees a blank tile.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { dashboardCreateSchema, dashboardUpdateSchema, type Widget } from './dashboards.schema.js';
import { ownOrTeamShared } from './report-builder.service.js';

interface DashboardRow {
  id: string;
  name: string;
  visibility: 'private' | 'team';
  ownerId: string;
  ownerName: string | null;
  teamId: string | null;
  widgets: Widget[];
  isOwner: boolean;
  createdAt: string;
  updatedAt: string;
}

const columns = (ctx: Ctx) =>
  sql`d.id, d.name, d.visibility, d.widgets, d.owner_id as "ownerId", (select u.name from users u where u.id = d.owner_id) as "ownerName", d.team_id as "teamId",
      d.created_at as "createdAt", d.updated_at as "updatedAt", (d.owner_id = ${ctx.actor.userId}) as "isOwner"`;

/** The widgets with the name and chart of each report as the viewer sees it (`available: false` when they may not open it any more). */
async function withReports(ctx: Ctx, db: Db, dashboard: DashboardRow) {
  const ids = [...new Set(dashboard.widgets.map((widget) => widget.reportId))];
  const reports = ids.length
    ? await rows<{ id: string; name: string; chart: string; source: string }>(
        db,
        sql`select r.id, r.name, r.definition->>'chart' as chart, r.definition->>'source' as source from saved_reports r where ${ownOrTeamShared(ctx, 'r')} and r.id = any(${pgArrayLiteral(ids)}::uuid[])`,
      )
    : [];
  const byId = new Map(reports.map((report) => [report.id, report]));
  return {
    ...dashboard,
    widgets: dashboard.widgets.map((widget) => {
      const report = byId.get(widget.reportId);
      return { ...widget, available: Boolean(report), reportName: report?.name ?? null, chart: widget.chart ?? report?.chart ?? null, source: report?.source ?? null };
    }),
  };
}

export async function listDashboards(ctx: Ctx) {
  const data = await rows<DashboardRow>(ctx.db, sql`select ${columns(ctx)} from dashboards d where ${ownOrTeamShared(ctx, 'd')} order by d.owner_id <> ${ctx.actor.userId}, lower(d.name), d.id`);
  return { data: data.map(({ widgets, ...dashboard }) => ({ ...dashboard, widgetCount: widgets.length })) };
}

async function findVisible(ctx: Ctx, db: Db, id: string, forUpdate = false): Promise<DashboardRow> {
  const found = isUuid(id) ? await firstRow<DashboardRow>(db, sql`select ${columns(ctx)} from dashboards d where ${ownOrTeamShared(ctx, 'd')} and d.id = ${id} ${forUpdate ? sql`for update` : sql``}`) : undefined;
  if (!found) throw notFound('dashboard', id);
  return found;
}

export async function getDashboardById(ctx: Ctx, id: string) {
  return withReports(ctx, ctx.db, await findVisible(ctx, ctx.db, id));
}

/**
 * Checks every widget's report: the owner must be able to open it, and on a team dashboard the team
 * must too (it is shared, or the dashboard would show the team a tile it may not open). Gives new
 * widgets an id.
 */
async function checkWidgets(ctx: Ctx, db: Db, widgets: (Omit<Widget, 'id'> & { id?: string })[], visibility: 'private' | 'team'): Promise<Widget[]> {
  const ids = [...new Set(widgets.map((widget) => widget.reportId))];
  const reports = ids.length
    ? await rows<{ id: string; visibility: string }>(db, sql`select r.id, r.visibility from saved_reports r where ${ownOrTeamShared(ctx, 'r')} and r.id = any(${pgArrayLiteral(ids)}::uuid[])`)
    : [];
  const byId = new Map(reports.map((report) => [report.id, report]));
  const seen = new Set<string>();
  return widgets.map((widget, index) => {
    const report = byId.get(widget.reportId);
    if (!report) throw invalid(`widgets[${index}].reportId`, 'is not a saved report you can open');
    if (visibility === 'team' && report.visibility !== 'team') throw invalid(`widgets[${index}].reportId`, 'is a private report: share it with the team before putting it on a team dashboard');
    const id = widget.id && !seen.has(widget.id) ? widget.id : randomUUID();
    seen.add(id);
    return { ...widget, id };
  });
}

const pick = (dashboard: DashboardRow) => ({ name: dashboard.name, visibility: dashboard.visibility, widgets: dashboard.widgets });

export async function createDashboard(ctx: Ctx, body: unknown) {
  const input = parseBody(dashboardCreateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const widgets = await checkWidgets(ctx, tx, input.widgets, input.visibility);
    const created = (await firstRow<{ id: string }>(
      tx,
      sql`insert into dashboards (workspace_id, name, owner_id, team_id, visibility, widgets)
          values (${ctx.actor.workspaceId}, ${input.name}, ${ctx.actor.userId}, ${ctx.actor.teamId}, ${input.visibility}, ${JSON.stringify(widgets)}::jsonb) returning id`,
    ))!;
    const dashboard = await findVisible(ctx, tx, created.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'dashboard', recordId: dashboard.id, action: 'create', changes: diffRecords(null, pick(dashboard)) }]);
    return withReports(ctx, tx, dashboard);
  });
}

async function loadOwned(ctx: Ctx, tx: Db, id: string, action: 'change' | 'delete'): Promise<DashboardRow> {
  const dashboard = await findVisible(ctx, tx, id, true);
  if (dashboard.ownerId !== ctx.actor.userId) throw new AppError('FORBIDDEN', { message: `Only the owner may ${action} this dashboard`, details: { id } });
  return dashboard;
}

export async function updateDashboard(ctx: Ctx, id: string, body: unknown) {
  const input = parseBody(dashboardUpdateSchema, body);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await loadOwned(ctx, tx, id, 'change');
    const visibility = input.visibility ?? before.visibility;
    // Re-checked when the widgets or the audience change: making a dashboard team-wide checks its reports too.
    const widgets = input.widgets || input.visibility ? await checkWidgets(ctx, tx, input.widgets ?? before.widgets, visibility) : before.widgets;
    await tx.execute(
      sql`update dashboards set name = coalesce(${input.name ?? null}, name), visibility = ${visibility}, team_id = ${ctx.actor.teamId},
            widgets = ${JSON.stringify(widgets)}::jsonb, updated_at = now() where id = ${id}`,
    );
    const after = await findVisible(ctx, tx, id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'dashboard', recordId: id, action: 'update', changes: diffRecords(pick(before), pick(after)) }]);
    return withReports(ctx, tx, after);
  });
}

export async function deleteDashboard(ctx: Ctx, id: string): Promise<{ deleted: number }> {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const dashboard = await loadOwned(ctx, tx, id, 'delete');
    await tx.execute(sql`delete from dashboards where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'dashboard', recordId: id, action: 'delete', changes: diffRecords(pick(dashboard), null) }]);
    return { deleted: 1 };
  });
}
