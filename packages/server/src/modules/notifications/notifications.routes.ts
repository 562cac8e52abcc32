import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { NotificationBus } from './notification-bus.js';
import { countUnreadNotifications, getOwnNotification, listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications.service.js';

const HEARTBEAT_MS = 25_000;

export function registerNotificationRoutes(app: FastifyInstance, bus: NotificationBus): void {
  const tags = ['notifications'];
  app.get('/api/v1/notifications', { schema: { tags, summary: 'My notifications, newest first (unread=true, cursor, limit)' } }, async (request) =>
    listNotifications(ctxOf(request), request.query as Record<string, string>),
  );
  app.get('/api/v1/notifications/unread-count', { schema: { tags } }, async (request) => countUnreadNotifications(ctxOf(request)));
  app.post('/api/v1/notifications/read-all', { schema: { tags } }, async (request) => markAllNotificationsRead(ctxOf(request)));
  app.post<{ Params: { id: string } }>('/api/v1/notifications/:id/read', { schema: { tags } }, async (request) => markNotificationRead(ctxOf(request), request.params.id));

  const streams = new Set<() => void>();
  // preClose: open streams must end before the server waits for its connections to close.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  app.addHook('onClose', async () => bus.close());
  app.get('/api/v1/notifications/stream', { schema: { tags, summary: 'Server-Sent Events: event "notification" with the notification as data' } }, async (request, reply) => {
    const ctx = ctxOf(request);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let unsubscribe: (() => void) | undefined;
    let ended = false;
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const end = () => {
      ended = true;
      clearInterval(heartbeat);
      unsubscribe?.();
      streams.delete(end);
      if (!raw.writableEnded) raw.end();
    };
    streams.add(end);
    request.raw.on('close', end);
    const deliver = (notificationId: string) => {
      void getOwnNotification(ctx, notificationId).then((notification) => {
        if (notification && !raw.writableEnded) raw.write(`event: notification\nid: ${notificationId}\ndata: ${JSON.stringify(notification)}\n\n`);
      }, () => undefined);
    };
    try {
      unsubscribe = await bus.subscribe(ctx.actor.userId, deliver, end);
    } catch (error) {
      request.log.error({ err: error }, 'notification stream: cannot listen');
      end();
      return;
    }
    // The client may have gone (or the server begun closing) while we subscribed.
    if (ended || raw.destroyed) end();
    // Announced only once listening, so anything created after this line reaches the client.
    else raw.write(': connected\nretry: 5000\n\n');
  });
}
