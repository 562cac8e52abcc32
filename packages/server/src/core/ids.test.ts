import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rows } from '../db/client.js';
import { describeWithWorld } from '../test/fixtures.js';
import { newId } from './ids.js';

/** The Unix time in milliseconds a version 7 id carries in its first 48 bits. */
const timeOf = (id: string) => parseInt(id.replaceAll('-', '').slice(0, 12), 16);

it('makes version 7 ids that sort in the order they were made', () => {
  const ids = Array.from({ length: 2000 }, () => newId());
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect([...ids].sort()).toEqual(ids);
  expect(Math.abs(timeOf(ids[0]) - Date.now())).toBeLessThan(5000);
});

describeWithWorld('ids made by the database', (world) => {
  it('are version 7 with the current time, for every table’s default', async () => {
    const before = Date.now();
    const [made] = await rows<{ id: string; valid: boolean }>(world().db, sql`select svyaz_uuid_v7()::text as id, svyaz_uuid_v7()::text ~ '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' as valid`);
    expect(made.valid).toBe(true);
    expect(timeOf(made.id)).toBeGreaterThanOrEqual(before - 1000);
    expect(timeOf(made.id)).toBeLessThanOrEqual(Date.now() + 1000);
    const defaults = await rows<{ table: string; value: string }>(
      world().db,
      sql`select table_name as table, column_default as value from information_schema.columns where table_schema = 'public' and column_name = 'id' and data_type = 'uuid'`,
    );
    expect(defaults.length).toBeGreaterThan(20);
    expect(defaults.filter((column) => column.value !== 'svyaz_uuid_v7()')).toEqual([]);
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/contacts', payload: { records: [{ lastName: 'Первый' }, { lastName: 'Второй' }] } });
    expect(created.status).toBe(201);
    const [first, second] = created.body.data.map((record: { id: string }) => record.id);
    expect(first < second).toBe(true);
  });
});
