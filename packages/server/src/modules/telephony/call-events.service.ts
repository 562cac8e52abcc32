// Call events from a PBX: ringing, answered, ended. Each event is applied once (call_events keyed by the
// PBX's event id, or call id + type), in any order, and merged into one calls row under a row lock. The
// caller is matched by phone in E.164 (the form every stored phone has, whatever the PBX sent). A ringing
// call is announced on the svyaz_calls channel to the user of its extension (the pop-up); an ended call is
// logged as a call activity through the record engine, so it is on the record's timeline with the rights
// and history of any activity, and a missed incoming call gives its user a task to call back.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { callEventSchema, normalisePhone, type CallEventInput } from '@svyaz/shared';
import { firstRow, rows, type Db, type Database } from '../../db/client.js';
import { AppError } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { recordDomainEvent } from '../../core/domain-events.js';
import type { Actor } from '../../core/context.js';
import { canActOn, type OwnedObject } from '../../core/access.js';
import { applyUpdate, createRecordInTransaction } from '../../core/records/record-service.js';
import { activityDefinition } from '../activities/activities.definition.js';
import { taskDefinition } from '../tasks/tasks.definition.js';
import { loadActor } from '../auth/auth.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { hashSecret, integrationColumns, loadIntegration, type IntegrationRow } from './integrations.service.js';
import { PHONE_RECORD_TYPES, phoneRecordByObject, phoneRecordByType } from './phone-records.js';

export const CALLS_CHANNEL = 'svyaz_calls';
const STATE_RANK: Record<string, number> = { ringing: 0, answered: 1, ended: 2 };
export interface CallRow {
  id: string;
  workspaceId: string;
  integrationId: string;
  externalId: string;
  direction: 'in' | 'out';
  fromNumber: string | null;
  toNumber: string | null;
  clientPhone: string | null;
  extension: string | null;
  userId: string | null;
  state: 'ringing' | 'answered' | 'ended';
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
  outcome: string | null;
  recordingUrl: string | null;
  recordType: string | null;
  recordId: string | null;
  activityId: string | null;
  poppedAt: string | null;
}

export const callColumns = sql`id, workspace_id as "workspaceId", integration_id as "integrationId", external_id as "externalId", direction,
  from_number as "fromNumber", to_number as "toNumber", client_phone as "clientPhone", extension, user_id as "userId", state,
  started_at as "startedAt", answered_at as "answeredAt", ended_at as "endedAt", duration_sec as "durationSec", outcome,
  recording_url as "recordingUrl", record_type as "recordType", record_id as "recordId", activity_id as "activityId", popped_at as "poppedAt"`;

const SIGNATURE_WINDOW_SEC = 300;

/**
 * The integration a PBX request comes from, or 401. Two ways to prove it:
 * - signed (preferred): X-Telephony-Integration: <id>, X-Telephony-Timestamp: <unix seconds>,
 *   X-Telephony-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">, keyed by the hex SHA-256 of
 *   the secret (only that hash is stored, so it is the key both sides can compute). The secret never travels,
 *   and a captured request cannot be replayed after five minutes or with another body;
 * - Authorization: Bearer <secret>, for PBXs and cloud providers whose webhooks can only send a fixed header
 *   (most can do no more); it relies on HTTPS, as any API token does.
 */
export async function authenticateIntegration(
  db: Db,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  now: number = Date.now(),
): Promise<IntegrationRow> {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const refuse = (message: string) => new AppError('UNAUTHENTICATED', { message });
  const signature = header('x-telephony-signature');
  if (signature) {
    const id = header('x-telephony-integration') ?? '';
    const timestamp = header('x-telephony-timestamp') ?? '';
    if (!/^\d{9,11}$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SEC) {
      throw refuse('X-Telephony-Timestamp is missing or more than five minutes away from the server clock');
    }
    const integration = await loadIntegration(db, id);
    const presented = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim())?.[1];
    if (!integration || !integration.isActive || !presented || !signatureMatches(integration.secretHash, timestamp, rawBody, presented)) {
      throw refuse('Unknown integration or wrong signature (X-Telephony-Signature: sha256=HMAC-SHA256(sha256hex(secret), "<timestamp>.<body>"))');
    }
    return integration;
  }
  const presented = /^Bearer\s+(\S+)$/i.exec(header('authorization') ?? '')?.[1];
  const integration = presented ? await firstRow<IntegrationRow>(db, sql`select ${integrationColumns} from telephony_integrations where secret_hash = ${hashSecret(presented)}`) : undefined;
  // One answer for an unknown integration, a wrong secret and a disabled integration: nothing to probe.
  if (!integration || !integration.isActive) throw refuse('Unknown integration or wrong secret (sign the request, or send Authorization: Bearer <the integration secret>)');
  return integration;
}

/** What a PBX computes to sign a request (also used by bench/simulate-call.ts). */
export function signCallEvent(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', hashSecret(secret)).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

function signatureMatches(secretHash: string, timestamp: string, rawBody: string, presentedHex: string): boolean {
  const expected = createHmac('sha256', secretHash).update(`${timestamp}.${rawBody}`).digest();
  const presented = Buffer.from(presentedHex, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

const isExtension = (value: string) => /^[0-9*#]{1,6}$/.test(value.trim());

/** The client's number of a call: the other side than the extension, normalised to E.164 when it is a phone. */
function clientNumber(event: CallEventInput): string | null {
  const raw = event.direction === 'in' ? event.from : event.to;
  if (isExtension(raw)) return null;
  return normalisePhone(raw) ?? null;
}

function extensionOf(event: CallEventInput): string | null {
  if (event.extension) return event.extension;
  const own = event.direction === 'in' ? event.to : event.from;
  return isExtension(own) ? own.trim() : null;
}

async function matchCaller(tx: Db, workspaceId: string, phone: string | null): Promise<{ recordType: string; recordId: string; object: OwnedObject } | null> {
  if (!phone) return null;
  for (const candidate of PHONE_RECORD_TYPES) {
    const found = await firstRow<{ id: string }>(
      tx,
      sql`select r.id from ${sql.raw(candidate.table)} r where r.workspace_id = ${workspaceId} and r.deleted_at is null and r.phones @> array[${phone}]::text[]
          and ${candidate.matchable('r')} order by r.updated_at desc limit 1`,
    );
    if (found) return { recordType: candidate.recordType, recordId: found.id, object: candidate.object };
  }
  return null;
}

export interface EventResult {
  callId: string;
  state: string;
  duplicate: boolean;
  activityId: string | null;
}

/** Applies one PBX event. The whole change (call, event, activity, task, notification, outbox) is one transaction. */
export async function applyCallEvent(database: Database, integration: IntegrationRow, body: unknown): Promise<EventResult> {
  const event = parseBody(callEventSchema, body);
  const at = event.occurredAt ? new Date(event.occurredAt).toISOString() : new Date().toISOString();
  const eventKey = event.eventId ?? `${event.callId}:${event.type}`;
  const ws = integration.workspaceId;
  const phone = clientNumber(event);
  const extension = extensionOf(event);
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const user = extension
      ? await firstRow<{ userId: string }>(tx, sql`select e.user_id as "userId" from telephony_extensions e join users u on u.id = e.user_id and u.is_active where e.integration_id = ${integration.id} and e.extension = ${extension}`)
      : undefined;
    // The row exists once per PBX call; the lock orders concurrent events of the same call.
    await tx.execute(sql`insert into calls (workspace_id, integration_id, external_id, direction, from_number, to_number, client_phone, extension, user_id, started_at)
      values (${ws}, ${integration.id}, ${event.callId}, ${event.direction}, ${event.from}, ${event.to}, ${phone}, ${extension}, ${user?.userId ?? null}, ${at})
      on conflict (integration_id, external_id) do nothing`);
    const call = (await firstRow<CallRow>(tx, sql`select ${callColumns} from calls where integration_id = ${integration.id} and external_id = ${event.callId} for update`))!;
    const inserted = await rows(tx, sql`insert into call_events (workspace_id, integration_id, event_key, call_id, type, occurred_at, payload)
      values (${ws}, ${integration.id}, ${eventKey}, ${call.id}, ${event.type}, ${at}, ${JSON.stringify(event)}::jsonb)
      on conflict (integration_id, event_key) do nothing returning event_key`);
    if (inserted.length === 0) return { callId: call.id, state: call.state, duplicate: true, activityId: call.activityId };

    const state = STATE_RANK[event.type] > STATE_RANK[call.state] ? event.type : call.state;
    // The first event's time until the ringing event (which may come late) says when the call began.
    const startedAt = event.type === 'ringing' ? at : call.startedAt;
    const answeredAt = event.type === 'answered' ? at : call.answeredAt;
    const endedAt = event.type === 'ended' ? at : call.endedAt;
    const durationSec = event.durationSec ?? call.durationSec ?? (event.type === 'ended' && answeredAt ? Math.max(0, Math.round((Date.parse(at) - Date.parse(answeredAt)) / 1000)) : null);
    const outcome = event.outcome ?? call.outcome ?? (state === 'ended' ? (answeredAt ? 'answered' : 'missed') : null);
    const match = call.recordId ? { recordType: call.recordType!, recordId: call.recordId, object: phoneRecordByType(call.recordType)?.object ?? 'contacts' } : await matchCaller(tx, ws, call.clientPhone ?? phone);
    const userId = call.userId ?? user?.userId ?? null;
    await tx.execute(sql`update calls set state = ${state}, started_at = ${startedAt}, answered_at = ${answeredAt}, ended_at = ${endedAt}, duration_sec = ${durationSec},
        outcome = ${outcome}, recording_url = coalesce(${event.recordingUrl ?? null}, recording_url), user_id = ${userId},
        extension = coalesce(extension, ${extension}), client_phone = coalesce(client_phone, ${phone}),
        record_type = ${match?.recordType ?? null}, record_id = ${match?.recordId ?? null},
        popped_at = case when ${state} = 'ringing' and ${userId}::uuid is not null then coalesce(popped_at, now()) else popped_at end, updated_at = now()
      where id = ${call.id}`);
    // The pop-up (and its dismissal) reaches the user's open pages when this transaction commits.
    if (userId) await tx.execute(sql`select pg_notify(${CALLS_CHANNEL}, ${`${userId}:${call.id}`})`);

    let activityId = call.activityId;
    if (state === 'ended' && !activityId) {
      const merged: CallRow = { ...call, state, startedAt, answeredAt, endedAt, durationSec, outcome, userId, recordType: match?.recordType ?? null, recordId: match?.recordId ?? null, recordingUrl: event.recordingUrl ?? call.recordingUrl };
      activityId = await logEndedCall(tx, integration, merged, match);
    } else if (state === 'ended' && call.state !== 'ended' && activityId) {
      // Logged before it ended (a call-list outcome given during the call): the PBX adds the call's length
      // to that activity, as its owner, instead of logging the call a second time.
      await completeEarlyActivity(tx, activityId, durationSec);
    }
    return { callId: call.id, state, duplicate: false, activityId };
  });
}

/**
 * Who the call is logged for: its user when they may read the matched record, else the record's owner (else
 * the user or the integration's author, unlinked). `linked`: whether that actor reads the record, so the
 * activity may point at it.
 */
async function loggingActor(tx: Db, integration: IntegrationRow, call: CallRow, match: { recordId: string; object: OwnedObject } | null): Promise<{ actor: Actor; linked: boolean } | undefined> {
  const user = call.userId ? await loadActor(tx, call.userId) : undefined;
  const record = match
    ? await firstRow<{ ownerId: string | null; teamId: string | null; collaboratorIds: string[] }>(
        tx,
        sql`select owner_id as "ownerId", team_id as "teamId", collaborator_ids as "collaboratorIds" from ${sql.raw(phoneRecordByObject(match.object)!.table)} where id = ${match.recordId}`,
      )
    : undefined;
  const reads = (actor: Actor | undefined): actor is Actor => Boolean(actor && match && record && canActOn(actor, match.object, 'read', record));
  if (reads(user)) return { actor: user, linked: true };
  const owner = record?.ownerId ? await loadActor(tx, record.ownerId) : undefined;
  if (reads(owner)) return { actor: owner, linked: true };
  const fallback = user ?? (integration.createdBy ? await loadActor(tx, integration.createdBy) : undefined);
  return fallback ? { actor: fallback, linked: false } : undefined;
}

async function completeEarlyActivity(tx: Db, activityId: string, durationSec: number | null): Promise<void> {
  const activity = await firstRow<{ ownerId: string | null; durationSec: number | null }>(tx, sql`select owner_id as "ownerId", duration_sec as "durationSec" from activities where id = ${activityId} and deleted_at is null`);
  if (!activity?.ownerId || durationSec === null || activity.durationSec) return;
  const owner = await loadActor(tx, activity.ownerId);
  if (!owner || !canActOn(owner, 'activities', 'update', { ownerId: activity.ownerId })) return;
  await applyUpdate({ db: tx, actor: owner }, tx, activityDefinition, activityId, { durationSec });
}

const subjects = {
  ru: { in: 'Входящий звонок', out: 'Исходящий звонок', missed: 'Пропущенный звонок', callBack: 'Перезвонить' },
  en: { in: 'Incoming call', out: 'Outgoing call', missed: 'Missed call', callBack: 'Call back' },
};

async function logEndedCall(tx: Db, integration: IntegrationRow, call: CallRow, match: { recordType: string; recordId: string; object: OwnedObject } | null): Promise<string | null> {
  const logged = await loggingActor(tx, integration, call, match);
  if (!logged) return null;
  const { actor } = logged;
  const words = actor.locale?.startsWith('en') ? subjects.en : subjects.ru;
  const missed = call.outcome === 'missed';
  const number = call.clientPhone ?? (call.direction === 'in' ? call.fromNumber : call.toNumber);
  const linked = logged.linked && match !== null;
  const activity = await createRecordInTransaction({ db: tx, actor }, tx, activityDefinition, {
    kind: 'call',
    subject: `${missed && call.direction === 'in' ? words.missed : words[call.direction]}${number ? ` ${number}` : ''}`,
    occurredAt: call.startedAt ?? call.endedAt ?? undefined,
    direction: call.direction === 'in' ? 'inbound' : 'outbound',
    durationSec: call.durationSec ?? 0,
    outcome: call.outcome ?? undefined,
    phone: call.clientPhone ?? null,
    recordType: linked ? match.recordType : null,
    recordId: linked ? match.recordId : null,
    ownerId: actor.userId,
  });
  const activityId = activity.id as string;
  await tx.execute(sql`update calls set activity_id = ${activityId} where id = ${call.id}`);
  if (missed && call.direction === 'in') {
    await createRecordInTransaction({ db: tx, actor }, tx, taskDefinition, {
      title: `${words.callBack}${number ? ` ${number}` : ''}`,
      dueAt: new Date(Date.now() + 60 * 60_000).toISOString(),
      priority: 'high',
      recordType: linked ? match.recordType : null,
      recordId: linked ? match.recordId : null,
      ownerId: actor.userId,
    });
    await notifyUsers(tx, [{ workspaceId: actor.workspaceId, userId: actor.userId, kind: 'system', title: `${words.missed}${number ? ` ${number}` : ''}`, recordType: linked ? match.recordType : null, recordId: linked ? match.recordId : null, data: { callId: call.id } }]);
  }
  await recordDomainEvent(tx, {
    workspaceId: actor.workspaceId,
    type: 'call.ended',
    object: linked ? match.object : 'activities',
    recordId: linked ? match.recordId : activityId,
    actorId: null,
    data: { callId: call.id, activityId, direction: call.direction, outcome: call.outcome, durationSec: call.durationSec },
  });
  return activityId;
}
