// Live delivery of notifications. Rows are inserted with pg_notify('svyaz_notifications', 'userId:id')
// in the same statement, so a notification created by any process (API or a separate worker)
// reaches the SSE clients of every API process when its transaction commits:
// PostgreSQL through a dedicated LISTEN connection, PGlite through its own listen().
import { EventEmitter } from 'node:events';
import type { Database } from '../../db/client.js';
import { listenTo } from '../../db/listen.js';

export const NOTIFICATION_CHANNEL = 'svyaz_notifications';
/** Emitted when the LISTEN connection is lost: streams end, clients reconnect and re-subscribe. */
const LOST = Symbol('lost');

export class NotificationBus {
  private readonly emitter = new EventEmitter();
  private started?: Promise<void>;
  private stopListening?: () => Promise<void>;

  /** `channel`: another fixed channel with the same 'userId:id' payloads (telephony's ringing calls use svyaz_calls). */
  constructor(
    private readonly database: Database,
    private readonly channel: string = NOTIFICATION_CHANNEL,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /**
   * Calls `listener(notificationId)` for each new notification of this user, and `onLost()` if
   * delivery stops (the LISTEN connection died; the next subscription opens a new one).
   * Returns an unsubscribe function.
   */
  async subscribe(userId: string, listener: (notificationId: string) => void, onLost: () => void = () => {}): Promise<() => void> {
    await this.start();
    this.emitter.on(userId, listener);
    this.emitter.on(LOST, onLost);
    return () => {
      this.emitter.off(userId, listener);
      this.emitter.off(LOST, onLost);
    };
  }

  private dispatch(payload: string | undefined): void {
    if (!payload) return;
    const [userId, notificationId] = payload.split(':');
    if (userId && notificationId) this.emitter.emit(userId, notificationId);
  }

  private start(): Promise<void> {
    this.started ??= this.listen().catch((error: unknown) => {
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  private async listen(): Promise<void> {
    this.stopListening = await listenTo(
      this.database,
      this.channel,
      (payload) => this.dispatch(payload),
      () => {
        this.started = undefined;
        this.stopListening = undefined;
        this.emitter.emit(LOST);
      },
    );
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
    if (this.started) await this.started.catch(() => undefined);
    await this.stopListening?.().catch(() => undefined);
    this.started = undefined;
    this.stopListening = undefined;
  }
}
