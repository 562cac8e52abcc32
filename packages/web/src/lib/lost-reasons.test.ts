import { describe, expect, it } from 'vitest';
import { drillDownLink } from '../components/lost-reasons/LostReasonsView';
import { canConfirmLoss, lostReasonOfDeal, reasonLabel, type LostReason } from './lost-reasons';

const t = (key: string, options?: Record<string, unknown>) => (key === 'lostReasons.defaults.expensive' ? 'Too expensive' : String(options?.defaultValue ?? key));
const reason = (values: Partial<LostReason>): LostReason => ({ id: 'r1', pipelineId: 'p1', key: null, label: 'Сроки', position: 0, isOther: false, archived: false, ...values });

describe('lost reasons in the interface', () => {
  it('translates a default by its key and shows a renamed or added reason as typed', () => {
    expect(reasonLabel(t, { key: 'expensive', label: 'Дорого' })).toBe('Too expensive');
    expect(reasonLabel(t, { key: null, label: 'Слишком дорого' })).toBe('Слишком дорого');
  });

  it('shows old free text as it was typed, marked as legacy, and a reason with its comment', () => {
    expect(lostReasonOfDeal(t, { lostReasonId: null, lostReason: 'Не вышли на ЛПР' })).toEqual({ reason: 'Не вышли на ЛПР', comment: null, legacy: true });
    expect(lostReasonOfDeal(t, { lostReasonId: 'r1', lostReasonKey: 'expensive', lostReasonLabel: 'Дорого', lostReason: 'на 20% выше' })).toEqual({ reason: 'Too expensive', comment: 'на 20% выше', legacy: false });
  });

  it('confirms a loss only with a reason, and "other" only with a comment', () => {
    expect(canConfirmLoss(undefined, 'текст')).toBe(false);
    expect(canConfirmLoss(reason({}), '')).toBe(true);
    expect(canConfirmLoss(reason({ isOther: true }), '  ')).toBe(false);
    expect(canConfirmLoss(reason({ isOther: true }), 'закрыли отдел')).toBe(true);
  });

  it('drills down to the deals of a reason, or to the free-text deals of the pipeline, in the period and team', () => {
    const report = { pipeline: { id: 'p1', name: 'Продажи' }, teamIds: ['t1', 't2'], closedAt: { gte: '2026-01-01T00:00:00+03:00', lt: '2026-02-01T00:00:00+03:00' } };
    const byReason = new URLSearchParams(drillDownLink(report, { reasonId: 'r1' }).split('?')[1]);
    expect(byReason.get('filter[lostReasonId][eq]')).toBe('r1');
    expect(byReason.get('filter[closedAt][gte]')).toBe('2026-01-01T00:00:00+03:00');
    expect(byReason.get('filter[teamId][in]')).toBe('t1,t2');
    const legacy = new URLSearchParams(drillDownLink({ ...report, teamIds: null }, { reasonId: null }).split('?')[1]);
    expect(legacy.get('filter[lostReasonLegacy][eq]')).toBe('true');
    expect(legacy.get('filter[pipelineId][eq]')).toBe('p1');
    expect(legacy.has('filter[teamId][in]')).toBe(false);
  });
});
