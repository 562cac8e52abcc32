// Dashboards and scheduled report emails through the API, on PGlite and PostgreSQL: a team dashboard
// whose widgets show each viewer their own figures, refusals naming the field, owner-only changes, and a
// schedule that mails the report as XLSX and PDF to a real SMTP server on loopback, with the run moved
// on exactly once by the job.
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { firstRow } from '../../db/client.js';
import { describeWithWorld, type TestWorld } from '../../test/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../test/mail-servers.js';
import { closeMailTransports, deliverEmail } from '../email/email-delivery.js';
import { forgetActor } from '../auth/auth.service.js';
import { runDueSchedules } from './report-schedules.service.js';

const FROM = 'reports@svyaz.test';
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer({ [FROM]: 'smtp-secret' });
});
afterAll(async () => {
  closeMailTransports();
  await smtp?.stop();
});

const byManager = { source: 'deals', filters: [{ field: 'title', op: 'contains', value: 'DB-' }], groupBy: [{ field: 'ownerId' }], measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }], chart: 'bar' };

async function deal(w: TestWorld, user: 'managerA1' | 'managerA2' | 'managerB1', title: string, amount: string) {
  const created = await w.as(user, { method: 'POST', url: '/api/v1/deals', payload: { title, amount } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}

async function mailbox(w: TestWorld): Promise<string> {
  const created = await w.as('admin', { method: 'POST', url: '/api/v1/mailboxes', payload: { name: 'Отчёты', emailAddress: FROM, shared: true, smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', login: FROM, password: 'smtp-secret' } } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

describeWithWorld('dashboards and report schedules', (world) => {
  let shared = '';
  let privateReport = '';
  let dashboard = '';

  it('puts team reports on a team dashboard whose widgets show each viewer their own figures', async () => {
    const w = world();
    await deal(w, 'managerA1', 'DB-1', '100');
    await deal(w, 'managerA1', 'DB-2', '250.50');
    await deal(w, 'managerA2', 'DB-3', '40');
    await deal(w, 'managerB1', 'DB-4', '9000');
    const report = await w.as('head', { method: 'POST', url: '/api/v1/reports', payload: { name: 'Сделки по менеджерам', visibility: 'team', definition: byManager } });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    shared = report.body.id;
    const mine = await w.as('head', { method: 'POST', url: '/api/v1/reports', payload: { name: 'Личный', visibility: 'private', definition: { ...byManager, chart: 'table' } } });
    privateReport = mine.body.id;

    const created = await w.as('head', { method: 'POST', url: '/api/v1/dashboards', payload: { name: 'Отдел продаж', visibility: 'team', widgets: [{ reportId: shared, width: 4 }] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    dashboard = created.body.id;
    expect(created.body.widgets).toEqual([expect.objectContaining({ reportId: shared, width: 4, height: 1, available: true, reportName: 'Сделки по менеджерам', chart: 'bar', id: expect.any(String) })]);

    // Anna's team sees the dashboard; Boris's does not.
    const seen = await w.as('managerA1', { method: 'GET', url: `/api/v1/dashboards/${dashboard}` });
    expect(seen.status).toBe(200);
    expect((await w.as('managerB1', { method: 'GET', url: `/api/v1/dashboards/${dashboard}` })).status).toBe(404);
    expect((await w.as('managerB1', { method: 'GET', url: '/api/v1/dashboards' })).body.data.map((item: { id: string }) => item.id)).not.toContain(dashboard);

    // The widget's report counts what each viewer may read: the head the team's deals, a manager their own.
    const sums = async (user: 'head' | 'managerA1') =>
      ((await w.as(user, { method: 'GET', url: `/api/v1/reports/${seen.body.widgets[0].reportId}/run` })).body.rows as { keys: string[]; values: (string | number)[] }[])
        .map((row) => [row.keys[0], row.values[0], row.values[1]])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    // The head of sales reads every deal: all three managers; Anna only her own.
    const expected = [[w.users.managerA1.id, 2, '350.50'], [w.users.managerA2.id, 1, '40.00'], [w.users.managerB1.id, 1, '9000.00']];
    expect(await sums('head')).toEqual(expected.sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(await sums('managerA1')).toEqual([[w.users.managerA1.id, 2, '350.50']]);
  });

  it('refuses widgets the team could not open, more than the limit, and changes by anyone but the owner', async () => {
    const w = world();
    const privateOnTeam = await w.as('head', { method: 'PATCH', url: `/api/v1/dashboards/${dashboard}`, payload: { widgets: [{ reportId: shared }, { reportId: privateReport }] } });
    expect(privateOnTeam.status).toBe(400);
    expect(privateOnTeam.body.error.details[0].field).toBe('widgets[1].reportId');
    const foreign = await w.as('managerB1', { method: 'POST', url: '/api/v1/dashboards', payload: { name: 'Мой', widgets: [{ reportId: privateReport }] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0].field).toBe('widgets[0].reportId');
    const tooWide = await w.as('head', { method: 'POST', url: '/api/v1/dashboards', payload: { name: 'Широкий', widgets: [{ reportId: shared, width: 5 }] } });
    expect(tooWide.status).toBe(400);
    expect(tooWide.body.error.details[0].field).toBe('widgets[0].width');
    const many = await w.as('head', { method: 'POST', url: '/api/v1/dashboards', payload: { name: 'Много', widgets: Array.from({ length: 25 }, () => ({ reportId: shared })) } });
    expect(many.status).toBe(400);
    expect(many.body.error.details[0].field).toBe('widgets');
    const noName = await w.as('head', { method: 'POST', url: '/api/v1/dashboards', payload: { name: ' ' } });
    expect(noName.body.error.details[0].field).toBe('name');
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/dashboards/${dashboard}`, payload: { name: 'Захват' } })).status).toBe(403);
    expect((await w.as('managerA1', { method: 'DELETE', url: `/api/v1/dashboards/${dashboard}` })).status).toBe(403);
    // Nothing of the refused changes was written.
    const after = await w.as('head', { method: 'GET', url: `/api/v1/dashboards/${dashboard}` });
    expect(after.body.name).toBe('Отдел продаж');
    expect(after.body.widgets.map((widget: { reportId: string }) => widget.reportId)).toEqual([shared]);
  });

  it('rearranges widgets keeping their ids, and marks a widget whose report was made private as unavailable to the team', async () => {
    const w = world();
    const first = (await w.as('head', { method: 'GET', url: `/api/v1/dashboards/${dashboard}` })).body.widgets[0];
    const second = await w.as('head', { method: 'POST', url: '/api/v1/reports', payload: { name: 'Количество', visibility: 'team', definition: { ...byManager, measures: [{ fn: 'count' }], chart: 'pie' } } });
    const arranged = await w.as('head', { method: 'PATCH', url: `/api/v1/dashboards/${dashboard}`, payload: { widgets: [{ reportId: second.body.id, width: 1, height: 2 }, { id: first.id, reportId: first.reportId, width: 3 }] } });
    expect(arranged.status, JSON.stringify(arranged.body)).toBe(200);
    expect(arranged.body.widgets.map((widget: { reportId: string; width: number }) => [widget.reportId, widget.width])).toEqual([[second.body.id, 1], [shared, 3]]);
    expect(arranged.body.widgets[1].id).toBe(first.id);
    expect((await w.as('head', { method: 'PATCH', url: `/api/v1/reports/${second.body.id}`, payload: { visibility: 'private' } })).status).toBe(200);
    const forAnna = await w.as('managerA1', { method: 'GET', url: `/api/v1/dashboards/${dashboard}` });
    expect(forAnna.body.widgets.map((widget: { available: boolean }) => widget.available)).toEqual([false, true]);
    const audit = await firstRow<{ count: number }>(w.db, sql`select count(*)::int as count from audit_events where record_type = 'dashboard' and record_id = ${dashboard}::uuid`);
    expect(audit!.count).toBe(2);
  });

  it('mails a scheduled report as XLSX and PDF with the owner’s figures, and the job sends each due run once', async () => {
    const w = world();
    const mailboxId = await mailbox(w);
    const bad = await w.as('head', { method: 'POST', url: '/api/v1/report-schedules', payload: { reportId: shared, mailboxId, recipients: ['not an address'], frequency: 'weekly', sendTime: '25:00', timeZone: 'Mars/Olympus' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['recipients[0]', 'sendTime', 'timeZone', 'weekday']);
    const foreignReport = await w.as('managerB1', { method: 'POST', url: '/api/v1/report-schedules', payload: { reportId: shared, mailboxId, recipients: ['b@example.com'], frequency: 'daily' } });
    expect(foreignReport.status).toBe(400);
    expect(foreignReport.body.error.details[0].field).toBe('reportId');

    // A sales manager opens the team report but may not export deals, so may not mail it either.
    const noExport = await w.as('managerA1', { method: 'POST', url: '/api/v1/report-schedules', payload: { reportId: shared, mailboxId, recipients: ['a@example.com'], frequency: 'daily' } });
    expect(noExport.status).toBe(400);
    expect(noExport.body.error.details[0]).toEqual(expect.objectContaining({ field: 'reportId', problem: expect.stringMatching(/export deals/) }));

    const created = await w.as('head', { method: 'POST', url: '/api/v1/report-schedules', payload: { reportId: shared, mailboxId, recipients: ['Boss@Example.com'], frequency: 'weekly', weekday: 1, sendTime: '09:00', timeZone: 'Europe/Moscow' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.recipients).toEqual(['boss@example.com']);
    const next = new Date(created.body.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getUTCHours()).toBe(6);
    expect((next.getUTCDay() + 6) % 7).toBe(0);

    const before = smtp.count;
    const sent = await w.as('head', { method: 'POST', url: `/api/v1/report-schedules/${created.body.id}/send` });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect(await deliverEmail(w.database as never, sent.body.emailId)).toBe('sent');
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.to).toEqual(['boss@example.com']);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('Отчёт «Сделки по менеджерам»');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0].filename).toMatch(/^Сделки по менеджерам-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(parsed.attachments[0].content as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    // The head's figures (the head of sales reads every deal): three managers.
    expect(sheet.rowCount).toBe(4);
    const figures = [2, 3, 4].map((index) => [sheet.getRow(index).getCell(2).value, sheet.getRow(index).getCell(3).value]).sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(figures).toEqual([[1, 40], [2, 350.5], [1, 9000]]);

    // As PDF through the job: a due schedule is claimed, sent, and moved to its next run in one go.
    expect((await w.as('managerA1', { method: 'PATCH', url: `/api/v1/report-schedules/${created.body.id}`, payload: { format: 'pdf' } })).status).toBe(404);
    expect((await w.as('head', { method: 'PATCH', url: `/api/v1/report-schedules/${created.body.id}`, payload: { format: 'pdf' } })).status).toBe(200);
    await w.db.execute(sql`update report_schedules set next_run_at = now() - interval '1 minute' where id = ${created.body.id}::uuid`);
    const now = new Date();
    const [firstRun, secondRun] = [await runDueSchedules(w.database, undefined, now), await runDueSchedules(w.database, undefined, now)];
    expect(firstRun).toEqual({ sent: 1, failed: 0 });
    expect(secondRun).toEqual({ sent: 0, failed: 0 });
    const message = await firstRow<{ id: string; attachments: { name: string; contentType: string }[] }>(w.db, sql`select id, attachments from email_messages where subject = 'Отчёт «Сделки по менеджерам»' order by created_at desc, id desc limit 1`);
    expect(message!.attachments[0].contentType).toBe('application/pdf');
    expect(await deliverEmail(w.database as never, message!.id)).toBe('sent');
    const [pdfMail] = (await smtp.waitFor(before + 2)).slice(before + 1);
    const pdf = (await simpleParser(pdfMail.raw)).attachments[0].content;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const after = await w.as('head', { method: 'GET', url: `/api/v1/report-schedules/${created.body.id}` });
    expect(after.body.lastStatus).toBe('sent');
    expect(new Date(after.body.nextRunAt).getTime()).toBeGreaterThan(now.getTime());
  });

  it('records a run that can no longer be made as failed with the reason and tells the owner', async () => {
    const w = world();
    const mailboxId = (await w.as('admin', { method: 'GET', url: '/api/v1/mailboxes' })).body.data[0].id;
    const report = await w.as('head', { method: 'POST', url: '/api/v1/reports', payload: { name: 'Мои сделки', definition: byManager } });
    const schedule = await w.as('head', { method: 'POST', url: '/api/v1/report-schedules', payload: { reportId: report.body.id, mailboxId, recipients: ['me@example.com'], frequency: 'monthly', monthDay: 31 } });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(201);
    // The role loses the right to export deals after the schedule was made.
    await w.db.execute(sql`update roles set permissions = jsonb_set(permissions, '{deals,export}', '"none"'::jsonb) where workspace_id = ${w.workspaceId}::uuid and key = 'head_of_sales'`);
    await forgetActor(w.db);
    try {
      const sent = await w.as('head', { method: 'POST', url: `/api/v1/report-schedules/${schedule.body.id}/send` });
      expect(sent.body.status).toBe('failed');
      expect(sent.body.schedule.lastStatus).toBe('failed');
      expect(sent.body.schedule.lastError).toMatch(/export deals/);
      const notes = await w.as('head', { method: 'GET', url: '/api/v1/notifications' });
      expect(notes.body.data.some((note: { title: string }) => note.title.includes('Мои сделки'))).toBe(true);
    } finally {
      await w.db.execute(sql`update roles set permissions = jsonb_set(permissions, '{deals,export}', '"all"'::jsonb) where workspace_id = ${w.workspaceId}::uuid and key = 'head_of_sales'`);
      await forgetActor(w.db);
    }
  });
});
