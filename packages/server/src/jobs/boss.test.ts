import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPglite, openPostgres } from '../db/client.js';
import { postgresAdminUrl } from '../test/databases.js';
import { createBoss, nothingDone } from './boss.js';

describe('pg-boss on a database that is shutting down', () => {
  it('answers a job finished after the database closed with "nothing done" instead of an unhandled TypeError', async () => {
    for (const open of [() => openPglite(undefined), () => openPostgres(postgresAdminUrl(), { max: 1 })]) {
      const database = await open();
      const boss = createBoss(database, {}, { supervise: false, schedule: false });
      await database.close();
      // pg-boss reads rows[0].count of its commands; before, it got no row and threw outside any caller.
      await expect(boss.fail('imports-resume', randomUUID(), { message: 'late' })).resolves.toMatchObject({ affected: 0 });
      await expect(boss.complete('imports-resume', randomUUID())).resolves.toMatchObject({ affected: 0 });
    }
  });

  it('gives a count only to statements that end in one', () => {
    expect(nothingDone('WITH results AS (UPDATE pgboss.job SET state = 1 RETURNING 1) SELECT COUNT(*) FROM results').rows).toEqual([{ count: '0' }]);
    expect(nothingDone('SELECT name, state, count(*) size FROM pgboss.job GROUP BY 1, 2').rows).toEqual([]);
    expect(nothingDone('SELECT id, name, data FROM pgboss.job WHERE name = $1').rows).toEqual([]);
  });
});
