import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { NotificationBus } from './notification-bus.js';
import { registerUserStream } from './user-stream.js';
import { countUnreadNotifications, getOwnNotification, listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.js';

export function registerNotificationRoutes(app: FastifyInstance, bus: NotificationBus): void {
  const tags = ['notifications'];
  app.get('/api/v1/notifications', { schema: { tags, summary: 'My notifications, newest first (unread=true, cursor, limit)' } }, async (request) =>
    listNotifications(ctxOf(request), request.query as Record<string, string>),
  );
  app.get('/api/v1/notifications/unread-count', { schema: { tags } }, async (request) => countUnreadNotifications(ctxOf(request)));
  app.post('/api/v1/notifications/read-all', { schema: { tags } }, async (request) => markAllNotificationsRead(ctxOf(request)));
  app.post<{ Params: { id: string } }>('/api/v1/notifications/:id/read', { schema: { tags } }, async (request) => markNotificationRead(ctxOf(request), request.params.id));

  registerUserStream(app, {
    path: '/api/v1/notifications/stream',
    bus,
    event: 'notification',
    tags,
    summary: 'Server-Sent Events: event "notification" with the notification as data',
    load: getOwnNotification,
  });
}
