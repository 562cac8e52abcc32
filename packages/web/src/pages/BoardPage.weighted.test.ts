import { describe, expect, it } from 'vitest';
import { moveOnBoard, stageWeightedSum, weightedPipelineTotal } from './BoardPage';
import { daysSince, formatMoney } from '../lib/format';
import { isSharedWithMe, withSharedWithMe } from '../lib/list-query';

const board = {
  pipeline: { id: 'p', name: 'Продажи' },
  stages: [
    { id: 's1', name: 'Новая', kind: 'open', probability: 10, count: 2, sum: '300.10', weightedSum: '30.01', staleCount: 0, deals: [{ id: 'd1', amount: '100.10' }, { id: 'd2', amount: '200' }] },
    { id: 's2', name: 'КП', kind: 'open', probability: 60, count: 1, sum: '1000', weightedSum: '600.00', staleCount: 0, deals: [{ id: 'd3', amount: '1000' }] },
    { id: 'won', name: 'Успех', kind: 'won', probability: 100, count: 1, sum: '5000', weightedSum: '5000.00', staleCount: 0, deals: [{ id: 'd4', amount: '5000' }] },
  ],
};

describe('weighted totals on the board', () => {
  it('totals the open columns only, and moves a deal’s weight with it', () => {
    expect(weightedPipelineTotal(board)).toBe('630.01');
    const moved = moveOnBoard(board, 'd2', 's2');
    expect(moved.stages.map((stage) => [stage.count, stage.sum, stage.weightedSum])).toEqual([
      [1, '100.10', '10.01'],
      [2, '1200.00', '720.00'],
      [1, '5000', '5000.00'],
    ]);
    expect(weightedPipelineTotal(moved)).toBe('730.01');
    // Won: the deal leaves the forecast.
    expect(weightedPipelineTotal(moveOnBoard(board, 'd3', 'won'))).toBe('30.01');
  });

  it('weighs a column itself when the server sent no weighted sum', () => {
    expect(stageWeightedSum({ sum: '1234.56', probability: 25 })).toBe('308.64');
    expect(stageWeightedSum({ sum: '1000' })).toBe('0.00');
  });

  it('shows the total as Russian money', () => {
    expect(formatMoney(weightedPipelineTotal(board), 'ru').replace(/\s/g, ' ')).toBe('630,01 ₽');
  });
});

describe('days in stage', () => {
  it('counts whole days elapsed, never negative', () => {
    const now = new Date('2026-12-08T10:00:00+03:00');
    expect(daysSince('2026-12-05T10:00:00+03:00', now)).toBe(3);
    expect(daysSince('2026-12-07T11:00:00+03:00', now)).toBe(0);
    expect(daysSince('2026-12-09T10:00:00+03:00', now)).toBe(0);
    expect(daysSince(null, now)).toBeNull();
  });
});

describe('the "shared with me" quick view', () => {
  it('adds and removes its filter and keeps the others', () => {
    const others = [{ field: 'city', op: 'eq', value: 'Казань' }];
    const on = withSharedWithMe(others, 'u1', true);
    expect(on).toEqual([...others, { field: 'collaboratorIds', op: 'eq', value: 'u1' }]);
    expect(isSharedWithMe(on, 'u1')).toBe(true);
    expect(withSharedWithMe(on, 'u1', true)).toHaveLength(2);
    expect(withSharedWithMe(on, 'u1', false)).toEqual(others);
  });
});
