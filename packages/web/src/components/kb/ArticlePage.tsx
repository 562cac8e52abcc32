// One article as a reader sees it: the sanitised body, attachments, views, resolutions and rating, and
// "who to ask" for its category. Opening it counts a view (published articles only, on the server).
// Writers also get edit, publish / unpublish and archive.
import { useEffect, useRef } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import DOMPurify from 'dompurify';
import { api } from '../../api/client';
import { useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { formatDateTime, formatNumber } from '../../lib/format';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { mayWriteKb, ratingPercent, type KbArticle, type KbArticleDetail } from './api';
import { ArticleBadges } from './KbHome';
import { ExpertsList } from './ExpertsList';
import { ARTICLE_ATTRIBUTES, ARTICLE_TAGS } from './RichTextEditor';

export function formatSize(bytes: number, locale: 'ru' | 'en'): string {
  if (bytes < 1024) return `${bytes} ${locale === 'ru' ? 'Б' : 'B'}`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, locale, 0)} ${locale === 'ru' ? 'КБ' : 'KB'}`;
  return `${formatNumber(bytes / 1024 / 1024, locale, 1)} ${locale === 'ru' ? 'МБ' : 'MB'}`;
}

/** The article body for display: sanitised again in the browser (defence in depth). */
export function ArticleBody({ html }: { html: string }) {
  return <div className="kb-body" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html, { ALLOWED_TAGS: ARTICLE_TAGS, ALLOWED_ATTR: ARTICLE_ATTRIBUTES }) }} />;
}

export function ArticlePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { permissions } = useMe();
  const locale = currentLocale();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const writer = mayWriteKb(permissions);
  const queryKey = ['kb', 'article', id];
  const article = useQuery({ queryKey, queryFn: () => api<KbArticleDetail>(`/kb/articles/${id}`) });
  const counted = useRef<string | null>(null);
  const status = article.data?.status;
  useEffect(() => {
    if (status !== 'published' || counted.current === id) return;
    counted.current = id;
    void api(`/kb/articles/${id}/views`, { method: 'POST' })
      .then(() => client.invalidateQueries({ queryKey }))
      .catch(() => undefined);
    // One view per opening of the page.
  }, [id, status]);
  const setStatus = useMutation({
    mutationFn: (action: 'publish' | 'unpublish' | 'archive') => api<KbArticle>(`/kb/articles/${id}/${action}`, { method: 'POST' }),
    onSuccess: (updated) => {
      void client.invalidateQueries({ queryKey: ['kb'] });
      toast({ message: t('kb.statusChanged', { status: t(`kb.status.${updated.status}`) }), tone: 'success' });
    },
    onError: (error) => toast({ message: message(error), tone: 'error' }),
  });

  if (article.isPending) return <Loading />;
  if (article.isError) return <ErrorState error={article.error} onRetry={() => void article.refetch()} />;
  const data = article.data;
  const rating = ratingPercent(data.stats);
  return (
    <article className="page kb-article" aria-labelledby="kb-article-title">
      <p className="breadcrumbs">
        <Link to="/kb">{t('kb.title')}</Link>
        {data.categoryName && data.categoryId && (
          <>
            {' / '}
            <Link to={`/kb?category=${data.categoryId}`}>{data.categoryName}</Link>
          </>
        )}
      </p>
      <header className="record-header">
        <div>
          <h1 id="kb-article-title">{data.title}</h1>
          {data.summary && <p className="muted">{data.summary}</p>}
          <p className="kb-meta small">
            <ArticleBadges article={data} />
            {data.tags.map((tag) => (
              <Link key={tag} className="chip kb-tag" to={`/kb?q=${encodeURIComponent(tag)}`}>
                {tag}
              </Link>
            ))}
          </p>
          <p className="muted small">
            {t('kb.byline', { author: data.authorName ?? '—', date: formatDateTime(data.updatedAt, locale), version: data.version })}
          </p>
        </div>
        {writer && (
          <div className="record-side kb-writer-actions" role="group" aria-label={t('kb.writerActions')}>
            <Link className="button button-primary" to={`/kb/articles/${id}/edit`}>
              {t('kb.edit')}
            </Link>
            {data.status !== 'published' && (
              <button type="button" className="button" disabled={setStatus.isPending} onClick={() => setStatus.mutate('publish')}>
                {t('kb.publish')}
              </button>
            )}
            {data.status === 'published' && (
              <button type="button" className="button" disabled={setStatus.isPending} onClick={() => setStatus.mutate('unpublish')}>
                {t('kb.unpublish')}
              </button>
            )}
            {data.status !== 'archived' && (
              <button type="button" className="button" disabled={setStatus.isPending} onClick={() => setStatus.mutate('archive')}>
                {t('kb.archive')}
              </button>
            )}
          </div>
        )}
      </header>
      <dl className="facts kb-stats" aria-label={t('kb.stats.label')}>
        <div>
          <dt>{t('kb.stats.views')}</dt>
          <dd data-stat="views">{formatNumber(data.stats.views, locale)}</dd>
        </div>
        <div>
          <dt>{t('kb.stats.resolutions')}</dt>
          <dd data-stat="resolutions">{formatNumber(data.stats.resolutions, locale)}</dd>
        </div>
        <div>
          <dt>{t('kb.stats.notHelpful')}</dt>
          <dd data-stat="notHelpful">{formatNumber(data.stats.notHelpful, locale)}</dd>
        </div>
        <div>
          <dt>{t('kb.stats.rating')}</dt>
          <dd data-stat="rating">{rating === null ? t('kb.stats.noVotes') : t('kb.stats.ratingValue', { percent: rating, helpful: data.stats.helpfulVotes, total: data.stats.helpfulVotes + data.stats.unhelpfulVotes })}</dd>
        </div>
      </dl>
      <div className="kb-article-layout">
        <div className="card">
          <ArticleBody html={data.body} />
          {data.attachments.length > 0 && (
            <section className="kb-attachments" aria-labelledby="kb-attachments-title">
              <h2 id="kb-attachments-title">{t('kb.attachments')}</h2>
              <ul>
                {data.attachments.map((file) => (
                  <li key={file.id}>
                    <a href={`/api/v1/kb/articles/${id}/attachments/${file.id}`} download={file.name}>
                      {file.name}
                    </a>{' '}
                    <span className="muted small">{formatSize(file.size, locale)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <aside className="card kb-experts-aside" aria-labelledby="kb-experts-title">
          <h2 id="kb-experts-title">{t('kb.experts.whoToAsk')}</h2>
          <ExpertsList categoryId={data.categoryId} compact />
        </aside>
      </div>
    </article>
  );
}
