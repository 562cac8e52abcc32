// Unread notifications: a count on the bell, live through the server's event stream (SSE),
// and a panel listing them. Hidden while the server has no notifications API.
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isMissingRoute } from '../api/client';
import { formatRelative } from '../lib/format';
import { currentLocale } from '../i18n';
import { useToast } from './Toasts';
import { useDismiss } from '../lib/use-dismiss';

export interface Notification {
  id: string;
  kind?: string;
  title: string;
  body?: string | null;
  recordType?: string | null;
  recordId?: string | null;
  readAt?: string | null;
  createdAt: string;
}

const pathByType: Record<string, string> = { company: 'companies', contact: 'contacts', lead: 'leads', deal: 'deals', order: 'orders', task: 'tasks', product: 'products' };

/** The browser's notifications API, when there is one (the interface above shadows its global name). */
function browserNotifications(): typeof window.Notification | null {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification : null;
}

/** A desktop notification for one that arrives while the tab is in the background, if the user allowed them. */
export function notifyInBrowser(data: Partial<Notification>, open: (path: string) => void): boolean {
  const Browser = browserNotifications();
  if (!Browser || Browser.permission !== 'granted' || document.visibilityState === 'visible' || !data.title) return false;
  const shown = new Browser(data.title, { body: data.body ?? undefined, tag: data.id, icon: '/icon.svg' });
  shown.onclick = () => {
    window.focus();
    if (data.recordType && data.recordId) open(`/${pathByType[data.recordType] ?? data.recordType}/${data.recordId}`);
    shown.close();
  };
  return true;
}

export function NotificationBell() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [permission, setPermission] = useState(() => browserNotifications()?.permission ?? 'unsupported');
  const box = useRef<HTMLDivElement>(null);
  const count = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api<{ unread: number }>('/notifications/unread-count'),
    retry: false,
    refetchInterval: 120_000,
  });
  const query = useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => api<{ data: Notification[] }>('/notifications', { query: { limit: 20 } }),
    enabled: open,
    retry: false,
  });
  const missing = count.error && isMissingRoute(count.error);

  useEffect(() => {
    if (missing || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/notifications/stream', { withCredentials: true });
    const onMessage = (event: MessageEvent) => {
      void client.invalidateQueries({ queryKey: ['notifications'] });
      try {
        const data = JSON.parse(event.data) as Partial<Notification>;
        if (data.title && !notifyInBrowser(data, navigate)) toast({ message: data.title });
        // A task given to me (or escalated to me) belongs on my task lists and calendar at once.
        if (data.recordType === 'task') {
          void client.invalidateQueries({ queryKey: ['list', 'tasks'] });
          void client.invalidateQueries({ queryKey: ['calendar'] });
        }
      } catch {
        /* a keep-alive or a non-JSON event */
      }
    };
    source.addEventListener('notification', onMessage as EventListener);
    source.onmessage = onMessage;
    return () => source.close();
  }, [client, missing, toast, navigate]);

  useDismiss(open, setOpen, box);

  if (missing) return null;
  const items = query.data?.data ?? [];
  const unread = count.data?.unread ?? 0;

  async function markAllRead() {
    try {
      await api('/notifications/read-all', { method: 'POST' });
    } finally {
      await client.invalidateQueries({ queryKey: ['notifications'] });
    }
  }

  return (
    <div className="bell" ref={box}>
      <button type="button" className="icon-button bell-button" aria-label={t('notifications.label', { count: unread })} aria-expanded={open} onClick={() => setOpen(!open)}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="unread-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="menu notifications-panel" role="region" aria-label={t('notifications.title')}>
          <div className="panel-header">
            <strong>{t('notifications.title')}</strong>
            {unread > 0 && (
              <button type="button" className="button button-link" onClick={() => void markAllRead()}>
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          {permission === 'default' && (
            <button
              type="button"
              className="button button-link"
              onClick={() => void browserNotifications()?.requestPermission().then(setPermission, () => undefined)}
            >
              {t('notifications.allowDesktop')}
            </button>
          )}
          {items.length === 0 ? (
            <p className="muted">{t('notifications.empty')}</p>
          ) : (
            <ul>
              {items.map((item) => (
                <li key={item.id} className={item.readAt ? 'read' : 'unread'}>
                  {item.recordType && item.recordId ? (
                    <Link
                      to={`/${pathByType[item.recordType] ?? item.recordType}/${item.recordId}`}
                      onClick={() => {
                        setOpen(false);
                        if (!item.readAt) void api(`/notifications/${item.id}/read`, { method: 'POST' }).then(() => client.invalidateQueries({ queryKey: ['notifications'] }), () => undefined);
                      }}
                    >
                      {item.title}
                    </Link>
                  ) : (
                    <span>{item.title}</span>
                  )}
                  {item.body && <span className="small">{item.body}</span>}
                  <span className="muted small">{formatRelative(item.createdAt, currentLocale())}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
