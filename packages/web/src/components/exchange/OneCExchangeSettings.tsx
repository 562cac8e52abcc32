// Settings → 1C exchange (administrators): the URL to give 1C, uploading import.xml / offers.xml / an
// orders file by hand, downloading orders.xml, and the log of every exchange.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { SettingsTable } from '../settings/SettingsForm';

export interface ExchangeLogEntry {
  id: string;
  createdAt: string;
  userName: string | null;
  type: string;
  mode: string;
  fileName: string | null;
  status: 'ok' | 'failed';
  counts: Record<string, unknown>;
  error: { message?: string } | null;
}

/** "created 3, updated 2, offers 5" from an entry's counts, in the user's language. */
export function countsText(counts: Record<string, unknown>, t: (key: string, options?: Record<string, unknown>) => string): string {
  const keys = ['productsCreated', 'productsUpdated', 'offers', 'orders', 'ordersUpdated', 'payments', 'ordersMarked', 'bytes'];
  return keys
    .filter((key) => typeof counts[key] === 'number' && (counts[key] as number) > 0)
    .map((key) => t(`oneC.counts.${key}`, { count: counts[key] as number }))
    .join(', ');
}

export function OneCExchangeSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const locale = currentLocale();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const log = useQuery({ queryKey: ['1c-exchanges'], queryFn: async () => (await api<{ data: ExchangeLogEntry[] }>('/1c/exchanges', { query: { limit: 50 } })).data });
  const exchangeUrl = `${window.location.origin}/api/v1/1c/exchange`;

  async function uploadFile(file: File) {
    setBusy(true);
    setResult(null);
    try {
      const imported = await api<{ catalogue: Record<string, unknown>; orders: Record<string, unknown> }>('/1c/files', { method: 'POST', body: file, query: { filename: file.name } });
      setResult(countsText({ ...imported.catalogue, ...imported.orders }, t) || t('oneC.nothingChanged'));
      toast({ message: t('oneC.imported', { name: file.name }), tone: 'success' });
    } catch (error) {
      setResult(null);
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['1c-exchanges'] });
    }
  }

  return (
    <div className="settings-section">
      <p className="muted">{t('oneC.intro')}</p>
      <h2>{t('oneC.urlTitle')}</h2>
      <p>
        <code className="secret" data-testid="exchange-url">
          {exchangeUrl}
        </code>
      </p>
      <p className="muted">{t('oneC.urlHint')}</p>
      <h2>{t('oneC.filesTitle')}</h2>
      <div className="inline-form">
        <label htmlFor="cml-upload">{t('oneC.upload')}</label>
        <input id="cml-upload" type="file" accept=".xml,application/xml,text/xml" disabled={busy} onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void uploadFile(file);
          event.target.value = '';
        }} />
        <a className="button" href="/api/v1/1c/orders.xml" download="orders.xml">
          {t('oneC.download')}
        </a>
        <a className="button" href="/api/v1/1c/orders.xml?encoding=windows-1251" download="orders.xml">
          {t('oneC.download1251')}
        </a>
      </div>
      {busy && <p role="status">{t('oneC.importing')}</p>}
      {result && (
        <p role="status" className="notice">
          {result}
        </p>
      )}
      <h2>{t('oneC.logTitle')}</h2>
      {log.isPending ? (
        <Loading />
      ) : log.isError ? (
        <ErrorState error={log.error} />
      ) : log.data.length === 0 ? (
        <p className="muted">{t('oneC.logEmpty')}</p>
      ) : (
        <SettingsTable headers={[t('oneC.when'), t('oneC.who'), t('oneC.what'), t('oneC.file'), t('oneC.result')]}>
          {log.data.map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.createdAt, locale)}</td>
              <td>{entry.userName ?? '—'}</td>
              <td>{`${t(`oneC.types.${entry.type}`, { defaultValue: entry.type })} · ${entry.mode}`}</td>
              <td>{entry.fileName ?? '—'}</td>
              <td className={entry.status === 'failed' ? 'error-text' : undefined}>{entry.status === 'failed' ? `${t('oneC.failed')}: ${entry.error?.message ?? ''}` : countsText(entry.counts, t) || t('oneC.ok')}</td>
            </tr>
          ))}
        </SettingsTable>
      )}
    </div>
  );
}
