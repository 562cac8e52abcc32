// Settings → Mail: the mailboxes a user sends from and reads replies from (personal ones for everyone,
// shared ones such as sales@ for administrators). The server checks SMTP and IMAP live on save and
// names the failing field (smtp.host, imap.password…); those problems are shown beside the field.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { can, useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useUsers } from '../../lib/lookups';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { EmailTemplatesSettings } from './EmailTemplatesSettings';
import { Field, SelectField, SettingsTable, useSubmit } from './SettingsForm';
import { useTeams } from './UsersSettings';

type Security = 'tls' | 'starttls' | 'none';
interface ServerView {
  host: string;
  port: number;
  security: Security;
  login: string;
  passwordSet: boolean;
  folders?: string[];
}
export interface Mailbox {
  id: string;
  name: string;
  emailAddress: string;
  displayName: string | null;
  shared: boolean;
  smtp: ServerView;
  imap: ServerView | null;
  unknownSendersToLeads: boolean;
  leadOwnerId: string | null;
  sharedUserIds: string[];
  sharedTeamIds: string[];
  lastSyncAt: string | null;
  lastSyncError: string | null;
  canManage: boolean;
}

export function useMailboxes() {
  return useQuery({ queryKey: ['mailboxes'], queryFn: async () => (await api<{ data: Mailbox[] }>('/mailboxes')).data });
}

export function MailSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const mailboxes = useMailboxes();
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  if (mailboxes.isPending) return <Loading />;
  if (mailboxes.isError) return <ErrorState error={mailboxes.error} onRetry={() => void mailboxes.refetch()} />;
  const isAdmin = can(permissions, 'settings', 'update');
  return (
    <div className="settings-section">
      <h2>{t('mailboxes.title')}</h2>
      <p className="muted">{t('mailboxes.intro')}</p>
      {mailboxes.data.length === 0 ? (
        <p className="muted">{t('mailboxes.none')}</p>
      ) : (
        <SettingsTable headers={[t('mailboxes.name'), t('mailboxes.emailAddress'), t('mailboxes.imap'), '']} caption={t('mailboxes.title')}>
          {mailboxes.data.map((mailbox) => (
            <MailboxRow key={mailbox.id} mailbox={mailbox} onEdit={() => setEditing(mailbox)} />
          ))}
        </SettingsTable>
      )}
      {editing ? (
        <MailboxForm key={editing === 'new' ? 'new' : editing.id} mailbox={editing === 'new' ? null : editing} isAdmin={isAdmin} onDone={() => setEditing(null)} />
      ) : (
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            {t('mailboxes.add')}
          </button>
        </div>
      )}
      {isAdmin && <EmailTemplatesSettings />}
    </div>
  );
}

function MailboxRow({ mailbox, onEdit }: { mailbox: Mailbox; onEdit: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const locale = currentLocale();
  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['mailboxes'] });
    }
  }
  const sync = () =>
    run(async () => {
      const result = await api<{ folders: { stored: number }[] }>(`/mailboxes/${mailbox.id}/sync`, { method: 'POST' });
      const count = result.folders.reduce((sum, folder) => sum + folder.stored, 0);
      toast({ message: t('mailboxes.synced', { count }), tone: 'success' });
    });
  const remove = () => {
    if (!window.confirm(t('mailboxes.confirmDelete', { name: mailbox.name }))) return;
    void run(async () => {
      await api(`/mailboxes/${mailbox.id}`, { method: 'DELETE' });
      toast({ message: t('mailboxes.deleted'), tone: 'success' });
    });
  };
  return (
    <tr>
      <td>
        {mailbox.name} <span className="badge">{mailbox.shared ? t('mailboxes.sharedBadge') : t('mailboxes.personal')}</span>
      </td>
      <td>{mailbox.emailAddress}</td>
      <td>
        {!mailbox.imap ? (
          '—'
        ) : mailbox.lastSyncError ? (
          <span className="field-error">{t('mailboxes.syncError', { error: mailbox.lastSyncError })}</span>
        ) : mailbox.lastSyncAt ? (
          t('mailboxes.lastSync', { when: formatDateTime(mailbox.lastSyncAt, locale) })
        ) : (
          <span className="muted">{t('mailboxes.neverSynced')}</span>
        )}
      </td>
      <td className="row-actions">
        {mailbox.imap && (
          <button type="button" className="button" disabled={busy} onClick={() => void sync()}>
            {t('mailboxes.sync')}
          </button>
        )}
        {mailbox.canManage && (
          <>
            <button type="button" className="button" disabled={busy} onClick={onEdit} aria-label={t('mailboxes.editAction', { name: mailbox.name })}>
              {t('mailboxes.editButton')}
            </button>
            <button type="button" className="button button-danger" disabled={busy} onClick={remove} aria-label={t('mailboxes.deleteAction', { name: mailbox.name })}>
              {t('mailboxes.deleteButton')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

interface ServerDraft {
  host: string;
  port: string;
  security: Security;
  login: string;
  password: string;
}
const serverDraft = (server: ServerView | null | undefined, defaults: { port: string; security: Security }): ServerDraft => ({
  host: server?.host ?? '',
  port: server ? String(server.port) : defaults.port,
  security: server?.security ?? defaults.security,
  login: server?.login ?? '',
  password: '',
});

/** The server's field names (smtp.host, imap.folders) as the ids of the inputs (mailbox-smtp-host). */
const fieldId = (field: string) => `mailbox-${field.replace(/\[\d+\]/g, '').replace(/\./g, '-')}`;

function MailboxForm({ mailbox, isAdmin, onDone }: { mailbox: Mailbox | null; isAdmin: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const users = useUsers();
  const teams = useTeams();
  const { errors, busy, submit } = useSubmit(fieldId);
  const [name, setName] = useState(mailbox?.name ?? '');
  const [emailAddress, setEmailAddress] = useState(mailbox?.emailAddress ?? '');
  const [displayName, setDisplayName] = useState(mailbox?.displayName ?? '');
  const [shared, setShared] = useState(mailbox?.shared ?? false);
  const [smtp, setSmtp] = useState(serverDraft(mailbox?.smtp, { port: '465', security: 'tls' }));
  const [useImap, setUseImap] = useState(Boolean(mailbox?.imap) || !mailbox);
  const [imap, setImap] = useState(serverDraft(mailbox?.imap, { port: '993', security: 'tls' }));
  const [folders, setFolders] = useState((mailbox?.imap?.folders ?? ['INBOX']).join(', '));
  const [toLeads, setToLeads] = useState(mailbox?.unknownSendersToLeads ?? false);
  const [leadOwnerId, setLeadOwnerId] = useState(mailbox?.leadOwnerId ?? '');
  const [sharedUserIds, setSharedUserIds] = useState<string[]>(mailbox?.sharedUserIds ?? []);
  const [sharedTeamIds, setSharedTeamIds] = useState<string[]>(mailbox?.sharedTeamIds ?? []);

  const serverBody = (draft: ServerDraft) => ({
    host: draft.host.trim(),
    port: Number(draft.port),
    security: draft.security,
    login: draft.login.trim(),
    ...(draft.password ? { password: draft.password } : {}),
  });
  async function save() {
    const body = {
      name: name.trim(),
      emailAddress: emailAddress.trim(),
      displayName: displayName.trim() || null,
      ...(mailbox ? {} : { shared }),
      smtp: serverBody(smtp),
      imap: useImap ? { ...serverBody(imap), folders: folders.split(',').map((folder) => folder.trim()).filter(Boolean) } : null,
      unknownSendersToLeads: useImap && toLeads,
      leadOwnerId: useImap && toLeads && leadOwnerId ? leadOwnerId : null,
      ...(shared ? { sharedUserIds, sharedTeamIds } : {}),
    };
    const ok = await submit(() => (mailbox ? api(`/mailboxes/${mailbox.id}`, { method: 'PATCH', body }) : api('/mailboxes', { method: 'POST', body })));
    if (!ok) return;
    toast({ message: t('mailboxes.saved'), tone: 'success' });
    await client.invalidateQueries({ queryKey: ['mailboxes'] });
    onDone();
  }
  const securityOptions = (['tls', 'starttls', 'none'] as const).map((value) => ({ value, label: t(`mailboxes.securityOptions.${value}`) }));
  const serverFields = (prefix: 'smtp' | 'imap', draft: ServerDraft, setDraft: (draft: ServerDraft) => void, passwordSet: boolean) => (
    <>
      <Field id={`mailbox-${prefix}-host`} label={t('mailboxes.host')} value={draft.host} onChange={(host) => setDraft({ ...draft, host })} error={errors[`mailbox-${prefix}-host`]} required />
      <Field id={`mailbox-${prefix}-port`} label={t('mailboxes.port')} type="number" value={draft.port} onChange={(port) => setDraft({ ...draft, port })} error={errors[`mailbox-${prefix}-port`]} required />
      <SelectField id={`mailbox-${prefix}-security`} label={t('mailboxes.security')} value={draft.security} onChange={(security) => setDraft({ ...draft, security: security as Security })} options={securityOptions} error={errors[`mailbox-${prefix}-security`]} />
      <Field id={`mailbox-${prefix}-login`} label={t('mailboxes.login')} value={draft.login} onChange={(login) => setDraft({ ...draft, login })} error={errors[`mailbox-${prefix}-login`]} required />
      <Field id={`mailbox-${prefix}-password`} label={t('mailboxes.password')} error={errors[`mailbox-${prefix}-password`]}>
        <input
          id={`mailbox-${prefix}-password`}
          type="password"
          autoComplete="new-password"
          value={draft.password}
          required={!passwordSet}
          placeholder={passwordSet ? t('mailboxes.passwordKept') : undefined}
          onChange={(event) => setDraft({ ...draft, password: event.target.value })}
          aria-invalid={errors[`mailbox-${prefix}-password`] ? true : undefined}
          aria-describedby={errors[`mailbox-${prefix}-password`] ? `mailbox-${prefix}-password-error` : undefined}
        />
      </Field>
    </>
  );
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((item) => item !== id));
  return (
    <form
      className="card record-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h2>{mailbox ? t('mailboxes.edit', { name: mailbox.name }) : t('mailboxes.add')}</h2>
      <div className="form-grid">
        <Field id="mailbox-name" label={t('mailboxes.name')} value={name} onChange={setName} error={errors['mailbox-name']} required />
        <Field id="mailbox-emailAddress" label={t('mailboxes.emailAddress')} type="email" value={emailAddress} onChange={setEmailAddress} error={errors['mailbox-emailAddress']} required />
        <Field id="mailbox-displayName" label={t('mailboxes.displayName')} value={displayName} onChange={setDisplayName} error={errors['mailbox-displayName']} />
        {isAdmin && !mailbox && (
          <label className="checkbox-field">
            <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} /> {t('mailboxes.shared')}
          </label>
        )}
      </div>
      <fieldset className="mail-server">
        <legend>{t('mailboxes.smtp')}</legend>
        <div className="form-grid">{serverFields('smtp', smtp, setSmtp, Boolean(mailbox?.smtp.passwordSet))}</div>
      </fieldset>
      <label className="checkbox-field">
        <input type="checkbox" checked={useImap} onChange={(event) => setUseImap(event.target.checked)} /> {t('mailboxes.useImap')}
      </label>
      {useImap && (
        <fieldset className="mail-server">
          <legend>{t('mailboxes.imap')}</legend>
          <div className="form-grid">
            {serverFields('imap', imap, setImap, Boolean(mailbox?.imap?.passwordSet))}
            <Field id="mailbox-imap-folders" label={t('mailboxes.folders')} value={folders} onChange={setFolders} error={errors['mailbox-imap-folders']} />
            <label className="checkbox-field">
              <input type="checkbox" checked={toLeads} onChange={(event) => setToLeads(event.target.checked)} /> {t('mailboxes.unknownSendersToLeads')}
            </label>
            {toLeads && (
              <SelectField
                id="mailbox-leadOwnerId"
                label={t('mailboxes.leadOwner')}
                value={leadOwnerId}
                onChange={setLeadOwnerId}
                error={errors['mailbox-leadOwnerId']}
                options={[{ value: '', label: '—' }, ...(users.data ?? []).filter((user) => user.isActive).map((user) => ({ value: user.id, label: user.name }))]}
              />
            )}
          </div>
        </fieldset>
      )}
      {shared && (
        <fieldset className="mail-server">
          <legend>{t('mailboxes.sharedUsers')}</legend>
          <div className="checkbox-grid">
            {(users.data ?? []).map((user) => (
              <label key={user.id} className="checkbox-field">
                <input type="checkbox" checked={sharedUserIds.includes(user.id)} onChange={(event) => setSharedUserIds(toggle(sharedUserIds, user.id, event.target.checked))} /> {user.name}
              </label>
            ))}
          </div>
          <h3>{t('mailboxes.sharedTeams')}</h3>
          <div className="checkbox-grid">
            {(teams.data ?? []).map((team) => (
              <label key={team.id} className="checkbox-field">
                <input type="checkbox" checked={sharedTeamIds.includes(team.id)} onChange={(event) => setSharedTeamIds(toggle(sharedTeamIds, team.id, event.target.checked))} /> {team.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone} disabled={busy}>
          {t('app.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('app.saving') : t('app.save')}
        </button>
      </div>
    </form>
  );
}
