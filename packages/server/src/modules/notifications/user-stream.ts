// A Server-Sent Events stream of one user's announcements on a NotificationBus channel: each 'userId:id'
// payload is loaded as that user (with their rights) and written as one event. Used by the notification
// bell (event "notification") and the telephony pop-up (event "call").
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../http/authenticate.js';
import type { Ctx } from '../../core/context.js';
import type { NotificationBus } from './notification-bus.js';

const HEARTBEAT_MS = 25_000;

export function registerUserStream(
  app: FastifyInstance,
  options: { path: string; bus: NotificationBus; event: string; tags: string[]; summary: string; load: (ctx: Ctx, id: string) => Promise<unknown>; response?: Record<number, unknown> },
): void {
  const { bus, event, load } = options;
  const streams = new Set<() => void>();
  // preClose: open streams must end before the server waits for its connections to close.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  app.addHook('onClose', async () => bus.close());
  app.get(options.path, { schema: { tags: options.tags, summary: options.summary, ...(options.response ? { response: options.response } : {}) } }, async (request, reply) => {
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
    const deliver = (id: string) => {
      void load(ctx, id).then((item) => {
        if (item && !raw.writableEnded) raw.write(`event: ${event}\nid: ${id}\ndata: ${JSON.stringify(item)}\n\n`);
      }, () => undefined);
    };
    try {
      unsubscribe = await bus.subscribe(ctx.actor.userId, deliver, end);
    } catch (error) {
      request.log.error({ err: error }, `${options.path}: cannot listen`);
      end();
      return;
    }
    // The client may have gone (or the server begun closing) while we subscribed.
    if (ended || raw.destroyed) end();
    // Announced only once listening, so anything created after this line reaches the client.
    else raw.write(': connected\nretry: 5000\n\n');
  });
}
