// Who gets the campaign: a saved segment, contacts picked one by one, or every contact I read; beside it the
// live count for my rights and who of it would be left out (no consent, suppressed, no email), from
// POST /campaigns/audience-summary.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { RefPicker } from '../RefPicker';
import { useFieldErrorText } from '../States';
import { formatNumber } from '../../lib/format';
import { currentLocale } from '../../i18n';
import type { AudienceSummary, CampaignAudience } from '../../lib/campaigns';
import type { SegmentSummary } from '../../lib/segments';

type Kind = CampaignAudience['kind'];

export function useAudienceSummary(audience: CampaignAudience | null) {
  const [debounced, setDebounced] = useState(audience);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(audience), 300);
    return () => clearTimeout(timer);
  }, [audience]);
  return useQuery({
    queryKey: ['campaigns', 'audience-summary', JSON.stringify(debounced)],
    enabled: Boolean(debounced),
    queryFn: () => api<AudienceSummary>('/campaigns/audience-summary', { method: 'POST', body: { audience: debounced } }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function AudienceSummaryView({ summary }: { summary: AudienceSummary }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const excluded = summary.noConsent + summary.suppressed + summary.noEmail;
  return (
    <div className="campaign-audience-summary" data-testid="audience-summary">
      <p className="campaign-audience-total">{t('campaigns.audience.total', { formatted: formatNumber(summary.total, locale) })}</p>
      <p className="campaign-audience-sendable">
        <strong>{t('campaigns.audience.sendable', { formatted: formatNumber(summary.sendable, locale) })}</strong>
      </p>
      {excluded > 0 && (
        <div className="campaign-audience-excluded">
          <span>{t('campaigns.audience.excluded')}</span>
          <ul>
            {summary.noConsent > 0 && <li>{t('campaigns.audience.noConsent', { formatted: formatNumber(summary.noConsent, locale) })}</li>}
            {summary.suppressed > 0 && <li>{t('campaigns.audience.suppressed', { formatted: formatNumber(summary.suppressed, locale) })}</li>}
            {summary.noEmail > 0 && <li>{t('campaigns.audience.noEmail', { formatted: formatNumber(summary.noEmail, locale) })}</li>}
          </ul>
        </div>
      )}
    </div>
  );
}

export function AudiencePicker({ audience, onChange, disabled, error }: { audience: CampaignAudience | null; onChange: (audience: CampaignAudience | null) => void; disabled: boolean; error?: string }) {
  const { t } = useTranslation();
  const errorText = useFieldErrorText();
  const segments = useQuery({ queryKey: ['segments'], queryFn: () => api<{ data: SegmentSummary[] }>('/segments') });
  const [names, setNames] = useState<Record<string, string>>({});
  const [pickerKey, setPickerKey] = useState(0);
  const [kind, setKind] = useState<Kind>(audience?.kind ?? 'segment');
  const summary = useAudienceSummary(audience);
  const choose = (next: Kind) => {
    setKind(next);
    if (next === 'all') onChange({ kind: 'all' });
    else if (next === 'segment') onChange(null);
    else onChange(null);
  };
  const contactIds = audience?.kind === 'contacts' ? audience.contactIds : [];
  return (
    <fieldset className="card campaign-audience" disabled={disabled}>
      <legend>{t('campaigns.audience.title')}</legend>
      <div className="campaign-audience-kinds" role="radiogroup" aria-label={t('campaigns.audience.kind')}>
        {(['segment', 'contacts', 'all'] as const).map((option) => (
          <label key={option} className="inline-field">
            <input type="radio" name="campaign-audience-kind" value={option} checked={kind === option} onChange={() => choose(option)} />
            {t(`campaigns.audience.kinds.${option}`)}
          </label>
        ))}
      </div>
      {kind === 'segment' && (
        <div className="field">
          <label htmlFor="campaign-segment">{t('campaigns.audience.segment')}</label>
          <select id="campaign-segment" value={audience?.kind === 'segment' ? audience.segmentId : ''} onChange={(event) => onChange(event.target.value ? { kind: 'segment', segmentId: event.target.value } : null)}>
            <option value="">{t('campaigns.audience.pickSegment')}</option>
            {segments.data?.data.map((segment) => (
              <option key={segment.id} value={segment.id}>
                {segment.name} · {t(`segments.objects.${segment.object}`)}
              </option>
            ))}
          </select>
          {segments.data && segments.data.data.length === 0 && (
            <small className="hint">
              {t('campaigns.audience.noSegments')} <Link to="/segments/new">{t('campaigns.audience.openSegments')}</Link>
            </small>
          )}
        </div>
      )}
      {kind === 'contacts' && (
        <div className="campaign-audience-contacts">
          <RefPicker
            key={pickerKey}
            id="campaign-contact"
            label={t('campaigns.audience.contact')}
            object="contacts"
            value=""
            onChange={(id, name) => {
              if (!id) return;
              setNames((current) => ({ ...current, [id]: name }));
              if (!contactIds.includes(id)) onChange({ kind: 'contacts', contactIds: [...contactIds, id] });
              setPickerKey((key) => key + 1);
            }}
          />
          {contactIds.length === 0 ? (
            <p className="hint">{t('campaigns.audience.noContacts')}</p>
          ) : (
            <ul className="chips">
              {contactIds.slice(0, 100).map((id) => (
                <li key={id} className="chip">
                  {names[id] ?? `${id.slice(0, 8)}…`}
                  <button type="button" className="icon-button" aria-label={`${t('campaigns.audience.removeContact')}: ${names[id] ?? id}`} onClick={() => {
                    const rest = contactIds.filter((item) => item !== id);
                    onChange(rest.length ? { kind: 'contacts', contactIds: rest } : null);
                  }}>
                    ×
                  </button>
                </li>
              ))}
              {contactIds.length > 100 && <li className="hint">+{contactIds.length - 100}</li>}
            </ul>
          )}
        </div>
      )}
      {kind === 'all' && <p className="notice notice-warn">{t('campaigns.audience.allWarning')}</p>}
      {error && <p className="field-error">{error}</p>}
      {audience && summary.isError && <p className="field-error">{errorText(summary.error)}</p>}
      {audience && summary.data && <AudienceSummaryView summary={summary.data} />}
      <p className="hint">{t('campaigns.audience.consentNote')}</p>
    </fieldset>
  );
}
