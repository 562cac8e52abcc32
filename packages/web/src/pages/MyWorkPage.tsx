// A sales manager's day: open tasks (overdue, today, upcoming) and their open deals.
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ListPage } from '../api/types';
import { useMe } from '../app/session';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { formatDateTime, formatMoney, formatTime } from '../lib/format';
import { currentLocale } from '../i18n';
import { PlanProgressBar, type PlanList } from '../components/plans/PlanProgressBar';
import { useProgressStream } from '../components/plans/useProgressStream';
import '../components/plans/plans.css';
import { timezoneOffset } from '../lib/timezone';

/** The browser's UTC offset as +03:00, so "today" is the user's day (kept here for older imports). */
export { timezoneOffset };

export default function MyWorkPage() {
  const { t } = useTranslation();
  const { user } = useMe();
  return (
    <section className="page my-work" aria-labelledby="my-title">
      <header className="page-header">
        <h1 id="my-title">{t('my.title', { name: user.name.split(' ')[0] })}</h1>
      </header>
      <MyPlans userId={user.id} />
      <div className="two-columns">
        <MyTasks userId={user.id} />
        <MyDeals userId={user.id} />
      </div>
    </section>
  );
}

/** Progress bars of my plans this month, moving live as my deals are won (the progress stream). */
function MyPlans({ userId }: { userId: string }) {
  const { t } = useTranslation();
  useProgressStream();
  const plans = useQuery({ queryKey: ['plans', 'my', userId], queryFn: () => api<PlanList>('/plans/my', { query: { tz: timezoneOffset() } }), retry: false });
  // No plans, or a server without plans: the desk shows nothing rather than an empty card.
  if (!plans.data || plans.data.data.length === 0) return null;
  return (
    <section className="card my-plans" aria-labelledby="my-plans">
      <h2 id="my-plans">{t('plans.myPlans')}</h2>
      {plans.data.data.map((plan) => (
        <PlanProgressBar key={plan.id} plan={plan} title={plan.userId ? undefined : `${t(`plans.measures.${plan.measure}`)} · ${plan.teamName ?? ''}`} />
      ))}
    </section>
  );
}

const taskBuckets = ['overdue', 'today', 'upcoming'] as const;
type TaskBucket = (typeof taskBuckets)[number];

/** My open tasks in three groups: overdue, due later today, and upcoming (then those without a due time). */
function MyTasks({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const locale = currentLocale();
  const tasks = useQuery({
    queryKey: ['list', 'tasks', 'my-buckets', userId],
    queryFn: async () => {
      const tz = timezoneOffset();
      const limits: Record<TaskBucket, number> = { overdue: 50, today: 100, upcoming: 10 };
      const pages = await Promise.all(taskBuckets.map((bucket) => api<ListPage>('/tasks/my', { query: { bucket, tz, limit: limits[bucket], count: 'true' } })));
      return Object.fromEntries(taskBuckets.map((bucket, index) => [bucket, pages[index]])) as Record<TaskBucket, ListPage>;
    },
    retry: false,
  });
  async function complete(id: string) {
    try {
      await api(`/tasks/${id}`, { method: 'PATCH', body: { status: 'done' } });
      toast({ message: t('my.taskDone'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['list', 'tasks'] });
      void client.invalidateQueries({ queryKey: ['calendar'] });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  }
  const today = new Date().toDateString();
  const total = tasks.data ? taskBuckets.reduce((sum, bucket) => sum + (tasks.data[bucket].total ?? 0), 0) : undefined;
  return (
    <section className="card" aria-labelledby="my-tasks">
      <h2 id="my-tasks">
        {t('my.tasks')} {total !== undefined && <span className="pill">{total}</span>}
      </h2>
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : total === 0 ? (
        <Empty title={t('my.noTasks')} />
      ) : (
        taskBuckets.map((bucket) => {
          const page = tasks.data[bucket];
          return (
            <section key={bucket} className="task-bucket" aria-labelledby={`my-tasks-${bucket}`}>
              <h3 id={`my-tasks-${bucket}`}>
                {t(`my.buckets.${bucket}`)} <span className="pill">{page.total ?? page.data.length}</span>
              </h3>
              {page.data.length === 0 ? (
                <p className="muted small">{t(`my.bucketEmpty.${bucket}`)}</p>
              ) : (
                <ul className="task-list">
                  {page.data.map((task) => {
                    const due = task.dueAt as string | null;
                    const when = !due ? t('my.noDue') : bucket === 'today' || (bucket === 'overdue' && new Date(due).toDateString() === today) ? formatTime(due, locale) : formatDateTime(due, locale);
                    return (
                      <li key={task.id} className={bucket === 'overdue' ? 'overdue' : undefined}>
                        <input type="checkbox" aria-label={t('my.complete', { title: task.title })} onChange={() => void complete(task.id)} />
                        <Link to={`/tasks/${task.id}`}>{String(task.title)}</Link>
                        <span className={bucket === 'overdue' ? 'badge badge-danger' : 'muted small'}>{when}</span>
                      </li>
                    );
                  })}
                </ul>
              )}
            </section>
          );
        })
      )}
      <p className="inline-form">
        <Link to="/tasks">{t('my.allTasks')}</Link>
        <Link to="/calendar">{t('nav.calendar')}</Link>
      </p>
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
