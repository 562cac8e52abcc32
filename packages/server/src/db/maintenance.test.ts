import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from './client.js';
import { maintainTables, maintenanceFor } from './maintenance.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../test/databases.js';

describe('maintenanceFor (autovacuum’s default thresholds)', () => {
  const table = { schema: 'public', name: 't', live: 10_000, dead: 0, modified: 0, inserted: 0 };
  it('vacuums past 50 + 20 % dead rows or 1,000 + 20 % new rows, analyses past 50 + 10 % changed rows', () => {
    expect(maintenanceFor(table)).toBeNull();
    expect(maintenanceFor({ ...table, dead: 2050 })).toBeNull();
    expect(maintenanceFor({ ...table, dead: 2051 })).toBe('vacuum');
    expect(maintenanceFor({ ...table, inserted: 3001 })).toBe('vacuum');
    expect(maintenanceFor({ ...table, modified: 1051 })).toBe('analyze');
    expect(maintenanceFor({ ...table, live: 0, dead: 51 })).toBe('vacuum');
  });
});

for (const kind of databaseKinds()) {
  describe(`table maintenance [${kind}]`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await database.close();
    });

    const stats = async () =>
      (await rows<{ dead: number; vacuumed: boolean }>(database.db, sql`select n_dead_tup::int as dead, last_vacuum is not null as vacuumed from pg_stat_user_tables where relname = 'maintenance_probe'`))[0];

    it('vacuums a table with many dead rows and analyses the rest only when they changed enough', async () => {
      const [{ autovacuum }] = await rows<{ autovacuum: string }>(database.db, sql`select current_setting('autovacuum') as autovacuum`);
      await database.db.execute(sql`create table maintenance_probe (id int primary key, note text)`);
      await database.db.execute(sql`insert into maintenance_probe select g, 'note ' || g from generate_series(1, 5000) g`);
      await database.db.execute(sql`delete from maintenance_probe where id > 1000`);
      const result = await maintainTables(database);
      if (kind === 'postgres' && autovacuum === 'on') {
        // The server does this itself; the job leaves it alone.
        expect(result).toEqual({ skipped: 'autovacuum', vacuumed: [], analyzed: [] });
        return;
      }
      expect(result.vacuumed).toContain('public.maintenance_probe');
      expect(await stats()).toEqual({ dead: 0, vacuumed: true });
      // Nothing changed since: a second run leaves the table alone.
      const again = await maintainTables(database);
      expect([...again.vacuumed, ...again.analyzed]).not.toContain('public.maintenance_probe');
      // Changed rows past the analyse threshold (50 + 10 % of 1,000) but few dead ones: analysed only.
      await database.db.execute(sql`insert into maintenance_probe select g, 'late' from generate_series(5001, 5160) g`);
      const analysed = await maintainTables(database);
      expect(analysed.analyzed).toContain('public.maintenance_probe');
      expect(analysed.vacuumed).not.toContain('public.maintenance_probe');
    });
  });
}
