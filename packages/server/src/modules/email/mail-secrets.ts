// Mailbox passwords at rest: AES-256-GCM with a key from MAIL_SECRET_KEY (64 hex digits or base64 of 32 bytes).
// Without that variable a key is generated once into DATA_DIR/mail-secret.key (mode 0600), which is
// acceptable for a demo or a single machine but means a copy of the data directory carries its own key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PREFIX = 'v1';
let cachedKey: Buffer | undefined;

function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const decoded = Buffer.from(trimmed, 'base64');
  if (decoded.length !== 32) throw new Error('MAIL_SECRET_KEY must be 32 bytes: 64 hex digits or base64');
  return decoded;
}

/** The key: MAIL_SECRET_KEY, else DATA_DIR/mail-secret.key (created on first use). */
export function mailSecretKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (cachedKey) return cachedKey;
  if (env.MAIL_SECRET_KEY) {
    cachedKey = parseKey(env.MAIL_SECRET_KEY);
    return cachedKey;
  }
  const dir = path.resolve(env.DATA_DIR || './data');
  const file = path.join(dir, 'mail-secret.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    console.warn(`MAIL_SECRET_KEY is not set: mailbox passwords are encrypted with a key generated in ${file}. Set MAIL_SECRET_KEY in production.`);
  }
  cachedKey = parseKey(readFileSync(file, 'utf8'));
  return cachedKey;
}

/** For tests: forget the cached key so the next call reads the environment again. */
export function forgetMailSecretKey(): void {
  cachedKey = undefined;
}

/** 'v1:<iv>:<tag>:<ciphertext>', each base64. */
export function encryptSecret(plain: string, key: Buffer = mailSecretKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, iv.toString('base64'), cipher.getAuthTag().toString('base64'), encrypted.toString('base64')].join(':');
}

export function decryptSecret(stored: string, key: Buffer = mailSecretKey()): string {
  const [prefix, iv, tag, data] = stored.split(':');
  if (prefix !== PREFIX || !iv || !tag || data === undefined) throw new Error('The stored mailbox secret has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('The mailbox password cannot be decrypted: MAIL_SECRET_KEY differs from the key it was saved with');
  }
}
