// Environment, validated once at start-up: a wrong value stops the process with a clear message.
import path from 'node:path';
import { z } from 'zod';
import { webhookEnvShape } from './modules/webhooks/webhook-settings.js';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must start with postgres:// or postgresql://' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER: z.enum(['inline', 'off']).default('inline'),
  ESCALATION_GRACE_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  SEED_DEMO: z.enum(['auto', 'off']).default('auto'),
  // Web forms (modules/web-forms): submissions accepted per minute from one IP address.
  WEB_FORM_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
  // The portal's "create a case" form (modules/cases/case-portal.*): accepted submissions per hour from one IP and for one email.
  PORTAL_CASES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
  PORTAL_CASES_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(5),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  // Test only (e2e/server.ts): POST /api/v1/sla/sweep may run the SLA sweep at a later instant ({ "at": … }).
  SLA_TEST_CLOCK: z.enum(['true', 'false']).default('false'),
  // Test only (e2e/server.ts): POST /api/v1/sequences/advance may run the sequence steps at a later instant ({ "at": … }).
  SEQUENCES_TEST_CLOCK: z.enum(['true', 'false']).default('false'),
  // How long a process trusts what it looked up about a token or session (modules/auth/auth-cache.ts).
  // 0 turns the cache off: needed behind a pooler in transaction mode, where LISTEN hears nothing.
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  // A request that takes longer than this is logged as a warning with its route and time; 0 logs none.
  SLOW_REQUEST_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  // Webhooks (modules/webhooks/webhook-settings.ts): loopback for tests, timeout, retries, auto-disable.
  ...webhookEnvShape,
  // Email (modules/email): the AES-256-GCM key for mailbox passwords, 32 bytes as 64 hex digits or base64.
  // Without it a key is generated once into DATA_DIR/mail-secret.key (fine for a demo; set it in production).
  MAIL_SECRET_KEY: z
    .string()
    .refine((value) => /^[0-9a-fA-F]{64}$/.test(value) || Buffer.from(value, 'base64').length === 32, { message: 'must be 32 bytes: 64 hex digits or base64' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // First retry of a failed send after this many seconds, doubling each time (3 attempts in all).
  MAIL_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.DATA_DIR) };
}
