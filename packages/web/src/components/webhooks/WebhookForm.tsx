// Adding or changing a webhook: name, URL, the events as checkboxes, optionally the objects, and (for
// administrators) the owner whose rights the payloads are read with. The server names a wrong field
// (url: a private address, events: none ticked…) and the problem is shown beside it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { webhookEventTypes, webhookObjects } from '@svyaz/shared';
import { api } from '../../api/client';
import { useUsers } from '../../lib/lookups';
import { Field, SelectField, useSubmit } from '../settings/SettingsForm';
import type { Webhook } from './types';

const fieldId = (field: string) => `webhook-${field.replace(/\[\d+\]/g, '')}`;

export function WebhookForm({ webhook, isAdmin, meId, onSaved, onCancel }: { webhook: Webhook | null; isAdmin: boolean; meId: string; onSaved: (saved: Webhook & { secret?: string }) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const { errors, busy, submit } = useSubmit(fieldId);
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<string[]>(webhook?.events ?? ['record.created']);
  const [objects, setObjects] = useState<string[]>(webhook?.objects ?? []);
  const [ownerId, setOwnerId] = useState(webhook?.ownerId ?? meId);
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  async function save() {
    const body = { name: name.trim(), url: url.trim(), events, objects, ...(isAdmin ? { ownerId } : {}) };
    let saved: (Webhook & { secret?: string }) | undefined;
    const ok = await submit(async () => {
      saved = webhook ? await api<Webhook>(`/webhooks/${webhook.id}`, { method: 'PATCH', body }) : await api<Webhook & { secret: string }>('/webhooks', { method: 'POST', body });
    });
    if (ok && saved) onSaved(saved);
  }
  return (
    <form
      className="card record-form webhook-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{webhook ? t('webhooks.edit', { name: webhook.name }) : t('webhooks.add')}</h2>
      <div className="form-grid">
        <Field id="webhook-name" label={t('webhooks.name')} value={name} onChange={setName} error={errors['webhook-name']} required />
        <Field id="webhook-url" label={t('webhooks.url')} type="url" value={url} onChange={setUrl} error={errors['webhook-url']} required />
        {isAdmin && (
          <SelectField
            id="webhook-ownerId"
            label={t('webhooks.owner')}
            value={ownerId}
            onChange={setOwnerId}
            error={errors['webhook-ownerId']}
            options={(users.data ?? []).filter((user) => user.isActive || user.id === ownerId).map((user) => ({ value: user.id, label: user.name }))}
          />
        )}
      </div>
      <p className="muted">{t('webhooks.urlHint')}{isAdmin ? ` · ${t('webhooks.ownerHint')}` : ''}</p>
      <fieldset className="webhook-choices" aria-describedby={errors['webhook-events'] ? 'webhook-events-error' : undefined}>
        <legend>{t('webhooks.events')}</legend>
        <div className="checkbox-grid">
          {webhookEventTypes.map((type) => (
            <label key={type} className="checkbox-field">
              <input type="checkbox" name="events" value={type} checked={events.includes(type)} onChange={(event) => setEvents(toggle(events, type, event.target.checked))} /> {t(`webhooks.eventTypes.${type}`)}
            </label>
          ))}
        </div>
        {errors['webhook-events'] && (
          <span className="field-error" id="webhook-events-error">
            {errors['webhook-events']}
          </span>
        )}
      </fieldset>
      <fieldset className="webhook-choices">
        <legend>
          {t('webhooks.objects')} <span className="muted">({t('webhooks.objectsHint')})</span>
        </legend>
        <div className="checkbox-grid">
          {webhookObjects.map((object) => (
            <label key={object} className="checkbox-field">
              <input type="checkbox" name="objects" value={object} checked={objects.includes(object)} onChange={(event) => setObjects(toggle(objects, object, event.target.checked))} /> {t(`webhooks.objectNames.${object}`)}
            </label>
          ))}
        </div>
        {errors['webhook-objects'] && <span className="field-error">{errors['webhook-objects']}</span>}
      </fieldset>
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {t('app.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('app.saving') : t('app.save')}
        </button>
      </div>
    </form>
  );
}
