import { expect, it } from 'vitest';
import type { UserKey } from '../../test/fixtures.js';
import { describeWithWorld } from '../../test/fixtures.js';
import { NotificationBus } from '../notifications/notification-bus.js';
import { localToday } from '../plans/plans.service.js';
import { GAMIFICATION_CHANNEL } from './gamification.subscriber.js';

describeWithWorld('gamification: points, leaderboard, competitions', (world) => {
  const today = localToday('+03:00');
  let stages: { id: string; kind: string }[] = [];
  const stage = (kind: string) => stages.find((item) => item.kind === kind)!.id;
  const move = async (user: UserKey, id: string, kind: 'won' | 'lost' | 'open') => {
    const to = kind === 'open' ? stages[0].id : stage(kind);
    const moved = await world().as(user, { method: 'POST', url: `/api/v1/deals/${id}/move`, payload: { stageId: to, ...(kind === 'lost' ? { lostReason: 'Дорого' } : {}) } });
    expect(moved.status).toBe(200);
  };
  const newDeal = async (user: UserKey, amount: number) => {
    const created = await world().as(user, { method: 'POST', url: '/api/v1/deals', payload: { title: `Сделка ${amount}`, amount: String(amount) } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const points = async (user: UserKey = 'head') => {
    const board = await world().as(user, { method: 'GET', url: '/api/v1/gamification/leaderboard?tz=%2B03:00' });
    expect(board.status).toBe(200);
    return board.body as { team: { optedOut: boolean }; data: { userId: string; points: number; rank: number; wins: number; badges: string[] }[] };
  };
  const pointsOf = async (key: 'managerA1' | 'managerA2' | 'head') => (await points()).data.find((row) => row.userId === world().users[key].id)?.points;

  it('awards a won deal once: won, lost, won again and edits back and forth earn nothing more', async () => {
    stages = (await world().as('admin', { method: 'GET', url: '/api/v1/pipelines' })).body.data[0].stages;
    const id = await newDeal('managerA1', 1000);
    expect(await pointsOf('managerA1')).toBe(0);
    await move('managerA1', id, 'won');
    expect(await pointsOf('managerA1')).toBe(50);
    await move('managerA1', id, 'lost');
    await move('managerA1', id, 'won');
    await move('managerA1', id, 'open');
    await move('managerA1', id, 'won');
    expect((await world().as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${id}`, payload: { amount: '2000' } })).status).toBe(200);
    expect((await world().as('managerA1', { method: 'PATCH', url: `/api/v1/deals/${id}`, payload: { amount: '1000' } })).status).toBe(200);
    expect(await pointsOf('managerA1')).toBe(50);
    // A deal created straight into a won stage counts too, once.
    const direct = await world().as('managerA2', { method: 'POST', url: '/api/v1/deals', payload: { title: 'Сразу выиграна', amount: '10', stageId: stage('won') } });
    expect(direct.status).toBe(201);
    expect(await pointsOf('managerA2')).toBe(50);
    const board = await points();
    expect(board.data.find((row) => row.userId === world().users.managerA1.id)).toMatchObject({ wins: 1, badges: ['first_win'] });
  });

  it('awards a logged call and a task done on time, each once; a late task earns nothing', async () => {
    const before = (await pointsOf('managerA2'))!;
    expect((await world().as('managerA2', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', subject: 'Звонок' } })).status).toBe(201);
    expect((await world().as('managerA2', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'note', subject: 'Заметка' } })).status).toBe(201);
    expect(await pointsOf('managerA2')).toBe(before + 2);
    const due = new Date(Date.now() + 86_400_000).toISOString();
    const task = await world().as('managerA2', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Перезвонить', dueAt: due } });
    expect(task.status).toBe(201);
    for (const status of ['done', 'open', 'done']) expect((await world().as('managerA2', { method: 'PATCH', url: `/api/v1/tasks/${task.body.id}`, payload: { status } })).status).toBe(200);
    expect(await pointsOf('managerA2')).toBe(before + 7);
    const late = await world().as('managerA2', { method: 'POST', url: '/api/v1/tasks', payload: { title: 'Опоздал', dueAt: new Date(Date.now() - 3_600_000).toISOString() } });
    expect((await world().as('managerA2', { method: 'PATCH', url: `/api/v1/tasks/${late.body.id}`, payload: { status: 'done' } })).status).toBe(200);
    expect(await pointsOf('managerA2')).toBe(before + 7);
  });

  it('takes the points per rule from the settings, refusing bad ones naming the field', async () => {
    const bad = await world().as('admin', { method: 'PUT', url: '/api/v1/gamification/settings', payload: { points: { deal_won: -1, call_logged: 1, task_done_on_time: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('points.deal_won');
    expect((await world().as('head', { method: 'PUT', url: '/api/v1/gamification/settings', payload: { points: { deal_won: 1, call_logged: 1, task_done_on_time: 1 } } })).status).toBe(403);
    const saved = await world().as('admin', { method: 'PUT', url: '/api/v1/gamification/settings', payload: { points: { deal_won: 100, call_logged: 0, task_done_on_time: 5 } } });
    expect(saved.status).toBe(200);
    const before = (await pointsOf('head'))!;
    const id = await newDeal('head', 5);
    await move('head', id, 'won');
    expect((await world().as('head', { method: 'POST', url: '/api/v1/activities', payload: { kind: 'call', subject: 'Звонок' } })).status).toBe(201);
    expect(await pointsOf('head')).toBe(before + 100);
  });

  it('ranks a competition and refuses one that ends before it starts', async () => {
    const backwards = await world().as('head', { method: 'POST', url: '/api/v1/competitions', payload: { name: 'Кто первый', teamId: world().teams.a, measure: 'won_amount', startsOn: '2026-12-10', endsOn: '2026-12-01' } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([expect.objectContaining({ field: 'endsOn' })]);
    expect((await world().as('managerA1', { method: 'POST', url: '/api/v1/competitions', payload: { name: 'Сам с собой', teamId: world().teams.a, measure: 'points', startsOn: today, endsOn: today } })).status).toBe(403);
    expect((await world().as('head', { method: 'POST', url: '/api/v1/competitions', payload: { name: 'Вся компания', measure: 'points', startsOn: today, endsOn: today } })).status).toBe(403);
    const created = await world().as('head', { method: 'POST', url: '/api/v1/competitions', payload: { name: 'Кто первый', teamId: world().teams.a, measure: 'won_amount', startsOn: today, endsOn: today, target: 2000, prize: 'Выходной' } });
    expect(created.status).toBe(201);
    // A1 won 1000, A2 10, the head 5 (this suite); team B's deal is not in the team's competition.
    const b = await newDeal('managerB1', 99999);
    await move('managerB1', b, 'won');
    const seen = await world().as('managerA2', { method: 'GET', url: `/api/v1/competitions/${created.body.id}` });
    expect(seen.status).toBe(200);
    expect(seen.body.standings.map((row: { userId: string; value: number; rank: number; percent: number | null }) => [row.userId, row.value, row.rank, row.percent])).toEqual([
      [world().users.managerA1.id, 1000, 1, 50],
      [world().users.managerA2.id, 10, 2, 0.5],
      [world().users.head.id, 5, 3, 0.3],
    ]);
    expect(seen.body.prize).toBe('Выходной');
    expect((await world().as('managerB1', { method: 'GET', url: `/api/v1/competitions/${created.body.id}` })).status).toBe(404);
    const changed = await world().as('head', { method: 'PATCH', url: `/api/v1/competitions/${created.body.id}`, payload: { startsOn: '2099-01-01' } });
    expect(changed.status).toBe(400);
    expect(changed.body.error.details[0].field).toBe('endsOn');
    const list = await world().as('managerA1', { method: 'GET', url: '/api/v1/competitions?state=active' });
    expect(list.body.data.map((item: { id: string }) => item.id)).toContain(created.body.id);
    // Team scope as for plans: another team's manager neither lists team A's competition nor may open its board.
    const foreignList = await world().as('managerB1', { method: 'GET', url: '/api/v1/competitions?state=active' });
    expect(foreignList.status).toBe(200);
    expect(foreignList.body.data.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
    const teams = await world().as('managerB1', { method: 'GET', url: '/api/v1/gamification/teams' });
    expect(teams.body.data.map((team: { id: string }) => team.id)).toEqual([world().teams.b]);
    expect((await world().as('managerB1', { method: 'GET', url: `/api/v1/gamification/leaderboard?teamId=${world().teams.a}` })).status).toBe(404);
    const ownBoard = await world().as('managerB1', { method: 'GET', url: '/api/v1/gamification/leaderboard?tz=%2B03:00' });
    expect(ownBoard.body.team.id).toBe(world().teams.b);
    expect(ownBoard.body.data.map((row: { userId: string }) => row.userId)).toEqual([world().users.managerB1.id]);
  });

  it('tells the head about a won deal of the team when it commits', async () => {
    const bus = new NotificationBus(world().database, GAMIFICATION_CHANNEL);
    const heard: string[] = [];
    const foreign: string[] = [];
    const unsubscribe = await bus.subscribe(world().users.head.id, (id) => heard.push(id));
    const unsubscribeB = await bus.subscribe(world().users.managerB1.id, (id) => foreign.push(id));
    try {
      const id = await newDeal('managerA2', 77);
      await move('managerA2', id, 'won');
      const started = Date.now();
      while (!heard.includes(world().users.managerA2.id) && Date.now() - started < 2000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(heard).toContain(world().users.managerA2.id);
      expect(foreign).toEqual([]);
    } finally {
      unsubscribe();
      unsubscribeB();
      await bus.close();
    }
  });

  it('lets a team opt out: no points, no leaderboard, out of competitions', async () => {
    expect((await world().as('managerA1', { method: 'PUT', url: `/api/v1/gamification/teams/${world().teams.a}/opt-out`, payload: { optedOut: true } })).status).toBe(403);
    expect((await world().as('head', { method: 'PUT', url: `/api/v1/gamification/teams/${world().teams.a}/opt-out`, payload: { optedOut: 'yes' } })).status).toBe(400);
    const off = await world().as('head', { method: 'PUT', url: `/api/v1/gamification/teams/${world().teams.a}/opt-out`, payload: { optedOut: true } });
    expect(off.status).toBe(200);
    const id = await newDeal('managerA1', 300);
    await move('managerA1', id, 'won');
    const board = await points('managerA1');
    expect(board.team.optedOut).toBe(true);
    expect(board.data).toEqual([]);
    expect((await world().as('head', { method: 'PUT', url: `/api/v1/gamification/teams/${world().teams.a}/opt-out`, payload: { optedOut: false } })).status).toBe(200);
    // The deal won while opted out earned nothing: A1 still has the 50 of the first suite.
    expect(await pointsOf('managerA1')).toBe(50);
    expect((await world().as('managerB1', { method: 'GET', url: `/api/v1/gamification/leaderboard?teamId=${world().teams.a}` })).status).toBe(404);
  });
});
