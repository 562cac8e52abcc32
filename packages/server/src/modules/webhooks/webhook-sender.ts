// One HTTP attempt of a delivery: a signed JSON POST over node:http(s) with keep-alive agents, the guarded DNS
// lookup (webhook-url-guard.ts), a timeout over the whole exchange, no redirects followed, and the first
// kilobyte of the answer kept for the delivery log.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { checkUrlSyntax, guardedLookup, UrlProblem } from './webhook-url-guard.js';

export const SIGNATURE_HEADER = 'X-Svyaz-Signature';
export const TIMESTAMP_HEADER = 'X-Svyaz-Timestamp';
export const EVENT_HEADER = 'X-Svyaz-Event';
export const DELIVERY_HEADER = 'X-Svyaz-Delivery';

/** `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the webhook's secret: what a receiver recomputes. */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  excerpt: string | null;
  durationMs: number;
  error: string | null;
}

const EXCERPT_CHARS = 1000;
/** An answer longer than this is cut off (the excerpt is all that is kept). */
const MAX_RESPONSE_BYTES = 64 * 1024;

const agents = new Map<string, http.Agent>();
function agentFor(protocol: string, allowLoopback: boolean): http.Agent {
  const key = `${protocol}${allowLoopback}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 32, lookup: guardedLookup(allowLoopback) as never };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** Closes the kept-alive connections (tests, benchmarks, shutdown). */
export function closeWebhookAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export interface PostOptions {
  url: string;
  secret: string;
  body: string;
  eventType: string;
  deliveryId: string;
  timeoutMs: number;
  allowLoopback: boolean;
  now?: () => number;
}

export function postWebhook(options: PostOptions): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: URL;
  try {
    target = checkUrlSyntax(options.url, options.allowLoopback).url;
  } catch (error) {
    const message = error instanceof UrlProblem ? `refused: the URL ${error.message}` : String(error);
    return Promise.resolve({ ok: false, status: null, excerpt: null, durationMs: 0, error: message });
  }
  const timestamp = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const body = Buffer.from(options.body, 'utf8');
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    'user-agent': 'Svyaz-Webhooks/1',
    [SIGNATURE_HEADER]: signPayload(options.secret, timestamp, options.body),
    [TIMESTAMP_HEADER]: String(timestamp),
    [EVENT_HEADER]: options.eventType,
    [DELIVERY_HEADER]: options.deliveryId,
  };
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = transport.request(target, { method: 'POST', headers, agent: agentFor(target.protocol, options.allowLoopback) }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        else response.destroy();
      });
      const done = () => {
        const status = response.statusCode ?? null;
        const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS) || null;
        const ok = status !== null && status >= 200 && status < 300;
        let error: string | null = null;
        if (!ok) error = status !== null && status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`;
        finish({ ok, status, excerpt, error });
      };
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`timed out after ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      const message = error.code === 'EWEBHOOKADDRESS' || error.message.startsWith('timed out') ? error.message : `${error.code ?? 'error'}: ${error.message}`;
      finish({ ok: false, status: null, excerpt: null, error: message.slice(0, 1000) });
    });
    request.end(body);
  });
}
