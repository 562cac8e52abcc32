// Writing an article: title, summary, category, tags, visibility, language and the rich-text body; saved
// as a draft or published (archived from here too). Saves carry the version the author started from, so
// a save over someone else's newer one is refused (409) and said so plainly, with the author's text kept.
// Attachments and the version history (view an old version, restore it) are beside the form.
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { translateProblem } from '../../lib/problems';
import { Empty, ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { buildCategoryTree, flattenCategoryTree, mayWriteKb, parseTags, type KbArticle, type KbArticleDetail, type KbLanguage, type KbStatus, type KbVisibility } from './api';
import { useKbCategories } from './KbHome';
import { RichTextEditor } from './RichTextEditor';
import { VersionHistory } from './VersionHistory';
import { AttachmentsEditor } from './AttachmentsEditor';

interface Draft {
  title: string;
  summary: string;
  categoryId: string;
  tags: string;
  visibility: KbVisibility;
  language: KbLanguage;
  body: string;
}

const emptyDraft = (language: KbLanguage): Draft => ({ title: '', summary: '', categoryId: '', tags: '', visibility: 'internal', language, body: '' });
const draftOf = (article: KbArticle): Draft => ({ title: article.title, summary: article.summary, categoryId: article.categoryId ?? '', tags: article.tags.join(', '), visibility: article.visibility, language: article.language, body: article.body });

export default function ArticleEditorRoute() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { permissions } = useMe();
  const article = useQuery({ queryKey: ['kb', 'article', id ?? 'new'], queryFn: () => api<KbArticleDetail>(`/kb/articles/${id}`), enabled: Boolean(id) });
  if (!mayWriteKb(permissions)) return <Empty title={t('kb.editor.noRights')} />;
  if (id && article.isPending) return <Loading />;
  if (id && article.isError) return <ErrorState error={article.error} onRetry={() => void article.refetch()} />;
  return <ArticleEditor key={id ?? 'new'} article={id ? article.data! : null} />;
}

function ArticleEditor({ article }: { article: KbArticleDetail | null }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const categories = useKbCategories();
  const [draft, setDraft] = useState<Draft>(article ? draftOf(article) : emptyDraft(locale));
  const [saved, setSaved] = useState<KbArticle | null>(article);
  const [bodyKey, setBodyKey] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<KbStatus | null>(null);
  const set = (name: keyof Draft) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value }));
  const options = flattenCategoryTree(buildCategoryTree(categories.data?.data ?? [], locale));

  async function save(status: KbStatus | null) {
    setErrors({});
    setFormError(null);
    setConflict(null);
    setBusy(true);
    const content = { title: draft.title, summary: draft.summary, body: draft.body, categoryId: draft.categoryId || null, tags: parseTags(draft.tags), visibility: draft.visibility, language: draft.language };
    try {
      let result: KbArticle;
      if (!saved) {
        result = await api<KbArticle>('/kb/articles', { method: 'POST', body: { ...content, status: status ?? 'draft' } });
      } else {
        result = await api<KbArticle>(`/kb/articles/${saved.id}`, { method: 'PATCH', body: { ...content, ...(status ? { status } : {}), expectedVersion: saved.version } });
      }
      setSaved(result);
      void client.invalidateQueries({ queryKey: ['kb'] });
      toast({ message: t('kb.editor.saved', { version: result.version, status: t(`kb.status.${result.status}`) }), tone: 'success' });
      if (!saved) navigate(`/kb/articles/${result.id}/edit`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setConflict(t('kb.editor.conflict'));
      } else {
        if (error instanceof ApiError) setErrors(Object.fromEntries(Object.entries(error.fieldErrors()).map(([name, problem]) => [name, translateProblem(problem, t)])));
        setFormError(message(error));
      }
    } finally {
      setBusy(false);
    }
  }

  /** After a conflict: take the newer version from the server (the author's unsaved text is replaced). */
  async function loadLatest() {
    if (!saved) return;
    try {
      const latest = await api<KbArticleDetail>(`/kb/articles/${saved.id}`);
      setSaved(latest);
      setDraft(draftOf(latest));
      setBodyKey((key) => key + 1);
      setConflict(null);
      client.setQueryData(['kb', 'article', saved.id], latest);
    } catch (error) {
      setFormError(message(error));
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(statusRef.current);
  };
  const field = (name: keyof Draft | 'categoryId', label: string, input: React.ReactNode, hint?: string) => (
    <div className={`form-field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`kb-${name}`}>{label}</label>
      {input}
      {hint && !errors[name] && <span className="muted small">{hint}</span>}
      {errors[name] && <span className="field-error">{errors[name]}</span>}
    </div>
  );
  const status = saved?.status ?? 'draft';

  return (
    <section className="page kb-edit" aria-labelledby="kb-edit-title">
      <p className="breadcrumbs">
        <Link to="/kb">{t('kb.title')}</Link>
        {saved && (
          <>
            {' / '}
            <Link to={`/kb/articles/${saved.id}`}>{saved.title}</Link>
          </>
        )}
      </p>
      <header className="page-header">
        <h1 id="kb-edit-title">{saved ? t('kb.editor.editTitle') : t('kb.editor.newTitle')}</h1>
        {saved && (
          <span className="muted">
            <span className={`badge kb-status-${status}`}>{t(`kb.status.${status}`)}</span> {t('kb.editor.versionNow', { version: saved.version })}
          </span>
        )}
      </header>
      {conflict && (
        <div className="form-error kb-conflict" role="alert">
          <p>{conflict}</p>
          <button type="button" className="button" onClick={() => void loadLatest()}>
            {t('kb.editor.loadLatest')}
          </button>
        </div>
      )}
      <div className="kb-edit-layout">
        <form className="record-form card" onSubmit={submit} noValidate>
          {formError && (
            <p className="form-error" role="alert">
              {formError}
            </p>
          )}
          {field('title', t('kb.editor.titleField'), <input id="kb-title" value={draft.title} onChange={set('title')} required maxLength={300} />)}
          {field('summary', t('kb.editor.summary'), <textarea id="kb-summary" value={draft.summary} onChange={set('summary')} rows={2} maxLength={1000} />)}
          <div className="kb-edit-row">
            {field(
              'categoryId',
              t('kb.editor.category'),
              <select id="kb-categoryId" value={draft.categoryId} onChange={set('categoryId')}>
                <option value="">{t('kb.editor.noCategory')}</option>
                {options.map((node) => (
                  <option key={node.id} value={node.id}>
                    {`${'\u00a0\u00a0'.repeat(node.depth)}${node.name}`}
                  </option>
                ))}
              </select>,
            )}
            {field(
              'visibility',
              t('kb.editor.visibility'),
              <select id="kb-visibility" value={draft.visibility} onChange={set('visibility')}>
                <option value="internal">{t('kb.visibility.internal')}</option>
                <option value="public">{t('kb.visibility.public')}</option>
              </select>,
            )}
            {field(
              'language',
              t('kb.editor.language'),
              <select id="kb-language" value={draft.language} onChange={set('language')}>
                <option value="ru">{t('kb.language.ru')}</option>
                <option value="en">{t('kb.language.en')}</option>
              </select>,
            )}
          </div>
          {field('tags', t('kb.editor.tags'), <input id="kb-tags" value={draft.tags} onChange={set('tags')} />, t('kb.editor.tagsHint'))}
          <div className={`form-field${errors.body ? ' has-error' : ''}`}>
            <span id="kb-body-label">{t('kb.editor.body')}</span>
            <RichTextEditor id="kb-body" labelledBy="kb-body-label" initialHtml={draft.body} resetKey={bodyKey} onChange={(html) => setDraft((current) => ({ ...current, body: html }))} />
            {errors.body && <span className="field-error">{errors.body}</span>}
          </div>
          <div className="form-actions">
            {saved && (
              <Link className="button" to={`/kb/articles/${saved.id}`}>
                {t('kb.editor.toArticle')}
              </Link>
            )}
            <button type="submit" className="button" disabled={busy} onClick={() => (statusRef.current = saved ? null : 'draft')}>
              {saved ? t('kb.editor.save') : t('kb.editor.saveDraft')}
            </button>
            {status !== 'published' && (
              <button type="submit" className="button button-primary" disabled={busy} onClick={() => (statusRef.current = 'published')}>
                {t('kb.editor.savePublish')}
              </button>
            )}
            {saved && status === 'published' && (
              <button type="submit" className="button" disabled={busy} onClick={() => (statusRef.current = 'draft')}>
                {t('kb.editor.toDraft')}
              </button>
            )}
            {saved && status !== 'archived' && (
              <button type="submit" className="button" disabled={busy} onClick={() => (statusRef.current = 'archived')}>
                {t('kb.archive')}
              </button>
            )}
          </div>
        </form>
        {saved ? (
          <aside className="kb-edit-side">
            <AttachmentsEditor articleId={saved.id} initial={article?.attachments ?? []} />
            <VersionHistory
              articleId={saved.id}
              currentVersion={saved.version}
              onRestored={(restored) => {
                setSaved(restored);
                setDraft(draftOf(restored));
                setBodyKey((key) => key + 1);
                setConflict(null);
              }}
            />
          </aside>
        ) : (
          <aside className="kb-edit-side muted">{t('kb.editor.saveFirst')}</aside>
        )}
      </div>
    </section>
  );
}
