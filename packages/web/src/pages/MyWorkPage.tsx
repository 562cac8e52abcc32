// A sales manager's day: open tasks due today (and overdue), and their open deals.
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ListPage } from '../api/types';
import { useMe } from '../app/session';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { formatDate, formatMoney, formatTime } from '../lib/format';
import { currentLocale } from '../i18n';

/** The browser's UTC offset as +03:00, so "today" is the user's day. */
export function timezoneOffset(date = new Date()): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export default function MyWorkPage() {
  const { t } = useTranslation();
  const { user } = useMe();
  return (
    <section className="page my-work" aria-labelledby="my-title">
      <header className="page-header">
        <h1 id="my-title">{t('my.title', { name: user.name.split(' ')[0] })}</h1>
      </header>
      <div className="two-columns">
        <MyTasks userId={user.id} />
        <MyDeals userId={user.id} />
      </div>
    </section>
  );
}

function MyTasks({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const locale = currentLocale();
  const tasks = useQuery({
    queryKey: ['list', 'tasks', 'my-today', userId],
    queryFn: async () => {
      const tz = timezoneOffset();
      const [overdue, today] = await Promise.all([
        api<ListPage>('/tasks/my', { query: { bucket: 'overdue', tz, limit: 50, count: 'true' } }),
        api<ListPage>('/tasks/my', { query: { bucket: 'today', tz, limit: 100, count: 'true' } }),
      ]);
      return { data: [...overdue.data, ...today.data], total: (overdue.total ?? 0) + (today.total ?? 0) };
    },
    retry: false,
  });
  async function complete(id: string) {
    try {
      await api(`/tasks/${id}`, { method: 'PATCH', body: { status: 'done' } });
      toast({ message: t('my.taskDone'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['list', 'tasks'] });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  }
  const now = Date.now();
  return (
    <section className="card" aria-labelledby="my-tasks">
      <h2 id="my-tasks">
        {t('my.tasksToday')} {tasks.data?.total !== undefined && <span className="pill">{tasks.data.total}</span>}
      </h2>
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.data.data.length === 0 ? (
        <Empty title={t('my.noTasks')} />
      ) : (
        <ul className="task-list">
          {tasks.data.data.map((task) => {
            const due = task.dueAt as string | null;
            const overdue = due && new Date(due).getTime() < now;
            return (
              <li key={task.id} className={overdue ? 'overdue' : undefined}>
                <input type="checkbox" aria-label={t('my.complete', { title: task.title })} onChange={() => void complete(task.id)} />
                <Link to={`/tasks/${task.id}`}>{String(task.title)}</Link>
                <span className={overdue ? 'badge badge-danger' : 'muted small'}>{due ? (overdue && new Date(due).toDateString() !== new Date().toDateString() ? formatDate(due, locale) : formatTime(due, locale)) : ''}</span>
              </li>
            );
          })}
        </ul>
      )}
      <Link to="/tasks">{t('my.allTasks')}</Link>
    </section>
  );
}

function MyDeals({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const deals = useQuery({
    queryKey: ['list', 'deals', 'mine', userId],
    queryFn: () => api<ListPage>('/deals', { query: { 'filter[ownerId][eq]': userId, 'filter[stageKind][eq]': 'open', sort: '-createdAt', limit: 20, count: 'true' } }),
    retry: false,
  });
  return (
    <section className="card" aria-labelledby="my-deals">
      <h2 id="my-deals">
        {t('my.deals')} {deals.data?.total !== undefined && <span className="pill">{deals.data.total}</span>}
      </h2>
      {deals.isPending ? (
        <Loading />
      ) : deals.isError ? (
        <ErrorState error={deals.error} onRetry={() => void deals.refetch()} />
      ) : deals.data.data.length === 0 ? (
        <Empty title={t('my.noDeals')} />
      ) : (
        <table className="simple-table">
          <tbody>
            {deals.data.data.map((deal) => (
              <tr key={deal.id}>
                <td>
                  <Link to={`/deals/${deal.id}`}>{String(deal.title)}</Link>
                </td>
                <td>{String(deal.stageName ?? '')}</td>
                <td className="num">{formatMoney(deal.amount as string, locale, deal.currency as string)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Link to="/pipeline">{t('nav.pipeline')}</Link>
    </section>
  );
}
