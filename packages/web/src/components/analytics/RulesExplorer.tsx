// Association rules of the serving model: thresholds, sort by any measure, a table of rules and a
// scatter of support against confidence coloured by lift.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { isNoModel, ruleMeasures, rulesScatterOption, type Rule, type RuleItem, type RuleMeasure } from '../../lib/analytics';
import { ErrorState, Loading } from '../States';

const Chart = lazy(() => import('../Chart'));

interface Thresholds {
  minSupport: string;
  minConfidence: string;
  minLift: string;
  sort: RuleMeasure;
  limit: string;
}

const initial: Thresholds = { minSupport: '', minConfidence: '', minLift: '1', sort: 'lift', limit: '300' };

export function RulesExplorer() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [draft, setDraft] = useState<Thresholds>(initial);
  const [applied, setApplied] = useState<Thresholds>(initial);
  const rules = useQuery({
    queryKey: ['analytics', 'rules', applied],
    queryFn: () => api<{ modelVersion: number; total: number; items: Rule[] }>('/analytics/rules', { query: { ...applied } }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const labels = useMemo(() => ({ support: t('analytics.rules.support'), confidence: t('analytics.rules.confidence'), lift: t('analytics.rules.lift') }), [t]);
  const option = useMemo(() => rulesScatterOption(rules.data?.items ?? [], labels, (value, decimals) => formatNumber(value, locale, decimals)), [rules.data, labels, locale]);
  const set = (patch: Partial<Thresholds>) => setDraft((current) => ({ ...current, ...patch }));
  /** Sorting and the number of rules apply at once (with the thresholds typed so far). */
  const applyNow = (patch: Partial<Thresholds>) => {
    setDraft({ ...draft, ...patch });
    setApplied({ ...draft, ...patch });
  };
  const number = (value: number | null, digits: number) => (value === null ? '∞' : formatNumber(value, locale, digits));

  return (
    <div className="rules-explorer">
      <form
        className="toolbar rules-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(draft);
        }}
      >
        <label>
          {t('analytics.rules.minSupport')}
          <input type="number" min="0" max="1" step="0.001" value={draft.minSupport} placeholder="0" onChange={(event) => set({ minSupport: event.target.value })} />
        </label>
        <label>
          {t('analytics.rules.minConfidence')}
          <input type="number" min="0" max="1" step="0.05" value={draft.minConfidence} placeholder="0" onChange={(event) => set({ minConfidence: event.target.value })} />
        </label>
        <label>
          {t('analytics.rules.minLift')}
          <input type="number" min="0" step="0.1" value={draft.minLift} placeholder="0" onChange={(event) => set({ minLift: event.target.value })} />
        </label>
        <label>
          {t('analytics.rules.sortBy')}
          <select value={draft.sort} onChange={(event) => applyNow({ sort: event.target.value as RuleMeasure })}>
            {ruleMeasures.map((measure) => (
              <option key={measure} value={measure}>
                {t(`analytics.rules.${measure}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.rules.limit')}
          <select value={draft.limit} onChange={(event) => applyNow({ limit: event.target.value })}>
            {['100', '300', '1000'].map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-primary">
          {t('list.apply')}
        </button>
      </form>
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        isNoModel(rules.error) ? <p className="muted">{t('analytics.noModel')}</p> : <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('analytics.rules.found', { count: rules.data.total, total: formatNumber(rules.data.total, locale), shown: formatNumber(rules.data.items.length, locale), version: rules.data.modelVersion })}
          </p>
          {rules.data.items.length > 0 && (
            <section className="card" aria-labelledby="rules-chart-title">
              <h2 id="rules-chart-title">{t('analytics.rules.chart')}</h2>
              <Suspense fallback={<Loading />}>
                <Chart option={option} label={t('analytics.rules.chart')} height={340} />
              </Suspense>
            </section>
          )}
          <div className="table-scroll">
            <table className="simple-table rules-table">
              <thead>
                <tr>
                  <th>{t('analytics.rules.rule')}</th>
                  {(['count', 'support', 'confidence', 'lift', 'leverage', 'conviction'] as const).map((measure) => (
                    <th key={measure} className="number" aria-sort={applied.sort === measure ? 'descending' : undefined}>
                      <button type="button" className="button-link sort-header" onClick={() => applyNow({ sort: measure })}>
                        {t(`analytics.rules.${measure}`)}
                        {applied.sort === measure ? ' ↓' : ''}
                      </button>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rules.data.items.map((rule, index) => (
                  <tr key={index}>
                    <td>
                      {rule.lhs.map((item, position) => (
                        <span key={item.productId}>
                          {position > 0 && ' + '}
                          <ProductLink item={item} />
                        </span>
                      ))}
                      <span className="rule-arrow" aria-label={t('analytics.rules.implies')}>
                        {' → '}
                      </span>
                      <ProductLink item={rule.rhs} />
                    </td>
                    <td className="number">{formatNumber(rule.count, locale)}</td>
                    <td className="number">{number(rule.support, 4)}</td>
                    <td className="number">{number(rule.confidence, 3)}</td>
                    <td className="number">{number(rule.lift, 2)}</td>
                    <td className="number">{number(rule.leverage, 4)}</td>
                    <td className="number">{number(rule.conviction, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

function ProductLink({ item }: { item: RuleItem }) {
  return <Link to={`/products/${item.productId}`}>{item.name ?? item.sku ?? item.productId.slice(0, 8)}</Link>;
}
