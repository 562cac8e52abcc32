import { expect, it } from 'vitest';
import { describeWithWorld, type UserKey } from '../../test/fixtures.js';
import { addMoney } from './deal-board.service.js';

interface Stage {
  id: string;
  count: number;
  sum: string;
  weightedSum: string;
}
interface Totals {
  count: number;
  sum: string;
  weightedSum: string;
}

describeWithWorld('weighted pipeline totals', (world) => {
  let pipeline: { id: string; stages: { id: string }[] };

  it('sets up a pipeline with probabilities and deals of three managers', async () => {
    const created = await world().as('admin', {
      method: 'POST',
      url: '/api/v1/pipelines',
      payload: { name: 'Взвешенная', stages: [{ name: 'Квалификация', probability: 10 }, { name: 'КП', probability: 55 }, { name: 'Won', kind: 'won', probability: 100 }] },
    });
    expect(created.status).toBe(201);
    pipeline = created.body;
    const [a, b, won] = pipeline.stages.map((stage) => stage.id);
    const deals: [UserKey, string, string][] = [
      ['managerA1', '1000.50', a],
      ['managerA1', '200', b],
      ['managerA2', '3000', a],
      ['managerB1', '10000', b],
      ['managerB1', '999', won],
    ];
    for (const [user, amount, stageId] of deals) {
      const response = await world().as(user, { method: 'POST', url: '/api/v1/deals', payload: { title: `${user} ${amount}`, amount, pipelineId: pipeline.id, stageId } });
      expect(response.status).toBe(201);
    }
  });

  const board = async (user: UserKey) => {
    const response = await world().as(user, { method: 'GET', url: `/api/v1/pipelines/${pipeline.id}/board?scope=all` });
    expect(response.status).toBe(200);
    return response.body as { stages: Stage[]; totals: { open: Totals; all: Totals } };
  };

  it('weighs each column by its probability and totals the open pipeline', async () => {
    const admin = await board('admin');
    expect(admin.stages.map((stage) => [stage.count, stage.sum, stage.weightedSum])).toEqual([
      [2, '4000.50', '400.05'],
      [2, '10200.00', '5610.00'],
      [1, '999.00', '999.00'],
    ]);
    expect(admin.totals.open).toEqual({ count: 4, sum: '14200.50', weightedSum: '6010.05' });
    expect(admin.totals.all).toEqual({ count: 5, sum: '15199.50', weightedSum: '7009.05' });
  });

  it('counts only the deals a manager may see on the board', async () => {
    const mine = await board('managerA1');
    expect(mine.stages.map((stage) => stage.weightedSum)).toEqual(['100.05', '110.00', '0.00']);
    expect(mine.totals.open).toEqual({ count: 2, sum: '1200.50', weightedSum: '210.05' });
  });

  it('sums the whole filtered deal list within the actor’s rights, not one page', async () => {
    const summary = async (user: UserKey, query: string) => {
      const response = await world().as(user, { method: 'GET', url: `/api/v1/deals/summary?filter[pipelineId][eq]=${pipeline.id}${query}` });
      expect(response.status).toBe(200);
      return response.body as Totals;
    };
    expect(await summary('admin', '&limit=1')).toEqual({ count: 5, sum: '15199.50', weightedSum: '7009.05' });
    expect(await summary('managerA1', '')).toEqual({ count: 2, sum: '1200.50', weightedSum: '210.05' });
    expect(await summary('managerB1', '')).toEqual({ count: 2, sum: '10999.00', weightedSum: '6499.00' });
    expect(await summary('admin', '&filter[amount][gte]=1000')).toEqual({ count: 3, sum: '14000.50', weightedSum: '5900.05' });
    const bad = await world().as('admin', { method: 'GET', url: '/api/v1/deals/summary?filter[colour][eq]=red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('filter[colour][eq]');
  });

  it('adds money exactly', () => {
    expect(addMoney(['0.10', '0.20', '1000000000000.05', '-0.35'])).toBe('1000000000000.00');
  });
});
