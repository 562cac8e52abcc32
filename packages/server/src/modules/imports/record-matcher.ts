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

export type MatchKey = 'email' | 'phone' | 'inn' | 'externalId' | 'name' | 'sku' | 'title' | 'fullName';
const ALL_KEYS: MatchKey[] = ['email', 'phone', 'inn', 'externalId', 'name', 'sku', 'title', 'fullName'];

/** The keys of one record's values, as strings comparable across rows and the database. */
export function keysOf(values: Values, matchBy: MatchKey[]): string[] {
  const keys: string[] = [];
  const custom = (values.custom as Values | undefined) ?? {};
  if (matchBy.includes('externalId') && typeof custom[EXTERNAL_ID_KEY] === 'string') keys.push(`ext:${custom[EXTERNAL_ID_KEY]}`);
  if (matchBy.includes('inn') && typeof values.inn === 'string') keys.push(`inn:${values.inn}`);
  if (matchBy.includes('email')) for (const email of (values.emails as string[] | undefined) ?? []) keys.push(`email:${email}`);
  if (matchBy.includes('phone')) for (const phone of (values.phones as string[] | undefined) ?? []) keys.push(`phone:${phone}`);
  if (matchBy.includes('name') && typeof values.name === 'string') keys.push(`name:${values.name.toLowerCase()}`);
  if (matchBy.includes('sku') && typeof values.sku === 'string') keys.push(`sku:${values.sku}`);
  if (matchBy.includes('title') && typeof values.title === 'string') keys.push(`title:${values.title.toLowerCase()}`);
  if (matchBy.includes('fullName') && typeof values.fullName === 'string') keys.push(`fullName:${values.fullName.toLowerCase()}`);
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
  const skus = take('sku:');
  const titles = take('title:');
  const fullNames = take('fullName:');
  // Each probe is a bare index lookup (GIN for arrays, btree for INN, the custom->>external_id scan last):
  // with the workspace and access conditions in the same query the planner preferred a workspace index
  // and compared every row's array with the whole batch (seconds per batch). Access is applied on the ids.
  const probes: SQL[] = [];
  if (emails.length) probes.push(sql`select id from ${sql.raw(`"${definition.table}"`)} where emails && ${pgArrayLiteral(emails)}::text[]`);
  if (phones.length) probes.push(sql`select id from ${sql.raw(`"${definition.table}"`)} where phones && ${pgArrayLiteral(phones)}::text[]`);
  if (inns.length && definition.fields.inn) probes.push(sql`select id from ${sql.raw(`"${definition.table}"`)} where workspace_id = ${actor.workspaceId} and inn = any(${pgArrayLiteral(inns)}::text[])`);
  if (externals.length) probes.push(sql`select id from ${sql.raw(`"${definition.table}"`)} where workspace_id = ${actor.workspaceId} and (custom ->> ${EXTERNAL_ID_KEY}) = any(${pgArrayLiteral(externals)}::text[])`);
  if (names.length && definition.fields.name) probes.push(sql`select id from ${sql.raw(`"${definition.table}"`)} where workspace_id = ${actor.workspaceId} and lower(name) = any(${pgArrayLiteral(names)}::text[])`);
  if (skus.length && definition.fields.sku) probes.push(sql`select id from ${sql.raw(`"${definition.table}"`)} where workspace_id = ${actor.workspaceId} and sku = any(${pgArrayLiteral(skus)}::text[]) and deleted_at is null`);
  if (titles.length && definition.fields.title) probes.push(sql`select id from ${sql.raw(`"${definition.table}"`)} where workspace_id = ${actor.workspaceId} and lower(title) = any(${pgArrayLiteral(titles)}::text[])`);
  if (fullNames.length && definition.fields.fullName) probes.push(sql`select id from ${sql.raw(`"${definition.table}"`)} where workspace_id = ${actor.workspaceId} and lower(full_name) = any(${pgArrayLiteral(fullNames)}::text[])`);
  const index = new Map<string, Values>();
  if (!probes.length) return index;
  const ids = new Set<string>();
  // A batch's 1,000 keys make the planner over-estimate the matches and pick a sequential scan that
  // compares every row's array with all of them; the index lookup is always the right plan here.
  await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
  try {
    for (const probe of probes) for (const row of await rows<{ id: string }>(tx, probe)) ids.add(row.id);
  } finally {
    await tx.execute(sql`select set_config('enable_seqscan', 'on', true)`);
  }
  if (!ids.size) return index;
  const found = await rows(
    tx,
    sql`select ${selectList(definition)} from ${sql.raw(`"${definition.table}"`)} t
        where t.id = any(${pgArrayLiteral([...ids])}::uuid[]) and ${accessCondition(actor, definition.object, 'read', 't')}
        order by t.created_at, t.id`,
  );
  // The oldest record wins a key shared by several.
  for (const record of found) for (const key of keysOf(record, ALL_KEYS)) if (!index.has(key)) index.set(key, record);
  return index;
}
