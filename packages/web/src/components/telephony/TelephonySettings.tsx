// Settings → Telephony (administrators): the telephone exchanges that post call events, their secret
// (shown once, on connect and on "new secret"), the originate URL for click-to-call and which user answers
// which extension. The server names a bad field (extensions[1].userId…); it is shown beside that field.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUsers } from '../../lib/lookups';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { Field, SelectField, SettingsTable, useSubmit } from '../settings/SettingsForm';
import './telephony.css';
import { SecretShownOnce } from '../settings/SecretShownOnce';

const providers = ['generic', 'asterisk', 'freepbx', 'mango', 'zadarma', 'uis', 'other'] as const;
/** Brand names are the same in every language; the others are translated. */
const brands: Record<string, string> = { asterisk: 'Asterisk', freepbx: 'FreePBX', zadarma: 'Zadarma', uis: 'UIS' };

export interface Integration {
  id: string;
  name: string;
  provider: string;
  secretHint: string;
  originateUrl: string | null;
  isActive: boolean;
  eventsUrl: string;
  extensions: { extension: string; userId: string; userName: string | null }[];
}

/** extensions[2].userId → tel-ext-2-userId; name → tel-name (the ids of the inputs). */
const fieldId = (field: string) => {
  const row = /^extensions\[(\d+)\]\.(\w+)$/.exec(field);
  return row ? `tel-ext-${row[1]}-${row[2]}` : `tel-${field.replace(/\./g, '-')}`;
};

export function TelephonySettings() {
  const { t } = useTranslation();
  const integrations = useQuery({ queryKey: ['telephony', 'integrations'], queryFn: async () => (await api<{ data: Integration[] }>('/telephony/integrations')).data });
  const [editing, setEditing] = useState<Integration | 'new' | null>(null);
  const [secret, setSecret] = useState<{ name: string; id: string; value: string } | null>(null);
  if (integrations.isPending) return <Loading />;
  if (integrations.isError) return <ErrorState error={integrations.error} onRetry={() => void integrations.refetch()} />;
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <div className="settings-section">
      <h2>{t('telephony.settings.title')}</h2>
      <p className="muted">{t('telephony.settings.intro')}</p>
      {secret && <SecretShownOnce className="telephony-secret" testId="telephony-secret" message={t('telephony.settings.secretOnce', { name: secret.name })} secret={secret.value} doneLabel={t('telephony.settings.hideSecret')} onDone={() => setSecret(null)} />}
      {integrations.data.length === 0 ? (
        <p className="muted">{t('telephony.settings.none')}</p>
      ) : (
        <SettingsTable headers={[t('telephony.settings.name'), t('telephony.settings.extensions'), t('telephony.settings.secretHint'), '']} caption={t('telephony.settings.title')}>
          {integrations.data.map((integration) => (
            <IntegrationRow key={integration.id} integration={integration} onEdit={() => setEditing(integration)} onSecret={(value) => setSecret({ name: integration.name, id: integration.id, value })} />
          ))}
        </SettingsTable>
      )}
      {integrations.data.length > 0 && (
        <p className="muted telephony-howto">{t('telephony.settings.howTo', { url: `${origin}${integrations.data[0].eventsUrl}`, id: integrations.data[0].id })}</p>
      )}
      {editing ? (
        <IntegrationForm
          key={editing === 'new' ? 'new' : editing.id}
          integration={editing === 'new' ? null : editing}
          onDone={(created) => {
            setEditing(null);
            if (created) setSecret(created);
          }}
        />
      ) : (
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            {t('telephony.settings.add')}
          </button>
        </div>
      )}
    </div>
  );
}

function IntegrationRow({ integration, onEdit, onSecret }: { integration: Integration; onEdit: () => void; onSecret: (secret: string) => void }) {
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
      await client.invalidateQueries({ queryKey: ['telephony'] });
    }
  }
  const rotate = () => {
    if (!window.confirm(t('telephony.settings.confirmRotate', { name: integration.name }))) return;
    void run(async () => onSecret((await api<{ secret: string }>(`/telephony/integrations/${integration.id}/rotate-secret`, { method: 'POST' })).secret));
  };
  const remove = () => {
    if (!window.confirm(t('telephony.settings.confirmDelete', { name: integration.name }))) return;
    void run(async () => {
      await api(`/telephony/integrations/${integration.id}`, { method: 'DELETE' });
      toast({ message: t('telephony.settings.deleted'), tone: 'success' });
    });
  };
  return (
    <tr>
      <td>
        {integration.name} <span className="badge">{brands[integration.provider] ?? t(`telephony.settings.providers.${integration.provider}`, { defaultValue: integration.provider })}</span>{' '}
        {!integration.isActive && <span className="badge">{t('telephony.settings.inactive')}</span>}
      </td>
      <td>{integration.extensions.map((item) => `${item.extension} — ${item.userName ?? '?'}`).join(', ') || '—'}</td>
      <td>
        <code>{integration.secretHint}</code>
      </td>
      <td className="row-actions">
        <button type="button" className="button" disabled={busy} onClick={rotate}>
          {t('telephony.settings.rotate')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onEdit} aria-label={t('telephony.settings.editAction', { name: integration.name })}>
          {t('telephony.settings.editButton')}
        </button>
        <button type="button" className="button button-danger" disabled={busy} onClick={remove} aria-label={t('telephony.settings.deleteAction', { name: integration.name })}>
          {t('telephony.settings.deleteButton')}
        </button>
      </td>
    </tr>
  );
}

function IntegrationForm({ integration, onDone }: { integration: Integration | null; onDone: (created?: { name: string; id: string; value: string }) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const { errors, busy, submit } = useSubmit(fieldId);
  const [name, setName] = useState(integration?.name ?? '');
  const [provider, setProvider] = useState(integration?.provider ?? 'generic');
  const [originateUrl, setOriginateUrl] = useState(integration?.originateUrl ?? '');
  const [isActive, setIsActive] = useState(integration?.isActive ?? true);
  const [extensions, setExtensions] = useState(integration?.extensions.map((item) => ({ extension: item.extension, userId: item.userId })) ?? [{ extension: '', userId: '' }]);
  async function save() {
    const body = {
      name: name.trim(),
      provider,
      originateUrl: originateUrl.trim() || null,
      isActive,
      extensions: extensions.filter((item) => item.extension.trim() || item.userId).map((item) => ({ extension: item.extension.trim(), userId: item.userId })),
    };
    let created: { id: string; secret: string } | undefined;
    const ok = await submit(async () => {
      if (integration) await api(`/telephony/integrations/${integration.id}`, { method: 'PATCH', body });
      else created = await api<{ id: string; secret: string }>('/telephony/integrations', { method: 'POST', body });
    });
    if (!ok) return;
    toast({ message: t('telephony.settings.saved'), tone: 'success' });
    await client.invalidateQueries({ queryKey: ['telephony'] });
    onDone(created ? { name: body.name, id: created.id, value: created.secret } : undefined);
  }
  const userOptions = [{ value: '', label: '—' }, ...(users.data ?? []).filter((user) => user.isActive).map((user) => ({ value: user.id, label: user.name }))];
  const setRow = (index: number, change: Partial<{ extension: string; userId: string }>) => setExtensions(extensions.map((item, at) => (at === index ? { ...item, ...change } : item)));
  return (
    <form
      className="card record-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{integration ? t('telephony.settings.edit', { name: integration.name }) : t('telephony.settings.add')}</h2>
      <div className="form-grid">
        <Field id="tel-name" label={t('telephony.settings.name')} value={name} onChange={setName} error={errors['tel-name']} required />
        <SelectField id="tel-provider" label={t('telephony.settings.provider')} value={provider} onChange={setProvider} error={errors['tel-provider']} options={providers.map((value) => ({ value, label: brands[value] ?? t(`telephony.settings.providers.${value}`) }))} />
        <Field id="tel-originateUrl" label={t('telephony.settings.originateUrl')} type="url" value={originateUrl} onChange={setOriginateUrl} error={errors['tel-originateUrl']} />
        <label className="checkbox-field">
          <input type="checkbox" checked={isActive} onChange={(event) => setIsActive(event.target.checked)} /> {t('telephony.settings.active')}
        </label>
      </div>
      <p className="muted">{t('telephony.settings.originateHint')}</p>
      <fieldset className="mail-server">
        <legend>{t('telephony.settings.extensions')}</legend>
        {extensions.map((item, index) => (
          <div className="form-grid" key={index}>
            <Field id={`tel-ext-${index}-extension`} label={t('telephony.settings.extension')} value={item.extension} onChange={(extension) => setRow(index, { extension })} error={errors[`tel-ext-${index}-extension`]} />
            <SelectField id={`tel-ext-${index}-userId`} label={t('telephony.settings.user')} value={item.userId} onChange={(userId) => setRow(index, { userId })} error={errors[`tel-ext-${index}-userId`]} options={userOptions} />
            <div className="form-actions">
              <button type="button" className="button" aria-label={t('telephony.settings.removeExtension', { extension: item.extension })} onClick={() => setExtensions(extensions.filter((_, at) => at !== index))}>
                ×
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="button" onClick={() => setExtensions([...extensions, { extension: '', userId: '' }])}>
          {t('telephony.settings.addExtension')}
        </button>
      </fieldset>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => onDone()} disabled={busy}>
          {t('app.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('app.saving') : t('app.save')}
        </button>
      </div>
    </form>
  );
}
