// Settings → Calendar feed (every user): the secret iCalendar URL of their meetings and task deadlines,
// shown once when made; a new one ends the old.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';

export function CalendarFeedSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [url, setUrl] = useState<string | null>(null);
  const state = useQuery({ queryKey: ['ical-feed'], queryFn: () => api<{ exists: boolean; createdAt: string | null }>('/me/ical-feed') });
  if (state.isPending) return <Loading />;
  if (state.isError) return <ErrorState error={state.error} />;
  const rotate = async () => {
    if (state.data.exists && !window.confirm(t('icalFeed.confirmRotate'))) return;
    try {
      const made = await api<{ path: string }>('/me/ical-feed', { method: 'POST' });
      setUrl(`${window.location.origin}${made.path}`);
      await client.invalidateQueries({ queryKey: ['ical-feed'] });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  };
  return (
    <div className="settings-section">
      <p className="muted">{t('icalFeed.intro')}</p>
      {url && (
        <div className="notice" role="status">
          <p>{t('icalFeed.once')}</p>
          <code className="secret" data-testid="ical-url">
            {url}
          </code>
        </div>
      )}
      <p>{state.data.exists ? t('icalFeed.active', { date: formatDateTime(state.data.createdAt, currentLocale()) }) : t('icalFeed.none')}</p>
      <div className="inline-form">
        <button type="button" className="button button-primary" onClick={() => void rotate()}>
          {state.data.exists ? t('icalFeed.rotate') : t('icalFeed.create')}
        </button>
        {state.data.exists && (
          <button
            type="button"
            className="button button-danger"
            onClick={async () => {
              await api('/me/ical-feed', { method: 'DELETE' }).catch((error) => toast({ message: message(error), tone: 'error' }));
              setUrl(null);
              await client.invalidateQueries({ queryKey: ['ical-feed'] });
            }}
          >
            {t('icalFeed.turnOff')}
          </button>
        )}
      </div>
    </div>
  );
}
