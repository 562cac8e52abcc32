// Whose a token or a session cookie is, remembered for a short while in each API process, so that an
// authenticated request does not pay a database round trip before its own query (half the statements of
// a list request). Remembered answers are only ever hits; an unknown credential is asked every time.
//
// Every change that can make a remembered answer wrong (a token revoked, a session ended, a user
// deactivated or given another role or team, roles or teams changed) goes through authChanged(): it
// forgets at once in this process and tells every other process with NOTIFY svyaz_auth, which PostgreSQL
// delivers when the change commits. A process uses its cache only while its LISTEN connection is up; when
// the connection drops it forgets everything and asks the database on every request until it is back.
// A lookup that was in flight while anything was forgotten is not remembered (the generation check), so
// a token revoked between the lookup's read and its return cannot be put back into the cache.
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.js';
import { listenTo } from '../../db/listen.js';

export const AUTH_CHANNEL = 'svyaz_auth';
/** How long a remembered answer is used without asking again (also bounds last_used_at's lag). */
export const AUTH_CACHE_TTL_MS = 30_000;
/** Waits before listening again after the connection dropped, longer after each failure in a row. */
const RECONNECT_MS = [250, 1000, 5000, 30_000];

export type AuthChange = { token: string } | { session: string } | { user: string } | 'all';

interface TokenEntry {
  userId: string;
  at: number;
}
interface SessionEntry extends TokenEntry {
  csrfToken: string;
  expiresAt: number;
}

const caches = new Set<AuthCache>();
const actorListeners = new Set<(change: AuthChange) => void>();

/** Called with every change, here or in another process (the actor cache forgets its users). */
export function onAuthChange(listener: (change: AuthChange) => void): void {
  actorListeners.add(listener);
}

function encode(change: AuthChange): string {
  if (change === 'all') return 'all';
  if ('token' in change) return `token:${change.token}`;
  if ('session' in change) return `session:${change.session}`;
  return `user:${change.user}`;
}

function decode(payload: string | undefined): AuthChange {
  const [kind, value] = (payload ?? '').split(':', 2);
  if (value && kind === 'token') return { token: value };
  if (value && kind === 'session') return { session: value };
  if (value && kind === 'user') return { user: value };
  return 'all'; // anything unexpected: forget everything rather than keep a wrong answer
}

function forgetEverywhere(change: AuthChange): void {
  for (const cache of caches) cache.forget(change);
  for (const listener of actorListeners) listener(change);
}

/**
 * Records a change to credentials or rights: forgotten here at once, and in every other process when `db`'s
 * transaction commits (or now, outside a transaction). Call it with the connection that made the change.
 */
export async function authChanged(db: Db, change: AuthChange): Promise<void> {
  forgetEverywhere(change);
  await db.execute(sql`select pg_notify(${AUTH_CHANNEL}, ${encode(change)})`);
  // Forgotten again after the write: a lookup that read the old row before the change and remembered it
  // in between is dropped here (in this process) and by the notification (in the others).
  forgetEverywhere(change);
}

export class AuthCache {
  private readonly tokens = new Map<string, TokenEntry>();
  private readonly sessions = new Map<string, SessionEntry>();
  private generationValue = 0;
  private live = false;
  private closed = false;
  private stopListening?: () => Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;

  constructor(
    private readonly database: Database,
    private readonly ttlMs = AUTH_CACHE_TTL_MS,
  ) {
    caches.add(this);
  }

  /** Changes whenever anything is forgotten; a lookup remembers its answer only if it did not change meanwhile. */
  get generation(): number {
    return this.generationValue;
  }

  /** Starts listening; failures are retried in the background and leave the cache unused meanwhile. */
  async start(): Promise<void> {
    // A cache that may remember nothing (AUTH_CACHE_SECONDS=0) needs no LISTEN connection either.
    if (this.closed || this.ttlMs <= 0) return;
    try {
      await this.listen();
      // A lookup that read before LISTEN took effect may have missed a change: it must not be remembered.
      this.forget('all');
      this.live = true;
      this.failures = 0;
    } catch {
      this.lost();
    }
  }

  token(hash: string): string | undefined {
    const entry = this.live ? this.tokens.get(hash) : undefined;
    if (!entry) return undefined;
    if (Date.now() - entry.at >= this.ttlMs) {
      this.tokens.delete(hash);
      return undefined;
    }
    return entry.userId;
  }

  rememberToken(hash: string, userId: string, generation: number): void {
    if (this.live && generation === this.generationValue) this.tokens.set(hash, { userId, at: Date.now() });
  }

  session(hash: string): { userId: string; csrfToken: string } | undefined {
    const entry = this.live ? this.sessions.get(hash) : undefined;
    if (!entry) return undefined;
    const now = Date.now();
    if (now - entry.at >= this.ttlMs || now >= entry.expiresAt) {
      this.sessions.delete(hash);
      return undefined;
    }
    return { userId: entry.userId, csrfToken: entry.csrfToken };
  }

  rememberSession(hash: string, value: { userId: string; csrfToken: string; expiresAt: Date }, generation: number): void {
    if (this.live && generation === this.generationValue) {
      this.sessions.set(hash, { userId: value.userId, csrfToken: value.csrfToken, expiresAt: value.expiresAt.getTime(), at: Date.now() });
    }
  }

  forget(change: AuthChange): void {
    this.generationValue++;
    if (change === 'all') {
      this.tokens.clear();
      this.sessions.clear();
    } else if ('token' in change) this.tokens.delete(change.token);
    else if ('session' in change) this.sessions.delete(change.session);
    else {
      for (const [key, entry] of this.tokens) if (entry.userId === change.user) this.tokens.delete(key);
      for (const [key, entry] of this.sessions) if (entry.userId === change.user) this.sessions.delete(key);
    }
  }

  private async listen(): Promise<void> {
    // On PGlite one process owns the directory, so every change is made here; listening keeps one path.
    this.stopListening = await listenTo(this.database, AUTH_CHANNEL, (payload) => forgetEverywhere(decode(payload)), () => this.lost());
  }

  /** The connection is gone: changes made elsewhere would go unheard, so nothing remembered is trusted. */
  private lost(): void {
    this.live = false;
    this.forget('all');
    this.stopListening = undefined;
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.start();
    }, RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)]);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    caches.delete(this);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.forget('all');
    await this.stopListening?.().catch(() => undefined);
    this.stopListening = undefined;
  }
}
