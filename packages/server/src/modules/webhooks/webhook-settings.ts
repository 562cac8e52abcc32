// Environment of the webhooks module, validated with the rest of the configuration at start-up (config.ts
// spreads this shape) and read again here at each use, so tests can change it per case.
import { z } from 'zod';

const flag = z.enum(['true', 'false']).default('false');

export const webhookEnvShape = {
  // Lets webhooks reach 127.0.0.1/::1, over http too: for tests and local development only. Every other
  // private, link-local or reserved address is refused whatever this says.
  WEBHOOKS_ALLOW_LOOPBACK: flag,
  // How long one delivery attempt may take (connect, send, response) before it counts as failed.
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // Attempts per delivery (the first and its retries), and the first retry's delay, doubling with jitter.
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(3600).default(30),
  // A webhook whose deliveries failed this many times in a row is disabled and its owner and the administrators notified.
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(15),
  // Finished deliveries (with their attempts) and dispatched domain events older than this are deleted daily.
  WEBHOOK_LOG_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
};

const schema = z.object(webhookEnvShape);

export interface WebhookSettings {
  allowLoopback: boolean;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  disableAfter: number;
  logDays: number;
}

export function webhookSettings(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const parsed = schema.parse(env);
  return {
    allowLoopback: parsed.WEBHOOKS_ALLOW_LOOPBACK === 'true',
    timeoutMs: parsed.WEBHOOK_TIMEOUT_MS,
    maxAttempts: parsed.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: parsed.WEBHOOK_RETRY_BASE_SECONDS * 1000,
    disableAfter: parsed.WEBHOOK_DISABLE_AFTER,
    logDays: parsed.WEBHOOK_LOG_DAYS,
  };
}

/** Six hours: no retry waits longer, however many attempts are left. */
const MAX_DELAY_MS = 6 * 3600 * 1000;

/**
 * The wait before retry number `attempt` (1 after the first failure): base × 2^(attempt−1), capped at six
 * hours, spread by ±25 % jitter so that deliveries failing together do not come back together.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const plain = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(plain * (0.75 + 0.5 * random()));
}
