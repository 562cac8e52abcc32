// SLOW_REQUEST_MS: a request slower than the threshold is logged as a warning with its route and time.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig } from '../config.js';
import { createTestDatabase, type TestDatabase } from '../test/databases.js';

describe('slow request log', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    app = await buildApp({ database, config: { SLOW_REQUEST_MS: 50 }, logger: { level: 'warn', stream } });
    app.get('/api/test/slow/:id', async () => {
      await new Promise((resolve) => setTimeout(resolve, 80));
      return { ok: true };
    });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('warns about a request over the threshold with its route, path, status and time, and not about a quick one', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(lines).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/test/slow/42?q=secret' })).statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'slow request', method: 'GET', route: '/api/test/slow/:id', path: '/api/test/slow/42', statusCode: 200 });
    expect(lines[0].ms).toBeGreaterThanOrEqual(80);
    expect(JSON.stringify(lines[0])).not.toContain('secret');
  });

  it('is on by default at 2 s and refuses a negative threshold, naming the variable', () => {
    expect(loadConfig({}).SLOW_REQUEST_MS).toBe(2000);
    expect(loadConfig({ SLOW_REQUEST_MS: '0' }).SLOW_REQUEST_MS).toBe(0);
    expect(() => loadConfig({ SLOW_REQUEST_MS: '-5' })).toThrow(/SLOW_REQUEST_MS/);
  });
});
