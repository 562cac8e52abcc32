// The plans of this month as progress bars grouped per person (and per team plan), counted by the server with
// the viewer's rights. Shown on the plans page and on the team dashboard (optionally for one team); both pages
// listen to the progress stream, which refetches every ['plans', ...] query when a deal is won.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { formatDate } from '../../lib/format';
import { timezoneOffset } from '../../lib/timezone';
import { Empty, ErrorState, Loading } from '../States';
import { PlanProgressBar, type PlanList } from './PlanProgressBar';
import './plans.css';

export function PlanGroups({ teamId, headingId = 'team-plans', linkToPlans = false }: { teamId?: string; headingId?: string; linkToPlans?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const plans = useQuery({
    queryKey: ['plans', 'all', 'month', teamId ?? null],
    queryFn: () => api<PlanList>('/plans', { query: { tz: timezoneOffset(), teamId: teamId || undefined } }),
  });
  const groups = useMemo(() => {
    const byName = new Map<string, PlanList['data']>();
    for (const plan of plans.data?.data ?? []) {
      const name = plan.userName ?? `${t('leaderboard.team')}: ${plan.teamName ?? ''}`;
      byName.set(name, [...(byName.get(name) ?? []), plan]);
    }
    return Array.from(byName.entries());
  }, [plans.data, t]);
  return (
    <section className="card plan-groups" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {t('plans.teamPlans')}
        {plans.data && <small className="muted"> · {t('plans.periodOf', { start: formatDate(plans.data.period.start, locale), end: formatDate(new Date(new Date(plans.data.period.end).getTime() - 86_400_000), locale) })}</small>}
      </h2>
      {plans.isPending ? (
        <Loading />
      ) : plans.isError ? (
        <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />
      ) : groups.length === 0 ? (
        <Empty title={t('plans.noPlans')} />
      ) : (
        groups.map(([name, items]) => (
          <section key={name} className="plan-person" aria-label={name}>
            <h3>{name}</h3>
            {items.map((plan) => (
              <PlanProgressBar key={plan.id} plan={plan} />
            ))}
          </section>
        ))
      )}
      {linkToPlans && (
        <p className="small">
          <Link to="/plans">{t('plans.openPlans')}</Link>
        </p>
      )}
    </section>
  );
}
