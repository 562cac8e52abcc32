import { afterEach, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { upload, waitForImport } from './import-test-helpers.js';
import { importHooks, resumeStalledImports } from './import-runner.js';

/** 25 rows: row 7 has a bad phone, row 19 no name, row 16 repeats row 6's email (a duplicate across the crash). */
function csvRows(prefix: string, area: string): { text: string; valid: string[] } {
  const lines = ['Фамилия;Имя;Email;Телефон'];
  const valid: string[] = [];
  for (let index = 1; index <= 25; index++) {
    const email = index === 15 ? `${prefix}-5@resume.test` : `${prefix}-${index}@resume.test`;
    const phone = index === 6 ? 'не помню' : `+7 ${area} 100-${String(index).padStart(2, '0')}-00`;
    const lastName = index === 18 ? '' : `Резюмов${index}`;
    lines.push(`${lastName};Имя${index};${email};${phone}`);
    if (index !== 6 && index !== 18 && index !== 15) valid.push(email);
  }
  return { text: lines.join('\n'), valid };
}

describeWithWorld('import resumes after a crash', (world) => {
  afterEach(() => {
    importHooks.afterBatch = undefined;
  });

  it('continues from the last committed batch: every row once, none lost, none doubled', async () => {
    const { text, valid } = csvRows('crash', '916');
    const { body } = await upload(world(), 'admin', 'resume.csv', Buffer.from(text));
    await world().as('admin', { method: 'PUT', url: `/api/v1/imports/${body.id}/mapping`, payload: { options: { batchSize: 4 } } });
    importHooks.afterBatch = (importId, batch) => {
      if (importId === body.id && batch === 3) throw new Error('simulated crash after batch 3');
    };
    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    const crashed = await waitForImport(world(), 'admin', body.id);
    expect(crashed.status).toBe('failed');
    expect(crashed.progress.processedRows).toBe(12);
    const half = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from contacts where emails[1] like 'crash-%'`);
    expect(half[0].n).toBe(11); // data rows 1..12 minus the one with a bad phone

    importHooks.afterBatch = undefined;
    const restarted = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    expect(restarted.status).toBe(202);
    const done = await waitForImport(world(), 'admin', body.id);
    expect(done.status).toBe('done');
    expect(done.result).toEqual({ created: 22, updated: 0, skipped: 1, failed: 2 });

    const stored = await rows<{ email: string; n: number }>(world().db, sql`select emails[1] as email, count(*)::int as n from contacts where emails[1] like 'crash-%' group by 1 order by 1`);
    expect(stored.map((row) => row.email).sort()).toEqual([...valid].sort());
    expect(stored.every((row) => row.n === 1)).toBe(true);
    const failed = await rows<{ rowNumber: number }>(world().db, sql`select row_number as "rowNumber" from import_failed_rows where import_id = ${body.id} order by 1`);
    expect(failed.map((row) => row.rowNumber)).toEqual([7, 19]);
    const recorded = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from import_records where import_id = ${body.id}`);
    expect(recorded[0].n).toBe(22);
  });

  it('a stalled import (its process died) is picked up by the job runner and finished', async () => {
    const { text, valid } = csvRows('stall', '917');
    const { body } = await upload(world(), 'admin', 'stall.csv', Buffer.from(text));
    await world().db.execute(sql`update import_jobs set status = 'running', processed_rows = 0, updated_at = now() - interval '10 minutes' where id = ${body.id}`);
    const result = await resumeStalledImports(world().db);
    expect(result.resumed).toBe(1);
    const done = await world().as('admin', { method: 'GET', url: `/api/v1/imports/${body.id}` });
    expect(done.body.status).toBe('done');
    const stored = await rows<{ n: number }>(world().db, sql`select count(*)::int as n from contacts where emails[1] like 'stall-%'`);
    expect(stored[0].n).toBe(valid.length);
  });

  it('an order whose lines straddle the crash gets each line exactly once after the restart', async () => {
    for (const [sku, price] of [['RES-1', '10'], ['RES-2', '20'], ['RES-3', '30']]) {
      expect((await world().as('admin', { method: 'POST', url: '/api/v1/products', payload: { sku, name: sku, price } })).status).toBe(201);
    }
    const lines = ['Номер заказа;Артикул;Количество'];
    for (const number of ['RES-O1', 'RES-O2']) for (const sku of ['RES-1', 'RES-2', 'RES-3']) lines.push(`${number};${sku};2`);
    const { body } = await upload(world(), 'admin', 'orders-resume.csv', Buffer.from(lines.join('\n')), { object: 'orders' });
    await world().as('admin', { method: 'PUT', url: `/api/v1/imports/${body.id}/mapping`, payload: { options: { batchSize: 2 } } });
    importHooks.afterBatch = (importId, batch) => {
      if (importId === body.id && batch === 2) throw new Error('simulated crash after batch 2');
    };
    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    const crashed = await waitForImport(world(), 'admin', body.id);
    expect(crashed).toMatchObject({ status: 'failed', progress: { processedRows: 4 } });
    importHooks.afterBatch = undefined;
    await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    const done = await waitForImport(world(), 'admin', body.id);
    expect(done.result).toEqual({ created: 6, updated: 0, skipped: 0, failed: 0 });
    const stored = await rows<{ number: string; total: string; skus: string[] }>(
      world().db,
      sql`select o.number, o.total::text as total, array_agg(p.sku order by p.sku) as skus from orders o join order_lines l on l.order_id = o.id join products p on p.id = l.product_id
          where o.workspace_id = ${world().workspaceId} and o.number like 'RES-O%' group by o.number, o.total order by o.number`,
    );
    expect(stored).toEqual([
      { number: 'RES-O1', total: '120.00', skus: ['RES-1', 'RES-2', 'RES-3'] },
      { number: 'RES-O2', total: '120.00', skus: ['RES-1', 'RES-2', 'RES-3'] },
    ]);
  });
});
