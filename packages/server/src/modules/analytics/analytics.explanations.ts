// Renders a recommendation's structured explanation in the reader's language (ru or en).
import type { RecommendationExplanation } from '@svyaz/analytics';

const list = (ids: string[], nameOf: (id: string) => string) => ids.slice(0, 3).map(nameOf).join(', ');

/** Numbers as the reader's language writes them: 0,75 and 31 % in Russian, 0.75 and 31% in English. */
function numberFormats(ru: boolean) {
  const tag = ru ? 'ru-RU' : 'en-GB';
  return {
    fixed: (value: number, digits: number) => new Intl.NumberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value),
    percent: (share: number) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 }).format(share),
  };
}

export function renderExplanation(explanation: RecommendationExplanation, locale: string, nameOf: (id: string) => string): string {
  const ru = locale.startsWith('ru');
  const { fixed, percent } = numberFormats(ru);
  switch (explanation.kind) {
    case 'bought-together': {
      const items = list(explanation.antecedentItemIds, nameOf);
      const numbers = `${ru ? 'достоверность' : 'confidence'} ${fixed(explanation.confidence, 2)}, ${ru ? 'лифт' : 'lift'} ${fixed(explanation.lift, 1)}`;
      return ru ? `Часто покупают вместе с «${items}»: ${numbers}` : `Often bought with "${items}": ${numbers}`;
    }
    case 'similar-customers': {
      const items = list(explanation.becauseOfItemIds, nameOf);
      return ru ? `Клиенты, купившие «${items}», покупают и это` : `Customers who bought "${items}" also bought this`;
    }
    case 'related-items': {
      const items = list(explanation.becauseOfItemIds, nameOf);
      return ru ? `Дополняет «${items}»` : `Complements "${items}"`;
    }
    case 'popular-in-segment':
      return ru ? `Популярно у похожих компаний (есть у ${percent(explanation.share)} из них)` : `Popular among similar companies (${percent(explanation.share)} of them have it)`;
    case 'popular':
      return ru ? `Популярно у всех клиентов (${percent(explanation.share)})` : `Popular with all customers (${percent(explanation.share)})`;
  }
}
