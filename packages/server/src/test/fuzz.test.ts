// Property-based tests: every create/update endpoint driven with generated invalid payloads.
// Properties: never a 5xx; a 4xx writes nothing (row count and audit trail unchanged);
// the error names a field. SQL-looking text in valid text fields is stored verbatim.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { rows } from '../db/client.js';
import { describeWithWorld, type TestWorld } from './fixtures.js';
import { creatorOf, matrixObjects } from './matrix-objects.js';

const junk = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 20 }),
  fc.string({ minLength: 6000, maxLength: 6001 }),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.constantFrom("'; drop table companies; --", '1 OR 1=1', '{"$gt":""}', '\u0000', '😀'.repeat(3), '2026-13-45', 'not-a-uuid', '-1', '1e309'),
);

const fieldNames = fc.constantFrom(
  'name', 'inn', 'kpp', 'ogrn', 'phones', 'emails', 'ownerId', 'collaboratorIds', 'tags', 'custom', 'city',
  'lastName', 'firstName', 'birthday', 'companyId', 'id', 'workspaceId', 'createdAt', 'deletedAt', 'amount', 'unknownField',
  'title', 'status', 'stageId', 'pipelineId', 'currency', 'kind', 'dueAt', 'remindAt', 'recordType', 'recordId', 'durationSec', 'priority',
);

async function counts(world: TestWorld, table: string): Promise<[number, number]> {
  const [{ records }] = await rows<{ records: number }>(world.db, sql`select count(*)::int as records from ${sql.identifier(table)}`);
  const [{ events }] = await rows<{ events: number }>(world.db, sql`select count(*)::int as events from audit_events`);
  return [records, events];
}

describeWithWorld('fuzzed input', (world) => {
  for (const object of matrixObjects) {
    it(`${object.object}: invalid create payloads never 5xx and never write`, async () => {
      const w = world();
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fieldNames, junk), { minLength: 1, maxLength: 4 }), async (mutations) => {
          const payload: Record<string, unknown> = { ...(await object.payload(w, 'managerA1')) };
          for (const [field, value] of mutations) payload[field] = value;
          const before = await counts(w, object.table);
          const response = await w.as(creatorOf(object, 'managerA1'), { method: 'POST', url: `/api/v1/${object.object}?force=true`, payload });
          expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBeLessThan(500);
          if (response.status >= 400) {
            expect(await counts(w, object.table)).toEqual(before);
            expect(response.body.error.code).toMatch(/^[A-Z_]+$/);
            if (response.body.error.code === 'VALIDATION_FAILED') expect(response.body.error.details[0].field).toBeTruthy();
          }
        }),
        { numRuns: 40, seed: 20261122 },
      );
    });

    it(`${object.object}: invalid updates never 5xx and leave the record unchanged`, async () => {
      const w = world();
      const writer = creatorOf(object, 'managerA1');
      const created = await w.as(writer, { method: 'POST', url: `/api/v1/${object.object}?force=true`, payload: await object.payload(w, 'managerA1') });
      expect(created.status).toBe(201);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fieldNames, junk), { minLength: 1, maxLength: 3 }), async (mutations) => {
          const before = await w.as(writer, { method: 'GET', url: `/api/v1/${object.object}/${created.body.id}` });
          const payload = Object.fromEntries(mutations);
          const response = await w.as(writer, { method: 'PATCH', url: `/api/v1/${object.object}/${created.body.id}?force=true`, payload });
          expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBeLessThan(500);
          if (response.status >= 400) {
            const after = await w.as(writer, { method: 'GET', url: `/api/v1/${object.object}/${created.body.id}` });
            expect(after.body).toEqual(before.body);
          }
        }),
        { numRuns: 40, seed: 11222026 },
      );
    });
  }

  it('stores SQL-looking text verbatim', async () => {
    const name = "Robert'); DROP TABLE companies;-- «ООО»";
    const response = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name } });
    expect(response.status).toBe(201);
    expect(response.body.name).toBe(name);
  });

  it('rejects bodies over the size limit with 413 and malformed query parameters with 400', async () => {
    const huge = await world().as('admin', { method: 'POST', url: '/api/v1/companies', payload: { name: 'x'.repeat(6 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    const badFilter = await world().as('admin', { method: 'GET', url: '/api/v1/companies?filter[createdAt][gt]=yesterday' });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.details[0].field).toBe('filter[createdAt][gt]');
    const badField = await world().as('admin', { method: 'GET', url: '/api/v1/companies?filter[password][eq]=x' });
    expect(badField.status).toBe(400);
    const badId = await world().as('admin', { method: 'GET', url: "/api/v1/companies/1'%20or%201=1" });
    expect(badId.status).toBe(404);
  });
});
