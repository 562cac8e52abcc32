// A started campaign's report (GET /campaigns/:id/report): the key figures with their rates, the funnel as a
// chart, the money (attributed deals and orders, revenue, cost, ROI), the A/B variants with the winner,
// clicks by link; refreshed every few seconds while it sends. And its recipients with their state.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Empty, ErrorState, Loading } from '../States';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { formatRate, funnelOption, isRunning, type CampaignRecord, type CampaignReport } from '../../lib/campaigns';

const Chart = lazy(() => import('../Chart'));

function Stat({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="campaign-stat" data-testid={testId}>
      <span className="campaign-stat-label">{label}</span>
      <strong className="campaign-stat-value">{value}</strong>
      {detail && <span className="campaign-stat-detail">{detail}</span>}
    </div>
  );
}

export function CampaignReportView({ campaign }: { campaign: CampaignRecord }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const report = useQuery({
    queryKey: ['campaigns', campaign.id, 'report'],
    queryFn: () => api<CampaignReport>(`/campaigns/${campaign.id}/report`),
    refetchInterval: isRunning(campaign.status) ? 4000 : false,
  });
  const option = useMemo(
    () =>
      report.data
        ? funnelOption(report.data, {
            sent: t('campaigns.report.sent'),
            delivered: t('campaigns.report.delivered'),
            opened: t('campaigns.report.opened'),
            clicked: t('campaigns.report.clicked'),
            unsubscribed: t('campaigns.report.unsubscribed'),
            bounced: t('campaigns.report.bounced'),
          })
        : null,
    [report.data, t],
  );
  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const data = report.data;
  const n = (value: number) => formatNumber(value, locale);
  const money = (value: number) => formatMoney(value, locale);
  return (
    <div className="campaign-report">
      {isRunning(campaign.status) && <p className="hint">{t('campaigns.report.refreshing')}</p>}
      {campaign.lastError && <p className="notice notice-warn">{t('campaigns.report.lastError', { error: campaign.lastError })}</p>}
      <div className="campaign-stats">
        <Stat testId="stat-sent" label={t('campaigns.report.sent')} value={n(data.sent + data.bounced + data.failed)} detail={data.pending ? `${t('campaigns.report.pending')}: ${n(data.pending)}` : undefined} />
        <Stat testId="stat-delivered" label={t('campaigns.report.delivered')} value={n(data.delivered)} />
        <Stat testId="stat-bounced" label={t('campaigns.report.bounced')} value={n(data.bounced)} detail={t('campaigns.report.ofAttempted', { rate: formatRate(data.bounceRate, locale) })} />
        <Stat testId="stat-opened" label={t('campaigns.report.opened')} value={n(data.opened)} detail={`${t('campaigns.report.ofDelivered', { rate: formatRate(data.openRate, locale) })}; ${t('campaigns.report.opensTotal', { count: data.opens })}`} />
        <Stat testId="stat-clicked" label={t('campaigns.report.clicked')} value={n(data.clicked)} detail={`${t('campaigns.report.ofDelivered', { rate: formatRate(data.clickRate, locale) })}; ${t('campaigns.report.clicksTotal', { count: data.clicks })}`} />
        <Stat testId="stat-unsubscribed" label={t('campaigns.report.unsubscribed')} value={n(data.unsubscribed)} detail={t('campaigns.report.ofDelivered', { rate: formatRate(data.unsubscribeRate, locale) })} />
        <Stat testId="stat-replies" label={t('campaigns.report.replies')} value={n(data.replies)} />
        <Stat testId="stat-skipped" label={t('campaigns.report.skipped')} value={n(data.skipped)} detail={t('campaigns.report.skippedDetail', { noConsent: n(data.skippedNoConsent), suppressed: n(data.skippedSuppressed), noEmail: n(data.skippedNoEmail) })} />
      </div>
      <div className="campaign-report-grid">
        <section className="card" aria-labelledby="campaign-funnel-title">
          <h2 id="campaign-funnel-title">{t('campaigns.report.funnel')}</h2>
          {option && (
            <Suspense fallback={<Loading />}>
              <Chart option={option} label={t('campaigns.report.funnel')} height={240} />
            </Suspense>
          )}
        </section>
        <section className="card campaign-money" aria-labelledby="campaign-money-title">
          <h2 id="campaign-money-title">{t('campaigns.report.money')}</h2>
          <dl>
            <dt>{t('campaigns.report.deals')}</dt>
            <dd data-testid="attributed-deals">
              {n(data.attributed.deals)} · {money(data.attributed.dealRevenue)}
            </dd>
            <dt>{t('campaigns.report.orders')}</dt>
            <dd>
              {n(data.attributed.orders)} · {money(data.attributed.orderRevenue)}
            </dd>
            <dt>{t('campaigns.report.revenue')}</dt>
            <dd data-testid="attributed-revenue">
              <strong>{money(data.attributed.revenue)}</strong>
            </dd>
            <dt>{t('campaigns.report.cost')}</dt>
            <dd>{money(data.cost)}</dd>
            <dt>{t('campaigns.report.roi')}</dt>
            <dd data-testid="campaign-roi">{data.roi === null ? <span className="hint">{t('campaigns.report.noCost')}</span> : <strong>{formatRate(data.roi, locale)}</strong>}</dd>
          </dl>
          <p className="hint">{t('campaigns.report.window', { days: data.attributed.windowDays })}</p>
        </section>
      </div>
      {data.abTest && (
        <section className="card" aria-labelledby="campaign-ab-title">
          <h2 id="campaign-ab-title">
            {t('campaigns.report.ab')}{' '}
            <span className="badge">{data.abTest.winner ? t('campaigns.report.winner', { variant: data.abTest.winner.toUpperCase() }) : data.abTest.leader ? t('campaigns.report.leader', { variant: data.abTest.leader.toUpperCase() }) : ''}</span>
          </h2>
          {data.abTest.testEndsAt && !data.abTest.winner && <p className="hint">{t('campaigns.report.testEnds', { date: formatDateTime(data.abTest.testEndsAt, locale) })}</p>}
          <table className="simple-table">
            <thead>
              <tr>
                <th>{t('campaigns.report.variant')}</th>
                <th>{t('campaigns.report.subject')}</th>
                <th className="num">{t('campaigns.report.sent')}</th>
                <th className="num">{t('campaigns.report.openRate')}</th>
                <th className="num">{t('campaigns.report.clickRate')}</th>
              </tr>
            </thead>
            <tbody>
              {data.abTest.variants.map((variant) => (
                <tr key={variant.variant} className={data.abTest?.winner === variant.variant ? 'campaign-winner' : undefined}>
                  <td>{variant.variant.toUpperCase()}</td>
                  <td>{variant.subject}</td>
                  <td className="num">{n(variant.sent)}</td>
                  <td className="num">
                    {n(variant.opened)} · {formatRate(variant.sent ? variant.opened / variant.sent : null, locale)}
                  </td>
                  <td className="num">
                    {n(variant.clicked)} · {formatRate(variant.sent ? variant.clicked / variant.sent : null, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="card" aria-labelledby="campaign-links-title">
        <h2 id="campaign-links-title">{t('campaigns.report.links')}</h2>
        {data.links.length === 0 ? (
          <p className="hint">{t('campaigns.report.noLinks')}</p>
        ) : (
          <table className="simple-table">
            <thead>
              <tr>
                <th>{t('campaigns.report.link')}</th>
                <th className="num">{t('campaigns.report.clicks')}</th>
                <th className="num">{t('campaigns.report.people')}</th>
              </tr>
            </thead>
            <tbody>
              {data.links.map((link) => (
                <tr key={link.url}>
                  <td className="campaign-link-url">
                    <a href={link.url} target="_blank" rel="noreferrer noopener">
                      {link.url}
                    </a>
                  </td>
                  <td className="num">{n(link.clicks)}</td>
                  <td className="num">{n(link.people)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

interface Recipient {
  id: string;
  contactId: string | null;
  contactName: string | null;
  email: string | null;
  variant: string | null;
  status: string;
  skipReason: string | null;
  failureReason: string | null;
  sentAt: string | null;
  openedAt: string | null;
  clickedAt: string | null;
  unsubscribedAt: string | null;
}

const recipientStatuses = ['pending', 'sent', 'bounced', 'failed', 'skipped', 'interrupted'] as const;

export function CampaignRecipients({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [status, setStatus] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages[pages.length - 1];
  const list = useQuery({
    queryKey: ['campaigns', campaignId, 'recipients', status, after],
    queryFn: () => api<{ data: Recipient[]; nextCursor: string | null }>(`/campaigns/${campaignId}/recipients`, { query: { status: status || undefined, after: after ?? undefined, limit: 100 } }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="card campaign-recipients">
      <div className="field campaign-recipients-filter">
        <label htmlFor="campaign-recipient-status">{t('campaigns.recipients.filter')}</label>
        <select
          id="campaign-recipient-status"
          value={status}
          onChange={(event) => {
            setStatus(event.target.value);
            setPages([null]);
          }}
        >
          <option value="">{t('campaigns.recipients.all')}</option>
          {recipientStatuses.map((value) => (
            <option key={value} value={value}>
              {t(`campaigns.recipients.statuses.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('campaigns.recipients.none')} />
      ) : (
        <>
          <table className="simple-table">
            <thead>
              <tr>
                <th>{t('campaigns.recipients.contact')}</th>
                <th>{t('campaigns.recipients.email')}</th>
                <th>{t('campaigns.recipients.status')}</th>
                <th>{t('campaigns.recipients.variant')}</th>
                <th>{t('campaigns.recipients.sentAt')}</th>
                <th>{t('campaigns.recipients.opened')}</th>
                <th>{t('campaigns.recipients.clicked')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((row) => (
                <tr key={row.id}>
                  <td>{row.contactId ? <Link to={`/contacts/${row.contactId}`}>{row.contactName || '—'}</Link> : '—'}</td>
                  <td>{row.email ?? '—'}</td>
                  <td>
                    <span className={`badge campaign-recipient-${row.status}`}>{t(`campaigns.recipients.statuses.${row.status}`, { defaultValue: row.status })}</span>
                    {row.skipReason && <span className="hint"> · {t(`campaigns.skipReasons.${row.skipReason}`, { defaultValue: row.skipReason })}</span>}
                    {row.unsubscribedAt && <span className="hint"> · {t('campaigns.skipReasons.suppressed_unsubscribed')}</span>}
                    {row.failureReason && <span className="hint"> · {row.failureReason}</span>}
                  </td>
                  <td>{row.variant && row.variant !== 'rest' ? row.variant.toUpperCase() : '—'}</td>
                  <td>{row.sentAt ? formatDateTime(row.sentAt, locale) : '—'}</td>
                  <td>{row.openedAt ? formatDateTime(row.openedAt, locale) : '—'}</td>
                  <td>{row.clickedAt ? formatDateTime(row.clickedAt, locale) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.nextCursor && (
            <button type="button" className="button" onClick={() => setPages((current) => [...current, list.data.nextCursor])}>
              {t('campaigns.recipients.more')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
