// An article's files in the editor: upload (multipart, up to 10 MB, the server refuses an empty or larger
// file with a message), download and remove.
import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import type { KbAttachment } from './api';
import { formatSize } from './ArticlePage';

export function AttachmentsEditor({ articleId, initial }: { articleId: string; initial: KbAttachment[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file);
      const stored = await api<{ id: string; name: string; contentType: string; size: number }>(`/kb/articles/${articleId}/attachments`, { method: 'POST', body: form });
      setFiles((list) => [...list, { ...stored, createdAt: new Date().toISOString() }]);
      void client.invalidateQueries({ queryKey: ['kb', 'article', articleId] });
      toast({ message: t('kb.attachmentAdded', { name: stored.name }), tone: 'success' });
    } catch (problem) {
      setError(message(problem));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  async function remove(file: KbAttachment) {
    try {
      await api(`/kb/articles/${articleId}/attachments/${file.id}`, { method: 'DELETE' });
      setFiles((list) => list.filter((item) => item.id !== file.id));
      void client.invalidateQueries({ queryKey: ['kb', 'article', articleId] });
    } catch (problem) {
      setError(message(problem));
    }
  }

  return (
    <section className="card kb-attachments" aria-labelledby="kb-files-title">
      <h2 id="kb-files-title">{t('kb.attachments')}</h2>
      {files.length === 0 ? (
        <p className="muted small">{t('kb.noAttachments')}</p>
      ) : (
        <ul>
          {files.map((file) => (
            <li key={file.id}>
              <a href={`/api/v1/kb/articles/${articleId}/attachments/${file.id}`} download={file.name}>
                {file.name}
              </a>{' '}
              <span className="muted small">{formatSize(file.size, locale)}</span>{' '}
              <button type="button" className="button button-link" aria-label={t('kb.removeAttachment', { name: file.name })} onClick={() => void remove(file)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <label className="button">
        {busy ? t('kb.uploading') : t('kb.attachFile')}
        <input ref={input} type="file" className="sr-only" disabled={busy} onChange={(event) => event.target.files?.[0] && void upload(event.target.files[0])} />
      </label>
    </section>
  );
}
