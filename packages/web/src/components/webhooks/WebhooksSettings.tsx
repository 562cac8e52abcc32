// Settings → Webhooks: the webhooks I manage (every one of the workspace for administrators), adding one with
// event checkboxes, the signing secret shown once after creating or rotating it, switching on and off, a
// test ping whose answer is shown at once, and each webhook's delivery log with redelivery.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMe } from '../../app/session';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { SettingsTable } from '../settings/SettingsForm';
import { WebhookForm } from './WebhookForm';
import { WebhookDeliveries } from './WebhookDeliveries';
import type { Webhook, WebhookDelivery } from './types';
import './webhooks.css';
import { SecretShownOnce } from '../settings/SecretShownOnce';

export function WebhooksSettings() {
  const { t } = useTranslation();
  const me = useMe();
  const isAdmin = me.permissions.settings?.update === 'all';
  const client = useQueryClient();
  const webhooks = useQuery({ queryKey: ['webhooks'], queryFn: async () => (await api<{ data: Webhook[] }>('/webhooks')).data });
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  if (webhooks.isPending) return <Loading />;
  if (webhooks.isError) return <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />;
  const refresh = () => client.invalidateQueries({ queryKey: ['webhooks'] });
  const shownLog = webhooks.data.find((webhook) => webhook.id === logOf);
  return (
    <div className="settings-section webhooks-settings">
      <h2>{t('webhooks.title')}</h2>
      <p className="muted">{t('webhooks.intro')}</p>
      {secret && <SecretShownOnce className="webhook-secret" testId="webhook-secret" title={`${t('webhooks.secretTitle')}: ${secret.name}`} message={t('webhooks.secretOnce')} secret={secret.secret} doneLabel={t('webhooks.done')} onDone={() => setSecret(null)} />}
      {webhooks.data.length === 0 ? (
        <p className="muted">{t('webhooks.none')}</p>
      ) : (
        <SettingsTable caption={t('webhooks.title')} headers={[t('webhooks.name'), t('webhooks.url'), t('webhooks.events'), t('webhooks.owner'), t('webhooks.status'), '']}>
          {webhooks.data.map((webhook) => (
            <WebhookRow
              key={webhook.id}
              webhook={webhook}
              logShown={logOf === webhook.id}
              onToggleLog={() => setLogOf(logOf === webhook.id ? null : webhook.id)}
              onEdit={() => setEditing(webhook)}
              onSecret={(value) => setSecret({ name: webhook.name, secret: value })}
              onChanged={() => void refresh()}
            />
          ))}
        </SettingsTable>
      )}
      {editing ? (
        <WebhookForm
          key={editing === 'new' ? 'new' : editing.id}
          webhook={editing === 'new' ? null : editing}
          isAdmin={isAdmin}
          meId={me.user.id}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            if (saved.secret) setSecret({ name: saved.name, secret: saved.secret });
            setEditing(null);
            void refresh();
          }}
        />
      ) : (
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            {t('webhooks.add')}
          </button>
        </div>
      )}
      {shownLog && <WebhookDeliveries webhook={shownLog} />}
    </div>
  );
}

function WebhookRow({ webhook, logShown, onToggleLog, onEdit, onSecret, onChanged }: { webhook: Webhook; logShown: boolean; onToggleLog: () => void; onEdit: () => void; onSecret: (secret: string) => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
      onChanged();
      await client.invalidateQueries({ queryKey: ['webhook-deliveries', webhook.id] });
    }
  }
  const ping = () =>
    run(async () => {
      const delivery = await api<WebhookDelivery>(`/webhooks/${webhook.id}/test`, { method: 'POST' });
      if (delivery.status === 'succeeded') toast({ message: t('webhooks.pingOk', { status: delivery.responseStatus }), tone: 'success' });
      else toast({ message: t('webhooks.pingFailed', { error: delivery.error ?? delivery.responseStatus }), tone: 'error' });
    });
  const setActive = (isActive: boolean) =>
    run(async () => {
      await api(`/webhooks/${webhook.id}`, { method: 'PATCH', body: { isActive } });
    });
  const rotate = () => {
    if (!window.confirm(t('webhooks.confirmRotate', { name: webhook.name }))) return;
    void run(async () => onSecret((await api<{ secret: string }>(`/webhooks/${webhook.id}/rotate-secret`, { method: 'POST' })).secret));
  };
  const remove = () => {
    if (!window.confirm(t('webhooks.confirmDelete', { name: webhook.name }))) return;
    void run(async () => {
      await api(`/webhooks/${webhook.id}`, { method: 'DELETE' });
      toast({ message: t('webhooks.deleted'), tone: 'success' });
    });
  };
  return (
    <tr data-webhook-id={webhook.id}>
      <td>
        {webhook.name}
        <div className="muted">{t('webhooks.secretHint', { hint: webhook.secretHint })}</div>
      </td>
      <td className="webhook-url">{webhook.url}</td>
      <td>
        {webhook.events.map((type) => t(`webhooks.eventTypes.${type}`)).join(', ')}
        {webhook.objects.length > 0 && <div className="muted">{webhook.objects.map((object) => t(`webhooks.objectNames.${object}`)).join(', ')}</div>}
      </td>
      <td>{webhook.ownerName ?? '—'}</td>
      <td>
        <span className={`badge ${webhook.isActive ? 'badge-ok' : 'badge-danger'}`}>{webhook.isActive ? t('webhooks.active') : t('webhooks.disabled')}</span>
        {webhook.disabledReason && <div className="field-error">{t('webhooks.disabledReason', { reason: webhook.disabledReason })}</div>}
        {webhook.isActive && webhook.consecutiveFailures > 0 && <div className="muted">{t('webhooks.failures', { count: webhook.consecutiveFailures })}</div>}
      </td>
      <td className="row-actions">
        <button type="button" className="button" onClick={onToggleLog} aria-pressed={logShown} aria-label={t('webhooks.actions.logLabel', { name: webhook.name })}>
          {logShown ? t('webhooks.actions.hideLog') : t('webhooks.actions.log')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void ping()} aria-label={t('webhooks.actions.testLabel', { name: webhook.name })}>
          {t('webhooks.actions.test')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onEdit} aria-label={t('webhooks.actions.editLabel', { name: webhook.name })}>
          {t('webhooks.actions.edit')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void setActive(!webhook.isActive)}>
          {webhook.isActive ? t('webhooks.actions.disable') : t('webhooks.actions.enable')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={rotate}>
          {t('webhooks.actions.rotate')}
        </button>
        <button type="button" className="button button-danger" disabled={busy} onClick={remove} aria-label={t('webhooks.actions.deleteLabel', { name: webhook.name })}>
          {t('webhooks.actions.delete')}
        </button>
      </td>
    </tr>
  );
}
