// The agent's desk: my queue, my teams' queues, unassigned, waiting for the customer and breaching soon
// (GET /cases/desk?view=…, keyset-paged), with "New case" (the engine's create dialog for cases), the category
// of each case by the workspace's names, and links to the SLA and complaints reports.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { RecordValues } from '../api/types';
import { can, useMe } from '../app/session';
import { CreateRecordDialog } from '../components/CreateRecordDialog';
import { Empty, ErrorState, Loading } from '../components/States';
import { currentLocale } from '../i18n';
import { formatDateTime } from '../lib/format';
import { useUserNames } from '../lib/lookups';
import { categoryLabel, categoryNames, useCaseCategories } from '../lib/case-categories';
import { objects } from '../objects/definitions';
import { SlaBadge } from '../components/sla/SlaBadge';
import '../components/cases/cases.css';

const views = ['mine', 'team', 'unassigned', 'waiting', 'breaching'] as const;
type View = (typeof views)[number];

interface DeskPage {
  data: RecordValues[];
  nextCursor: string | null;
}

export default function ServiceDeskPage() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const client = useQueryClient();
  const [view, setView] = useState<View>('mine');
  const [creating, setCreating] = useState(false);
  const userNames = useUserNames();
  const locale = currentLocale();
  const categoryList = useCaseCategories().data;
  const categories = useMemo(() => categoryNames(categoryList, locale), [categoryList, locale]);
  const desk = useInfiniteQuery({
    queryKey: ['list', 'cases', 'desk', view],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<DeskPage>('/cases/desk', { query: { view, limit: 25, cursor: pageParam ?? undefined } }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = desk.data?.pages.flatMap((page) => page.data) ?? [];
  return (
    <section className="page service-desk" aria-labelledby="desk-title">
      <header className="page-header">
        <h1 id="desk-title">{t('caseDesk.title')}</h1>
        <Link to="/service-desk/sla" className="button">
          {t('sla.report.link')}
        </Link>
        <Link to="/service-desk/complaints" className="button">
          {t('complaints.link')}
        </Link>
        {can(permissions, 'cases', 'create') && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('objects.cases.new')}
          </button>
        )}
      </header>
      <div className="desk-tabs" role="tablist" aria-label={t('caseDesk.title')}>
        {views.map((item) => (
          <button key={item} type="button" role="tab" className="button" aria-selected={view === item} onClick={() => setView(item)}>
            {t(`caseDesk.views.${item}`)}
          </button>
        ))}
      </div>
      {desk.isPending ? (
        <Loading />
      ) : desk.isError ? (
        <ErrorState error={desk.error} onRetry={() => void desk.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={t(`caseDesk.empty.${view}`)} />
      ) : (
        <ul className="desk-list" aria-label={t(`caseDesk.views.${view}`)}>
          {items.map((item) => (
            <li key={item.id} className="desk-item">
              <span className="desk-meta">{String(item.number)}</span>
              <Link to={`/cases/${item.id}`}>{String(item.subject)}</Link>
              <span className={`case-badge case-status-${String(item.status)}`}>{t(`enums.caseStatus.${String(item.status)}`)}</span>
              <SlaBadge record={item} />
              <span className={`desk-meta case-priority-${String(item.priority)}`}>{t(`enums.casePriority.${String(item.priority)}`)}</span>
              {item.category ? <span className="desk-meta case-category">{categoryLabel(String(item.category), categories)}</span> : null}
              <span className="desk-meta">{item.ownerId ? (userNames.get(String(item.ownerId)) ?? '') : t('caseDesk.nobody')}</span>
              <span className="desk-meta">
                {item.resolutionDueAt ? t('caseDesk.dueBy', { time: formatDateTime(String(item.resolutionDueAt), locale) }) : formatDateTime(String(item.createdAt), locale)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {desk.hasNextPage && (
        <button type="button" className="button" onClick={() => void desk.fetchNextPage()} disabled={desk.isFetchingNextPage}>
          {t('caseDesk.more')}
        </button>
      )}
      {creating && (
        <CreateRecordDialog
          object={objects.cases}
          onClose={() => {
            setCreating(false);
            void client.invalidateQueries({ queryKey: ['list', 'cases'] });
          }}
        />
      )}
    </section>
  );
}
