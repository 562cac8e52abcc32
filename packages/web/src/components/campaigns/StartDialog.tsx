// Starting a campaign: the audience's count and exclusions as of now, now or at a time, and a checkbox that
// confirms the number of recipients (sent as confirmCount; when the server counts another number meanwhile it
// answers CAMPAIGN_CONFIRMATION_REQUIRED with the new count, which is shown to confirm again).
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { Dialog } from '../Dialog';
import { Loading, useFieldErrorText } from '../States';
import { formatNumber } from '../../lib/format';
import { currentLocale } from '../../i18n';
import type { CampaignRecord } from '../../lib/campaigns';
import { AudienceSummaryView, useAudienceSummary } from './AudiencePicker';

/** "2026-12-08T10:00" in the browser's zone → an ISO instant. */
const localToIso = (value: string) => new Date(value).toISOString();

export function StartDialog({ campaign, onClose, onStarted }: { campaign: CampaignRecord; onClose: () => void; onStarted: (started: CampaignRecord) => void }) {
  const { t } = useTranslation();
  const errorText = useFieldErrorText();
  const locale = currentLocale();
  const summary = useAudienceSummary(campaign.audience);
  const [confirmed, setConfirmed] = useState(false);
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const [changedTo, setChangedTo] = useState<number | null>(null);
  const total = changedTo ?? summary.data?.total ?? 0;
  const start = useMutation({
    mutationFn: () => api<CampaignRecord>(`/campaigns/${campaign.id}/start`, { method: 'POST', body: { confirmCount: total, ...(when === 'later' && at ? { startAt: localToIso(at) } : {}) } }),
    onSuccess: onStarted,
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'CAMPAIGN_CONFIRMATION_REQUIRED' && Array.isArray(error.details)) {
        const count = (error.details as { count?: number }[])[0]?.count;
        if (typeof count === 'number') {
          setChangedTo(count);
          setConfirmed(false);
          void summary.refetch();
        }
      }
    },
  });
  const data = summary.data;
  const changed = start.error instanceof ApiError && start.error.code === 'CAMPAIGN_CONFIRMATION_REQUIRED' && changedTo !== null;
  return (
    <Dialog title={t('campaigns.start.title')} onClose={onClose}>
      {!data ? (
        summary.isError ? <p className="field-error">{errorText(summary.error)}</p> : <Loading />
      ) : (
        <div className="campaign-start">
          <p>{t('campaigns.start.summary', { name: campaign.name, formatted: formatNumber(data.sendable, locale), total: formatNumber(total, locale) })}</p>
          <AudienceSummaryView summary={data} />
          <fieldset className="campaign-start-when">
            <legend>{t('campaigns.start.when')}</legend>
            <label className="inline-field">
              <input type="radio" name="campaign-start-when" checked={when === 'now'} onChange={() => setWhen('now')} />
              {t('campaigns.start.now')}
            </label>
            <label className="inline-field">
              <input type="radio" name="campaign-start-when" checked={when === 'later'} onChange={() => setWhen('later')} />
              {t('campaigns.start.later')}
              <input type="datetime-local" aria-label={t('campaigns.start.later')} value={at} disabled={when !== 'later'} onChange={(event) => setAt(event.target.value)} />
            </label>
          </fieldset>
          {total === 0 ? (
            <p className="field-error">{t('campaigns.start.audienceEmpty')}</p>
          ) : (
            <label className="inline-field campaign-start-confirm">
              <input type="checkbox" checked={confirmed} onChange={(event) => setConfirmed(event.target.checked)} />
              {campaign.audience.kind === 'all' ? `${t('campaigns.start.confirm', { formatted: formatNumber(total, locale) })}. ${t('campaigns.start.confirmAll')}` : t('campaigns.start.confirm', { formatted: formatNumber(total, locale) })}
            </label>
          )}
          {changed && <p className="notice notice-warn">{t('campaigns.start.countChanged', { formatted: formatNumber(total, locale) })}</p>}
          {start.isError && !changed && (
            <p className="field-error" role="alert">
              {errorText(start.error)}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('app.cancel')}
            </button>
            <button type="button" className="button button-primary" disabled={!confirmed || total === 0 || start.isPending || (when === 'later' && !at)} onClick={() => start.mutate()}>
              {when === 'later' ? t('campaigns.start.schedule') : t('campaigns.start.go')}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
