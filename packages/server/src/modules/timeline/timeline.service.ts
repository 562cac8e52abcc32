// A record's whole history, newest first: activities (calls, meetings, notes, emails), tasks, audit
// events with field-by-field changes, deal stage changes and orders; a company's timeline also holds
// the activities and tasks of its contacts and deals. Keyset-paged by (occurredAt, kind, id).
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { firstRow, rows } from '../../db/client.js';
import { accessCondition, requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { sourcesFor, timelineKinds, type TimelineCursor, type TimelineKind, type TimelineObject } from './timeline-sources.js';

export interface TimelineItem {
  kind: TimelineKind;
  id: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** A company's contacts and deals whose activities join its timeline (the biggest accounts are capped). */
const MAX_ATTACHED = 5000;

const recordTypes: Record<TimelineObject, string> = { companies: 'company', contacts: 'contact', leads: 'lead', deals: 'deal', orders: 'order', cases: 'case', service_contracts: 'service_contract' };

function fingerprint(object: string, id: string, kinds: TimelineKind[]): string {
  return createHash('sha256').update(JSON.stringify([object, id, kinds])).digest('base64url').slice(0, 12);
}

function parseCursor(raw: unknown, expected: string): TimelineCursor | null {
  if (typeof raw !== 'string' || !raw) return null;
  let decoded: { h?: unknown; a?: unknown; k?: unknown; i?: unknown } | null = null;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    /* reported below */
  }
  const valid =
    decoded && decoded.h === expected && typeof decoded.a === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/.test(decoded.a) &&
    (timelineKinds as readonly unknown[]).includes(decoded.k) && typeof decoded.i === 'string' && /^[0-9a-f-]{1,36}$/.test(decoded.i);
  if (!valid) throw new AppError('INVALID_CURSOR', { message: 'cursor belongs to another timeline; start again without a cursor', details: [{ field: 'cursor', problem: 'belongs to another timeline' }] });
  return { at: decoded!.a as string, kind: decoded!.k as TimelineKind, id: decoded!.i as string };
}

function parseKinds(raw: unknown): TimelineKind[] {
  if (raw === undefined || raw === '') return [...timelineKinds];
  const listed = String(raw).split(',').map((kind) => kind.trim()).filter(Boolean);
  const unknown = listed.filter((kind) => !(timelineKinds as readonly string[]).includes(kind));
  if (unknown.length || listed.length === 0) throw invalid('kinds', `use a comma-separated list of ${timelineKinds.join(', ')}`);
  return timelineKinds.filter((kind) => listed.includes(kind));
}

async function attachedRecords(ctx: Ctx, object: TimelineObject, id: string): Promise<string[]> {
  if (object !== 'companies') return [id];
  const ws = ctx.actor.workspaceId;
  const linked = await rows<{ id: string }>(
    ctx.db,
    sql`(select id::text as id from contacts where workspace_id = ${ws} and company_id = ${id}::uuid and deleted_at is null limit ${MAX_ATTACHED})
        union (select contact_id::text from contact_companies where workspace_id = ${ws} and company_id = ${id}::uuid limit ${MAX_ATTACHED})
        union (select id::text from deals where workspace_id = ${ws} and company_id = ${id}::uuid and deleted_at is null limit ${MAX_ATTACHED})`,
  );
  return [id, ...linked.map((row) => row.id)];
}

export async function getTimeline(ctx: Ctx, object: TimelineObject, id: string, query: Record<string, unknown>): Promise<{ data: TimelineItem[]; nextCursor: string | null }> {
  requirePermission(ctx.actor, object, 'read');
  const kinds = parseKinds(query.kinds);
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw invalid('limit', 'must be an integer from 1 to 200');
  if (!isUuid(id)) throw notFound(recordTypes[object], id);
  const visible = await firstRow(ctx.db, sql`select 1 as ok from ${sql.raw(`"${object}"`)} t where ${accessCondition(ctx.actor, object, 'read', 't')} and t.id = ${id}::uuid`);
  if (!visible) throw notFound(recordTypes[object], id);
  const hash = fingerprint(object, id, kinds);
  const cursor = parseCursor(query.cursor, hash);
  const sources = sourcesFor(kinds, { actor: ctx.actor, object, recordId: id, attachedTo: await attachedRecords(ctx, object, id), cursor, limit });
  if (sources.length === 0) return { data: [], nextCursor: null };
  const found = await rows<{ kind: TimelineKind; id: string; at: string; atKey: string; data: Record<string, unknown> }>(
    ctx.db,
    sql`select kind, id, at, at_key as "atKey", data from (${sql.join(sources, sql` union all `)}) s
        order by at desc, kind collate "C" desc, id collate "C" desc limit ${limit + 1}`,
  );
  const hasMore = found.length > limit;
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => ({ kind: row.kind, id: row.id, occurredAt: row.at, data: row.data })),
    nextCursor: hasMore ? Buffer.from(JSON.stringify({ h: hash, a: last.atKey, k: last.kind, i: last.id })).toString('base64url') : null,
  };
}
