import { expect, it } from 'vitest';
import { describeWithWorld } from '../../test/fixtures.js';
import { upload, waitForImport } from './import-test-helpers.js';

describeWithWorld('import progress', (world) => {
  it('answers other requests while an import runs, so its progress can be followed', async () => {
    const lines = ['Фамилия;Имя;Email'];
    for (let index = 0; index < 3000; index++) lines.push(`Прогрессов${index};Иван;progress${index}@import-progress.test`);
    const { body } = await upload(world(), 'admin', 'progress.csv', Buffer.from(lines.join('\n')));
    const mapped = await world().as('admin', { method: 'PUT', url: `/api/v1/imports/${body.id}/mapping`, payload: { options: { batchSize: 100, duplicateStrategy: 'create' } } });
    expect(mapped.status).toBe(200);
    const address = world().app.server.listening ? `http://127.0.0.1:${(world().app.server.address() as { port: number }).port}` : await world().app.listen({ host: '127.0.0.1', port: 0 });
    const started = await world().as('admin', { method: 'POST', url: `/api/v1/imports/${body.id}/start` });
    expect(started.status).toBe(202);
    // Asked over a real socket right after the start, as the web app polls: answered while the 30 batches
    // are still being written. On PGlite, whose queries settle without I/O, the import used to keep the event
    // loop from reading any socket until its end, and this answered "done".
    const during = await (await fetch(`${address}/api/v1/imports/${body.id}`, { headers: { authorization: `Bearer ${world().users.admin.token}` } })).json();
    expect(['queued', 'running']).toContain(during.status);
    expect(during.progress.processedRows).toBeLessThan(3000);
    const done = await waitForImport(world(), 'admin', body.id);
    expect(done.result).toEqual({ created: 3000, updated: 0, skipped: 0, failed: 0 });
  });
});
