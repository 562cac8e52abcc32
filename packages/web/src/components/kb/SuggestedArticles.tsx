// The case card's knowledge base panel: articles ranked by the case's subject and description
// (POST /kb/suggest), each with "insert into reply" (the case's email compose, opened with the article's
// text — and its portal link when public — so the answer lands on the case's timeline), "resolved this case"
// (feedback kind resolved with the case's id: the article's resolutions count) and "did not help".
// The marks are stored on the case (GET /kb/cases/:id/feedback), so they show again after a reload, and an
// article marked earlier that is no longer among the suggestions is listed under them with its mark.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import DOMPurify from 'dompurify';
import { api } from '../../api/client';
import type { RecordValues } from '../../api/types';
import { ComposeEmailDialog } from '../email/ComposeEmailDialog';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { articleReplyHtml, caseReplySubject, type KbArticleDetail, type KbSuggestion } from './api';
import './kb.css';

/** The text a case is matched on: its subject and description. */
export function caseSuggestText(record: RecordValues): string {
  return [record.subject, record.description].filter((part) => typeof part === 'string' && part.trim()).join('\n').slice(0, 20_000);
}

type Mark = 'resolved' | 'not_helpful';

interface StoredMark {
  articleId: string;
  title: string;
  kind: Mark;
}

/** One mark per article: "resolved" wins over "did not help" when both were recorded. */
export function marksByArticle(stored: StoredMark[], local: Record<string, Mark>): Record<string, Mark> {
  const result: Record<string, Mark> = {};
  for (const mark of stored) if (result[mark.articleId] !== 'resolved') result[mark.articleId] = mark.kind;
  for (const [articleId, kind] of Object.entries(local)) if (result[articleId] !== 'resolved') result[articleId] = kind;
  return result;
}

function MarkBadge({ kind }: { kind: Mark }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${kind === 'resolved' ? 'kb-mark-resolved' : 'badge-warn'}`} role="status">
      {kind === 'resolved' ? t('kb.suggest.resolvedBadge') : t('kb.suggest.notHelpfulBadge')}
    </span>
  );
}

export function SuggestedArticles({ record }: { record: RecordValues }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const caseId = String(record.id);
  const text = caseSuggestText(record);
  const [localMarks, setLocalMarks] = useState<Record<string, Mark>>({});
  const [compose, setCompose] = useState<{ html: string } | null>(null);
  const [inserting, setInserting] = useState<string | null>(null);
  const suggestions = useQuery({
    queryKey: ['kb', 'suggest', caseId, text],
    queryFn: () => api<{ data: KbSuggestion[] }>('/kb/suggest', { method: 'POST', body: { text, limit: 5 } }),
    enabled: text.trim().length > 0,
    staleTime: 60_000,
  });
  const stored = useQuery({
    queryKey: ['kb', 'case-marks', caseId],
    queryFn: () => api<{ data: StoredMark[] }>(`/kb/cases/${caseId}/feedback`),
    enabled: text.trim().length > 0,
  });
  const marks = marksByArticle(stored.data?.data ?? [], localMarks);
  const suggestedIds = new Set((suggestions.data?.data ?? []).map((suggestion) => suggestion.id));
  const markedElsewhere = Array.from(new Map((stored.data?.data ?? []).filter((mark) => !suggestedIds.has(mark.articleId)).map((mark) => [mark.articleId, mark])).values());

  async function insert(suggestion: KbSuggestion) {
    setInserting(suggestion.id);
    try {
      const [article, portal] = await Promise.all([
        client.fetchQuery({ queryKey: ['kb', 'article', suggestion.id], queryFn: () => api<KbArticleDetail>(`/kb/articles/${suggestion.id}`) }),
        client.fetchQuery({ queryKey: ['kb', 'portal'], queryFn: () => api<{ slug: string | null; enabled: boolean }>('/kb/portal'), staleTime: 5 * 60_000 }),
      ]);
      setCompose({ html: articleReplyHtml(article, portal, window.location.origin, t('kb.suggest.readOnline')) });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setInserting(null);
    }
  }

  async function mark(suggestion: KbSuggestion, kind: Mark) {
    try {
      const result = await api<{ created: boolean; stats: { resolutions: number } }>(`/kb/articles/${suggestion.id}/feedback`, { method: 'POST', body: { kind, caseId } });
      setLocalMarks((current) => ({ ...current, [suggestion.id]: kind }));
      void client.invalidateQueries({ queryKey: ['kb', 'article', suggestion.id] });
      void client.invalidateQueries({ queryKey: ['kb', 'case-marks', caseId] });
      toast({ message: kind === 'resolved' ? (result.created ? t('kb.suggest.markedResolved') : t('kb.suggest.alreadyMarked')) : t('kb.suggest.markedNotHelpful'), tone: 'success' });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  }

  if (!text.trim()) return null;
  return (
    <section className="card kb-suggested" aria-labelledby="kb-suggested-title">
      <h2 id="kb-suggested-title">{t('kb.suggest.title')}</h2>
      {suggestions.isPending ? (
        <Loading />
      ) : suggestions.isError ? (
        <ErrorState error={suggestions.error} onRetry={() => void suggestions.refetch()} />
      ) : suggestions.data.data.length === 0 ? (
        <p className="muted small">
          {t('kb.suggest.none')} <Link to="/kb">{t('kb.suggest.openKb')}</Link>
        </p>
      ) : (
        <ul className="kb-suggestion-list" aria-label={t('kb.suggest.title')}>
          {suggestions.data.data.map((suggestion) => (
            <li key={suggestion.id} className="kb-suggestion" aria-label={suggestion.title}>
              <div>
                <Link to={`/kb/articles/${suggestion.id}`} className="kb-item-title">
                  {suggestion.title}
                </Link>
                <p className="small kb-snippet" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(suggestion.snippet, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] }) }} />
                <p className="muted small">
                  {t(`kb.visibility.${suggestion.visibility}`, { defaultValue: suggestion.visibility })} · {t('kb.resolutionsCount', { count: suggestion.resolvedCount, formatted: String(suggestion.resolvedCount) })}
                </p>
              </div>
              <div className="kb-suggestion-actions">
                <button type="button" className="button button-primary" disabled={inserting === suggestion.id} onClick={() => void insert(suggestion)}>
                  {t('kb.suggest.insert')}
                </button>
                {marks[suggestion.id] ? (
                  <MarkBadge kind={marks[suggestion.id]} />
                ) : (
                  <>
                    <button type="button" className="button" onClick={() => void mark(suggestion, 'resolved')}>
                      {t('kb.suggest.resolved')}
                    </button>
                    <button type="button" className="button" onClick={() => void mark(suggestion, 'not_helpful')}>
                      {t('kb.suggest.notHelpful')}
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {markedElsewhere.length > 0 && (
        <>
          <h3 className="small">{t('kb.suggest.markedTitle')}</h3>
          <ul className="kb-suggestion-list" aria-label={t('kb.suggest.markedTitle')}>
            {markedElsewhere.map((mark) => (
              <li key={mark.articleId} className="kb-suggestion" aria-label={mark.title}>
                <Link to={`/kb/articles/${mark.articleId}`} className="kb-item-title">
                  {mark.title}
                </Link>
                <div className="kb-suggestion-actions">
                  <MarkBadge kind={marks[mark.articleId]} />
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {compose && (
        <ComposeEmailDialog
          object="cases"
          recordId={caseId}
          subject={caseReplySubject(record.number, record.subject)}
          html={compose.html}
          open
          onClose={() => setCompose(null)}
          onSent={() => {
            void client.invalidateQueries({ queryKey: ['timeline', 'cases', caseId] });
            void client.invalidateQueries({ queryKey: ['record', 'cases', caseId] });
          }}
        />
      )}
    </section>
  );
}
