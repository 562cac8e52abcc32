// The knowledge base's first screen: search (?q=, Russian and English word forms), the category tree with
// article counts (?category=), writers' status filter (?status=), and the articles found.
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { formatDate, formatNumber } from '../../lib/format';
import { Empty, ErrorState, Loading } from '../States';
import { buildCategoryTree, mayWriteKb, type CategoryNode, type KbArticleSummary, type KbCategory } from './api';

export function useKbCategories() {
  return useQuery({ queryKey: ['kb', 'categories'], queryFn: () => api<{ data: KbCategory[] }>('/kb/categories'), staleTime: 60_000 });
}

export function KbHome() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const locale = currentLocale();
  const writer = mayWriteKb(permissions);
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const status = params.get('status') ?? '';
  const [text, setText] = useState(q);
  const categories = useKbCategories();
  const articles = useQuery({
    queryKey: ['kb', 'articles', { q, category, status }],
    queryFn: () => api<{ data: KbArticleSummary[]; nextCursor: string | null }>('/kb/articles', { query: { q, category, status, limit: 50 } }),
  });
  const tree = buildCategoryTree(categories.data?.data ?? [], locale);
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    setParam('q', text.trim());
  };

  return (
    <section className="page kb-page" aria-labelledby="kb-home-title">
      <header className="page-header">
        <h1 id="kb-home-title">{t('kb.title')}</h1>
        <div className="kb-header-actions">
          <Link className="button" to="/kb/report">
            {t('kb.report.link')}
          </Link>
          {writer && (
            <Link className="button button-primary" to="/kb/new">
              {t('kb.newArticle')}
            </Link>
          )}
        </div>
      </header>
      <form role="search" className="kb-search" onSubmit={search}>
        <input type="search" aria-label={t('kb.search')} placeholder={t('kb.searchPlaceholder')} value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="button button-primary">
          {t('kb.find')}
        </button>
        {writer && (
          <select aria-label={t('kb.statusFilter')} value={status} onChange={(event) => setParam('status', event.target.value)}>
            <option value="">{t('kb.anyStatus')}</option>
            {(['draft', 'published', 'archived'] as const).map((item) => (
              <option key={item} value={item}>
                {t(`kb.status.${item}`)}
              </option>
            ))}
          </select>
        )}
      </form>
      <div className="kb-layout">
        <nav className="kb-categories card" aria-label={t('kb.categories')}>
          <h2>{t('kb.categories')}</h2>
          <ul>
            <li>
              <button type="button" className={`button-link${category ? '' : ' active'}`} aria-current={category ? undefined : 'true'} onClick={() => setParam('category', '')}>
                {t('kb.allArticles')}
              </button>
            </li>
            {tree.map((node) => (
              <CategoryItem key={node.id} node={node} selected={category} onSelect={(id) => setParam('category', id)} />
            ))}
          </ul>
        </nav>
        <div className="kb-results">
          {articles.isPending ? (
            <Loading />
          ) : articles.isError ? (
            <ErrorState error={articles.error} onRetry={() => void articles.refetch()} />
          ) : articles.data.data.length === 0 ? (
            <Empty title={q ? t('kb.nothingFound') : t('kb.empty')} />
          ) : (
            <ul className="kb-list" aria-label={t('kb.articles')}>
              {articles.data.data.map((article) => (
                <li key={article.id} className="kb-item card">
                  <Link to={`/kb/articles/${article.id}`} className="kb-item-title">
                    {article.title}
                  </Link>
                  {article.summary && <p className="muted">{article.summary}</p>}
                  <p className="kb-meta small">
                    <ArticleBadges article={article} />
                    {article.categoryName && <span>{article.categoryName}</span>}
                    <span>{t('kb.viewsCount', { count: article.views ?? 0, formatted: formatNumber(article.views ?? 0, locale) })}</span>
                    <span>{t('kb.resolutionsCount', { count: article.resolvedCount, formatted: formatNumber(article.resolvedCount, locale) })}</span>
                    <span>{t('kb.updated', { date: formatDate(article.updatedAt, locale) })}</span>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

function CategoryItem({ node, selected, onSelect }: { node: CategoryNode; selected: string; onSelect: (id: string) => void }) {
  return (
    <li>
      <button type="button" className={`button-link${selected === node.id ? ' active' : ''}`} aria-current={selected === node.id ? 'true' : undefined} onClick={() => onSelect(node.id)}>
        {node.name} <span className="kb-count">{node.total}</span>
      </button>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <CategoryItem key={child.id} node={child} selected={selected} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function ArticleBadges({ article }: { article: Pick<KbArticleSummary, 'status' | 'visibility' | 'language'> }) {
  const { t } = useTranslation();
  return (
    <>
      {article.status !== 'published' && <span className={`badge kb-status-${article.status}`}>{t(`kb.status.${article.status}`)}</span>}
      <span className={`badge kb-visibility-${article.visibility}`}>{t(`kb.visibility.${article.visibility}`)}</span>
      <span className="badge">{article.language.toUpperCase()}</span>
    </>
  );
}
