// Shared SQL for duplicate detection. Duplicates are looked for across the whole workspace, not only
// among records the actor may read (a salesperson must learn that a colleague already works with this
// client), but a candidate carries only its id, display name, owner, the reasons and `canOpen`.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition, type OwnedObject } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import type { DuplicateCandidate, Values } from '../../core/records/definition.js';
import { pgArrayLiteral } from '../../core/sql-values.js';

export interface DuplicateMatch extends DuplicateCandidate {
  type: string;
  /** Whether the actor may open the candidate; if not, ask its owner. */
  canOpen: boolean;
  ownerName: string | null;
}

/** Name similarity (pg_trgm) from which two names in the same city/company count as one client. */
export const NAME_SIMILARITY = 0.6;
/**
 * For people, the last names must also be this similar when both are given. The first name and the
 * patronymic make up most of a Russian full name's trigrams, so "Наумова Виктория Михайловна" and
 * "Тихонова Виктория Михайловна" (last names 0.13 alike) reach 0.6 as whole names; a misspelt last name
 * (one letter changed, even the first) keeps about 0.35-0.5.
 */
export const SURNAME_SIMILARITY = 0.3;
/** pg_trgm.similarity_threshold's default, the `%` of the dictionary lookups. */
const TRIGRAM_DEFAULT_THRESHOLD = 0.3;
const PER_REASON = 10;

export interface Probe {
  object: OwnedObject;
  type: string;
  reason: string;
  score: SQL;
  where: SQL;
  /** Whether `where` uses pg_trgm's `%` (at NAME_SIMILARITY). */
  usesTrigramOperator?: boolean;
}

/** Rows sharing one of these phones (stored and compared in E.164, on the GIN index of phones). */
export function phoneCondition(phones: string[]): SQL {
  return sql`t.phones && ${pgArrayLiteral(phones)}::text[]`;
}

export function emailCondition(emails: string[]): SQL {
  return sql`t.emails && ${pgArrayLiteral(emails)}::text[]`;
}

const displayNames: Record<string, string> = { companies: 't.name', contacts: 't.full_name', leads: 't.title', deals: 't.title' };

/** Runs each probe as its own index-friendly subquery and merges the reasons per record. */
export async function runProbes(ctx: Ctx, probes: Probe[], excludeId: string | null): Promise<DuplicateMatch[]> {
  if (probes.length === 0) return [];
  const { actor } = ctx;
  // A company's name probe uses `%`, whose threshold is set here, local to the transaction the engine
  // runs the check in, and put back afterwards: a contact created later in the same transaction (a lead's
  // conversion) looks up similar dictionary words with `%` at pg_trgm's own threshold. Until pg_trgm is
  // loaded in the session, the setting is unknown (hence missing_ok) and its default applies.
  const trigramThreshold = probes.some((probe) => probe.usesTrigramOperator)
    ? (await rows<{ previous: string }>(ctx.db, sql`select coalesce(current_setting('pg_trgm.similarity_threshold', true), ${String(TRIGRAM_DEFAULT_THRESHOLD)}) as previous, set_config('pg_trgm.similarity_threshold', ${String(NAME_SIMILARITY)}, true)`))[0].previous
    : null;
  const parts = probes.map(
    (probe) => sql`(select ${probe.type}::text as type, t.id, ${probe.reason}::text as reason, (${probe.score})::float8 as score,
        ${sql.raw(displayNames[probe.object])} as name, t.owner_id, (${accessCondition(actor, probe.object, 'read', 't')}) as can_open
      from ${sql.raw(`"${probe.object}"`)} t
      where t.workspace_id = ${actor.workspaceId} and t.deleted_at is null ${excludeId ? sql`and t.id <> ${excludeId}::uuid` : sql``} and ${probe.where}
      limit ${PER_REASON})`,
  );
  const found = await rows<{ type: string; id: string; name: string; reasons: string[]; score: number; canOpen: boolean; ownerName: string | null }>(
    ctx.db,
    sql`select p.type, p.id::text as id, max(p.name) as name, array_agg(distinct p.reason) as reasons, max(p.score)::float8 as score,
          bool_or(p.can_open) as "canOpen", max(u.name) as "ownerName"
        from (${sql.join(parts, sql` union all `)}) p left join users u on u.id = p.owner_id
        group by p.type, p.id order by score desc, p.id limit 20`,
  );
  if (trigramThreshold !== null) await ctx.db.execute(sql`select set_config('pg_trgm.similarity_threshold', ${trigramThreshold}, true)`);
  return found.map((row) => ({ ...row, score: Math.round(row.score * 100) / 100 }));
}

/** On update, only values that change are checked again (an old known duplicate does not block every edit). */
export async function loadCurrent(db: Db, table: string, id: string | null, columns: string): Promise<Values | null> {
  if (!id) return null;
  const [row] = await rows(db, sql`select ${sql.raw(columns)} from ${sql.raw(`"${table}"`)} t where t.id = ${id}::uuid`);
  return row ?? null;
}

/** Items of `next` that were not in `before` (all of them on create). */
export function added(next: unknown, before: unknown): string[] {
  const now = Array.isArray(next) ? (next as string[]) : [];
  const old = new Set(Array.isArray(before) ? (before as string[]) : []);
  return now.filter((item) => !old.has(item));
}

export function changed(values: Values, current: Values | null, keys: string[]): boolean {
  return !current || keys.some((key) => (values[key] ?? null) !== (current[key] ?? null));
}
