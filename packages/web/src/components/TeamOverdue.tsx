// The team's overdue work for a head of sales (on the team dashboard): open tasks past their due time,
// oldest first, with whose they are; counted by the server and linked to the full filtered task list.
// It follows the dashboard's team filter (the team and its sub-teams, as the report resolved them).
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ListPage } from '../api/types';
import { currentLocale } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useUserNames } from '../lib/lookups';
import { Empty, ErrorState, Loading } from './States';

export function TeamOverdue({ teamIds }: { teamIds: string[] | null }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const names = useUserNames();
  // One "now" per visit, so the query key (and the link to the list) stay the same while the page is open.
  const [now] = useState(() => new Date().toISOString());
  const query = useQuery({
    queryKey: ['list', 'tasks', 'team-overdue', now, teamIds],
    queryFn: () =>
      api<ListPage>('/tasks', {
        query: { 'filter[status][eq]': 'open', 'filter[dueAt][lt]': now, ...(teamIds ? { 'filter[teamId][in]': teamIds.join(',') } : {}), sort: 'dueAt', limit: 8, count: 'true', fields: 'id,title,dueAt,ownerId' },
      }),
    placeholderData: (previous) => previous,
    retry: false,
  });
  const team = teamIds ? `&filter[teamId][in]=${encodeURIComponent(teamIds.join(','))}` : '';
  const listLink = `/tasks?filter[status][eq]=open&filter[dueAt][lt]=${encodeURIComponent(now)}${team}&sort=dueAt`;
  return (
    <section className="card team-overdue" aria-labelledby="team-overdue-title">
      <h2 id="team-overdue-title">
        {t('dashboard.teamOverdue')} {query.data?.total !== undefined && <span className={`pill${query.data.total ? ' pill-danger' : ''}`}>{query.data.total}</span>}
      </h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <Empty title={t('dashboard.noOverdue')} />
      ) : (
        <>
          <table className="simple-table">
            <thead>
              <tr>
                <th scope="col">{t('fields.tasks.title')}</th>
                <th scope="col">{t('fields.tasks.ownerId')}</th>
                <th scope="col">{t('fields.tasks.dueAt')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.data.map((task) => (
                <tr key={task.id}>
                  <td>
                    <Link to={`/tasks/${task.id}`}>{String(task.title ?? '')}</Link>
                  </td>
                  <td>{names.get(String(task.ownerId)) ?? '—'}</td>
                  <td>
                    <span className="badge badge-danger">{formatDateTime(String(task.dueAt), locale)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Link to={listLink}>{t('dashboard.allOverdue', { count: query.data.total ?? query.data.data.length })}</Link>
        </>
      )}
    </section>
  );
}
