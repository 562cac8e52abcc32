// Tracking and unsubscribe links carry a signed token: the recipient row's id, what the link does and (for a
// click) which of the campaign's links it is, with an HMAC-SHA256 (truncated to 96 bits) under a key derived
// from the server's mail secret (MAIL_SECRET_KEY or DATA_DIR/mail-secret.key, see email/mail-secrets.ts).
// A token is checked before anything is read or written, so a forged or altered one records nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mailSecretKey } from '../email/mail-secrets.js';

/** `sequenceUnsubscribe` carries a sequence enrolment's id (modules/sequences' email step), the others a campaign recipient's. */
export type TokenKind = 'open' | 'click' | 'unsubscribe' | 'sequenceUnsubscribe';
const kindByte: Record<TokenKind, number> = { open: 1, click: 2, unsubscribe: 3, sequenceUnsubscribe: 4 };
const MAC_BYTES = 12;
const BODY_BYTES = 18;

let cachedKey: { source: Buffer; key: Buffer } | undefined;
function trackingKey(): Buffer {
  const source = mailSecretKey();
  if (cachedKey?.source !== source) cachedKey = { source, key: createHmac('sha256', source).update('svyaz campaign tracking v1').digest() };
  return cachedKey.key;
}

function mac(body: Buffer): Buffer {
  return createHmac('sha256', trackingKey()).update(body).digest().subarray(0, MAC_BYTES);
}

export function signToken(recipientId: string, kind: TokenKind, link = 0): string {
  // recipientId: the campaign recipient's id, or the sequence enrolment's for kind sequenceUnsubscribe.
  const body = Buffer.alloc(BODY_BYTES);
  Buffer.from(recipientId.replace(/-/g, ''), 'hex').copy(body, 0);
  body[16] = kindByte[kind];
  body[17] = link;
  return Buffer.concat([body, mac(body)]).toString('base64url');
}

function asUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The recipient and link of a genuine token of this kind, else null. */
export function verifyToken(token: string, kind: TokenKind): { recipientId: string; link: number } | null {
  if (!/^[A-Za-z0-9_-]{40}$/.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== BODY_BYTES + MAC_BYTES) return null;
  const body = raw.subarray(0, BODY_BYTES);
  if (body[16] !== kindByte[kind] || !timingSafeEqual(raw.subarray(BODY_BYTES), mac(body))) return null;
  return { recipientId: asUuid(body.subarray(0, 16).toString('hex')), link: body[17] };
}
