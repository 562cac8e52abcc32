// An article's earlier versions, newest first: who saved each and when; one can be opened (its body shown
// read-only) and restored — the server makes its content current as a new version, keeping the replaced one.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { Dialog } from '../Dialog';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import type { KbArticle, KbVersion } from './api';
import { ArticleBody } from './ArticlePage';

export function VersionHistory({ articleId, currentVersion, onRestored }: { articleId: string; currentVersion: number; onRestored: (article: KbArticle) => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [open, setOpen] = useState<number | null>(null);
  const versions = useQuery({ queryKey: ['kb', 'versions', articleId, currentVersion], queryFn: () => api<{ current: number; data: KbVersion[] }>(`/kb/articles/${articleId}/versions`) });
  return (
    <section className="card kb-versions" aria-labelledby="kb-versions-title">
      <h2 id="kb-versions-title">{t('kb.versions.title')}</h2>
      {versions.isPending ? (
        <Loading />
      ) : versions.isError ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : versions.data.data.length === 0 ? (
        <p className="muted small">{t('kb.versions.none')}</p>
      ) : (
        <ol className="kb-version-list" aria-label={t('kb.versions.title')}>
          {versions.data.data.map((version) => (
            <li key={version.id}>
              <button type="button" className="button-link" onClick={() => setOpen(version.version)}>
                {t('kb.versions.item', { version: version.version })}
              </button>
              <span className="muted small">
                {' '}
                {formatDateTime(version.savedAt, locale)} · {version.savedByName ?? '—'} · {t(`kb.status.${version.status}`, { defaultValue: version.status })}
              </span>
            </li>
          ))}
        </ol>
      )}
      {open !== null && (
        <VersionDialog
          articleId={articleId}
          version={open}
          onClose={() => setOpen(null)}
          onRestored={(article) => {
            setOpen(null);
            onRestored(article);
          }}
        />
      )}
    </section>
  );
}

function VersionDialog({ articleId, version, onClose, onRestored }: { articleId: string; version: number; onClose: () => void; onRestored: (article: KbArticle) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const detail = useQuery({ queryKey: ['kb', 'version', articleId, version], queryFn: () => api<KbVersion>(`/kb/articles/${articleId}/versions/${version}`) });
  async function restore() {
    setBusy(true);
    try {
      const restored = await api<KbArticle>(`/kb/articles/${articleId}/versions/${version}/restore`, { method: 'POST' });
      void client.invalidateQueries({ queryKey: ['kb'] });
      toast({ message: t('kb.versions.restored', { version, current: restored.version }), tone: 'success' });
      onRestored(restored);
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog title={t('kb.versions.dialogTitle', { version })} onClose={onClose} wide>
      {detail.isPending ? (
        <Loading />
      ) : detail.isError ? (
        <ErrorState error={detail.error} />
      ) : (
        <div className="kb-version-view">
          <h3>{detail.data.title}</h3>
          {detail.data.summary && <p className="muted">{detail.data.summary}</p>}
          <div className="card">
            <ArticleBody html={detail.data.body ?? ''} />
          </div>
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('app.cancel')}
            </button>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void restore()}>
              {t('kb.versions.restore')}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
