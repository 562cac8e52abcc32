// Checks a mailbox's SMTP and IMAP settings before they are saved, and says what failed in words a
// person can act on, naming the field: DNS lookup, refused connection, TLS, authentication, timeout.
import { lookup } from 'node:dns/promises';
import nodemailer from 'nodemailer';
import { ImapFlow } from 'imapflow';
import { AppError } from '../../core/errors.js';

export type MailSecurity = 'tls' | 'starttls' | 'none';

export interface MailServerSettings {
  host: string;
  port: number;
  security: MailSecurity;
  login: string;
  password: string;
}

export type CheckFailure = 'dns' | 'connection' | 'tls' | 'auth' | 'timeout' | 'protocol';

const TIMEOUT_MS = 10_000;

/** nodemailer options for these settings (also used for sending). */
export function smtpTransportOptions(settings: MailServerSettings, extra: Record<string, unknown> = {}) {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: { user: settings.login, pass: settings.password },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: 60_000,
    ...extra,
  };
}

export function imapClientOptions(settings: MailServerSettings) {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.login, pass: settings.password },
    logger: false as const,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: 5 * 60_000,
    disableAutoIdle: true,
  };
}

interface ErrorLike {
  code?: string;
  message?: string;
  responseCode?: number;
  response?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  cause?: unknown;
}

/** Which of the failures an error from nodemailer or imapflow is, with the server's own words. */
export function classifyMailError(error: unknown): { reason: CheckFailure; text: string } {
  const e = (error ?? {}) as ErrorLike;
  const text = [e.message, e.response, e.responseText, e.code].filter(Boolean).join(' ');
  if (e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(text)) return { reason: 'dns', text };
  if (e.code === 'EAUTH' || e.authenticationFailed || e.responseCode === 535 || /AUTHENTICATIONFAILED|authentication failed|Invalid login/i.test(text)) return { reason: 'auth', text };
  if (/ECONNREFUSED/.test(text)) return { reason: 'connection', text };
  if (e.code === 'ETLS' || /ssl|tls|certificate|wrong version number|handshake|EPROTO|self.signed/i.test(text)) return { reason: 'tls', text };
  if (/ETIMEDOUT|timeout|timed out/i.test(text)) return { reason: 'timeout', text };
  if (/ECONNRESET|EHOSTUNREACH|ENETUNREACH|ECONNECTION|ESOCKET/.test(text)) return { reason: 'connection', text };
  return { reason: 'protocol', text };
}

const fieldFor: Record<CheckFailure, string> = { dns: 'host', connection: 'port', tls: 'security', auth: 'password', timeout: 'port', protocol: 'host' };

function describe(reason: CheckFailure, settings: MailServerSettings, serverText: string): string {
  const where = `${settings.host}:${settings.port}`;
  switch (reason) {
    case 'dns':
      return `DNS lookup failed: no address found for "${settings.host}"`;
    case 'connection':
      return `connection refused at ${where}: check the host and the port`;
    case 'tls':
      return `TLS failure at ${where} with security "${settings.security}": ${serverText}`;
    case 'auth':
      return `authentication failed for login "${settings.login}": check the login and the password`;
    case 'timeout':
      return `no answer from ${where} within ${TIMEOUT_MS / 1000} s`;
    default:
      return `the server at ${where} answered unexpectedly: ${serverText}`;
  }
}

export function mailCheckError(prefix: 'smtp' | 'imap', settings: MailServerSettings, error: unknown): AppError {
  const { reason, text } = classifyMailError(error);
  const field = `${prefix}.${fieldFor[reason]}`;
  const problem = describe(reason, settings, text);
  return new AppError('MAILBOX_CHECK_FAILED', { message: `${prefix.toUpperCase()}: ${problem}`, details: [{ field, problem, reason }] });
}

async function resolveHost(prefix: 'smtp' | 'imap', settings: MailServerSettings): Promise<void> {
  try {
    await lookup(settings.host);
  } catch (error) {
    throw mailCheckError(prefix, settings, Object.assign(new Error(String((error as Error).message)), { code: 'EDNS' }));
  }
}

export async function checkSmtp(settings: MailServerSettings): Promise<void> {
  await resolveHost('smtp', settings);
  const transport = nodemailer.createTransport(smtpTransportOptions(settings));
  try {
    await transport.verify();
  } catch (error) {
    throw mailCheckError('smtp', settings, error);
  } finally {
    transport.close();
  }
}

export async function checkImap(settings: MailServerSettings): Promise<void> {
  await resolveHost('imap', settings);
  const client = new ImapFlow(imapClientOptions(settings));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw mailCheckError('imap', settings, error);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
