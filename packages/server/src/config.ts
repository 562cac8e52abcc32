// Environment, validated once at start-up: a wrong value stops the process with a clear message.
import path from 'node:path';
import { z } from 'zod';

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
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  // How long a process trusts what it looked up about a token or session (modules/auth/auth-cache.ts).
  // 0 turns the cache off: needed behind a pooler in transaction mode, where LISTEN hears nothing.
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  // A request that takes longer than this is logged as a warning with its route and time; 0 logs none.
  SLOW_REQUEST_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
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
