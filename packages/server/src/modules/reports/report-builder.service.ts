// The report builder's use cases: run a definition (saved or not), drill into a cell, export the
// result as XLSX, and keep saved reports (private, or shared with the owner's team). A saved report is
// always run with the rights of whoever runs it: a shared report shows a manager their own figures.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Db } from '../../db/client.js';
import { requirePermission } from '../../core/access.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { compileReport, drillFields, drillStatement, MAX_GROUPS, runStatement } from './report-compiler.js';
import { drillSchema, reportDefinitionSchema, savedDrillSchema, savedReportCreateSchema, savedReportUpdateSchema, type ReportDefinition } from './report-builder.schema.js';
import { reportObjects, reportSources } from './report-objects.js';

export interface ReportRow {
  keys: (string | null)[];
  labels: (string | null)[];
  values: (number | string | null)[];
}

export interface ReportResult {
  definition: ReportDefinition;
  columns: { key: string; kind: 'group' | 'measure'; field: string | null; fn?: string; bucket?: string | null }[];
  rows: ReportRow[];
  /** Set when there were more groups than MAX_GROUPS: only the largest by the first measure are shown. */
  capped: { limit: number; groups: number; fields: string[]; message: string } | null;
}

export async function executeReport(ctx: Ctx, definition: ReportDefinition): Promise<ReportResult> {
  const compiled = compileReport(ctx.actor, definition);
  const found = await rows<Record<string, unknown>>(ctx.db, runStatement(compiled));
  const groupCount = found.length ? Number(found[0].groupCount) : 0;
  const capped =
    groupCount > MAX_GROUPS
      ? {
          limit: MAX_GROUPS,
          groups: groupCount,
          fields: definition.groupBy.map((group) => group.field),
          message: `Grouping by ${definition.groupBy.map((group) => `"${group.field}"`).join(' and ')} gives ${groupCount} groups; only the ${MAX_GROUPS} largest by the first measure are shown. Narrow the filters or group by a field with fewer values.`,
        }
      : null;
  const kept = capped ? found.slice(0, 0) : found;
  if (capped) {
    // The statement kept MAX_GROUPS + 1 rows by the first measure; drop the smallest of them.
    const byMeasure = [...found].sort((a, b) => compareMeasure(b.m0, a.m0)).slice(0, MAX_GROUPS);
    const keep = new Set(byMeasure);
    for (const row of found) if (keep.has(row)) kept.push(row);
  }
  return {
    definition,
    columns: [
      ...definition.groupBy.map((group, index) => ({ key: `g${index}`, kind: 'group' as const, field: group.field, bucket: compiled.dimensions[index].bucket })),
      ...definition.measures.map((measure, index) => ({ key: `m${index}`, kind: 'measure' as const, field: measure.field ?? null, fn: measure.fn })),
    ],
    rows: kept.map((row) => ({
      keys: compiled.dimensions.map((_, index) => (row[`k${index}`] as string | null) ?? null),
      labels: compiled.dimensions.map((_, index) => (row[`l${index}`] as string | null) ?? null),
      values: compiled.measures.map((_, index) => {
        const value = row[`m${index}`];
        return value === null || value === undefined ? null : typeof value === 'number' || typeof value === 'string' ? value : String(value);
      }),
    })),
    capped,
  };
}

function compareMeasure(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  const x = Number(a);
  const y = Number(b);
  return Number.isNaN(x) || Number.isNaN(y) ? String(a).localeCompare(String(b)) : x - y;
}

export async function runReport(ctx: Ctx, body: unknown): Promise<ReportResult> {
  return executeReport(ctx, parseBody(reportDefinitionSchema, body));
}

export async function drillReport(ctx: Ctx, definition: ReportDefinition, body: unknown) {
  const input = parseBody(savedDrillSchema, body ?? {});
  if (input.cursor && !isUuid(input.cursor)) throw invalid('cursor', 'is malformed');
  const compiled = compileReport(ctx.actor, definition);
  const statements = drillStatement(compiled, input.cell, input.cursor ?? null, input.limit);
  const page = await rows<Record<string, string | null>>(ctx.db, statements.page);
  const hasMore = page.length > input.limit;
  if (hasMore) page.pop();
  const total = input.cursor ? undefined : (await firstRow<{ total: number }>(ctx.db, statements.count))!.total;
  const fields = drillFields(compiled);
  return {
    source: definition.source,
    recordType: compiled.source.definition.recordType,
    fields,
    data: page.map((row) => ({
      id: row.id,
      name: row.name,
      ...(row.orderId !== undefined ? { orderId: row.orderId } : {}),
      values: Object.fromEntries(fields.map((field, index) => [field, row[`f${index}`] ?? null])),
    })),
    nextCursor: hasMore ? page[page.length - 1].id : null,
    ...(total !== undefined ? { total: Number(total) } : {}),
  };
}

export async function drillUnsavedReport(ctx: Ctx, body: unknown) {
  const input = parseBody(drillSchema, body);
  const { definition, ...rest } = input;
  return drillReport(ctx, definition, rest);
}

/** What the builder offers: each source's fields (with types) and links, for the viewer's rights. */
export function reportMetadata(ctx: Ctx) {
  const describe = (key: keyof typeof reportObjects) => {
    const object = reportObjects[key];
    return {
      key,
      permission: object.permission,
      readable: (ctx.actor.permissions[object.permission]?.read ?? 'none') !== 'none',
      recordType: object.definition.recordType,
      defaultDate: object.defaultDate,
      fields: Object.entries(object.definition.fields)
        .filter(([name, spec]) => name !== 'deletedAt' && spec.type !== 'json')
        .map(([name, spec]) => ({ name, type: spec.type, freeText: Boolean(spec.hidden) })),
      links: Object.entries(object.links).map(([name, link]) => ({ name, target: link.target, field: link.field ?? null })),
    };
  };
  return { sources: reportSources, objects: (Object.keys(reportObjects) as (keyof typeof reportObjects)[]).map(describe), maxGroups: MAX_GROUPS };
}

// ---------------------------------------------------------------- saved reports

type SavedReport = { id: string; name: string; ownerId: string; visibility: string; definition: ReportDefinition } & Record<string, unknown>;

const columns = (ctx: Ctx) =>
  sql`r.id, r.name, r.visibility, r.definition, r.owner_id as "ownerId", (select u.name from users u where u.id = r.owner_id) as "ownerName", r.team_id as "teamId",
      r.created_at as "createdAt", r.updated_at as "updatedAt", (r.owner_id = ${ctx.actor.userId}) as "isOwner"`;

/** Rows of a private-or-team table (saved reports, dashboards) under `alias` that the actor sees: their own and their team's shared ones. */
export function ownOrTeamShared(ctx: Ctx, alias: string) {
  const a = sql.raw(alias);
  const team = ctx.actor.teamId ? sql` or (${a}.visibility = 'team' and ${a}.team_id = ${ctx.actor.teamId})` : sql``;
  return sql`${a}.workspace_id = ${ctx.actor.workspaceId} and (${a}.owner_id = ${ctx.actor.userId}${team})`;
}
const visible = (ctx: Ctx) => ownOrTeamShared(ctx, 'r');

export async function listSavedReports(ctx: Ctx) {
  const data = await rows<SavedReport>(ctx.db, sql`select ${columns(ctx)} from saved_reports r where ${visible(ctx)} order by lower(r.name), r.id`);
  return { data };
}

async function findVisible(ctx: Ctx, db: Db, id: string, forUpdate = false): Promise<SavedReport> {
  const report = isUuid(id) ? await firstRow<SavedReport>(db, sql`select ${columns(ctx)} from saved_reports r where ${visible(ctx)} and r.id = ${id} ${forUpdate ? sql`for update` : sql``}`) : undefined;
  if (!report) throw notFound('report', id);
  return report;
}

export const getSavedReport = (ctx: Ctx, id: string) => findVisible(ctx, ctx.db, id);

export async function runSavedReport(ctx: Ctx, id: string) {
  const report = await findVisible(ctx, ctx.db, id);
  return { report: { id: report.id, name: report.name, visibility: report.visibility, ownerId: report.ownerId, isOwner: report.isOwner }, ...(await executeReport(ctx, parseBody(reportDefinitionSchema, report.definition))) };
}

export async function drillSavedReport(ctx: Ctx, id: string, body: unknown) {
  const report = await findVisible(ctx, ctx.db, id);
  return drillReport(ctx, parseBody(reportDefinitionSchema, report.definition), body);
}

export async function createSavedReport(ctx: Ctx, body: unknown): Promise<SavedReport> {
  const input = parseBody(savedReportCreateSchema, body);
  compileReport(ctx.actor, input.definition); // refuses what the owner could not run
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const created = (await firstRow<{ id: string }>(
      tx,
      sql`insert into saved_reports (workspace_id, name, owner_id, team_id, visibility, definition)
          values (${ctx.actor.workspaceId}, ${input.name}, ${ctx.actor.userId}, ${ctx.actor.teamId}, ${input.visibility}, ${JSON.stringify(input.definition)}::jsonb) returning id`,
    ))!;
    const report = await findVisible(ctx, tx, created.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'saved_report', recordId: report.id, action: 'create', changes: diffRecords(null, pick(report)) }]);
    return report;
  });
}

const pick = (report: SavedReport) => ({ name: report.name, visibility: report.visibility, definition: report.definition });

async function loadOwned(ctx: Ctx, tx: Db, id: string, action: 'update' | 'delete'): Promise<SavedReport> {
  const report = await findVisible(ctx, tx, id, true);
  if (report.ownerId !== ctx.actor.userId) throw new AppError('FORBIDDEN', { message: `Only the owner may ${action} this report`, details: { id } });
  return report;
}

export async function updateSavedReport(ctx: Ctx, id: string, body: unknown): Promise<SavedReport> {
  const input = parseBody(savedReportUpdateSchema, body);
  if (input.definition) compileReport(ctx.actor, input.definition);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await loadOwned(ctx, tx, id, 'update');
    await tx.execute(
      sql`update saved_reports set name = coalesce(${input.name ?? null}, name), visibility = coalesce(${input.visibility ?? null}, visibility), team_id = ${ctx.actor.teamId},
            definition = coalesce(${input.definition ? JSON.stringify(input.definition) : null}::jsonb, definition), updated_at = now()
          where id = ${id}`,
    );
    const after = await findVisible(ctx, tx, id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'saved_report', recordId: id, action: 'update', changes: diffRecords(pick(before), pick(after)) }]);
    return after;
  });
}

export async function deleteSavedReport(ctx: Ctx, id: string): Promise<{ deleted: number }> {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const report = await loadOwned(ctx, tx, id, 'delete');
    await tx.execute(sql`delete from saved_reports where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'saved_report', recordId: id, action: 'delete', changes: diffRecords(pick(report), null) }]);
    return { deleted: 1 };
  });
}

/** The result as a sheet (group columns, then measures); needs export rights on the source. */
export async function exportReport(ctx: Ctx, definition: ReportDefinition) {
  requirePermission(ctx.actor, reportObjects[definition.source].permission, 'export');
  return executeReport(ctx, definition);
}
