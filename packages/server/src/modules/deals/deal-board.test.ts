import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeWithWorld, type UserKey } from '../../test/fixtures.js';

interface BoardStage {
  id: string;
  name: string;
  count: number;
  sum: string;
  staleCount: number;
  deals: { id: string; title: string; stale: boolean; lastActivityAt: string | null }[];
}

describeWithWorld('pipeline board', (world) => {
  let pipeline: { id: string; stages: { id: string }[] };
  const ids: Record<string, string> = {};

  const board = async (user: UserKey, query = '') => {
    const response = await world().as(user, { method: 'GET', url: `/api/v1/pipelines/${pipeline.id}/board${query}` });
    expect(response.status).toBe(200);
    return response.body.stages as BoardStage[];
  };
  const summary = (stages: BoardStage[]) => stages.map((stage) => [stage.count, stage.sum]);

  it('sets up a pipeline with deals of three managers', async () => {
    const created = await world().as('admin', { method: 'POST', url: '/api/v1/pipelines', payload: { name: 'Доска', stages: [{ name: 'A' }, { name: 'B' }, { name: 'Won', kind: 'won' }] } });
    pipeline = created.body;
    const [a, b] = pipeline.stages.map((stage) => stage.id);
    const deals: [UserKey, string, string, string][] = [
      ['managerA1', 'a1-first', '100.10', a],
      ['managerA1', 'a1-second', '200', a],
      ['managerA1', 'a1-third', '50', b],
      ['managerA2', 'a2-first', '1000', a],
      ['managerB1', 'b1-first', '7000', b],
    ];
    for (const [user, title, amount, stageId] of deals) {
      const response = await world().as(user, { method: 'POST', url: '/api/v1/deals', payload: { title, amount, pipelineId: pipeline.id, stageId } });
      expect(response.status).toBe(201);
      ids[title] = response.body.id;
    }
  });

  it('counts and sums per stage over the deals the actor may see', async () => {
    expect(summary(await board('admin'))).toEqual([[3, '1300.10'], [2, '7050.00'], [0, '0.00']]);
    const mine = await board('managerA1');
    expect(summary(mine)).toEqual([[2, '300.10'], [1, '50.00'], [0, '0.00']]);
    expect(mine[0].deals.map((deal) => deal.title).sort()).toEqual(['a1-first', 'a1-second']);
    expect(summary(await board('managerA1', '?scope=all'))).toEqual([[2, '300.10'], [1, '50.00'], [0, '0.00']]);
    expect(summary(await board('managerB1'))).toEqual([[0, '0.00'], [1, '7000.00'], [0, '0.00']]);
  });

  it('lets the head of sales narrow the board to the team or to own deals', async () => {
    expect(summary(await board('head', '?scope=team'))).toEqual([[3, '1300.10'], [1, '50.00'], [0, '0.00']]);
    expect(summary(await board('head', '?scope=all'))).toEqual([[3, '1300.10'], [2, '7050.00'], [0, '0.00']]);
    expect(summary(await board('head', '?scope=mine'))).toEqual([[0, '0.00'], [0, '0.00'], [0, '0.00']]);
    const bad = await world().as('head', { method: 'GET', url: `/api/v1/pipelines/${pipeline.id}/board?scope=everyone` });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('scope');
  });

  it('applies list filters, sort and the per-stage limit', async () => {
    expect(summary(await board('admin', '?filter[amount][gte]=200'))).toEqual([[2, '1200.00'], [1, '7000.00'], [0, '0.00']]);
    const limited = await board('admin', '?limit=1&sort=-amount');
    expect(limited[0].count).toBe(3);
    expect(limited[0].deals.map((deal) => deal.title)).toEqual(['a2-first']);
    const ascending = await board('admin', '?sort=amount');
    expect(ascending[0].deals.map((deal) => deal.title)).toEqual(['a1-first', 'a1-second', 'a2-first']);
    const byTitle = await board('admin', '?sort=-title&fields=title,amount');
    expect(byTitle[0].deals.map((deal) => deal.title)).toEqual(['a2-first', 'a1-second', 'a1-first']);
    expect(Object.keys(byTitle[0].deals[0]).sort()).toEqual(['amount', 'id', 'stale', 'title']);
    const unknown = await world().as('admin', { method: 'GET', url: `/api/v1/pipelines/${pipeline.id}/board?filter[colour][eq]=red` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('filter[colour][eq]');
  });

  it('flags deals without activity for staleDays days', async () => {
    const { db, workspaceId } = world();
    await db.execute(sql`update deals set created_at = now() - interval '30 days' where id in (${ids['a1-first']}, ${ids['a1-second']})`);
    await db.execute(sql`insert into activities (workspace_id, kind, subject, occurred_at, record_type, record_id, owner_id)
      values (${workspaceId}, 'call', 'Звонок', now() - interval '2 days', 'deal', ${ids['a1-second']}, ${world().users.managerA1.id})`);
    const stages = await board('managerA1', '?staleDays=7');
    const byTitle = Object.fromEntries(stages[0].deals.map((deal) => [deal.title, deal]));
    expect(byTitle['a1-first'].stale).toBe(true);
    expect(byTitle['a1-second'].stale).toBe(false);
    expect(byTitle['a1-second'].lastActivityAt).not.toBeNull();
    expect(stages[0].staleCount).toBe(1);
    expect(stages[1].deals[0].stale).toBe(false);
    expect((await board('managerA1', '?staleDays=1'))[0].staleCount).toBe(2);
  });

  it('answers 404 for an unknown pipeline', async () => {
    const response = await world().as('admin', { method: 'GET', url: '/api/v1/pipelines/00000000-0000-4000-8000-000000000000/board' });
    expect(response.status).toBe(404);
  });
});
