import { expect, it } from 'vitest';
import { describeWithWorld, type UserKey } from '../../test/fixtures.js';

interface Item {
  type: string;
  id: string;
  title: string;
  start: string;
  end: string | null;
  ownerId: string;
  ownerName: string;
  editable: boolean;
}

describeWithWorld('calendar', (world) => {
  const range = (day: string) => `from=${encodeURIComponent(`${day}T00:00:00+03:00`)}&to=${encodeURIComponent(`${day}T00:00:00+03:00`.replace(/-(\d{2})T/, (_, d: string) => `-${String(Number(d) + 7).padStart(2, '0')}T`))}`;
  const calendar = async (user: UserKey, query: string) => {
    const response = await world().as(user, { method: 'GET', url: `/api/v1/calendar?${query}` });
    expect(response.status).toBe(200);
    return response.body as { items: Item[]; members: { id: string; name: string }[]; truncated: boolean };
  };
  const titles = (items: Item[]) => items.map((item) => item.title).sort();
  const task = (user: UserKey, title: string, dueAt: string, extra: Record<string, unknown> = {}) =>
    world().as(user, { method: 'POST', url: '/api/v1/tasks', payload: { title, dueAt, ...extra } });
  const meeting = (user: UserKey, subject: string, occurredAt: string, endsAt: string | null) =>
    world().as(user, { method: 'POST', url: '/api/v1/activities', payload: { kind: 'meeting', subject, occurredAt, endsAt } });

  it("shows a manager their own tasks and meetings in the range, and nobody else's", async () => {
    await task('managerA1', 'A1 звонок', '2031-03-11T09:00:00+03:00');
    await task('managerA1', 'A1 до диапазона', '2031-03-09T23:59:00+03:00');
    await task('managerA1', 'A1 после диапазона', '2031-03-17T00:00:00+03:00');
    await task('managerA1', 'A1 отменена', '2031-03-12T10:00:00+03:00', { status: 'cancelled' });
    await task('managerA1', 'A1 выполнена', '2031-03-12T11:00:00+03:00', { status: 'done' });
    await meeting('managerA1', 'A1 встреча', '2031-03-13T14:00:00+03:00', '2031-03-13T15:30:00+03:00');
    // A meeting that began before the range and ends inside it belongs to it.
    await meeting('managerA1', 'A1 выставка', '2031-03-09T10:00:00+03:00', '2031-03-10T12:00:00+03:00');
    await world().as('managerA1', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', subject: 'A1 звонок-активность', occurredAt: '2031-03-11T10:00:00+03:00' } });
    await task('managerA2', 'A2 задача', '2031-03-11T12:00:00+03:00');
    await meeting('managerB1', 'B1 встреча', '2031-03-11T12:00:00+03:00', null);

    const mine = await calendar('managerA1', `${range('2031-03-10')}&scope=me`);
    expect(titles(mine.items)).toEqual(['A1 встреча', 'A1 выполнена', 'A1 выставка', 'A1 звонок'].sort());
    expect(mine.items.map((item) => item.start)).toEqual([...mine.items.map((item) => item.start)].sort());
    const meetingItem = mine.items.find((item) => item.title === 'A1 встреча')!;
    expect(meetingItem).toMatchObject({ type: 'meeting', start: '2031-03-13T11:00:00.000Z', end: '2031-03-13T12:30:00.000Z', editable: true, ownerName: 'Алексей Менеджер' });
    expect(mine.items.find((item) => item.title === 'A1 звонок')).toMatchObject({ type: 'task', end: null, editable: true });
    // The default scope is "me".
    expect(titles((await calendar('managerA1', range('2031-03-10'))).items)).toEqual(titles(mine.items));

    // "team" for a manager lists the team, but their role shows only their own records.
    const team = await calendar('managerA1', `${range('2031-03-10')}&scope=team`);
    expect(titles(team.items)).toEqual(titles(mine.items));
    // A colleague's calendar is empty to a manager whose role reads only their own records.
    const colleague = await calendar('managerA1', `${range('2031-03-10')}&scope=user:${world().users.managerA2.id}`);
    expect(colleague.items).toEqual([]);
  });

  it("shows a head of sales their team's calendars, filtered by member, and not another team's", async () => {
    const w = world();
    await task('managerA1', 'A1 план', '2031-04-08T10:00:00+03:00');
    await meeting('managerA2', 'A2 встреча с клиентом', '2031-04-09T15:00:00+03:00', '2031-04-09T16:00:00+03:00');
    await task('head', 'Планёрка', '2031-04-10T09:00:00+03:00');
    await task('managerB1', 'B1 задача', '2031-04-08T10:00:00+03:00');

    const team = await calendar('head', `${range('2031-04-07')}&scope=team`);
    expect(titles(team.items)).toEqual(['A1 план', 'A2 встреча с клиентом', 'Планёрка'].sort());
    expect(team.items.every((item) => item.editable)).toBe(true);
    expect(team.members.map((member) => member.id).sort()).toEqual([w.users.head.id, w.users.managerA1.id, w.users.managerA2.id].sort());
    expect(team.members.map((member) => member.id)).not.toContain(w.users.managerB1.id);

    const one = await calendar('head', `${range('2031-04-07')}&scope=user:${w.users.managerA2.id}`);
    expect(titles(one.items)).toEqual(['A2 встреча с клиентом']);
    const own = await calendar('head', `${range('2031-04-07')}&scope=me`);
    expect(titles(own.items)).toEqual(['Планёрка']);
  });

  it('lets a read-only user look at calendars their role reads, without moving anything', async () => {
    const w = world();
    await task('managerB1', 'B1 отчёт', '2031-05-06T10:00:00+03:00');
    const other = await calendar('reader', `${range('2031-05-05')}&scope=user:${w.users.managerB1.id}`);
    expect(other.items).toHaveLength(1);
    expect(other.items[0]).toMatchObject({ title: 'B1 отчёт', editable: false });
    // The reader belongs to no team but reads every task: their team calendar is the whole workspace's.
    const team = await calendar('reader', `${range('2031-05-05')}&scope=team`);
    expect(team.members.map((member) => member.id).sort()).toEqual(Object.values(w.users).map((user) => user.id).sort());
    expect(titles(team.items)).toEqual(['B1 отчёт']);
    expect(team.items[0].editable).toBe(false);
    // Their own calendar is empty: they own nothing.
    const mine = await calendar('reader', `${range('2031-05-05')}&scope=me`);
    expect(mine.items).toEqual([]);
  });

  it('moves with the record: a rescheduled task leaves the old day and appears on the new one', async () => {
    const created = await task('managerA2', 'Перенести звонок', '2031-06-03T10:00:00+03:00', { remindAt: '2031-06-03T09:00:00+03:00' });
    const moved = await world().as('managerA2', { method: 'PATCH', url: `/api/v1/tasks/${created.body.id}`, payload: { dueAt: '2031-06-12T10:00:00+03:00', remindAt: '2031-06-12T09:00:00+03:00' } });
    expect(moved.status).toBe(200);
    expect((await calendar('managerA2', range('2031-06-02'))).items).toEqual([]);
    expect(titles((await calendar('managerA2', range('2031-06-09'))).items)).toEqual(['Перенести звонок']);
  });

  it('refuses a missing or malformed range and an unknown scope, naming the parameter', async () => {
    const cases: [string, string][] = [
      ['to=2031-01-02T00:00:00Z', 'from'],
      ['from=2031-01-01T00:00:00Z', 'to'],
      ['from=2031-01-01&to=2031-01-02T00:00:00Z', 'from'],
      ['from=2031-01-05T00:00:00Z&to=2031-01-01T00:00:00Z', 'to'],
      ['from=2031-01-01T00:00:00Z&to=2031-06-01T00:00:00Z', 'to'],
      ['from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z&scope=everyone', 'scope'],
      ['from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z&scope=user:42', 'scope'],
    ];
    const anonymous = await world().app.inject({ method: 'GET', url: '/api/v1/calendar?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z' });
    expect(anonymous.statusCode).toBe(401);
    for (const [query, field] of cases) {
      const response = await world().as('managerA1', { method: 'GET', url: `/api/v1/calendar?${query}` });
      expect(response.status, query).toBe(400);
      expect(response.body.error.details[0].field, query).toBe(field);
    }
  });
});
