// Customer segments of the serving model: size, what describes them, their top products, a chart of
// sizes; a segment's members (only the companies the user may read) open the company card.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { isNoModel, segmentNumber, type Segment, type SegmentMember } from '../../lib/analytics';
import { useUserNames } from '../../lib/lookups';
import { ErrorState, Loading } from '../States';

const Chart = lazy(() => import('../Chart'));

function useSegments() {
  return useQuery({ queryKey: ['analytics', 'segments'], queryFn: () => api<{ modelVersion: number; items: Segment[] }>('/analytics/segments'), retry: false, staleTime: 60_000 });
}

const percent = (share: number, locale: 'ru' | 'en') => `${formatNumber(Math.round(share * 100), locale)}%`;

export function SegmentsView() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const segments = useSegments();
  const [selected, setSelected] = useState<number | null>(null);
  const items = useMemo(() => segments.data?.items ?? [], [segments.data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: items.map((segment) => t('analytics.segments.name', { number: segmentNumber(segment.id) })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 96, name: t('analytics.segments.size'), data: items.map((segment) => ({ value: segment.size, itemStyle: { color: segment.id === selected ? '#0b3d7a' : '#5b8fd1' } })) }],
    }),
    [items, selected, t],
  );
  if (segments.isPending) return <Loading />;
  if (segments.isError) return isNoModel(segments.error) ? <p className="muted">{t('analytics.noModel')}</p> : <ErrorState error={segments.error} onRetry={() => void segments.refetch()} />;
  if (items.length === 0) return <p className="muted">{t('analytics.segments.none')}</p>;
  const attribute = (name: string) => t(`fields.companies.${name}`, { defaultValue: name });
  return (
    <div className="segments">
      <section className="card" aria-labelledby="segments-chart-title">
        <h2 id="segments-chart-title">{t('analytics.segments.chart')}</h2>
        <Suspense fallback={<Loading />}>
          <Chart option={option} label={t('analytics.segments.chart')} height={220} />
        </Suspense>
      </section>
      <ul className="segment-cards">
        {items.map((segment) => (
          <li key={segment.id}>
            <button type="button" className={`card segment-card${segment.id === selected ? ' selected' : ''}`} aria-pressed={segment.id === selected} onClick={() => setSelected(segment.id === selected ? null : segment.id)}>
              <span className="segment-title">
                <strong>{t('analytics.segments.name', { number: segmentNumber(segment.id) })}</strong>
                <span className="muted">{t('analytics.segments.companies', { count: segment.size })}</span>
              </span>
              <span className="segment-attributes">
                {segment.dominantAttributes.map((item) => (
                  <span key={item.attribute} className="small">
                    {attribute(item.attribute)}: <strong>{item.value === 'unknown' ? t('analytics.segments.unknown') : item.value}</strong> ({percent(item.share, locale)})
                  </span>
                ))}
              </span>
              <span className="segment-products small">
                <span className="muted">{t('analytics.segments.topProducts')}:</span>{' '}
                {segment.topProducts.map((product) => `${product.name ?? product.sku} (${percent(product.share, locale)})`).join(', ')}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {selected !== null && <SegmentMembers segment={selected} />}
    </div>
  );
}

function SegmentMembers({ segment }: { segment: number }) {
  const { t } = useTranslation();
  const userNames = useUserNames();
  const members = useQuery({
    queryKey: ['analytics', 'segments', segment, 'members'],
    queryFn: () => api<{ items: SegmentMember[] }>(`/analytics/segments/${segment}/members`, { query: { limit: 200 } }),
  });
  const title = t('analytics.segments.members', { name: t('analytics.segments.name', { number: segmentNumber(segment) }) });
  return (
    <section className="card" aria-label={title}>
      <header className="recommendations-header">
        <h2>{title}</h2>
        <Link to={`/companies?filter[segment][eq]=${segment}`}>{t('analytics.segments.openList')}</Link>
      </header>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.items.length === 0 ? (
        <p className="muted">{t('analytics.segments.noMembers')}</p>
      ) : (
        <div className="table-scroll">
          <table className="simple-table">
            <thead>
              <tr>
                <th>{t('fields.companies.name')}</th>
                <th>{t('fields.companies.industry')}</th>
                <th>{t('fields.companies.size')}</th>
                <th>{t('fields.companies.region')}</th>
                <th>{t('fields.companies.ownerId')}</th>
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((company) => (
                <tr key={company.id}>
                  <td>
                    <Link to={`/companies/${company.id}`}>{company.name}</Link>
                  </td>
                  <td>{company.industry ?? '—'}</td>
                  <td>{company.size ?? '—'}</td>
                  <td>{company.region ?? '—'}</td>
                  <td>{company.ownerId ? (userNames.get(company.ownerId) ?? '—') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
