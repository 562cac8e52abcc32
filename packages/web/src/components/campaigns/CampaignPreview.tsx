// The saved message as a recipient gets it, rendered by the server (POST /campaigns/:id/preview) for the
// first contact of the audience or one picked, subject A or B; and a test send to an address.
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { RefPicker } from '../RefPicker';
import { useFieldErrorText } from '../States';
import { useToast } from '../Toasts';
import { can, useMe } from '../../app/session';
import type { CampaignRecord } from '../../lib/campaigns';

interface Preview {
  contactId: string | null;
  email: string | null;
  subject: string;
  html: string;
  text: string;
  emptyPlaceholders: string[];
  sendable: boolean | null;
  skipReason: string | null;
}

export function CampaignPreview({ campaign, dirty }: { campaign?: CampaignRecord; dirty: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const { user, permissions } = useMe();
  const [contactId, setContactId] = useState('');
  const [variant, setVariant] = useState<'a' | 'b'>('a');
  const [address, setAddress] = useState(user.email);
  const id = campaign?.id;
  const preview = useQuery({
    queryKey: ['campaigns', id, 'preview', contactId, variant, campaign?.subject, campaign?.subjectB, JSON.stringify(campaign?.blocks), JSON.stringify(campaign?.audience)],
    enabled: Boolean(id),
    queryFn: () => api<Preview>(`/campaigns/${id}/preview`, { method: 'POST', body: { ...(contactId ? { contactId } : {}), variant } }),
    retry: false,
  });
  const test = useMutation({
    mutationFn: () => api<{ sent: boolean; address: string }>(`/campaigns/${id}/test-send`, { method: 'POST', body: { address, ...(contactId ? { contactId } : {}) } }),
    onSuccess: (result) => toast({ message: t('campaigns.test.sent', { address: result.address }), tone: 'success' }),
  });
  if (!campaign) {
    return (
      <div className="card campaign-preview">
        <h2>{t('campaigns.preview.title')}</h2>
        <p className="hint">{t('campaigns.preview.saveFirst')}</p>
      </div>
    );
  }
  const data = preview.data;
  return (
    <>
      <div className="card campaign-preview">
        <h2>{t('campaigns.preview.title')}</h2>
        <p className="hint">{t('campaigns.preview.hint')}</p>
        {dirty && <p className="notice notice-warn">{t('campaigns.start.saveFirst')}</p>}
        <div className="campaign-preview-options">
          <RefPicker id="campaign-preview-contact" label={t('campaigns.preview.as')} object="contacts" value={contactId} onChange={(next) => setContactId(next)} />
          {campaign.subjectB && (
            <div className="field">
              <label htmlFor="campaign-preview-variant">{t('campaigns.preview.variant')}</label>
              <select id="campaign-preview-variant" value={variant} onChange={(event) => setVariant(event.target.value as 'a' | 'b')}>
                <option value="a">{t('campaigns.preview.variants.a')}</option>
                <option value="b">{t('campaigns.preview.variants.b')}</option>
              </select>
            </div>
          )}
        </div>
        {preview.isError && <p className="field-error">{errorText(preview.error)}</p>}
        {data && (
          <>
            <dl className="campaign-preview-meta">
              <dt>{t('campaigns.preview.to')}</dt>
              <dd>{data.email ?? t('campaigns.preview.sample')}</dd>
              <dt>{t('campaigns.preview.subject')}</dt>
              <dd data-testid="preview-subject">{data.subject}</dd>
            </dl>
            {data.emptyPlaceholders.length > 0 && <p className="notice notice-warn">{t('campaigns.preview.empty', { names: data.emptyPlaceholders.map((name) => `{{${name}}}`).join(', '), interpolation: { escapeValue: false } })}</p>}
            {data.sendable === false && data.skipReason && <p className="notice notice-warn">{t('campaigns.preview.notSendable', { reason: t(`campaigns.skipReasons.${data.skipReason}`, { defaultValue: data.skipReason }) })}</p>}
            <iframe className="campaign-preview-frame" title={t('campaigns.preview.frame')} sandbox="" srcDoc={data.html} />
          </>
        )}
      </div>
      {can(permissions, 'campaigns', 'read') && (
        <form
          className="card campaign-test"
          onSubmit={(event) => {
            event.preventDefault();
            test.mutate();
          }}
        >
          <h2>{t('campaigns.test.title')}</h2>
          <div className="field">
            <label htmlFor="campaign-test-address">{t('campaigns.test.address')}</label>
            <input id="campaign-test-address" type="email" value={address} onChange={(event) => setAddress(event.target.value)} />
          </div>
          {test.isError && <p className="field-error">{errorText(test.error)}</p>}
          <button type="submit" className="button" disabled={!address.trim() || test.isPending || dirty}>
            {t('campaigns.test.send')}
          </button>
        </form>
      )}
    </>
  );
}
