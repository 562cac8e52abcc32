// Repeat purchases (RFM segments, repeat rate, churn) and purchases by attribute (GET /analyses/customers, /purchases).
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { formatDate, formatNumber } from '../../lib/format';
import { ErrorState, Loading } from '../States';
import { AnalysisCard, DataTable, Kpi, barOption, money, percent, useAnalysis, type AnalysisFilters } from './parts';

const segmentColours: Record<string, string> = { champions: '#2f8f6f', loyal: '#4caf8a', promising: '#1f4e8c', needsAttention: '#c7831d', atRisk: '#d9822b', hibernating: '#8a94a6', lost: '#b3261e' };

interface Customers {
  totals: { customers: number; purchases: number; amount: string; repeatCustomers: number; repeatRate: number | null; previousCustomers: number; retained: number; churned: number; churnRate: number | null };
  segments: { segment: string; customers: number; amount: string }[];
  customers: { companyId: string; name: string | null; lastAt: string; recencyDays: number; frequency: number; monetary: string; r: number; f: number; m: number; segment: string }[];
  truncated: boolean;
}

export function CustomersView({ filters }: { filters: AnalysisFilters }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const report = useAnalysis<Customers>('customers', { from: filters.from, to: filters.to, teamId: filters.teamId, tz: filters.tz });
  if (report.isPending) return <Loading />;
  const data = report.data;
  if (report.isError || !data) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const segment = (key: string) => t(`salesAnalyses.customers.segments.${key}`);
  return (
    <div className="analysis-tab" data-tab="customers">
      <div className="kpis">
        <Kpi label={t('salesAnalyses.customers.customers')} value={formatNumber(data.totals.customers, locale)} hint={money(data.totals.amount, locale)} />
        <Kpi label={t('salesAnalyses.customers.repeatRate')} value={percent(data.totals.repeatRate, locale)} />
        <Kpi label={t('salesAnalyses.customers.churnRate')} value={percent(data.totals.churnRate, locale)}
          hint={t('salesAnalyses.customers.churnHint', { churned: data.totals.churned, previous: data.totals.previousCustomers })} />
      </div>
      <div className="dashboard-grid">
        <AnalysisCard id="segments" title={t('salesAnalyses.customers.segmentsTitle')} hint={t('salesAnalyses.customers.hint')} empty={data.totals.customers === 0}
          option={{
            ...barOption(data.segments.map((row) => segment(row.segment)), [{ name: t('salesAnalyses.customers.customers'), values: [], colour: '#1f4e8c' }], locale, { horizontal: true }),
            series: [{ type: 'bar', name: t('salesAnalyses.customers.customers'), data: data.segments.map((row) => ({ value: row.customers, itemStyle: { color: segmentColours[row.segment] } })) }],
          }} height={60 + data.segments.length * 36}>
          <DataTable label={t('salesAnalyses.customers.segmentsTitle')} headers={[t('salesAnalyses.customers.segment'), t('salesAnalyses.customers.customers'), t('salesAnalyses.customers.monetary')]}
            rows={data.segments.map((row) => ({ key: row.segment, cells: [segment(row.segment), formatNumber(row.customers, locale), money(row.amount, locale)] }))} />
        </AnalysisCard>
        <AnalysisCard id="customers" title={t('salesAnalyses.customers.customers')} empty={data.totals.customers === 0}>
          {data.truncated && <p className="muted small">{t('salesAnalyses.customers.truncated')}</p>}
          <DataTable label={t('salesAnalyses.customers.customers')}
            headers={[t('salesAnalyses.customers.customer'), t('salesAnalyses.customers.segment'), t('salesAnalyses.customers.score'), t('salesAnalyses.customers.lastPurchase'), t('salesAnalyses.customers.frequency'), t('salesAnalyses.customers.monetary')]}
            rows={data.customers.map((row) => ({
              key: row.companyId,
              cells: [row.name ? <Link key="name" to={`/companies/${row.companyId}`}>{row.name}</Link> : t('salesAnalyses.customers.hidden'), segment(row.segment), `${row.r} / ${row.f} / ${row.m}`, formatDate(row.lastAt, locale), formatNumber(row.frequency, locale), money(row.monetary, locale)],
            }))} />
        </AnalysisCard>
      </div>
    </div>
  );
}

const dimensions = ['category', 'industry', 'region', 'city', 'month'] as const;
interface Purchases {
  by: string;
  rows: { key: string | null; orders: number; customers: number; quantity: string; amount: string }[];
  truncated: boolean;
}

export function PurchasesView({ filters }: { filters: AnalysisFilters }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [by, setBy] = useState<(typeof dimensions)[number]>('category');
  const [industry, setIndustry] = useState('');
  const [region, setRegion] = useState('');
  const [category, setCategory] = useState('');
  const report = useAnalysis<Purchases>('purchases', { from: filters.from, to: filters.to, teamId: filters.teamId, tz: filters.tz, by, industry, region, category });
  // The values to filter by come from the same analysis grouped by that attribute.
  const options = {
    industry: useAnalysis<Purchases>('purchases', { from: filters.from, to: filters.to, teamId: filters.teamId, tz: filters.tz, by: 'industry' }).data?.rows ?? [],
    region: useAnalysis<Purchases>('purchases', { from: filters.from, to: filters.to, teamId: filters.teamId, tz: filters.tz, by: 'region' }).data?.rows ?? [],
    category: useAnalysis<Purchases>('purchases', { from: filters.from, to: filters.to, teamId: filters.teamId, tz: filters.tz, by: 'category' }).data?.rows ?? [],
  };
  // While the next grouping loads, the previous one's rows are still shown: name them by what they are.
  const shownBy = (report.data?.by ?? by) as (typeof dimensions)[number];
  const name = (value: string | null) => {
    if (value === null) return t('salesAnalyses.none');
    if (shownBy === 'month' && /^\d{4}-\d{2}$/.test(value)) return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}-01T00:00:00Z`));
    return value;
  };
  const select = (id: string, label: string, value: string, onChange: (value: string) => void, rows: Purchases['rows']) => (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('salesAnalyses.purchases.any')}</option>
        {rows.filter((row) => row.key !== null).map((row) => (
          <option key={row.key} value={row.key!}>
            {row.key}
          </option>
        ))}
      </select>
    </>
  );
  const data = report.data;
  return (
    <div className="analysis-tab" data-tab="purchases">
      <form className="inline-form dashboard-filters" aria-label={t('salesAnalyses.purchases.by')} onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="purchases-by">{t('salesAnalyses.purchases.by')}</label>
        <select id="purchases-by" value={by} onChange={(event) => setBy(event.target.value as (typeof dimensions)[number])}>
          {dimensions.map((dimension) => (
            <option key={dimension} value={dimension}>
              {t(`salesAnalyses.purchases.dimensions.${dimension}`)}
            </option>
          ))}
        </select>
        {select('purchases-industry', t('salesAnalyses.purchases.industry'), industry, setIndustry, options.industry)}
        {select('purchases-region', t('salesAnalyses.purchases.region'), region, setRegion, options.region)}
        {select('purchases-category', t('salesAnalyses.purchases.category'), category, setCategory, options.category)}
      </form>
      {report.isPending ? (
        <Loading />
      ) : report.isError || !data ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <AnalysisCard id="purchases" title={`${t('salesAnalyses.tabs.purchases')}: ${t(`salesAnalyses.purchases.dimensions.${shownBy}`)}`} hint={t('salesAnalyses.purchases.hint')} empty={data.rows.length === 0}
          option={barOption(data.rows.slice(0, 20).map((row) => name(row.key)), [{ name: t('salesAnalyses.purchases.amount'), values: data.rows.slice(0, 20).map((row) => Math.round(Number(row.amount))), colour: '#1f4e8c' }], locale, { horizontal: shownBy !== 'month', money: true })}
          height={shownBy === 'month' ? 300 : 60 + Math.min(20, data.rows.length) * 32}>
          {data.truncated && <p className="muted small">{t('salesAnalyses.purchases.truncated')}</p>}
          <DataTable label={t('salesAnalyses.tabs.purchases')}
            headers={[t(`salesAnalyses.purchases.dimensions.${shownBy}`), t('salesAnalyses.purchases.orders'), t('salesAnalyses.purchases.customers'), t('salesAnalyses.purchases.quantity'), t('salesAnalyses.purchases.amount')]}
            rows={data.rows.map((row) => ({ key: row.key ?? '', cells: [name(row.key), formatNumber(row.orders, locale), formatNumber(row.customers, locale), formatNumber(row.quantity, locale), money(row.amount, locale)] }))} />
        </AnalysisCard>
      )}
    </div>
  );
}
