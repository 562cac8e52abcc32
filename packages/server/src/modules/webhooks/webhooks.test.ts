// Webhooks against a real HTTP receiver on loopback that the suite starts: signed deliveries, retries with
// backoff, automatic disabling with notifications, redelivery by hand, the owner's rights, the SSRF guard
// and bad input.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { startReceiver, verifySignature, type TestReceiver } from '../../test/webhook-receiver.js';
import { dispatchEvents } from './webhook-dispatcher.js';
import { sendDueDeliveries } from './webhook-delivery.js';
import { closeWebhookAgents } from './webhook-sender.js';
import { retryDelayMs, type WebhookSettings } from './webhook-settings.js';
import { addressProblem, checkUrlSyntax } from './webhook-url-guard.js';
import { pruneWebhookHistory, runWebhookDispatcher } from './webhooks.jobs.js';

let receiver: TestReceiver;
const previousFlag = process.env.WEBHOOKS_ALLOW_LOOPBACK;

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';
  receiver = await startReceiver();
});
afterAll(async () => {
  if (previousFlag === undefined) delete process.env.WEBHOOKS_ALLOW_LOOPBACK;
  else process.env.WEBHOOKS_ALLOW_LOOPBACK = previousFlag;
  closeWebhookAgents();
  await receiver?.stop();
});

const settings = (overrides: Partial<WebhookSettings> = {}): WebhookSettings => ({ allowLoopback: true, timeoutMs: 2000, maxAttempts: 5, retryBaseMs: 200, disableAfter: 15, logDays: 30, ...overrides });

/** Dispatches every pending event and sends what is due now. */
async function deliver(w: TestWorld, options: Partial<WebhookSettings> = {}) {
  await dispatchEvents(w.db);
  return sendDueDeliveries(w.db, settings(options));
}

async function createHook(w: TestWorld, user: 'admin' | 'managerA1', path: string, extra: Record<string, unknown> = {}) {
  const created = await w.as(user, { method: 'POST', url: '/api/v1/webhooks', payload: { name: `Hook ${path}`, url: `${receiver.url}${path}`, events: ['record.created'], objects: ['deals'], ...extra } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; secret: string; secretHint: string };
}

const deal = async (w: TestWorld, user: 'managerA1' | 'managerB1' | 'admin', title: string) => {
  const created = await w.as(user, { method: 'POST', url: '/api/v1/deals', payload: { title, amount: '1500' } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
};

it('backs off exponentially with ±25 % jitter, capped at six hours', () => {
  expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 30_000, () => 0.5))).toEqual([30_000, 60_000, 120_000, 240_000]);
  expect(retryDelayMs(3, 30_000, () => 0)).toBe(90_000);
  expect(retryDelayMs(3, 30_000, () => 0.999999)).toBeCloseTo(150_000, -1);
  expect(retryDelayMs(30, 30_000, () => 0.5)).toBe(6 * 3600 * 1000);
});

it('refuses private, link-local and reserved addresses, and loopback unless allowed', () => {
  for (const address of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '127.0.0.1', '::1']) {
    expect(addressProblem(address, false), address).toMatch(/private/);
  }
  expect(addressProblem('127.0.0.1', true)).toBeNull();
  expect(addressProblem('::ffff:127.0.0.1', true)).toBeNull();
  expect(addressProblem('10.0.0.1', true)).toMatch(/private/);
  expect(addressProblem('93.184.215.14', false)).toBeNull();
  expect(() => checkUrlSyntax('http://example.com/hook', false)).toThrow(/https/);
  expect(() => checkUrlSyntax('https://user:pw@example.com/hook', false)).toThrow(/user name/);
  expect(() => checkUrlSyntax('https://[::1]:8080/hook', false)).toThrow(/private/);
});

describeWithWorld('webhooks', (world) => {
  afterEach(async () => {
    const w = world();
    await w.db.execute(sql`delete from webhooks where workspace_id = ${w.workspaceId}`);
    await dispatchEvents(w.db);
  });

  it('validates input naming the field, shows the secret once, and limits management to the owner and administrators', async () => {
    const w = world();
    const bad = async (payload: unknown) => {
      const response = await w.as('managerA1', { method: 'POST', url: '/api/v1/webhooks', payload: payload as Record<string, unknown> });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      return (response.body.error.details as { field: string }[]).map((detail) => detail.field);
    };
    const url = `${receiver.url}/${w.kind}/crud`;
    expect(await bad({ url, events: ['record.created'] })).toEqual(['name']);
    expect(await bad({ name: 'x', url: 'not a url', events: ['record.created'] })).toEqual(['url']);
    expect(await bad({ name: 'x', url, events: [] })).toEqual(['events']);
    expect(await bad({ name: 'x', url, events: ['record.exploded'] })).toEqual(['events[0]']);
    expect(await bad({ name: 'x', url, events: ['record.created'], objects: ['planets'] })).toEqual(['objects[0]']);
    expect(await bad({ name: 'x', url, events: ['record.created'], colour: 'red' })).toEqual(['colour']);
    expect(await bad({ name: 'x', url: 'http://example.com/hook', events: ['record.created'] })).toEqual(['url']);
    const foreignOwner = await w.as('managerA1', { method: 'POST', url: '/api/v1/webhooks', payload: { name: 'x', url, events: ['record.created'], ownerId: w.users.managerB1.id } });
    expect(foreignOwner.status).toBe(403);
    expect(foreignOwner.body.error.details[0].field).toBe('ownerId');
    const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from webhooks where workspace_id = ${w.workspaceId}`);
    expect(count).toBe(0);

    const mine = await createHook(w, 'managerA1', `/${w.kind}/crud`);
    expect(mine.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(mine.secretHint).toBe(mine.secret.slice(-4));
    const [stored] = await rows<{ enc: string }>(w.db, sql`select secret_encrypted as enc from webhooks where id = ${mine.id}::uuid`);
    expect(stored.enc).not.toContain(mine.secret);
    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/webhooks/${mine.id}` });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(mine.secret);
    expect(read.body.ownerId).toBe(w.users.managerA1.id);
    // Another manager neither sees nor changes it; an administrator sees and manages every webhook.
    expect((await w.as('managerA2', { method: 'GET', url: `/api/v1/webhooks/${mine.id}` })).status).toBe(404);
    expect((await w.as('managerA2', { method: 'PATCH', url: `/api/v1/webhooks/${mine.id}`, payload: { name: 'taken' } })).status).toBe(404);
    expect((await w.as('managerA2', { method: 'GET', url: '/api/v1/webhooks' })).body.data).toEqual([]);
    expect((await w.as('admin', { method: 'GET', url: '/api/v1/webhooks' })).body.data.map((hook: { id: string }) => hook.id)).toEqual([mine.id]);
    const patched = await w.as('admin', { method: 'PATCH', url: `/api/v1/webhooks/${mine.id}`, payload: { events: ['record.updated', 'deal.stage_changed'], objects: [] } });
    expect(patched.status).toBe(200);
    expect(patched.body.events).toEqual(['record.updated', 'deal.stage_changed']);
    const badPatch = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/webhooks/${mine.id}`, payload: { isActive: 'yes' } });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.error.details[0].field).toBe('isActive');

    const rotated = await w.as('managerA1', { method: 'POST', url: `/api/v1/webhooks/${mine.id}/rotate-secret` });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(mine.secret);
    expect((await w.as('managerA1', { method: 'DELETE', url: `/api/v1/webhooks/${mine.id}` })).status).toBe(200);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/webhooks/${mine.id}` })).status).toBe(404);
    expect((await w.as('managerA1', { method: 'GET', url: '/api/v1/webhooks/not-an-id' })).status).toBe(404);
  });

  it('refuses URLs that reach private addresses (SSRF), after DNS resolution, on save and when sending', async () => {
    const w = world();
    const refuse = async (url: string) => {
      const response = await w.as('admin', { method: 'POST', url: '/api/v1/webhooks', payload: { name: 'ssrf', url, events: ['record.created'] } });
      expect(response.status, url).toBe(400);
      expect(response.body.error.details[0].field).toBe('url');
      return response.body.error.details[0].problem as string;
    };
    expect(await refuse('https://10.0.0.5/hook')).toMatch(/private/);
    expect(await refuse('https://169.254.169.254/latest/meta-data')).toMatch(/private/);
    expect(await refuse('https://[fd12::1]/hook')).toMatch(/private/);
    expect(await refuse('https://no-such-host.invalid/hook')).toMatch(/does not resolve/);
    process.env.WEBHOOKS_ALLOW_LOOPBACK = 'false';
    try {
      expect(await refuse(`${receiver.url}/hook`)).toMatch(/https/);
      // A name that resolves to loopback is refused after resolution, not by its spelling.
      expect(await refuse(`https://localhost:${receiver.port}/hook`)).toMatch(/localhost.*127\.0\.0\.1|localhost.*::1/);
    } finally {
      process.env.WEBHOOKS_ALLOW_LOOPBACK = 'true';
    }
    // Saved while loopback was allowed, then the flag goes off: the attempt is refused before any connection.
    const path = `/${w.kind}/ssrf`;
    await createHook(w, 'admin', path);
    await deal(w, 'admin', 'SSRF deal');
    await dispatchEvents(w.db);
    const result = await sendDueDeliveries(w.db, settings({ allowLoopback: false }));
    expect(result.failed).toBe(1);
    expect(receiver.on(path)).toHaveLength(0);
    const [delivery] = await rows<{ error: string; status: string }>(w.db, sql`select error, status from webhook_deliveries where workspace_id = ${w.workspaceId} order by id desc limit 1`);
    expect(delivery.status).toBe('retrying');
    expect(delivery.error).toMatch(/refused/);
  });

  it('delivers a signed record.created the receiver can verify, and logs it', async () => {
    const w = world();
    const path = `/${w.kind}/signed`;
    const hook = await createHook(w, 'admin', path);
    const dealId = await deal(w, 'managerA1', 'Поставка кофе');
    // An event of another object is not sent to a webhook limited to deals.
    expect((await w.as('managerA1', { method: 'POST', url: '/api/v1/companies', payload: { name: 'ООО Не для вебхука' } })).status).toBe(201);
    const result = await runWebhookDispatcher(w.database);
    expect(result).toMatchObject({ deliveries: 1, sent: 1 });
    const [request] = await receiver.waitFor(path, 1);
    expect(receiver.on(path)).toHaveLength(1);
    expect(verifySignature(hook.secret, request)).toBe(true);
    expect(verifySignature(hook.secret, { ...request, body: request.body.replace('1500', '9999') })).toBe(false);
    expect(Math.abs(Number(request.headers['x-svyaz-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(request.headers['x-svyaz-event']).toBe('record.created');
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ type: 'record.created', object: 'deals', recordId: dealId, workspaceId: w.workspaceId, actorId: w.users.managerA1.id });
    expect(body.record).toMatchObject({ id: dealId, title: 'Поставка кофе' });

    const log = await w.as('admin', { method: 'GET', url: `/api/v1/webhooks/${hook.id}/deliveries` });
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({ id: request.headers['x-svyaz-delivery'], status: 'succeeded', responseStatus: 200, attempts: 1, responseExcerpt: 'ok', eventType: 'record.created', recordId: dealId });
    expect(log.body.data[0].durationMs).toBeGreaterThanOrEqual(0);
    // Dispatching again creates no second delivery for the same event.
    await w.db.execute(sql`update domain_events set dispatched_at = null where record_id = ${dealId}::uuid`);
    await dispatchEvents(w.db);
    const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from webhook_deliveries where webhook_id = ${hook.id}::uuid`);
    expect(count).toBe(1);
    const badQuery = await w.as('admin', { method: 'GET', url: `/api/v1/webhooks/${hook.id}/deliveries?limit=0` });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.details[0].field).toBe('limit');
    expect((await w.as('admin', { method: 'GET', url: `/api/v1/webhooks/${hook.id}/deliveries?status=lost` })).body.error.details[0].field).toBe('status');
  });

  it('retries a 500 after an exponential, jittered delay, then succeeds; the log keeps both attempts', async () => {
    const w = world();
    const path = `/${w.kind}/retry`;
    receiver.respond(path, [500, 200]);
    const hook = await createHook(w, 'admin', path);
    await deal(w, 'admin', 'Retry deal');
    const before = Date.now();
    expect(await deliver(w, { retryBaseMs: 400 })).toMatchObject({ claimed: 1, failed: 1 });
    const [first] = await rows<{ status: string; next: string; attempts: number; responseStatus: number }>(
      w.db,
      sql`select status, next_attempt_at as next, attempts, response_status as "responseStatus" from webhook_deliveries where webhook_id = ${hook.id}::uuid`,
    );
    expect(first).toMatchObject({ status: 'retrying', attempts: 1, responseStatus: 500 });
    const wait = new Date(first.next).getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(300 - 50);
    expect(wait).toBeLessThanOrEqual(500 + 1000);
    // Not due yet: nothing is sent.
    if (new Date(first.next).getTime() - Date.now() > 100) expect((await deliver(w)).claimed).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(first.next).getTime() - Date.now()) + 50));
    expect(await deliver(w, { retryBaseMs: 400 })).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(receiver.on(path)).toHaveLength(2);
    const log = await w.as('admin', { method: 'GET', url: `/api/v1/webhooks/${hook.id}/deliveries` });
    const detail = await w.as('admin', { method: 'GET', url: `/api/v1/webhooks/${hook.id}/deliveries/${log.body.data[0].id}` });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'succeeded', attempts: 2, responseStatus: 200, nextAttemptAt: null });
    expect(detail.body.attemptLog.map((attempt: { attempt: number; responseStatus: number; outcome: string }) => [attempt.attempt, attempt.responseStatus, attempt.outcome])).toEqual([
      [2, 200, 'succeeded'],
      [1, 500, 'failed'],
    ]);
    expect(detail.body.attemptLog[1].responseExcerpt).toBe('failure 500');
    expect(JSON.parse(detail.body.attemptLog[0].requestBody).type).toBe('record.created');
    // The second attempt delay doubles: attempt 2 → base × 2 (±25 %).
    expect(retryDelayMs(2, 400, () => 0.5)).toBe(800);
  });

  it('disables a webhook after repeated failures and notifies its owner and the administrators; redelivery by hand', async () => {
    const w = world();
    const path = `/${w.kind}/down`;
    receiver.respond(path, [503, 503, 503, 200]);
    const hook = await createHook(w, 'managerA1', path);
    for (const title of ['Down 1', 'Down 2', 'Down 3']) await deal(w, 'managerA1', title);
    const result = await deliver(w, { maxAttempts: 1, disableAfter: 3 });
    expect(result).toMatchObject({ claimed: 3, failed: 3 });
    const read = await w.as('managerA1', { method: 'GET', url: `/api/v1/webhooks/${hook.id}` });
    expect(read.body).toMatchObject({ isActive: false, consecutiveFailures: 3 });
    expect(read.body.disabledReason).toMatch(/3 failed deliveries/);
    const notified = await rows<{ userId: string; title: string }>(w.db, sql`select user_id as "userId", title from notifications where workspace_id = ${w.workspaceId} and data ->> 'webhookId' = ${hook.id}`);
    expect(notified.map((row) => row.userId).sort()).toEqual([w.users.admin.id, w.users.managerA1.id].sort());
    expect(notified[0].title).toMatch(/Hook/);
    // A disabled webhook gets no new deliveries.
    await deal(w, 'managerA1', 'Down 4');
    expect((await deliver(w)).claimed).toBe(0);
    const log = await w.as('managerA1', { method: 'GET', url: `/api/v1/webhooks/${hook.id}/deliveries?status=failed` });
    expect(log.body.data).toHaveLength(3);
    expect(log.body.data.every((delivery: { responseStatus: number }) => delivery.responseStatus === 503)).toBe(true);

    // The receiver is fixed: a delivery sent again by hand succeeds and is logged as manual.
    const redelivered = await w.as('managerA1', { method: 'POST', url: `/api/v1/webhooks/${hook.id}/deliveries/${log.body.data[0].id}/redeliver` });
    expect(redelivered.status).toBe(200);
    expect(redelivered.body).toMatchObject({ status: 'succeeded', responseStatus: 200, attempts: 2 });
    expect(redelivered.body.attemptLog[0]).toMatchObject({ manual: true, outcome: 'succeeded' });
    expect(receiver.on(path)).toHaveLength(4);
    expect((await w.as('managerA2', { method: 'POST', url: `/api/v1/webhooks/${hook.id}/deliveries/${log.body.data[0].id}/redeliver` })).status).toBe(404);
    // Switched on again, it starts from a clean count.
    const on = await w.as('managerA1', { method: 'PATCH', url: `/api/v1/webhooks/${hook.id}`, payload: { isActive: true } });
    expect(on.body).toMatchObject({ isActive: true, consecutiveFailures: 0, disabledReason: null });
  });

  it("sends only what the webhook's owner may read", async () => {
    const w = world();
    const path = `/${w.kind}/rights`;
    const adminPath = `/${w.kind}/rights-admin`;
    await createHook(w, 'managerA1', path);
    await createHook(w, 'admin', adminPath);
    const own = await deal(w, 'managerA1', 'Сделка A1');
    const foreign = await deal(w, 'managerB1', 'Сделка B1');
    const later = await deal(w, 'managerA1', 'Передана B1');
    await dispatchEvents(w.db);
    // Between dispatch and sending the last deal moves to B1: A1 can no longer read it, so it is skipped.
    expect((await w.as('admin', { method: 'PATCH', url: `/api/v1/deals/${later}`, payload: { ownerId: w.users.managerB1.id } })).status).toBe(200);
    await sendDueDeliveries(w.db, settings());
    const mine = receiver.on(path).map((request) => JSON.parse(request.body).recordId);
    expect(mine).toEqual([own]);
    expect(receiver.on(adminPath).map((request) => JSON.parse(request.body).recordId).sort()).toEqual([own, foreign, later].sort());
    const skipped = await rows<{ status: string; error: string }>(w.db, sql`select status, error from webhook_deliveries where record_id = ${later}::uuid and webhook_id in (select id from webhooks where owner_id = ${w.users.managerA1.id}::uuid)`);
    expect(skipped).toEqual([{ status: 'skipped', error: expect.stringMatching(/may not read/) }]);
    const [{ count }] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from webhook_deliveries where record_id = ${foreign}::uuid and webhook_id in (select id from webhooks where owner_id = ${w.users.managerA1.id}::uuid)`);
    expect(count).toBe(0);
  });

  it('sends a signed test ping at once and a timeout counts as a failure', async () => {
    const w = world();
    const path = `/${w.kind}/ping`;
    receiver.respond(path, [200], { body: 'pong' });
    const hook = await createHook(w, 'managerA1', path);
    const ping = await w.as('managerA1', { method: 'POST', url: `/api/v1/webhooks/${hook.id}/test` });
    expect(ping.status).toBe(200);
    expect(ping.body).toMatchObject({ eventType: 'ping', status: 'succeeded', responseStatus: 200, responseExcerpt: 'pong' });
    const [request] = receiver.on(path);
    expect(verifySignature(hook.secret, request)).toBe(true);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'ping', data: { webhookId: hook.id } });

    const slow = `/${w.kind}/slow`;
    receiver.respond(slow, [200], { delayMs: 1500 });
    await createHook(w, 'admin', slow);
    await deal(w, 'admin', 'Slow deal');
    expect(await deliver(w, { timeoutMs: 200 })).toMatchObject({ failed: 1 });
    const [delivery] = await rows<{ error: string }>(w.db, sql`select d.error from webhook_deliveries d join webhooks h on h.id = d.webhook_id where h.url like ${'%' + slow}`);
    expect(delivery.error).toMatch(/timed out after 200 ms/);
  });
  it('sends only events that happen after the webhook was created, and prunes old history', async () => {
    const w = world();
    const path = `/${w.kind}/since`;
    const earlier = await deal(w, 'admin', 'Before the webhook');
    const hook = await createHook(w, 'admin', path);
    const after = await deal(w, 'admin', 'After the webhook');
    await deliver(w);
    expect(receiver.on(path).map((request) => JSON.parse(request.body).recordId)).toEqual([after]);
    expect(earlier).not.toBe(after);

    // A delivery, its attempts and its event older than the retention go; a delivery still to be retried stays.
    await w.db.execute(sql`update webhook_deliveries set created_at = now() - interval '40 days' where webhook_id = ${hook.id}::uuid`);
    await w.db.execute(sql`update domain_events set dispatched_at = now() - interval '40 days' where record_id in (${earlier}::uuid, ${after}::uuid)`);
    const [kept] = await rows<{ id: string }>(
      w.db,
      sql`insert into webhook_deliveries (workspace_id, webhook_id, event_id, event_type, status, next_attempt_at, created_at)
          values (${w.workspaceId}, ${hook.id}, gen_random_uuid(), 'record.created', 'retrying', now() + interval '1 hour', now() - interval '40 days') returning id`,
    );
    const [old] = await rows<{ id: string }>(w.db, sql`select id from webhook_deliveries where webhook_id = ${hook.id}::uuid and status = 'succeeded'`);
    const pruned = await pruneWebhookHistory(w.db, 30);
    expect(pruned.deliveries).toBe(1);
    expect(pruned.events).toBeGreaterThanOrEqual(2);
    const left = await rows<{ id: string }>(w.db, sql`select id from webhook_deliveries where webhook_id = ${hook.id}::uuid`);
    expect(left.map((row) => row.id)).toEqual([kept.id]);
    const [{ attempts }] = await rows<{ attempts: number }>(w.db, sql`select count(*)::int as attempts from webhook_delivery_attempts where delivery_id = ${old.id}::uuid`);
    expect(attempts).toBe(0);
    const [{ events }] = await rows<{ events: number }>(w.db, sql`select count(*)::int as events from domain_events where record_id in (${earlier}::uuid, ${after}::uuid)`);
    expect(events).toBe(0);
  });
});
