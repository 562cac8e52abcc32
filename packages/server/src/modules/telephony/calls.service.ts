// Calls as a user sees them: the pop-up of a call ringing at their extension (the caller named only when
// they may read the matched record), a lead from an unknown caller in one click, and click-to-call through
// the PBX's originate URL.
import { sql } from 'drizzle-orm';
import { normalisePhone, originateSchema } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/validation.js';
import { accessCondition } from '../../core/access.js';
import { createRecordInTransaction } from '../../core/records/record-service.js';
import { leadDefinition } from '../leads/leads.definition.js';
import { caseDefinition } from '../cases/cases.definition.js';
import { callColumns, type CallRow } from './call-events.service.js';
import { phoneRecordByType } from './phone-records.js';

/** The caller as this user may see them: named with a link, "known" without details, or unknown. */
async function callerFor(ctx: Ctx, call: CallRow): Promise<{ status: 'found' | 'hidden' | 'unknown'; object?: string; recordType?: string; id?: string; name?: string; companyName?: string | null }> {
  if (!call.recordType || !call.recordId) return { status: 'unknown' };
  const spec = phoneRecordByType(call.recordType);
  if (!spec) return { status: 'unknown' };
  const found = await firstRow<{ id: string; name: string; companyName: string | null }>(
    ctx.db,
    sql`select r.id, ${spec.name('r')} as name,
          ${call.recordType === 'contact' ? sql`(select c.name from companies c where c.id = r.company_id and c.deleted_at is null and ${accessCondition(ctx.actor, 'companies', 'read', 'c')})` : sql`null::text`} as "companyName"
        from ${sql.raw(spec.table)} r where r.id = ${call.recordId} and r.deleted_at is null and ${accessCondition(ctx.actor, spec.object, 'read', 'r')}`,
  );
  if (!found) return { status: 'hidden' };
  return { status: 'found', object: spec.object, recordType: call.recordType, id: found.id, name: found.name, companyName: found.companyName };
}

export async function callView(ctx: Ctx, call: CallRow) {
  return {
    id: call.id,
    state: call.state,
    direction: call.direction,
    phone: call.clientPhone ?? (call.direction === 'in' ? call.fromNumber : call.toNumber),
    extension: call.extension,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    durationSec: call.durationSec,
    outcome: call.outcome,
    recordingUrl: call.recordingUrl,
    activityId: call.activityId,
    caller: await callerFor(ctx, call),
  };
}

/** One of my calls (the pop-up reads it when the stream announces it); another user's call is 404. */
export async function myCall(ctx: Ctx, id: string) {
  const call = /^[0-9a-f-]{36}$/i.test(id)
    ? await firstRow<CallRow>(ctx.db, sql`select ${callColumns} from calls where id = ${id} and workspace_id = ${ctx.actor.workspaceId} and user_id = ${ctx.actor.userId}`)
    : undefined;
  if (!call) throw notFound('call', id);
  return callView(ctx, call);
}

/** My calls still ringing or in progress (a page opened during a call shows its pop-up). */
export async function myActiveCalls(ctx: Ctx) {
  const found = await rows<CallRow>(
    ctx.db,
    sql`select ${callColumns} from calls where workspace_id = ${ctx.actor.workspaceId} and user_id = ${ctx.actor.userId} and state <> 'ended'
        and coalesce(answered_at, started_at, created_at) > now() - interval '2 hours' order by created_at desc limit 5`,
  );
  return { data: await Promise.all(found.map((call) => callView(ctx, call))) };
}

/** "New lead" from the pop-up of an unknown caller: a lead with the number, owned by me, linked to the call. */
export async function leadFromCall(ctx: Ctx, id: string) {
  const call = await firstRow<CallRow>(ctx.db, sql`select ${callColumns} from calls where id = ${id} and workspace_id = ${ctx.actor.workspaceId} and user_id = ${ctx.actor.userId}`);
  if (!call) throw notFound('call', id);
  if (call.recordId) throw new AppError('CONFLICT', { message: 'The caller is already known', details: [{ field: 'callId', problem: 'is already linked to a record' }] });
  const phone = call.clientPhone;
  if (!phone) throw invalid('phone', 'the call has no client number to make a lead of');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const title = ctx.actor.locale?.startsWith('en') ? `Call from ${phone}` : `Звонок с ${phone}`;
    const lead = await createRecordInTransaction({ ...ctx, db: tx }, tx, leadDefinition, { title, phones: [phone], source: 'phone', ownerId: ctx.actor.userId }, { force: true });
    await tx.execute(sql`update calls set record_type = 'lead', record_id = ${lead.id as string}, updated_at = now() where id = ${id}`);
    if (call.activityId) await tx.execute(sql`update activities set record_type = 'lead', record_id = ${lead.id as string} where id = ${call.activityId} and record_id is null`);
    return { leadId: lead.id as string };
  });
}

/**
 * "New case" from a call (issue 12): a phone case owned by me, for the caller's contact or company when I may
 * read it, linked both ways (cases.source_call_id, calls.case_id). A second click answers 409 with the case.
 */
export async function caseFromCall(ctx: Ctx, id: string) {
  const call = /^[0-9a-f-]{36}$/i.test(id)
    ? await firstRow<CallRow & { caseId: string | null }>(ctx.db, sql`select ${callColumns}, case_id as "caseId" from calls where id = ${id} and workspace_id = ${ctx.actor.workspaceId} and user_id = ${ctx.actor.userId}`)
    : undefined;
  if (!call) throw notFound('call', id);
  if (call.caseId) throw new AppError('CONFLICT', { message: 'This call already has a case', details: [{ field: 'callId', problem: 'already has a case', caseId: call.caseId }] });
  const caller = await callerFor(ctx, call);
  const phone = call.clientPhone ?? (call.direction === 'in' ? call.fromNumber : call.toNumber) ?? '';
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const who = caller.status === 'found' ? caller.name : phone;
    const subject = ctx.actor.locale?.startsWith('en') ? `Call from ${who}` : `Звонок: ${who}`;
    const link = caller.status === 'found' && caller.recordType === 'contact' ? { contactId: caller.id } : caller.status === 'found' && caller.recordType === 'company' ? { companyId: caller.id } : {};
    const created = await createRecordInTransaction({ ...ctx, db: tx }, tx, caseDefinition, { subject: subject.slice(0, 300), channel: 'phone', status: 'in_progress', ownerId: ctx.actor.userId, ...link }, { force: true, preset: { sourceCallId: id } });
    await tx.execute(sql`update calls set case_id = ${created.id as string}::uuid, updated_at = now() where id = ${id}`);
    return { caseId: created.id as string, number: created.number as string };
  });
}

/**
 * Click-to-call: asks the PBX (the originate URL of an integration that maps me to an extension) to ring my
 * extension and then dial the number. The PBX answers for itself; its failure is a 422 naming the problem.
 */
export async function originateCall(ctx: Ctx, body: unknown) {
  const input = parseBody(originateSchema, body);
  const target = await firstRow<{ integrationId: string; originateUrl: string; extension: string }>(
    ctx.db,
    sql`select i.id as "integrationId", i.originate_url as "originateUrl", e.extension
        from telephony_extensions e join telephony_integrations i on i.id = e.integration_id and i.is_active and i.originate_url is not null
        where e.workspace_id = ${ctx.actor.workspaceId} and e.user_id = ${ctx.actor.userId} ${input.integrationId ? sql`and i.id = ${input.integrationId}` : sql``}
        order by i.created_at desc limit 1`,
  );
  if (!target) throw new AppError('FORBIDDEN', { message: 'No telephony integration with click-to-call maps you to an extension', details: [{ field: 'integrationId', problem: 'no integration with an originate URL has an extension of yours' }] });
  const phone = /^[0-9*#]{1,6}$/.test(input.phone.trim()) ? input.phone.trim() : normalisePhone(input.phone);
  if (!phone) throw invalid('phone', 'is not a phone number');
  let response: Response;
  try {
    response = await fetch(target.originateUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Svyaz-CRM' },
      body: JSON.stringify({ extension: target.extension, phone, recordType: input.recordType ?? null, recordId: input.recordId ?? null, userId: ctx.actor.userId }),
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    throw new AppError('PBX_FAILED', { message: `The PBX did not answer: ${(error as Error).message}`, details: [{ field: 'integrationId', problem: 'the originate URL did not answer' }] });
  }
  if (!response.ok) throw new AppError('PBX_FAILED', { message: `The PBX refused the call (HTTP ${response.status})`, details: [{ field: 'phone', problem: `the PBX answered ${response.status}` }] });
  return { ok: true as const, extension: target.extension, phone, integrationId: target.integrationId };
}
