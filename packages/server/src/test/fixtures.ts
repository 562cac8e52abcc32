// A workspace with the default roles and a realistic sales organisation, for API tests:
// admin; head of sales heading team A; managers A1, A2 in team A; manager B1 in team B; a read-only user.
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe } from 'vitest';
import { rows, type Db } from '../db/client.js';
import { buildApp } from '../http/app.js';
import { createWorkspace } from '../modules/workspaces/workspaces.service.js';
import { insertUser } from '../modules/users/users.service.js';
import { createApiToken, loadActor } from '../modules/auth/auth.service.js';
import { createTestDatabase, databaseKinds, dropPostgresTemplate, type DatabaseKind, type TestDatabase } from './databases.js';

export const PASSWORD = 'correct horse battery';
export type UserKey = 'admin' | 'head' | 'managerA1' | 'managerA2' | 'managerB1' | 'reader';

export interface TestWorld {
  kind: DatabaseKind;
  database: TestDatabase;
  db: Db;
  app: FastifyInstance;
  workspaceId: string;
  users: Record<UserKey, { id: string; email: string; token: string }>;
  teams: { a: string; b: string };
  /** fastify.inject as a given user (Bearer token). Returns status and parsed JSON. */
  // The body is whatever JSON the endpoint answered; tests read it field by field and assert on it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  as(user: UserKey, options: InjectOptions): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

export async function createWorld(kind: DatabaseKind): Promise<TestWorld> {
  const database = await createTestDatabase(kind);
  const db = database.db;
  const suffix = Math.random().toString(36).slice(2, 8);
  const { workspaceId, adminId } = await createWorkspace(db, { name: 'Test', admin: { email: `admin-${suffix}@test.local`, name: 'Админ', password: PASSWORD } });
  const [teamA] = await rows<{ id: string }>(db, sql`insert into teams (workspace_id, name) values (${workspaceId}, 'Отдел А') returning id`);
  const [teamB] = await rows<{ id: string }>(db, sql`insert into teams (workspace_id, name) values (${workspaceId}, 'Отдел Б') returning id`);
  const make = async (key: string, name: string, role: string, teamId: string | null) =>
    (await insertUser(db, workspaceId, { email: `${key}-${suffix}@test.local`, name, password: PASSWORD, role, teamId })) as { id: string; email: string };
  const head = await make('head', 'Ирина Руководитель', 'head_of_sales', teamA.id);
  await db.execute(sql`update teams set head_user_id = ${head.id} where id = ${teamA.id}`);
  const created = {
    admin: { id: adminId, email: `admin-${suffix}@test.local` },
    head,
    managerA1: await make('a1', 'Алексей Менеджер', 'sales_manager', teamA.id),
    managerA2: await make('a2', 'Мария Менеджер', 'sales_manager', teamA.id),
    managerB1: await make('b1', 'Bob Manager', 'sales_manager', teamB.id),
    reader: await make('reader', 'Read Only', 'read_only', null),
  };
  const users = {} as TestWorld['users'];
  for (const [key, user] of Object.entries(created)) {
    const actor = (await loadActor(db, user.id))!;
    users[key as UserKey] = { id: user.id, email: user.email, token: (await createApiToken(db, actor, 'test')).token };
  }
  const app = await buildApp({ database });
  await app.ready();
  return {
    kind,
    database,
    db,
    app,
    workspaceId,
    users,
    teams: { a: teamA.id, b: teamB.id },
    async as(user, options) {
      const response = await app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${users[user].token}` } });
      let body: unknown = response.body;
      try {
        body = response.json();
      } catch {
        /* not JSON */
      }
      return { status: response.statusCode, body, headers: response.headers };
    },
  };
}

/** Runs a suite once per available database (PGlite always; PostgreSQL when reachable, always under CI). */
export function describeWithWorld(name: string, suite: (getWorld: () => TestWorld) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      let world: TestWorld;
      beforeAll(async () => {
        world = await createWorld(kind);
      });
      afterAll(async () => {
        await world?.app.close();
        await world?.database.close();
        if (kind === 'postgres') await dropPostgresTemplate();
      });
      suite(() => world);
    });
  }
}
