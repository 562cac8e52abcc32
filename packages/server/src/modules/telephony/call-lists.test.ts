// Call lists over the real API: built from a filter or a saved view (only readable records with a phone),
// worked by callers who never get the same item even when they ask at the same moment, outcomes on the
// timeline (linked to the PBX's call when given), no answer put back for later, rights and errors by field.
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { outgoing } from './call-simulator.js';

let counter = 0;
async function contacts(w: TestWorld, owner: UserKey, tag: string, count: number, withPhone = true): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    counter += 1;
    const phone = `+7916${String(1000000 + counter * 7 + Math.floor(Math.random() * 5)).slice(-7)}`;
    const created = await w.as(owner, { method: 'POST', url: '/api/v1/contacts?force=true', payload: { firstName: `Клиент${index}`, lastName: tag, phones: withPhone ? [phone] : [], ownerId: w.users[owner].id } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids.push(created.body.id);
  }
  return ids;
}

const unique = () => `Обзвон${Math.random().toString(36).slice(2, 8)}`;

async function createList(w: TestWorld, by: UserKey, tag: string, callers: UserKey[], extra: Record<string, unknown> = {}) {
  const created = await w.as(by, {
    method: 'POST',
    url: '/api/v1/call-lists',
    payload: { name: `Список ${tag}`, object: 'contacts', filters: [{ field: 'lastName', op: 'eq', value: tag }], callerIds: callers.map((user) => w.users[user].id), ...extra },
  });
  return created;
}

const next = (w: TestWorld, user: UserKey, listId: string) => w.as(user, { method: 'POST', url: `/api/v1/call-lists/${listId}/next` });
const outcome = (w: TestWorld, user: UserKey, listId: string, itemId: string, payload: Record<string, unknown>) =>
  w.as(user, { method: 'POST', url: `/api/v1/call-lists/${listId}/items/${itemId}/outcome`, payload });

describeWithWorld('call lists', (world) => {
  it('builds a list from a filter: only records the creator reads that have a phone, dealt out to the callers', async () => {
    const w = world();
    const tag = unique();
    await contacts(w, 'managerA1', tag, 3);
    await contacts(w, 'managerA1', tag, 1, false);
    await contacts(w, 'managerB1', tag, 2);
    const created = await createList(w, 'managerA1', tag, ['managerA1', 'managerA2']);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.progress.total).toBe(3); // B1's contacts are not A1's to read; the one without a phone is left out
    expect(created.body.progress.pending).toBe(3);
    const byCaller = Object.fromEntries(created.body.progress.byCaller.map((row: { userId: string; pending: number }) => [row.userId, row.pending]));
    expect(byCaller).toEqual({ [w.users.managerA1.id]: 2, [w.users.managerA2.id]: 1 });

    const byHead = await createList(w, 'head', tag, ['head']);
    expect(byHead.body.progress.total).toBe(5);
  });

  it('answers bad input by field: unknown caller, empty result, unknown filter field, unknown outcome, an item not claimed by you', async () => {
    const w = world();
    const tag = unique();
    await contacts(w, 'admin', tag, 2);
    const unknownCaller = await createList(w, 'admin', tag, ['admin'], { callerIds: [w.users.admin.id, '00000000-0000-4000-8000-000000000000'] });
    expect(unknownCaller.status).toBe(400);
    expect(unknownCaller.body.error.details[0].field).toBe('callerIds[1]');
    const empty = await createList(w, 'admin', `${tag}-nobody`, ['admin']);
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('CALL_LIST_EMPTY');
    expect(empty.body.error.details[0].field).toBe('filters');
    const badField = await createList(w, 'admin', tag, ['admin'], { filters: [{ field: 'shoeSize', op: 'eq', value: '42' }] });
    expect(badField.status).toBe(400);
    expect(badField.body.error.details[0].field).toBe('filters');
    const noCallers = await createList(w, 'admin', tag, []);
    expect(noCallers.body.error.details[0].field).toBe('callerIds');
    const empties = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from call_lists where name = ${`Список ${tag}-nobody`}`);
    expect(empties[0].count).toBe(0); // nothing half-written

    const list = (await createList(w, 'admin', tag, ['admin', 'head'])).body;
    const mine = (await next(w, 'admin', list.id)).body.item;
    const unknownOutcome = await outcome(w, 'admin', list.id, mine.id, { outcome: 'maybe' });
    expect(unknownOutcome.status).toBe(400);
    expect(unknownOutcome.body.error.details[0].field).toBe('outcome');
    const notYours = await outcome(w, 'head', list.id, mine.id, { outcome: 'interested' });
    expect(notYours.status).toBe(409);
    expect(notYours.body.error.code).toBe('CALL_LIST_ITEM_NOT_CLAIMED');
    expect(notYours.body.error.details[0].field).toBe('itemId');
  });

  it('two callers asking at the same moment never get the same item, and every item is done exactly once', async () => {
    const w = world();
    const tag = unique();
    await contacts(w, 'admin', tag, 7);
    const list = (await createList(w, 'admin', tag, ['admin', 'head'])).body;
    const doneBy: Record<string, string> = {};
    for (let round = 0; round < 10; round += 1) {
      const [a, b] = await Promise.all([next(w, 'admin', list.id), next(w, 'head', list.id)]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      const held = [a.body.item?.id, b.body.item?.id].filter(Boolean);
      if (held.length === 0) break;
      expect(new Set(held).size).toBe(held.length);
      await Promise.all(
        [
          ['admin', a.body.item],
          ['head', b.body.item],
        ]
          .filter(([, item]) => item)
          .map(async ([user, item]) => {
            const { id } = item as { id: string };
            expect(doneBy[id]).toBeUndefined();
            doneBy[id] = user as string;
            const result = await outcome(w, user as UserKey, list.id, id, { outcome: 'not_interested' });
            expect(result.status, JSON.stringify(result.body)).toBe(200);
          }),
      );
    }
    expect(Object.keys(doneBy)).toHaveLength(7);
    const progress = (await w.as('admin', { method: 'GET', url: `/api/v1/call-lists/${list.id}` })).body.progress;
    expect(progress.done).toBe(7);
    expect(progress.byOutcome).toEqual({ not_interested: 7 });
    const perCaller = Object.fromEntries(progress.byCaller.map((row: { userId: string; done: number }) => [row.userId, row.done]));
    expect(perCaller[w.users.admin.id] + perCaller[w.users.head.id]).toBe(7);
    expect(perCaller[w.users.admin.id]).toBeGreaterThan(0);
    expect(perCaller[w.users.head.id]).toBeGreaterThan(0);
  });

  it('logs the outcome on the timeline with a follow-up task; no answer comes back later; a lapsed claim goes to another caller', async () => {
    const w = world();
    const tag = unique();
    const [first, second] = await contacts(w, 'admin', tag, 2);
    const list = (await createList(w, 'admin', tag, ['admin', 'head'])).body;
    // Two tabs asking at once get the same item, not one each.
    const [taken, otherTab] = await Promise.all([next(w, 'admin', list.id), next(w, 'admin', list.id)]);
    expect(otherTab.body.item.id).toBe(taken.body.item.id);
    expect(taken.body.item.recordId).toBe(first);
    expect(taken.body.item.record.lastName).toBe(tag);
    expect((await next(w, 'admin', list.id)).body.item.id).toBe(taken.body.item.id); // the one I hold, again
    const dueAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const done = await outcome(w, 'admin', list.id, taken.body.item.id, { outcome: 'interested', note: 'Просит КП', followUp: { dueAt } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.item.status).toBe('done');
    const activities = await w.as('admin', { method: 'GET', url: `/api/v1/activities?filter[recordId][eq]=${first}` });
    expect(activities.body.data).toHaveLength(1);
    expect(activities.body.data[0]).toMatchObject({ kind: 'call', outcome: 'interested', body: 'Просит КП' });
    const task = await w.as('admin', { method: 'GET', url: `/api/v1/tasks/${done.body.taskId}` });
    expect(task.body).toMatchObject({ recordId: first, dueAt });

    const again = (await next(w, 'admin', list.id)).body.item;
    expect(again.recordId).toBe(second);
    const noAnswer = await outcome(w, 'admin', list.id, again.id, { outcome: 'no_answer' });
    expect(noAnswer.body.requeued).toBe(true);
    const nothing = (await next(w, 'admin', list.id)).body;
    expect(nothing.item).toBeNull();
    expect(nothing.waiting).toBe(1);
    // An hour later it is offered again.
    await w.db.execute(sql`update call_list_items set available_at = now() - interval '1 second' where id = ${again.id}`);
    const retried = (await next(w, 'admin', list.id)).body.item;
    expect(retried.id).toBe(again.id);
    expect(retried.attempts).toBe(1);
    // The claim lapses: another caller takes it, and the first one can no longer record an outcome.
    await w.db.execute(sql`update call_list_items set claimed_at = now() - interval '16 minutes' where id = ${again.id}`);
    expect((await next(w, 'head', list.id)).body.item.id).toBe(again.id);
    expect((await outcome(w, 'admin', list.id, again.id, { outcome: 'busy' })).status).toBe(409);
  });

  it('links the PBX call instead of logging it twice, and builds from a saved view', async () => {
    const w = world();
    const tag = unique();
    const [id] = await contacts(w, 'admin', tag, 1);
    const view = await w.as('admin', { method: 'POST', url: '/api/v1/saved-views', payload: { name: tag, object: 'contacts', query: { filters: [{ field: 'lastName', op: 'eq', value: tag }] } } });
    expect(view.status).toBe(201);
    const wrongObject = await w.as('admin', { method: 'POST', url: '/api/v1/call-lists', payload: { name: 'x', object: 'companies', savedViewId: view.body.id, callerIds: [w.users.admin.id] } });
    expect(wrongObject.body.error.details[0].field).toBe('savedViewId');
    const list = await w.as('admin', { method: 'POST', url: '/api/v1/call-lists', payload: { name: tag, object: 'contacts', savedViewId: view.body.id, callerIds: [w.users.admin.id] } });
    expect(list.status, JSON.stringify(list.body)).toBe(201);
    expect(list.body.progress.total).toBe(1);
    const item = (await next(w, 'admin', list.body.id)).body.item;

    const integration = await w.as('admin', { method: 'POST', url: '/api/v1/telephony/integrations', payload: { name: 'АТС', extensions: [{ extension: '301', userId: w.users.admin.id }] } });
    const call = outgoing({ callId: `cl-${tag}`, to: item.phone, extension: '301' });
    let callId = '';
    for (const event of call.events) {
      const posted = await w.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { 'content-type': 'application/json', authorization: `Bearer ${integration.body.secret}` }, payload: JSON.stringify(event) });
      callId = posted.json().callId;
    }
    const before = await w.as('admin', { method: 'GET', url: `/api/v1/activities?filter[recordId][eq]=${id}` });
    expect(before.body.data).toHaveLength(1); // logged by the PBX's events
    const done = await outcome(w, 'admin', list.body.id, item.id, { outcome: 'interested', note: 'Договорились', callId });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.activityId).toBe(before.body.data[0].id);
    const after = await w.as('admin', { method: 'GET', url: `/api/v1/activities?filter[recordId][eq]=${id}` });
    expect(after.body.data).toHaveLength(1);
    expect(after.body.data[0]).toMatchObject({ outcome: 'interested' });
    expect(after.body.data[0].body).toContain('Договорились');

    // An outcome given while the call is still going: one activity, which gets the call's length when it ends.
    const [otherId] = await contacts(w, 'admin', `${tag}-2`, 1);
    const second = (await createList(w, 'admin', `${tag}-2`, ['admin'])).body;
    const during = (await next(w, 'admin', second.id)).body.item;
    const live = outgoing({ callId: `cl2-${tag}`, to: during.phone, extension: '301', talkSec: 75 });
    const postEvent = (event: unknown) => w.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers: { 'content-type': 'application/json', authorization: `Bearer ${integration.body.secret}` }, payload: JSON.stringify(event) });
    const answered = (await postEvent(live.events[0])).json();
    await postEvent(live.events[1]);
    expect((await outcome(w, 'admin', second.id, during.id, { outcome: 'callback', callId: answered.callId })).status).toBe(200);
    const ended = (await postEvent(live.events[2])).json();
    const logged = await w.as('admin', { method: 'GET', url: `/api/v1/activities?filter[recordId][eq]=${otherId}` });
    expect(logged.body.data).toHaveLength(1);
    expect(ended.activityId).toBe(logged.body.data[0].id);
    expect(logged.body.data[0]).toMatchObject({ outcome: 'callback', durationSec: 75 });
  });

  it('shows a list to its creator, its callers and those who read all records; others get 404; only its author or a head changes it', async () => {
    const w = world();
    const tag = unique();
    await contacts(w, 'managerA1', tag, 2);
    await contacts(w, 'managerA2', tag, 2);
    const list = (await createList(w, 'head', tag, ['managerA1', 'managerA2'])).body;
    expect(list.progress.total).toBe(4);
    for (const user of ['head', 'admin', 'managerA1', 'managerA2'] as const) {
      expect((await w.as(user, { method: 'GET', url: `/api/v1/call-lists/${list.id}` })).status).toBe(200);
      expect((await w.as(user, { method: 'GET', url: '/api/v1/call-lists' })).body.data.map((row: { id: string }) => row.id)).toContain(list.id);
    }
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/call-lists/${list.id}` })).status).toBe(404);
    expect((await w.as('managerB1', { method: 'GET', url: '/api/v1/call-lists' })).body.data.map((row: { id: string }) => row.id)).not.toContain(list.id);
    expect((await next(w, 'managerB1', list.id)).status).toBe(404);
    expect((await w.as('managerB1', { method: 'DELETE', url: `/api/v1/call-lists/${list.id}` })).status).toBe(404);
    expect((await next(w, 'admin', list.id)).status).toBe(403); // sees it, but is not one of its callers
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/call-lists/${list.id}`, payload: { status: 'paused' } })).status).toBe(403);

    // A caller is given only records they may read: A1 gets A1's two, then nothing (A2's stay for A2).
    const seen: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const taken = (await next(w, 'managerA1', list.id)).body.item;
      if (!taken) break;
      expect(taken.record.ownerId).toBe(w.users.managerA1.id);
      seen.push(taken.id);
      expect((await outcome(w, 'managerA1', list.id, taken.id, { outcome: 'wrong_number' })).status).toBe(200);
    }
    expect(seen).toHaveLength(2);
    expect((await next(w, 'managerA2', list.id)).body.item.record.ownerId).toBe(w.users.managerA2.id);

    const paused = await w.as('head', { method: 'PATCH', url: `/api/v1/call-lists/${list.id}`, payload: { status: 'paused' } });
    expect(paused.body.status).toBe('paused');
    expect(paused.body.progress.inProgress).toBe(0); // A2's claim was given back
    expect((await next(w, 'managerA2', list.id)).status).toBe(409);
    const badStatus = await w.as('head', { method: 'PATCH', url: `/api/v1/call-lists/${list.id}`, payload: { status: 'gone' } });
    expect(badStatus.body.error.details[0].field).toBe('status');
    expect((await w.as('head', { method: 'DELETE', url: `/api/v1/call-lists/${list.id}` })).status).toBe(200);
    expect((await w.as('head', { method: 'GET', url: `/api/v1/call-lists/${list.id}` })).status).toBe(404);
  });
});
