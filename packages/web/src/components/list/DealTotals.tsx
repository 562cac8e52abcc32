// The deal list's totals: sum and weighted sum (amount × stage probability) of every deal matching the
// filters, computed by the server within the viewer's rights (GET /deals/summary), never of the loaded page only.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatMoney } from '../../lib/format';
import { filterParams, type Filter } from '../../lib/list-query';
import { currentLocale } from '../../i18n';

export interface DealSummary {
  count: number;
  sum: string;
  weightedSum: string;
}

export function DealTotals({ filters }: { filters: Filter[] }) {
  const { t } = useTranslation();
  const summary = useQuery({
    queryKey: ['list', 'deals', 'summary', filters],
    queryFn: ({ signal }) => api<DealSummary>('/deals/summary', { query: filterParams(filters), signal }),
    staleTime: 30_000,
  });
  if (!summary.data) return null;
  const locale = currentLocale();
  return (
    <span className="count list-totals" data-testid="deal-totals">
      {t('pipelineTotals.listTotal', { sum: formatMoney(summary.data.sum, locale) })} · {t('pipelineTotals.listWeighted', { sum: formatMoney(summary.data.weightedSum, locale) })}
    </span>
  );
}
