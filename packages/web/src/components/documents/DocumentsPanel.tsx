// A deal's or order's Documents tab: generate an offer, invoice, contract or act as PDF or DOCX in one
// click, and the record's documents (newest first) with download/open and "new version". Generating is
// offered only to users who may change the record; the server decides in the end (403 as a toast).
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { documentFormats, documentKinds, type DocumentFormat, type DocumentKind } from '@svyaz/shared';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { formatDate, formatMoney } from '../../lib/format';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { documentFileUrl, generateDocument, latestVersions, type DocumentView } from './api';
import './documents.css';

export function DocumentsPanel({ recordType, recordId, canGenerate }: { recordType: 'deal' | 'order'; recordId: string; canGenerate: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const client = useQueryClient();
  const locale = currentLocale();
  const [kind, setKind] = useState<DocumentKind>(recordType === 'order' ? 'invoice' : 'offer');
  const [format, setFormat] = useState<DocumentFormat>('pdf');
  const [busy, setBusy] = useState<string | null>(null);
  const queryKey = ['documents', recordType, recordId];
  const documents = useQuery({ queryKey, queryFn: async () => (await api<{ data: DocumentView[] }>('/documents', { query: { recordType, recordId } })).data });

  async function generate(nextKind: DocumentKind, nextFormat: DocumentFormat, key: string) {
    setBusy(key);
    try {
      const document = await generateDocument({ kind: nextKind, format: nextFormat, recordType, recordId, language: locale });
      toast({ message: t('documents.generated', { kind: t(`documents.kinds.${document.kind}`), number: document.number, version: document.version }), tone: 'success' });
      void client.invalidateQueries({ queryKey });
      void client.invalidateQueries({ queryKey: ['timeline'] });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(null);
    }
  }

  const latest = latestVersions(documents.data ?? []);
  return (
    <section className="documents-panel" aria-labelledby="documents-title">
      <h2 id="documents-title" className="sr-only">
        {t('documents.title')}
      </h2>
      {canGenerate ? (
        <form
          className="documents-generate"
          onSubmit={(event) => {
            event.preventDefault();
            void generate(kind, format, 'new');
          }}
        >
          <label>
            <span>{t('documents.kind')}</span>
            <select value={kind} onChange={(event) => setKind(event.target.value as DocumentKind)}>
              {documentKinds.map((item) => (
                <option key={item} value={item}>
                  {t(`documents.kinds.${item}`)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="documents-format">
            <legend>{t('documents.format')}</legend>
            {documentFormats.map((item) => (
              <label key={item}>
                <input type="radio" name="document-format" value={item} checked={format === item} onChange={() => setFormat(item)} />
                {item.toUpperCase()}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button button-primary" disabled={busy !== null}>
            {busy === 'new' ? t('documents.generating') : t('documents.generate')}
          </button>
        </form>
      ) : (
        <p className="muted small">{t('documents.cannotGenerate')}</p>
      )}
      {documents.isPending ? (
        <Loading />
      ) : documents.isError ? (
        <ErrorState error={documents.error} onRetry={() => void documents.refetch()} />
      ) : documents.data.length === 0 ? (
        <p className="muted">{t('documents.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="simple-table documents-table">
            <caption className="sr-only">{t('documents.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('documents.kind')}</th>
                <th scope="col">{t('documents.number')}</th>
                <th scope="col">{t('documents.date')}</th>
                <th scope="col">{t('documents.version')}</th>
                <th scope="col">{t('documents.format')}</th>
                <th scope="col" className="numeric">
                  {t('documents.total')}
                </th>
                <th scope="col">{t('documents.author')}</th>
                <th scope="col">
                  <span className="sr-only">{t('settings.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {documents.data.map((document) => (
                <tr key={document.id} data-testid="document-row">
                  <td>{t(`documents.kinds.${document.kind}`)}</td>
                  <td>{document.number}</td>
                  <td>{formatDate(`${document.documentDate}T12:00:00`, locale)}</td>
                  <td>{document.version}</td>
                  <td>{document.format.toUpperCase()}</td>
                  <td className="numeric">{formatMoney(document.total, locale, document.currency)}</td>
                  <td>{document.createdByName ?? '—'}</td>
                  <td className="documents-actions">
                    <a className="button button-small" href={documentFileUrl(document.id)} download={document.fileName}>
                      {t('documents.download')}
                    </a>
                    {document.format === 'pdf' && (
                      <a className="button button-small" href={documentFileUrl(document.id, true)} target="_blank" rel="noreferrer">
                        {t('documents.open')}
                      </a>
                    )}
                    {canGenerate && latest.has(document.id) && (
                      <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void generate(document.kind, document.format, document.id)}>
                        {busy === document.id ? t('documents.generating') : t('documents.regenerate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
