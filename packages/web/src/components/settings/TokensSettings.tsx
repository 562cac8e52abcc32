// Personal API tokens: the secret is shown once, right after it is made.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { SettingsTable } from './SettingsForm';

interface Token {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

export function TokensSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: async () => (await api<{ data: Token[] }>('/auth/tokens')).data });
  const locale = currentLocale();
  if (tokens.isPending) return <Loading />;
  if (tokens.isError) return <ErrorState error={tokens.error} />;
  return (
    <div className="settings-section">
      <p className="muted">{t('settings.tokensHelp')}</p>
      {secret && (
        <div className="notice" role="status">
          <p>{t('settings.tokenOnce')}</p>
          <code className="secret">{secret}</code>
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            const created = await api<{ token: string }>('/auth/tokens', { method: 'POST', body: { name } });
            setSecret(created.token);
            setName('');
            await client.invalidateQueries({ queryKey: ['tokens'] });
          } catch (error) {
            toast({ message: message(error), tone: 'error' });
          }
        }}
      >
        <label htmlFor="token-name">{t('settings.tokenName')}</label>
        <input id="token-name" required value={name} onChange={(event) => setName(event.target.value)} />
        <button type="submit" className="button button-primary">
          {t('settings.createToken')}
        </button>
      </form>
      <SettingsTable headers={[t('settings.tokenName'), t('settings.created'), t('settings.lastUsed'), '']}>
          {tokens.data.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{formatDateTime(token.createdAt, locale)}</td>
              <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale) : '—'}</td>
              <td>
                {token.revokedAt ? (
                  <span className="muted">{t('settings.revoked')}</span>
                ) : (
                  <button
                    type="button"
                    className="button button-danger button-small"
                    onClick={async () => {
                      await api(`/auth/tokens/${token.id}`, { method: 'DELETE' }).catch((error) => toast({ message: message(error), tone: 'error' }));
                      await client.invalidateQueries({ queryKey: ['tokens'] });
                    }}
                  >
                    {t('settings.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
      </SettingsTable>
    </div>
  );
}
