// Explanations read as the reader's language writes numbers: decimal comma and "31 %" in Russian.
import { describe, expect, it } from 'vitest';
import type { RecommendationExplanation } from '@svyaz/analytics';
import { renderExplanation } from './analytics.explanations.js';

const names: Record<string, string> = { a: 'Этикетки термо', b: 'Стрейч-плёнка' };
const nameOf = (id: string) => names[id] ?? id;

describe('recommendation explanations', () => {
  it('writes confidence and lift with a decimal comma and Russian words in Russian, and with points in English', () => {
    const together: RecommendationExplanation = { kind: 'bought-together', antecedentItemIds: ['a', 'b'], confidence: 0.75, lift: 7.24, support: 0.01 };
    expect(renderExplanation(together, 'ru', nameOf)).toBe('Часто покупают вместе с «Этикетки термо, Стрейч-плёнка»: достоверность 0,75, лифт 7,2');
    expect(renderExplanation(together, 'en', nameOf)).toBe('Often bought with "Этикетки термо, Стрейч-плёнка": confidence 0.75, lift 7.2');
  });

  it('writes shares as percentages the way each language does', () => {
    const segment: RecommendationExplanation = { kind: 'popular-in-segment', segment: 0, share: 0.314, segmentSize: 120 };
    expect(renderExplanation(segment, 'ru', nameOf)).toBe('Популярно у похожих компаний (есть у 31\u00a0% из них)');
    expect(renderExplanation(segment, 'en', nameOf)).toBe('Popular among similar companies (31% of them have it)');
    expect(renderExplanation({ kind: 'popular', share: 0.5 }, 'ru', nameOf)).toBe('Популярно у всех клиентов (50\u00a0%)');
  });
});
