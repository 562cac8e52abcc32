// Scheduled report emails: a saved report mailed daily, weekly or monthly as XLSX or PDF from a
// mailbox its owner may send from. It is run with the owner's rights at sending time (so it never
// shows more than the owner could see then) and needs export rights on the report's source, like a
// download. The file is stored and attached to an ordinary queued message, so delivery, retries and
// failure reports are the email module's. The job claims due schedules with SKIP LOCKED and moves
// next_run_at in the same transaction, so two workers never send the same run twice.
import { sql } from 'drizzle-orm';
import { firstRow, rows, type Database, type Db } from '../../db/client.js';
import { permissionLevel, requirePermission } from '../../core/access.js';
import { diffRecords, recordAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, invalid, notFound } from '../../core/errors.js';
import { isUuid } from '../../core/records/record-service.js';
import { parseBody } from '../../core/validation.js';
import type { JobQueue } from '../../jobs/job-runner.js';
import { loadActor } from '../auth/auth.service.js';
import { escapeHtml } from '../email/email-html.js';
import { usableMailbox } from '../email/mailboxes.service.js';
import { queueSystemEmails } from '../email/system-emails.js';
import { storeFile } from '../files/files.service.js';
import { notifyUsers } from '../notifications/notifications.service.js';
import { publicBaseUrl } from '../surveys/surveys.service.js';
import { scheduleCreateSchema, scheduleUpdateSchema } from './dashboards.schema.js';
import { executeReport, getSavedReport, type ReportResult } from './report-builder.service.js';
import { reportDefinitionSchema } from './report-builder.schema.js';
import { reportObjects } from './report-objects.js';
import { reportColumns, reportLanguage, reportPdfBuffer, reportXlsxBuffer, type ReportLanguage } from './report-render.js';
import { nextRunAt, type Cadence } from './schedule-time.js';

export interface ScheduleRow extends Cadence {
  id: string;
  workspaceId: string;
  reportId: string;
  reportName: string | null;
  ownerId: string;
  mailboxId: string;
  recipients: string[];
  format: 'xlsx' | 'pdf';
  isActive: boolean;
  nextRunAt: string;
  lastRunAt: string | null;
  lastStatus: 'sent' | 'failed' | null;
  lastError: string | null;
}

const columns = sql`s.id, s.workspace_id as "workspaceId", s.report_id as "reportId", (select r.name from saved_reports r where r.id = s.report_id) as "reportName", s.owner_id as "ownerId",
  s.mailbox_id as "mailboxId", s.recipients, s.format, s.frequency, s.weekday, s.month_day as "monthDay", s.send_time as "sendTime", s.time_zone as "timeZone",
  s.is_active as "isActive", s.next_run_at as "nextRunAt", s.last_run_at as "lastRunAt", s.last_status as "lastStatus", s.last_error as "lastError"`;

/** The caller's own schedules (optionally of one report). */
export async function listSchedules(ctx: Ctx, query: { reportId?: string }) {
  if (query.reportId !== undefined && !isUuid(query.reportId)) throw invalid('reportId', 'is not a report id');
  const report = query.reportId ? sql` and s.report_id = ${query.reportId}::uuid` : sql``;
  const data = await rows<ScheduleRow>(ctx.db, sql`select ${columns} from report_schedules s where s.workspace_id = ${ctx.actor.workspaceId} and s.owner_id = ${ctx.actor.userId}${report} order by s.next_run_at, s.id`);
  return { data };
}

async function findOwn(ctx: Ctx, db: Db, id: string, forUpdate = false): Promise<ScheduleRow> {
  const found = isUuid(id)
    ? await firstRow<ScheduleRow>(db, sql`select ${columns} from report_schedules s where s.id = ${id}::uuid and s.workspace_id = ${ctx.actor.workspaceId} and s.owner_id = ${ctx.actor.userId} ${forUpdate ? sql`for update` : sql``}`)
    : undefined;
  if (!found) throw notFound('report schedule', id);
  return found;
}

export const getSchedule = (ctx: Ctx, id: string) => findOwn(ctx, ctx.db, id);

/** The report must be one the owner opens and may export; the mailbox one they may send from. */
async function checkReferences(ctx: Ctx, input: { reportId?: string; mailboxId?: string }) {
  if (input.reportId) {
    const report = await getSavedReport(ctx, input.reportId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw invalid('reportId', 'is not a saved report you can open');
      throw error;
    });
    const definition = parseBody(reportDefinitionSchema, report.definition);
    if (permissionLevel(ctx.actor, reportObjects[definition.source].permission, 'export') === 'none') throw invalid('reportId', `needs the right to export ${definition.source}, which your role does not have`);
  }
  if (input.mailboxId) await usableMailbox(ctx, input.mailboxId);
}

const pick = (row: ScheduleRow) => ({ reportId: row.reportId, mailboxId: row.mailboxId, recipients: row.recipients, format: row.format, frequency: row.frequency, weekday: row.weekday, monthDay: row.monthDay, sendTime: row.sendTime, timeZone: row.timeZone, isActive: row.isActive });

export async function createSchedule(ctx: Ctx, body: unknown, now = new Date()) {
  const input = parseBody(scheduleCreateSchema, body);
  await checkReferences(ctx, input);
  const next = nextRunAt(input, now);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const created = (await firstRow<{ id: string }>(
      tx,
      sql`insert into report_schedules (workspace_id, report_id, owner_id, mailbox_id, recipients, format, frequency, weekday, month_day, send_time, time_zone, is_active, next_run_at)
          values (${ctx.actor.workspaceId}, ${input.reportId}, ${ctx.actor.userId}, ${input.mailboxId}, ${JSON.stringify(input.recipients)}::jsonb, ${input.format}, ${input.frequency},
            ${input.frequency === 'weekly' ? input.weekday! : null}, ${input.frequency === 'monthly' ? input.monthDay! : null}, ${input.sendTime}, ${input.timeZone}, ${input.isActive}, ${next.toISOString()}::timestamptz)
          returning id`,
    ))!;
    const schedule = await findOwn(ctx, tx, created.id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'report_schedule', recordId: schedule.id, action: 'create', changes: diffRecords(null, pick(schedule)) }]);
    return schedule;
  });
}

export async function updateSchedule(ctx: Ctx, id: string, body: unknown, now = new Date()) {
  const input = parseBody(scheduleUpdateSchema, body);
  if (input.mailboxId) await checkReferences(ctx, { mailboxId: input.mailboxId });
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await findOwn(ctx, tx, id, true);
    const merged = { ...pick(before), ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) } as ReturnType<typeof pick>;
    const checked = parseBody(scheduleCreateSchema, merged);
    const next = nextRunAt(checked, now);
    await tx.execute(
      sql`update report_schedules set mailbox_id = ${checked.mailboxId}, recipients = ${JSON.stringify(checked.recipients)}::jsonb, format = ${checked.format}, frequency = ${checked.frequency},
            weekday = ${checked.frequency === 'weekly' ? checked.weekday! : null}, month_day = ${checked.frequency === 'monthly' ? checked.monthDay! : null}, send_time = ${checked.sendTime},
            time_zone = ${checked.timeZone}, is_active = ${checked.isActive}, next_run_at = ${next.toISOString()}::timestamptz, updated_at = now()
          where id = ${id}::uuid`,
    );
    const after = await findOwn(ctx, tx, id);
    await recordAudit(tx, ctx.actor, [{ recordType: 'report_schedule', recordId: id, action: 'update', changes: diffRecords(pick(before), pick(after)) }]);
    return after;
  });
}

export async function deleteSchedule(ctx: Ctx, id: string): Promise<{ deleted: number }> {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const schedule = await findOwn(ctx, tx, id, true);
    await tx.execute(sql`delete from report_schedules where id = ${id}::uuid`);
    await recordAudit(tx, ctx.actor, [{ recordType: 'report_schedule', recordId: id, action: 'delete', changes: diffRecords(pick(schedule), null) }]);
    return { deleted: 1 };
  });
}

const mailWords = {
  ru: { subject: (name: string) => `Отчёт «${name}»`, intro: (name: string, format: string) => `Отчёт «${name}» во вложении (${format}).`, open: 'Открыть в Svyaz CRM', more: (count: number) => `…и ещё строк: ${count}` },
  en: { subject: (name: string) => `Report "${name}"`, intro: (name: string, format: string) => `The report "${name}" is attached (${format}).`, open: 'Open in Svyaz CRM', more: (count: number) => `…and ${count} more rows` },
};
const PREVIEW_ROWS = 30;

/** The message body: a line, the first rows as a table, and a link to the report. */
function mailHtml(result: ReportResult, input: { name: string; reportId: string; format: string; language: ReportLanguage }) {
  const words = mailWords[input.language];
  const columns = reportColumns(result, input.language);
  const shown = result.rows.slice(0, PREVIEW_ROWS) as unknown as Record<string, unknown>[];
  const cell = (value: unknown) => escapeHtml(value === null || value === undefined ? '' : String(value));
  const head = columns.map((column) => `<th style="text-align:left;border-bottom:1px solid #ccc;padding:2px 8px">${cell(column.header)}</th>`).join('');
  const body = shown.map((row) => `<tr>${columns.map((column) => `<td style="padding:2px 8px">${cell(column.value(row))}</td>`).join('')}</tr>`).join('');
  const more = result.rows.length > PREVIEW_ROWS ? `<p>${escapeHtml(words.more(result.rows.length - PREVIEW_ROWS))}</p>` : '';
  const link = `${publicBaseUrl()}/reports/${input.reportId}`;
  return `<p>${escapeHtml(words.intro(input.name, input.format.toUpperCase()))}</p><table style="border-collapse:collapse;font-size:13px"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}<p><a href="${escapeHtml(link)}">${escapeHtml(words.open)}</a></p>`;
}

/**
 * Runs the report as the schedule's owner, stores the file, queues the message and records the run.
 * A run that cannot be made (owner gone, report no longer theirs, export right or mailbox lost) is
 * recorded as failed with the reason and the owner is told; it never throws.
 */
export async function deliverSchedule(db: Db, jobs: JobQueue | undefined, schedule: ScheduleRow, at = new Date()): Promise<{ status: 'sent' | 'failed'; emailId?: string; error?: string }> {
  try {
    const actor = await loadActor(db, schedule.ownerId);
    if (!actor) throw new Error('the owner of this schedule no longer exists');
    const ctx: Ctx = { db, actor };
    const report = await getSavedReport(ctx, schedule.reportId);
    const definition = parseBody(reportDefinitionSchema, report.definition);
    requirePermission(actor, reportObjects[definition.source].permission, 'export');
    const mailbox = await usableMailbox(ctx, schedule.mailboxId);
    const result = await executeReport(ctx, definition);
    const language = reportLanguage(actor.locale);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: schedule.timeZone }).format(at);
    const base = `${report.name.replace(/[^\p{L}\p{N} _-]/gu, '').trim() || 'report'}-${day}`;
    const file =
      schedule.format === 'pdf'
        ? { name: `${base}.pdf`, contentType: 'application/pdf', content: await reportPdfBuffer(result, { name: report.name, language, at, timeZone: schedule.timeZone }) }
        : { name: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: await reportXlsxBuffer(result, language) };
    const emailId = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const stored = await storeFile(tx, { workspaceId: actor.workspaceId, name: file.name, contentType: file.contentType, content: file.content, createdBy: actor.userId });
      const [id] = await queueSystemEmails(tx, { workspaceId: actor.workspaceId, mailbox, createdBy: actor.userId }, [
        {
          to: schedule.recipients.map((address) => ({ address, name: null })),
          subject: mailWords[language].subject(report.name),
          html: mailHtml(result, { name: report.name, reportId: report.id, format: schedule.format, language }),
          links: [],
          attachments: [{ fileId: stored.id, name: stored.name, contentType: stored.contentType, size: stored.size }],
        },
      ]);
      await tx.execute(sql`update report_schedules set last_run_at = ${at.toISOString()}::timestamptz, last_status = 'sent', last_error = null, updated_at = now() where id = ${schedule.id}::uuid`);
      return id;
    });
    await jobs?.enqueue('email-send', { messageId: emailId });
    return { status: 'sent', emailId };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db.execute(sql`update report_schedules set last_run_at = ${at.toISOString()}::timestamptz, last_status = 'failed', last_error = ${reason.slice(0, 1000)}, updated_at = now() where id = ${schedule.id}::uuid`);
    await notifyUsers(db, [
      { workspaceId: schedule.workspaceId, userId: schedule.ownerId, kind: 'system', title: `Scheduled report not sent: ${schedule.reportName ?? schedule.reportId}`, body: reason.slice(0, 500), recordType: null, recordId: null, data: { reportId: schedule.reportId, scheduleId: schedule.id } },
    ]).catch(() => undefined);
    return { status: 'failed', error: reason };
  }
}

/** "Send now" from the report page: the same run as the schedule's, out of turn (next_run_at unchanged). */
export async function sendScheduleNow(ctx: Ctx, jobs: JobQueue, id: string) {
  const schedule = await findOwn(ctx, ctx.db, id);
  const outcome = await deliverSchedule(ctx.db, jobs, schedule);
  return { ...outcome, schedule: await findOwn(ctx, ctx.db, id) };
}

/** The every-minute job: claims the due schedules (moving each to its next run) and sends them. */
export async function runDueSchedules(database: Database, jobs: JobQueue | undefined, now = new Date()): Promise<{ sent: number; failed: number }> {
  const db = database.db;
  const claimed = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const due = await rows<ScheduleRow>(tx, sql`select ${columns} from report_schedules s where s.is_active and s.next_run_at <= ${now.toISOString()}::timestamptz order by s.next_run_at limit 50 for update of s skip locked`);
    if (due.length) {
      const moved = due.map((schedule) => ({ id: schedule.id, next: nextRunAt(schedule, now).toISOString() }));
      await tx.execute(sql`update report_schedules s set next_run_at = x.next from jsonb_to_recordset(${JSON.stringify(moved)}::jsonb) as x(id uuid, next timestamptz) where s.id = x.id`);
    }
    return due;
  });
  let sent = 0;
  let failed = 0;
  for (const schedule of claimed) {
    const outcome = await deliverSchedule(db, jobs, schedule, now);
    if (outcome.status === 'sent') sent++;
    else failed++;
  }
  return { sent, failed };
}
