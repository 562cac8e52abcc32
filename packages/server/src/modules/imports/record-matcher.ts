// Finds, for a batch of rows, the existing records they describe (by email, phone, INN, external id,
// or for a linked company its exact name), among the records the importer may read. Rows earlier in
// the same batch count as existing too, so a file that repeats a person does not create them twice.
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import type { ObjectDefinition, Values } from '../../core/records/definition.js';
import { selectList } from '../../core/records/record-service.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { EXTERNAL_ID_KEY } from './row-converter.js';

export type MatchKey = 'email' | 'phone' | 'inn' | 'externalId' | 'name';

/** The keys of one record's values, as strings comparable across rows and the database. */
export function keysOf(values: Values, matchBy: MatchKey[]): string[] {
  const keys: string[] = [];
  const custom = (values.custom as Values | undefined) ?? {};
  if (matchBy.includes('externalId') && typeof custom[EXTERNAL_ID_KEY] === 'string') keys.push(`ext:${custom[EXTERNAL_ID_KEY]}`);
  if (matchBy.includes('inn') && typeof values.inn === 'string') keys.push(`inn:${values.inn}`);
  if (matchBy.includes('email')) for (const email of (values.emails as string[] | undefined) ?? []) keys.push(`email:${email}`);
  if (matchBy.includes('phone')) for (const phone of (values.phones as string[] | undefined) ?? []) keys.push(`phone:${phone}`);
  if (matchBy.includes('name') && typeof values.name === 'string') keys.push(`name:${values.name.toLowerCase()}`);
  return keys;
}

/** Existing readable records matching any of the keys, with all their fields, indexed by key. */
export async function loadMatches(tx: Db, actor: Actor, definition: ObjectDefinition, keys: Set<string>): Promise<Map<string, Values>> {
  const take = (prefix: string) => [...keys].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  const emails = take('email:');
  const phones = take('phone:');
  const inns = take('inn:');
  const externals = take('ext:');
  const names = take('name:');
  const conditions: SQL[] = [];
  if (emails.length) conditions.push(sql`t.emails && ${pgArrayLiteral(emails)}::text[]`);
  if (phones.length) conditions.push(sql`t.phones && ${pgArrayLiteral(phones)}::text[]`);
  if (inns.length && definition.fields.inn) conditions.push(sql`t.inn = any(${pgArrayLiteral(inns)}::text[])`);
  if (externals.length) conditions.push(sql`(t.custom ->> ${EXTERNAL_ID_KEY}) = any(${pgArrayLiteral(externals)}::text[])`);
  if (names.length && definition.fields.name) conditions.push(sql`lower(t.name) = any(${pgArrayLiteral(names)}::text[])`);
  const index = new Map<string, Values>();
  if (!conditions.length) return index;
  const found = await rows(
    tx,
    sql`select ${selectList(definition)} from ${sql.raw(`"${definition.table}"`)} t
        where ${accessCondition(actor, definition.object, 'read', 't')} and (${sql.join(conditions, sql` or `)})
        order by t.created_at, t.id`,
  );
  // The oldest record wins a key shared by several.
  for (const record of found) for (const key of keysOf(record, ['email', 'phone', 'inn', 'externalId', 'name'])) if (!index.has(key)) index.set(key, record);
  return index;
}
