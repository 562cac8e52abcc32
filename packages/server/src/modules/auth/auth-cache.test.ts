import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { openPostgres, rows, type Database } from '../../db/client.js';
import { buildApp } from '../../http/app.js';
import { createWorld, describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { databaseKinds, dropPostgresTemplate, postgresAdminUrl } from '../../test/databases.js';
import { AUTH_CHANNEL, AuthCache } from './auth-cache.js';
import { loadConfig } from '../../config.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function urlOf(name: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe('AuthCache', () => {
  it('does not remember an answer read before something was forgotten', async () => {
    const cache = new AuthCache({ kind: 'pglite' } as Database);
    (cache as unknown as { live: boolean }).live = true; // as if listening
    const before = cache.generation;
    cache.rememberToken('a', 'user-1', before);
    expect(cache.token('a')).toBe('user-1');
    const inFlight = cache.generation;
    cache.forget({ token: 'elsewhere' });
    cache.rememberToken('b', 'user-2', inFlight);
    expect(cache.token('b')).toBeUndefined();
    cache.forget({ user: 'user-1' });
    expect(cache.token('a')).toBeUndefined();
    await cache.close();
  });

  it('expires remembered answers and sessions that ended', async () => {
    const cache = new AuthCache({ kind: 'pglite' } as Database, 50);
    (cache as unknown as { live: boolean }).live = true;
    cache.rememberToken('t', 'user-1', cache.generation);
    cache.rememberSession('s', { userId: 'user-1', csrfToken: 'x', expiresAt: new Date(Date.now() + 10) }, cache.generation);
    expect(cache.token('t')).toBe('user-1');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cache.token('t')).toBeUndefined();
    expect(cache.session('s')).toBeUndefined();
    await cache.close();
  });
});

describeWithWorld('authentication cache', (world) => {
  const me = (app: FastifyInstance, token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('asks for a token once, and forgets it at once when it is revoked through the API', async () => {
    const created = await world().as('managerA1', { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'cached' } });
    const token = created.body.token as string;
    expect((await me(world().app, token)).statusCode).toBe(200);
    // Revoked behind the API's back (no notification): the remembered answer is still used, which is
    // what saves the round trip; this is also the control that the checks below can fail.
    await world().db.execute(sql`update api_tokens set revoked_at = now() where token_hash = ${sha256(token)}`);
    expect((await me(world().app, token)).statusCode).toBe(200);
    await world().db.execute(sql`update api_tokens set revoked_at = null where token_hash = ${sha256(token)}`);
    expect((await world().as('managerA1', { method: 'DELETE', url: `/api/v1/auth/tokens/${created.body.id}` })).status).toBe(200);
    expect((await me(world().app, token)).statusCode).toBe(401);
  });

  it('rejects a deactivated user’s token at once', async () => {
    const created = await world().as('managerA2', { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'deactivated' } });
    const token = created.body.token as string;
    expect((await me(world().app, token)).statusCode).toBe(200);
    const off = await world().as('admin', { method: 'PATCH', url: `/api/v1/users/${world().users.managerA2.id}`, payload: { isActive: false } });
    expect(off.status).toBe(200);
    expect((await me(world().app, token)).statusCode).toBe(401);
    expect((await world().as('admin', { method: 'PATCH', url: `/api/v1/users/${world().users.managerA2.id}`, payload: { isActive: true } })).status).toBe(200);
    expect((await me(world().app, token)).statusCode).toBe(200);
  });
});

describeWithWorld('authentication cache turned off (AUTH_CACHE_SECONDS=0)', (world) => {
  it('asks the database on every request, so a token revoked behind the API is refused at once', async () => {
    const app = await buildApp({ database: world().database, config: { AUTH_CACHE_SECONDS: 0 } });
    try {
      const created = await world().as('managerA1', { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'uncached' } });
      const token = created.body.token as string;
      const me = () => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
      expect((await me()).statusCode).toBe(200);
      expect((await me()).statusCode).toBe(200);
      // The same revocation without notification that the cached app above still accepts.
      await world().db.execute(sql`update api_tokens set revoked_at = now() where token_hash = ${sha256(token)}`);
      expect((await me()).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('refuses a value out of range at start-up, naming the variable', () => {
    expect(() => loadConfig({ AUTH_CACHE_SECONDS: '-1' })).toThrow(/AUTH_CACHE_SECONDS/);
    expect(loadConfig({ AUTH_CACHE_SECONDS: '0' }).AUTH_CACHE_SECONDS).toBe(0);
    expect(loadConfig({}).AUTH_CACHE_SECONDS).toBe(30);
  });
});

// Only PostgreSQL has other processes: a PGlite directory belongs to one.
if (databaseKinds().includes('postgres')) {
  describe('authentication cache between processes [postgres]', () => {
    let theWorld: TestWorld;
    const world = () => theWorld;
    const me = (app: FastifyInstance, token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    beforeAll(async () => {
      theWorld = await createWorld('postgres');
    });
    let other: { database: Database; app: FastifyInstance } | undefined;
    const otherProcess = async () => {
      if (!other) {
        // A second API process: its own pool, its own cache, its own LISTEN connection.
        const database = await openPostgres(urlOf(world().database.name), { max: 2 });
        other = { database, app: await buildApp({ database }) };
      }
      return other;
    };
    afterAll(async () => {
      await other?.app.close();
      await other?.database.close();
      await theWorld?.app.close();
      await theWorld?.database.close();
      await dropPostgresTemplate();
    });

    it('forgets a token when another process announces its revocation', async () => {
      const { app } = await otherProcess();
      const created = await world().as('managerB1', { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'elsewhere' } });
      const token = created.body.token as string;
      expect((await me(app, token)).statusCode).toBe(200);
      // The revocation as another process makes it: the row changes and the notification is sent when
      // the transaction commits; this process's own caches are not touched directly.
      const client = new pg.Client(urlOf(world().database.name));
      await client.connect();
      try {
        await client.query('begin');
        await client.query('update api_tokens set revoked_at = now() where token_hash = $1', [sha256(token)]);
        await client.query('select pg_notify($1, $2)', [AUTH_CHANNEL, `token:${sha256(token)}`]);
        expect((await me(app, token)).statusCode).toBe(200); // not committed yet: still valid
        await client.query('commit');
      } finally {
        await client.end();
      }
      expect(await until(async () => (await me(app, token)).statusCode === 401)).toBe(true);
    });

    it('stops using the cache while its LISTEN connection is down, and resumes after', async () => {
      const { app } = await otherProcess();
      const created = await world().as('managerB1', { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'lost' } });
      const token = created.body.token as string;
      expect((await me(app, token)).statusCode).toBe(200);
      const terminated = await rows(
        world().db,
        sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = ${`LISTEN ${AUTH_CHANNEL}`}`,
      );
      expect(terminated.length).toBeGreaterThanOrEqual(2);
      // Revoked without a notification while nobody listens: the next request must ask the database.
      await world().db.execute(sql`update api_tokens set revoked_at = now() where token_hash = ${sha256(token)}`);
      expect(await until(async () => (await me(app, token)).statusCode === 401)).toBe(true);
      // Listening again (both processes reconnect), remembered answers are used again.
      const second = await world().as('managerB1', { method: 'POST', url: '/api/v1/auth/tokens', payload: { name: 'after' } });
      const listening = async () => (await rows<{ n: number }>(world().db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query = ${`LISTEN ${AUTH_CHANNEL}`}`))[0].n;
      expect(await until(async () => (await listening()) >= 2)).toBe(true);
      expect((await me(app, second.body.token)).statusCode).toBe(200);
      await world().db.execute(sql`update api_tokens set revoked_at = now() where token_hash = ${sha256(second.body.token)}`);
      expect((await me(app, second.body.token)).statusCode).toBe(200);
    });
  });
}
