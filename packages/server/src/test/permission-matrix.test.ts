// The access-rights matrix: every endpoint x every role x own / team-mate's / other team's records.
// Asserts what is visible AND what is not. Default roles: admin and head of sales see all,
// a sales manager sees own (+ shared), read-only reads all and writes nothing; a custom
// 'team lead' role checks the 'team' level.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from "vitest";
import { rows } from '../db/client.js';
import { forgetActor } from '../modules/auth/auth.service.js';
import { describeWithWorld, type UserKey } from './fixtures.js';
import { creatorOf, matrixObjects, type MatrixObject } from './matrix-objects.js';

type Owner = 'managerA1' | 'managerA2' | 'managerB1';
const owners: Owner[] = ['managerA1', 'managerA2', 'managerB1'];
const actors: (UserKey | 'teamLead')[] = ['admin', 'head', 'managerA1', 'reader', 'teamLead'];

function canRead(actor: string, owner: Owner, object: MatrixObject): boolean {
  if (actor === 'teamLead') return owner !== 'managerB1'; // team A only
  if (object.adminWritten) return true; // the catalogue is read by every default role
  if (actor === 'managerA1') return owner === 'managerA1';
  return true;
}
/** Whether the actor's role has any write level on the object (none: 403 before any lookup). */
function hasWriteRight(actor: string, object: MatrixObject): boolean {
  if (actor === 'reader') return false;
  return !object.adminWritten || actor === 'admin' || actor === 'teamLead';
}
function canWrite(actor: string, owner: Owner, object: MatrixObject): boolean {
  return hasWriteRight(actor, object) && canRead(actor, owner, object);
}

describeWithWorld('permission matrix', (world) => {
  const records: Record<string, Record<Owner, string>> = {};
  const bodies: Record<string, Record<Owner, Record<string, unknown>>> = {};

  beforeAll(async () => {
    const w = world();
    // A custom role with level 'team' on every owned object, held by a member of team A.
    const permissions = Object.fromEntries(matrixObjects.map((object) => [object.object, { read: 'team', create: 'team', update: 'team', delete: 'team', export: 'team' }]));
    const [role] = await rows<{ id: string }>(w.db, sql`insert into roles (workspace_id, key, name, permissions) values (${w.workspaceId}, 'team_lead', 'Team lead', ${JSON.stringify(permissions)}::jsonb) returning id`);
    await w.db.execute(sql`update users set role_id = ${role.id}, team_id = ${w.teams.a} where id = ${w.users.reader.id}`);
    await forgetActor(w.db);
    // The reader's user now acts as team lead; make a fresh read-only user for 'reader'.
    const { insertUser } = await import('../modules/users/users.service.js');
    const { createApiToken, loadActor } = await import('../modules/auth/auth.service.js');
    const reader = (await insertUser(w.db, w.workspaceId, { email: `ro-${Date.now()}@test.local`, name: 'RO', password: 'long enough', role: 'read_only' })) as { id: string; email: string };
    const token = (await createApiToken(w.db, (await loadActor(w.db, reader.id))!, 't')).token;
    (w.users as Record<string, unknown>).teamLead = w.users.reader;
    w.users.reader = { id: reader.id, email: reader.email, token };
    for (const object of matrixObjects) {
      records[object.object] = {} as Record<Owner, string>;
      for (const owner of owners) {
        const response = await w.as(creatorOf(object, owner), { method: 'POST', url: `/api/v1/${object.object}?force=true`, payload: await object.payload(w, owner) });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        records[object.object][owner] = response.body.id;
        (bodies[object.object] ??= {} as Record<Owner, Record<string, unknown>>)[owner] = response.body;
      }
    }
  });

  for (const object of matrixObjects) {
    for (const actor of actors) {
      it(`${object.object}: ${actor} lists, counts and gets exactly what they may read`, async () => {
        const w = world();
        const list = await w.as(actor as UserKey, { method: 'GET', url: `/api/v1/${object.object}?limit=1000&count=true` });
        expect(list.status).toBe(200);
        const ids = new Set(list.body.data.map((row: { id: string }) => row.id));
        for (const owner of owners) {
          const id = records[object.object][owner];
          expect(ids.has(id), `${actor} list sees ${owner}'s`).toBe(canRead(actor, owner, object));
          const get = await w.as(actor as UserKey, { method: 'GET', url: `/api/v1/${object.object}/${id}` });
          expect(get.status, `${actor} get ${owner}'s`).toBe(canRead(actor, owner, object) ? 200 : 404);
        }
        expect(list.body.total).toBe(list.body.data.length);
      });

      if (object.timeline || object.searchTerm) {
        it(`${object.object}: ${actor} sees timelines and search hits exactly for what they may read`, async () => {
          const w = world();
          for (const owner of owners) {
            const id = records[object.object][owner];
            if (object.timeline) {
              const timeline = await w.as(actor as UserKey, { method: 'GET', url: `/api/v1/${object.object}/${id}/timeline` });
              expect(timeline.status, `${actor} timeline of ${owner}'s`).toBe(canRead(actor, owner, object) ? 200 : 404);
            }
            if (object.searchTerm) {
              const term = object.searchTerm(bodies[object.object][owner]);
              const search = await w.as(actor as UserKey, { method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(term)}&types=${object.object}&limit=50` });
              expect(search.status).toBe(200);
              const found = search.body.data.some((hit: { id: string }) => hit.id === id);
              expect(found, `${actor} finds ${owner}'s by "${term}"`).toBe(canRead(actor, owner, object));
            }
          }
        });
      }

      it(`${object.object}: ${actor} updates and deletes only what they may write`, async () => {
        const w = world();
        for (const owner of owners) {
          const id = records[object.object][owner];
          const patch = await w.as(actor as UserKey, { method: 'PATCH', url: `/api/v1/${object.object}/${id}?force=true`, payload: object.patch });
          const expected = canWrite(actor, owner, object) ? 200 : canRead(actor, owner, object) ? 403 : 404;
          expect(patch.status, `${actor} patch ${owner}'s: ${JSON.stringify(patch.body)}`).toBe(expected);
          const bulk = await w.as(actor as UserKey, { method: 'POST', url: `/api/v1/${object.object}/bulk-delete`, payload: { ids: [id] } });
          expect(bulk.status, `${actor} delete ${owner}'s`).toBe(!hasWriteRight(actor, object) ? 403 : canWrite(actor, owner, object) ? 200 : 404);
          if (bulk.status === 200) {
            const restore = await w.as(actor as UserKey, { method: 'POST', url: `/api/v1/${object.object}/${id}/restore` });
            expect(restore.status).toBe(200);
          }
        }
      });
    }
  }
});
