// Segments (issue 14): saved, live definitions over contacts or companies, private or shared with the owner's
// team like saved reports, soft-deleted and audited. Members are never stored for a dynamic segment: they are
// computed on every read with the viewer's rights (accessCondition on the object), so a shared segment shows a
// manager their own customers and the head the team's. A static segment stores its member ids and still shows
// each viewer only the members they may read.
import { sql, type SQL } from 'drizzle-orm';
import { segmentCreateSchema, segmentDefinitionSchema, segmentMembersChangeSchema, segmentPreviewSchema, segmentUpdateSchema, type SegmentEntry, type SegmentObject, type SegmentSummary } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid } from '../../core/errors.js';
import { ALIAS, isUuid, listRecords } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { ownOrTeamShared } from '../reports/report-builder.service.js';
import { planExport, type ExportPlan } from '../exports/export-rows.js';
import { compileConditions, definitionOf, type Compiled } from './segment-conditions.js';
import { parseMemberText, resolveMemberTokens } from './segment-members.js';

type SegmentRow = SegmentSummary & { teamId: string | null };

const columns = (ctx: Ctx) =>
  sql`s.id, s.name, s.object, s.kind, s.visibility, s.conditions, s.owner_id as "ownerId", (select u.name from users u where u.id = s.owner_id) as "ownerName",
      s.team_id as "teamId", (s.owner_id = ${ctx.actor.userId}) as "isOwner", s.created_at as "createdAt", s.updated_at as "updatedAt"`;

const notFound = (id: string) => new AppError('SEGMENT_NOT_FOUND', { message: 'segment not found', details: { object: 'segment', id } });

async function findVisible(ctx: Ctx, db: Db, id: string, forUpdate = false): Promise<SegmentRow> {
  const found = isUuid(id)
    ? await firstRow<SegmentRow>(db, sql`select ${columns(ctx)} from segments s where ${ownOrTeamShared(ctx, 's')} and s.deleted_at is null and s.id = ${id} ${forUpdate ? sql`for update` : sql``}`)
    : undefined;
  if (!found) throw notFound(id);
  // A segment over an object the viewer may not read at all is as invisible as one they do not share.
  if ((ctx.actor.permissions[found.object]?.read ?? 'none') === 'none') throw notFound(id);
  return found;
}

async function loadOwned(ctx: Ctx, tx: Db, id: string, action: string): Promise<SegmentRow> {
  const found = await findVisible(ctx, tx, id, true);
  if (!found.isOwner) throw new AppError('FORBIDDEN', { message: `Only the owner may ${action} this segment`, details: { id } });
  return found;
}

const auditable = (segment: Pick<SegmentRow, 'name' | 'visibility' | 'conditions'>) => ({ name: segment.name, visibility: segment.visibility, conditions: segment.conditions });

/** The segment's condition over its object's rows, for this viewer (static: its stored members, and its conditions). */
async function segmentCondition(ctx: Ctx, segment: Pick<SegmentRow, 'id' | 'object' | 'kind' | 'conditions'>): Promise<Compiled> {
  const compiled = await compileConditions(ctx, segment.object, segment.conditions as SegmentEntry[]);
  if (segment.kind !== 'static') return compiled;
  return (alias) => sql`exists (select 1 from segment_members m where m.segment_id = ${segment.id} and m.record_id = ${sql.raw(`"${alias}"."id"`)}) and ${compiled(alias)}`;
}

const readable = (ctx: Ctx, object: SegmentObject, alias: string) => accessCondition(ctx.actor, object, 'read', alias);

async function countWhere(ctx: Ctx, object: SegmentObject, condition: Compiled): Promise<number> {
  const row = await firstRow<{ count: number }>(ctx.db, sql`select count(*)::int as count from ${sql.raw(`"${object}" as "${ALIAS}"`)} where ${readable(ctx, object, ALIAS)} and ${condition(ALIAS)}`);
  return Number(row?.count ?? 0);
}

// ---------------------------------------------------------------- the contract other modules use

/**
 * Ids of the segment's contacts readable by ctx.actor (for a company segment: the contacts of its member
 * companies), in ascending id order after `afterId`. SEGMENT_NOT_FOUND (404) for an invisible or deleted segment.
 */
export async function segmentMemberIds(ctx: Ctx, segmentId: string, page: { afterId?: string; limit: number }): Promise<string[]> {
  const segment = await findVisible(ctx, ctx.db, segmentId);
  if (page.afterId !== undefined && !isUuid(page.afterId)) throw invalid('afterId', 'is not a UUID');
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > 10_000) throw invalid('limit', 'must be an integer from 1 to 10000');
  const after = page.afterId ? sql` and c.id > ${page.afterId}::uuid` : sql``;
  const members = await contactsOfSegment(ctx, segment);
  const found = await rows<{ id: string }>(ctx.db, sql`select c.id from contacts c where ${readable(ctx, 'contacts', 'c')} and ${members('c')}${after} order by c.id limit ${page.limit}`);
  return found.map((row) => row.id);
}

/** How many contacts segmentMemberIds would give over all its pages. */
export async function countSegmentMembers(ctx: Ctx, segmentId: string): Promise<number> {
  const segment = await findVisible(ctx, ctx.db, segmentId);
  return countWhere(ctx, 'contacts', await contactsOfSegment(ctx, segment));
}

/** The condition "is a contact of this segment" (as segmentMemberIds pages it), for counts grouped another way. */
export async function segmentContactsCondition(ctx: Ctx, segmentId: string): Promise<Compiled> {
  return contactsOfSegment(ctx, await findVisible(ctx, ctx.db, segmentId));
}

/** A contact segment's own condition; a company segment's: contacts linked to a readable member company. */
async function contactsOfSegment(ctx: Ctx, segment: SegmentRow): Promise<Compiled> {
  const condition = await segmentCondition(ctx, segment);
  if (segment.object === 'contacts') return condition;
  const company = (alias: string) => sql`${readable(ctx, 'companies', alias)} and ${condition(alias)}`;
  return (alias) => {
    const contact = sql.raw(`"${alias}"`);
    return sql`(exists (select 1 from companies sc where sc.id = ${contact}.company_id and ${company('sc')})
      or exists (select 1 from contact_companies cc join companies sl on sl.id = cc.company_id where cc.contact_id = ${contact}.id and ${company('sl')}))`;
  };
}

// ---------------------------------------------------------------- use cases

export async function listSegments(ctx: Ctx, query: { object?: unknown } = {}) {
  const object = query.object;
  if (object !== undefined && object !== 'contacts' && object !== 'companies') throw invalid('object', 'must be contacts or companies');
  const readableObjects = (['contacts', 'companies'] as const).filter((name) => (ctx.actor.permissions[name]?.read ?? 'none') !== 'none' && (!object || name === object));
  if (!readableObjects.length) return { data: [] };
  const data = await rows<SegmentRow>(
    ctx.db,
    sql`select ${columns(ctx)} from segments s where ${ownOrTeamShared(ctx, 's')} and s.deleted_at is null and s.object = any(${pgArrayLiteral(readableObjects)}::text[])
        order by s.owner_id <> ${ctx.actor.userId}, lower(s.name), s.id`,
  );
  return { data };
}

export const getSegment = (ctx: Ctx, id: string) => findVisible(ctx, ctx.db, id);

/** Checks member ids of a static segment: each must be a record of the object the actor may read. */
async function checkMemberIds(ctx: Ctx, object: SegmentObject, ids: string[], field: string): Promise<string[]> {
  const unique = Array.from(new Set(ids));
  if (!unique.length) return [];
  const found = await rows<{ id: string }>(ctx.db, sql`select t.id from ${sql.raw(`"${object}" as "t"`)} where ${readable(ctx, object, 't')} and t.id = any(${pgArrayLiteral(unique)}::uuid[])`);
  const known = new Set(found.map((row) => row.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw invalid(`${field}[${missing}]`, `is not a record of ${object} you can see`);
  return unique;
}

async function insertMembers(ctx: Ctx, tx: Db, segmentId: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const inserted = await rows<{ recordId: string }>(
    tx,
    sql`insert into segment_members (workspace_id, segment_id, record_id, added_by)
        select ${ctx.actor.workspaceId}, ${segmentId}, id, ${ctx.actor.userId} from unnest(${pgArrayLiteral(ids)}::uuid[]) as id
        on conflict do nothing returning record_id as "recordId"`,
  );
  return inserted.length;
}

export async function createSegment(ctx: Ctx, body: unknown): Promise<SegmentRow> {
  const input = parseBody(segmentCreateSchema, body);
  requirePermission(ctx.actor, input.object, 'read');
  if (input.memberIds?.length && input.kind !== 'static') throw invalid('memberIds', 'only a static segment has a member list');
  await compileConditions(ctx, input.object, input.conditions); // refuses what cannot be computed, before writing
  const memberIds = await checkMemberIds(ctx, input.object, input.memberIds ?? [], 'memberIds');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const created = (await firstRow<{ id: string }>(
      tx,
      sql`insert into segments (workspace_id, name, object, kind, conditions, owner_id, team_id, visibility)
          values (${ctx.actor.workspaceId}, ${input.name}, ${input.object}, ${input.kind}, ${JSON.stringify(input.conditions)}::jsonb, ${ctx.actor.userId}, ${ctx.actor.teamId}, ${input.visibility})
          returning id`,
    ))!;
    const added = await insertMembers(ctx, tx, created.id, memberIds);
    const segment = await findVisible(ctx, tx, created.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'segment', recordId: segment.id, action: 'create', changes: diffRecords(null, { ...auditable(segment), object: segment.object, kind: segment.kind, members: added }) }]);
    return segment;
  });
}

export async function updateSegment(ctx: Ctx, id: string, body: unknown): Promise<SegmentRow> {
  const input = parseBody(segmentUpdateSchema, body);
  const current = await findVisible(ctx, ctx.db, id);
  if (input.conditions) await compileConditions(ctx, current.object, input.conditions);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await loadOwned(ctx, tx, id, 'change');
    await tx.execute(
      sql`update segments set name = coalesce(${input.name ?? null}, name), visibility = coalesce(${input.visibility ?? null}, visibility), team_id = ${ctx.actor.teamId},
            conditions = coalesce(${input.conditions ? JSON.stringify(input.conditions) : null}::jsonb, conditions), updated_at = now()
          where id = ${id}`,
    );
    const after = await findVisible(ctx, tx, id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'segment', recordId: id, action: 'update', changes: diffRecords(auditable(before), auditable(after)) }]);
    return after;
  });
}

export async function deleteSegment(ctx: Ctx, id: string): Promise<{ deleted: number }> {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const segment = await loadOwned(ctx, tx, id, 'delete');
    await tx.execute(sql`update segments set deleted_at = now() where id = ${id}`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'segment', recordId: id, action: 'delete', changes: diffRecords(auditable(segment), null) }]);
    return { deleted: 1 };
  });
}

/** The owner brings a deleted segment back (its static members were kept). */
export async function restoreSegment(ctx: Ctx, id: string): Promise<SegmentRow> {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const restored = isUuid(id)
      ? await firstRow<{ id: string }>(tx, sql`update segments set deleted_at = null, updated_at = now() where id = ${id} and workspace_id = ${ctx.actor.workspaceId} and owner_id = ${ctx.actor.userId} and deleted_at is not null returning id`)
      : undefined;
    if (!restored) throw notFound(id);
    const segment = await findVisible(ctx, tx, id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'segment', recordId: id, action: 'restore', changes: diffRecords(null, auditable(segment)) }]);
    return segment;
  });
}

/** Members as a list page: the object's list parameters (fields, sort, cursor, limit, filter[...], count). */
export async function listSegmentRecords(ctx: Ctx, id: string, query: Record<string, unknown>) {
  const segment = await findVisible(ctx, ctx.db, id);
  const condition = await segmentCondition(ctx, segment);
  return listRecords(ctx, definitionOf(segment.object), query, [condition(ALIAS)]);
}

export async function countSegment(ctx: Ctx, id: string): Promise<{ count: number; object: SegmentObject }> {
  const segment = await findVisible(ctx, ctx.db, id);
  return { object: segment.object, count: await countWhere(ctx, segment.object, await segmentCondition(ctx, segment)) };
}

/** Count and first rows of a definition not saved yet (the builder's live preview). */
export async function previewSegment(ctx: Ctx, body: unknown) {
  const input = parseBody(segmentPreviewSchema, body);
  requirePermission(ctx.actor, input.object, 'read');
  const compiled = await compileConditions(ctx, input.object, input.conditions);
  let condition: Compiled = compiled;
  if (input.kind === 'static') {
    const ids = Array.from(new Set(input.memberIds ?? []));
    condition = (alias) => sql`${sql.raw(`"${alias}"."id"`)} = any(${pgArrayLiteral(ids)}::uuid[]) and ${compiled(alias)}`;
  }
  const count = await countWhere(ctx, input.object, condition);
  const page = await listRecords(ctx, definitionOf(input.object), { limit: input.limit }, [condition(ALIAS)]);
  return { object: input.object, count, data: page.data };
}

/** Checks a definition without saving it (the builder's "check" and the campaigns module's guard). */
export async function validateSegmentDefinition(ctx: Ctx, body: unknown): Promise<void> {
  const input = parseBody(segmentDefinitionSchema, body);
  await compileConditions(ctx, input.object, input.conditions);
}

/** Adds members to a static segment: ids (a list selection) and/or pasted lines of emails, INNs or ids. */
export async function addSegmentMembers(ctx: Ctx, id: string, body: unknown) {
  return changeMembers(ctx, id, body, 'add');
}

export async function removeSegmentMembers(ctx: Ctx, id: string, body: unknown) {
  return changeMembers(ctx, id, body, 'remove');
}

async function changeMembers(ctx: Ctx, id: string, body: unknown, mode: 'add' | 'remove') {
  const input = parseBody(segmentMembersChangeSchema, body);
  const segment = await findVisible(ctx, ctx.db, id);
  if (segment.kind !== 'static') throw invalid('kind', 'only a static segment has members to add or remove; change the conditions of a dynamic one');
  const ids = await checkMemberIds(ctx, segment.object, input.ids ?? [], 'ids');
  const tokens = input.text ? parseMemberText(input.text, segment.object) : [];
  const resolved = tokens.length ? await resolveMemberTokens(ctx, segment.object, tokens) : { ids: [], notFound: [] };
  const all = Array.from(new Set([...ids, ...resolved.ids]));
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await loadOwned(ctx, tx, id, 'change the members of');
    let changed = 0;
    if (mode === 'add') changed = await insertMembers(ctx, tx, id, all);
    else if (all.length) {
      changed = (await rows(tx, sql`delete from segment_members where segment_id = ${id} and record_id = any(${pgArrayLiteral(all)}::uuid[]) returning record_id`)).length;
    }
    if (changed) {
      await tx.execute(sql`update segments set updated_at = now() where id = ${id}`);
      await recordAudit(tx, ctx.actor, [{ recordType: 'segment', recordId: id, action: 'update', changes: { members: mode === 'add' ? { from: null, to: `+${changed}` } : { from: `-${changed}`, to: null } } }]);
    }
    return { [mode === 'add' ? 'added' : 'removed']: changed, matched: all.length, notFound: resolved.notFound };
  });
}

/** The members as an export plan (the exports module's columns and keyset pages, plus the segment's condition). */
export async function planSegmentExport(ctx: Ctx, id: string, query: Record<string, unknown>): Promise<ExportPlan & { object: SegmentObject; name: string }> {
  const segment = await findVisible(ctx, ctx.db, id);
  const condition = await segmentCondition(ctx, segment);
  const extra: SQL[] = [condition(ALIAS)];
  const plan = await planExport(ctx, definitionOf(segment.object), query, extra);
  return { ...plan, object: segment.object, name: segment.name };
}
