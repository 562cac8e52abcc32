import { describe, expect, it } from 'vitest';
import { moveOnBoard } from './BoardPage';

const board = {
  pipeline: { id: 'p', name: 'Продажи' },
  stages: [
    { id: 's1', name: 'Новая', kind: 'open', count: 2, sum: '300', staleCount: 0, deals: [{ id: 'd1', amount: '100' }, { id: 'd2', amount: '200' }] },
    { id: 's2', name: 'Переговоры', kind: 'open', count: 0, sum: '0', staleCount: 0, deals: [] },
  ],
};

describe('moving a deal on the board', () => {
  it('moves the card with its amount and count, and leaves the original untouched for a rollback', () => {
    const moved = moveOnBoard(board, 'd2', 's2');
    expect(moved.stages[0]).toMatchObject({ count: 1, sum: '100.00' });
    expect(moved.stages[0].deals.map((deal) => deal.id)).toEqual(['d1']);
    expect(moved.stages[1]).toMatchObject({ count: 1, sum: '200.00' });
    expect(moved.stages[1].deals[0]).toMatchObject({ id: 'd2', stageId: 's2' });
    expect(board.stages[0].deals).toHaveLength(2);
  });

  it('changes nothing when the deal is dropped on its own stage or is unknown', () => {
    expect(moveOnBoard(board, 'd1', 's1')).toBe(board);
    expect(moveOnBoard(board, 'nope', 's2')).toBe(board);
  });
});
