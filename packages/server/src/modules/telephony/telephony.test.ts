// Telephony over the real API: integrations (secret shown once), the PBX's call events as real calls post
// them (signed or with the bearer secret; duplicated and out of order), the caller matched by phone in any
// formatting, the call on the record's timeline, the missed call's task, the pop-up's rights, click-to-call
// against a PBX's originate URL on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.js';
import { describeWithWorld, type TestWorld, type UserKey } from '../../test/fixtures.js';
import { signCallEvent } from './call-events.service.js';

let pbx: Server;
let pbxUrl = '';
const originated: unknown[] = [];
beforeAll(async () => {
  pbx = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const parsed = JSON.parse(body) as { phone: string };
      originated.push(parsed);
      response.writeHead(parsed.phone === '+74950000000' ? 503 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
  pbxUrl = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}/originate`;
});
afterAll(() => new Promise<void>((resolve) => pbx.close(() => resolve())));

async function integration(w: TestWorld, extensions: Partial<Record<UserKey, string>>) {
  const created = await w.as('admin', {
    method: 'POST',
    url: '/api/v1/telephony/integrations',
    payload: { name: 'Офисная АТС', provider: 'asterisk', originateUrl: pbxUrl, extensions: Object.entries(extensions).map(([user, extension]) => ({ extension, userId: w.users[user as UserKey].id })) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, secret: created.body.secret as string };
}

async function post(w: TestWorld, pbxAuth: { id: string; secret: string }, event: Record<string, unknown>, how: 'signed' | 'bearer' = 'signed') {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> =
    how === 'signed'
      ? { 'content-type': 'application/json', 'x-telephony-integration': pbxAuth.id, 'x-telephony-timestamp': timestamp, 'x-telephony-signature': signCallEvent(pbxAuth.secret, timestamp, body) }
      : { 'content-type': 'application/json', authorization: `Bearer ${pbxAuth.secret}` };
  const response = await w.app.inject({ method: 'POST', url: '/api/v1/telephony/events', headers, payload: body });
  return { status: response.statusCode, body: response.json() };
}

async function contact(w: TestWorld, user: UserKey, phone: string, lastName: string) {
  const created = await w.as(user, { method: 'POST', url: '/api/v1/contacts', payload: { firstName: 'Иван', lastName, phones: [phone] } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

const callOf = async (w: TestWorld, callId: string) =>
  (await rows<{ state: string; outcome: string | null; durationSec: number | null; recordId: string | null; activityId: string | null; userId: string | null; count: number }>(
    w.db,
    sql`select state, outcome, duration_sec as "durationSec", record_id as "recordId", activity_id as "activityId", user_id as "userId",
          (select count(*)::int from calls c2 where c2.integration_id = calls.integration_id and c2.external_id = calls.external_id) as count
        from calls where id = ${callId}`,
  ))[0];

describeWithWorld('telephony', (world) => {
  it('administrators manage integrations; the secret is shown on create and rotate only, and the old one stops working', async () => {
    const w = world();
    const byManager = await w.as('managerA1', { method: 'POST', url: '/api/v1/telephony/integrations', payload: { name: 'x' } });
    expect(byManager.status).toBe(403);
    const badUrl = await w.as('admin', { method: 'POST', url: '/api/v1/telephony/integrations', payload: { name: 'x', originateUrl: 'ftp://pbx' } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.details[0].field).toBe('originateUrl');
    const twice = await w.as('admin', { method: 'POST', url: '/api/v1/telephony/integrations', payload: { name: 'x', extensions: [{ extension: '101', userId: w.users.admin.id }, { extension: '101', userId: w.users.head.id }] } });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details[0].field).toBe('extensions[1].extension');
    const pbxAuth = await integration(w, { managerA1: '201' });
    expect(pbxAuth.secret).toMatch(/^svt_/);
    const [stored] = await rows<{ secretHash: string }>(w.db, sql`select secret_hash as "secretHash" from telephony_integrations where id = ${pbxAuth.id}`);
    expect(stored.secretHash).not.toContain(pbxAuth.secret);
    const read = await w.as('admin', { method: 'GET', url: `/api/v1/telephony/integrations/${pbxAuth.id}` });
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(pbxAuth.secret);
    expect(read.body.extensions).toEqual([{ extension: '201', userId: w.users.managerA1.id, userName: 'Алексей Менеджер' }]);
    const list = await w.as('admin', { method: 'GET', url: '/api/v1/telephony/integrations' });
    expect(JSON.stringify(list.body)).not.toContain(pbxAuth.secret);
    const event = { callId: 'rot-1', type: 'ringing', direction: 'in', from: '+7 900 000-00-01', to: '201' };
    expect((await post(w, pbxAuth, event, 'bearer')).status).toBe(200);
    const rotated = await w.as('admin', { method: 'POST', url: `/api/v1/telephony/integrations/${pbxAuth.id}/rotate-secret` });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(pbxAuth.secret);
    expect((await post(w, pbxAuth, { ...event, callId: 'rot-2' }, 'bearer')).status).toBe(401);
    expect((await post(w, pbxAuth, { ...event, callId: 'rot-2' })).status).toBe(401);
    expect((await post(w, { id: pbxAuth.id, secret: rotated.body.secret }, { ...event, callId: 'rot-2' })).status).toBe(200);
    const deleted = await w.as('admin', { method: 'DELETE', url: `/api/v1/telephony/integrations/${pbxAuth.id}` });
    expect(deleted.status).toBe(200);
    expect((await post(w, { id: pbxAuth.id, secret: rotated.body.secret }, { ...event, callId: 'rot-3' })).status).toBe(401);
  });

  it('an incoming answered call, duplicated events and all, becomes one call logged on the caller’s timeline with its recording', async () => {
    const w = world();
    const pbxAuth = await integration(w, { managerA1: '301' });
    const contactId = await contact(w, 'managerA1', '+7 (916) 123-45-67', 'Звонков');
    const base = { callId: 'in-answered', direction: 'in', from: '8 916 123 45 67', to: '301' };
    const ringing = await post(w, pbxAuth, { ...base, type: 'ringing', eventId: 'e1', occurredAt: '2026-12-01T10:00:00Z' });
    expect(ringing.status, JSON.stringify(ringing.body)).toBe(200);
    expect(ringing.body).toMatchObject({ state: 'ringing', duplicate: false, activityId: null });
    const popup = await w.as('managerA1', { method: 'GET', url: `/api/v1/telephony/calls/${ringing.body.callId}` });
    expect(popup.body.caller).toMatchObject({ status: 'found', object: 'contacts', id: contactId, name: expect.stringContaining('Звонков') });
    expect((await post(w, pbxAuth, { ...base, type: 'ringing', eventId: 'e1' })).body.duplicate).toBe(true);
    await post(w, pbxAuth, { ...base, type: 'answered', eventId: 'e2', occurredAt: '2026-12-01T10:00:05Z' });
    const ended = await post(w, pbxAuth, { ...base, type: 'ended', eventId: 'e3', occurredAt: '2026-12-01T10:02:05Z', recordingUrl: 'https://pbx.example/rec/in-answered.mp3' }, 'bearer');
    expect(ended.body.activityId).toBeTruthy();
    expect((await post(w, pbxAuth, { ...base, type: 'ended', eventId: 'e3' })).body).toMatchObject({ duplicate: true, activityId: ended.body.activityId });
    const call = await callOf(w, ended.body.callId);
    expect(call).toMatchObject({ state: 'ended', outcome: 'answered', durationSec: 120, recordId: contactId, userId: w.users.managerA1.id, count: 1 });
    const timeline = await w.as('managerA1', { method: 'GET', url: `/api/v1/contacts/${contactId}/timeline` });
    expect(timeline.status).toBe(200);
    const item = timeline.body.data.find((entry: { kind: string; id: string }) => entry.kind === 'activity' && entry.id === ended.body.activityId);
    expect(item, JSON.stringify(timeline.body.data)).toBeTruthy();
    expect(JSON.stringify(item)).toContain('https://pbx.example/rec/in-answered.mp3');
    const [events] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from domain_events where workspace_id = ${w.workspaceId} and type = 'call.ended' and record_id = ${contactId}`);
    expect(events.count).toBe(1);
    const [activities] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from activities where workspace_id = ${w.workspaceId} and kind = 'call' and record_id = ${contactId}`);
    expect(activities.count).toBe(1);
  });

  it('a missed call gives the extension’s user a task to call back; out-of-order events merge into one call', async () => {
    const w = world();
    const pbxAuth = await integration(w, { managerA2: '302' });
    const base = { callId: 'in-missed', direction: 'in', from: '+7 495 111-22-33', to: '302' };
    // ended arrives before ringing
    const ended = await post(w, pbxAuth, { ...base, type: 'ended', occurredAt: '2026-12-01T11:00:30Z' });
    expect(ended.body.state).toBe('ended');
    const ringing = await post(w, pbxAuth, { ...base, type: 'ringing', occurredAt: '2026-12-01T11:00:00Z' });
    expect(ringing.body).toMatchObject({ state: 'ended', duplicate: false, callId: ended.body.callId });
    expect(await callOf(w, ended.body.callId)).toMatchObject({ state: 'ended', outcome: 'missed', recordId: null, count: 1 });
    const tasks = await rows<{ title: string; ownerId: string }>(w.db, sql`select title, owner_id as "ownerId" from tasks where workspace_id = ${w.workspaceId} and title like '%+74951112233%'`);
    expect(tasks).toEqual([{ title: 'Перезвонить +74951112233', ownerId: w.users.managerA2.id }]);
  });

  it('an outgoing call is logged on the called record', async () => {
    const w = world();
    const pbxAuth = await integration(w, { managerA1: '303' });
    const contactId = await contact(w, 'managerA1', '+7 903 555-66-77', 'Исходящий');
    const base = { callId: 'out-1', direction: 'out', from: '303', to: '89035556677' };
    await post(w, pbxAuth, { ...base, type: 'ringing' });
    await post(w, pbxAuth, { ...base, type: 'answered' });
    const ended = await post(w, pbxAuth, { ...base, type: 'ended', durationSec: 42 });
    expect(await callOf(w, ended.body.callId)).toMatchObject({ outcome: 'answered', durationSec: 42, recordId: contactId });
    const [activity] = await rows<{ direction: string; recordId: string }>(w.db, sql`select direction, record_id as "recordId" from activities where id = ${ended.body.activityId}`);
    expect(activity).toEqual({ direction: 'outbound', recordId: contactId });
  });

  it('refuses a bad signature or secret with 401 and bad fields with 400 naming the field, writing nothing', async () => {
    const w = world();
    const pbxAuth = await integration(w, { managerA1: '304' });
    const event = { callId: 'bad-1', type: 'ringing', direction: 'in', from: '+79001112233', to: '304' };
    expect((await post(w, { ...pbxAuth, secret: 'svt_wrong' }, event)).status).toBe(401);
    expect((await post(w, { ...pbxAuth, secret: 'svt_wrong' }, event, 'bearer')).status).toBe(401);
    const stale = await w.app.inject({
      method: 'POST',
      url: '/api/v1/telephony/events',
      headers: { 'content-type': 'application/json', 'x-telephony-integration': pbxAuth.id, 'x-telephony-timestamp': '1700000000', 'x-telephony-signature': signCallEvent(pbxAuth.secret, '1700000000', JSON.stringify(event)) },
      payload: JSON.stringify(event),
    });
    expect(stale.statusCode).toBe(401);
    const noType = await post(w, pbxAuth, { ...event, type: 'exploded' });
    expect(noType.status).toBe(400);
    expect(noType.body.error.details[0].field).toBe('type');
    const badFrom = await post(w, pbxAuth, { ...event, from: 'not a number' });
    expect(badFrom.status).toBe(400);
    expect(badFrom.body.error.details[0].field).toBe('from');
    const badDuration = await post(w, pbxAuth, { ...event, type: 'ended', durationSec: -5 });
    expect(badDuration.body.error.details[0].field).toBe('durationSec');
    const [count] = await rows<{ count: number }>(w.db, sql`select count(*)::int as count from calls where integration_id = ${pbxAuth.id}`);
    expect(count.count).toBe(0);
  });

  it('the pop-up names the caller only to a user who may read the record, and the call itself only to its user', async () => {
    const w = world();
    const pbxAuth = await integration(w, { managerA1: '401', managerB1: '402' });
    await contact(w, 'managerA1', '+7 911 222-33-44', 'Секретный');
    const toB = await post(w, pbxAuth, { callId: 'pop-b', type: 'ringing', direction: 'in', from: '+79112223344', to: '402' });
    const seenByB = await w.as('managerB1', { method: 'GET', url: `/api/v1/telephony/calls/${toB.body.callId}` });
    expect(seenByB.status).toBe(200);
    expect(seenByB.body.caller).toEqual({ status: 'hidden' });
    expect(JSON.stringify(seenByB.body)).not.toContain('Секретный');
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/telephony/calls/${toB.body.callId}` })).status).toBe(404);
    const active = await w.as('managerB1', { method: 'GET', url: '/api/v1/telephony/calls/active' });
    expect(active.body.data.map((call: { id: string }) => call.id)).toContain(toB.body.callId);
    // ended: logged for the record's owner, not on B's view of a record B may not read
    const ended = await post(w, pbxAuth, { callId: 'pop-b', type: 'ended', direction: 'in', from: '+79112223344', to: '402', durationSec: 10, outcome: 'answered' });
    expect(ended.body.activityId).toBeTruthy();
    const asB = await w.as('managerB1', { method: 'GET', url: `/api/v1/activities/${ended.body.activityId}` });
    expect(asB.status).toBe(404);
    // unknown caller → a lead in one click
    const unknown = await post(w, pbxAuth, { callId: 'pop-new', type: 'ringing', direction: 'in', from: '+7 (812) 765-43-21', to: '401' });
    const seen = await w.as('managerA1', { method: 'GET', url: `/api/v1/telephony/calls/${unknown.body.callId}` });
    expect(seen.body.caller).toEqual({ status: 'unknown' });
    const lead = await w.as('managerA1', { method: 'POST', url: `/api/v1/telephony/calls/${unknown.body.callId}/lead` });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    const leadRead = await w.as('managerA1', { method: 'GET', url: `/api/v1/leads/${lead.body.leadId}` });
    expect(leadRead.body.phones).toEqual(['+78127654321']);
    expect((await w.as('managerA1', { method: 'GET', url: `/api/v1/telephony/calls/${unknown.body.callId}` })).body.caller).toMatchObject({ status: 'found', object: 'leads' });
  });

  it('click-to-call asks the PBX’s originate URL to ring my extension and names its refusal', async () => {
    const w = world();
    await integration(w, { managerA1: '501' });
    const me = await w.as('managerA1', { method: 'GET', url: '/api/v1/telephony/me' });
    expect(me.body.clickToCall).toBe(true);
    originated.length = 0;
    const call = await w.as('managerA1', { method: 'POST', url: '/api/v1/telephony/originate', payload: { phone: '8 (916) 000-11-22' } });
    expect(call.status, JSON.stringify(call.body)).toBe(202);
    expect(originated).toEqual([expect.objectContaining({ extension: '501', phone: '+79160001122', userId: w.users.managerA1.id })]);
    const refused = await w.as('managerA1', { method: 'POST', url: '/api/v1/telephony/originate', payload: { phone: '+7 495 000-00-00' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('PBX_FAILED');
    const noExtension = await w.as('reader', { method: 'POST', url: '/api/v1/telephony/originate', payload: { phone: '+79160001122' } });
    expect(noExtension.status).toBe(403);
    const badPhone = await w.as('managerA1', { method: 'POST', url: '/api/v1/telephony/originate', payload: { phone: 'call me' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.details[0].field).toBe('phone');
  });
});
