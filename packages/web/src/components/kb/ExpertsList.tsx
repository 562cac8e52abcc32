// "Who to ask": the people who know a category best — authors of its published articles (2 points each)
// and agents whose cases its articles resolved (1 point each), from GET /kb/experts.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Empty, ErrorState, Loading } from '../States';
import type { KbExpert } from './api';

export function ExpertsList({ categoryId, compact }: { categoryId: string | null; compact?: boolean }) {
  const { t } = useTranslation();
  const experts = useQuery({ queryKey: ['kb', 'experts', categoryId ?? ''], queryFn: () => api<{ data: KbExpert[] }>('/kb/experts', { query: { category: categoryId ?? undefined } }) });
  if (experts.isPending) return <Loading />;
  if (experts.isError) return <ErrorState error={experts.error} onRetry={() => void experts.refetch()} />;
  const rows = compact ? experts.data.data.slice(0, 5) : experts.data.data;
  if (rows.length === 0) return <Empty title={t('kb.experts.none')} />;
  if (compact) {
    return (
      <ul className="kb-experts-compact">
        {rows.map((expert) => (
          <li key={expert.userId}>
            <a href={`mailto:${expert.email}`}>{expert.name}</a>
            <span className="muted small"> · {t('kb.experts.summary', { articles: expert.articlesAuthored, resolutions: expert.resolutions })}</span>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="kb-table-scroll">
      <table className="simple-table">
        <thead>
          <tr>
            <th scope="col">{t('kb.experts.name')}</th>
            <th scope="col">{t('kb.experts.articles')}</th>
            <th scope="col">{t('kb.experts.resolutions')}</th>
            <th scope="col">{t('kb.experts.score')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((expert) => (
            <tr key={expert.userId}>
              <td>
                <a href={`mailto:${expert.email}`}>{expert.name}</a>
              </td>
              <td>{expert.articlesAuthored}</td>
              <td>{expert.resolutions}</td>
              <td>{expert.score}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
