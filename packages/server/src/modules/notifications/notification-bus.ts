// Live delivery of notifications. Rows are inserted with pg_notify('svyaz_notifications', 'userId:id')
// in the same statement, so a notification created by any process (API or a separate worker)
// reaches the SSE clients of every API process when its transaction commits:
// PostgreSQL through a dedicated LISTEN connection, PGlite through its own listen().
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Database } from '../../db/client.js';

export const NOTIFICATION_CHANNEL = 'svyaz_notifications';

export class NotificationBus {
  private readonly emitter = new EventEmitter();
  private started?: Promise<void>;
  private stopListening?: () => Promise<void>;

  constructor(private readonly database: Database) {
    this.emitter.setMaxListeners(0);
  }

  /** Calls `listener(notificationId)` for each new notification of this user; returns an unsubscribe function. */
  async subscribe(userId: string, listener: (notificationId: string) => void): Promise<() => void> {
    await this.start();
    this.emitter.on(userId, listener);
    return () => this.emitter.off(userId, listener);
  }

  private dispatch(payload: string | undefined): void {
    if (!payload) return;
    const [userId, notificationId] = payload.split(':');
    if (userId && notificationId) this.emitter.emit(userId, notificationId);
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      if (this.database.pglite) {
        const unsubscribe = await this.database.pglite.listen(NOTIFICATION_CHANNEL, (payload) => this.dispatch(payload));
        this.stopListening = unsubscribe;
        return;
      }
      const pool = this.database.pool!;
      const client = new pg.Client({ ...(pool.options as pg.ClientConfig) });
      await client.connect();
      client.on('notification', (message) => this.dispatch(message.payload));
      client.on('error', () => {
        /* the stream ends; clients reconnect (EventSource retries) */
      });
      await client.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
      this.stopListening = () => client.end();
    })();
    return this.started;
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    if (this.started) await this.started.catch(() => undefined);
    await this.stopListening?.().catch(() => undefined);
    this.started = undefined;
    this.stopListening = undefined;
  }
}
