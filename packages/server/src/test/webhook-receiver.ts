// A webhook receiver on loopback for tests, the e2e spec and the benchmark: records every request (headers,
// raw body) and answers with what the test sets (a status per path, a delay), and verifies signatures the
// way an integrator would.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface TestReceiver {
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Requests to one path (the tests give each case its own). */
  on(path: string): ReceivedRequest[];
  /** The statuses to answer on a path, one per request, the last repeated (default 200). */
  respond(path: string, statuses: number[], options?: { delayMs?: number; body?: string }): void;
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  stop(): Promise<void>;
}

/** What a receiver does with X-Svyaz-Signature: recompute the HMAC of `<timestamp>.<body>` and compare in constant time. */
export function verifySignature(secret: string, request: Pick<ReceivedRequest, 'headers' | 'body'>): boolean {
  const signature = String(request.headers['x-svyaz-signature'] ?? '');
  const timestamp = String(request.headers['x-svyaz-timestamp'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

export async function startReceiver(options: { record?: boolean } = {}): Promise<TestReceiver> {
  const received: ReceivedRequest[] = [];
  const plans = new Map<string, { statuses: number[]; delayMs: number; body: string | undefined; served: number }>();
  const waiters = new Set<() => void>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0];
      if (options.record !== false) received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const plan = plans.get(path);
      const status = plan ? plan.statuses[Math.min(plan.served++, plan.statuses.length - 1)] : 200;
      const answer = () => {
        response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(plan?.body ?? (status < 300 ? 'ok' : `failure ${status}`));
        for (const wake of waiters) wake();
      };
      if (plan?.delayMs) setTimeout(answer, plan.delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const on = (path: string) => received.filter((request) => request.path === path);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    on,
    respond(path, statuses, extra = {}) {
      plans.set(path, { statuses, delayMs: extra.delayMs ?? 0, body: extra.body, served: 0 });
    },
    waitFor(path, count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (on(path).length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(on(path));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the receiver got ${on(path).length} of ${count} requests on ${path} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
