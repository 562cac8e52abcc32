// Beside a saved report: put it on one of your dashboards, and mail it on a schedule (XLSX or PDF, run
// with your rights at sending time). Field errors from the server are shown under the form.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFieldErrorText } from '../States';
import { useToast } from '../Toasts';
import { useMailboxes } from '../settings/MailSettings';
import { formatDateTime } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { useDashboards } from './report-queries';

interface Schedule {
  id: string;
  reportId: string;
  mailboxId: string;
  recipients: string[];
  format: 'xlsx' | 'pdf';
  frequency: 'daily' | 'weekly' | 'monthly';
  weekday: number | null;
  monthDay: number | null;
  sendTime: string;
  timeZone: string;
  isActive: boolean;
  nextRunAt: string;
  lastRunAt: string | null;
  lastStatus: 'sent' | 'failed' | null;
  lastError: string | null;
}

export function AddToDashboard({ reportId, visibility }: { reportId: string; visibility: 'private' | 'team' }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const queryClient = useQueryClient();
  const dashboards = useDashboards();
  const [target, setTarget] = useState('');
  const own = (dashboards.data?.data ?? []).filter((dashboard) => dashboard.isOwner && (visibility === 'team' || dashboard.visibility === 'private'));
  const add = useMutation({
    mutationFn: async () => {
      const dashboard = await api<{ name: string; widgets: { id: string; reportId: string; width: number; height: number }[] }>(`/dashboards/${target}`);
      const widgets = [...dashboard.widgets.map(({ id, reportId: report, width, height }) => ({ id, reportId: report, width, height })), { reportId, width: 2, height: 1 }];
      return api<{ name: string }>(`/dashboards/${target}`, { method: 'PATCH', body: { widgets } });
    },
    onSuccess: (dashboard) => {
      toast({ message: t('dashboards.addedTo', { name: dashboard.name }), tone: 'success', timeoutMs: 3000 });
      void queryClient.invalidateQueries({ queryKey: ['dashboards'] });
      setTarget('');
    },
    onError: (error) => toast({ message: errorText(error), tone: 'error' }),
  });
  if (own.length === 0) return null;
  return (
    <div className="report-row">
      <select aria-label={t('dashboards.chooseDashboard')} value={target} onChange={(event) => setTarget(event.target.value)} data-testid="add-to-dashboard">
        <option value="">{t('dashboards.chooseDashboard')}</option>
        {own.map((dashboard) => (
          <option key={dashboard.id} value={dashboard.id}>
            {dashboard.name}
          </option>
        ))}
      </select>
      <button type="button" className="button" disabled={!target || add.isPending} onClick={() => add.mutate()}>
        {t('dashboards.addToDashboard')}
      </button>
    </div>
  );
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Moscow';

export function ReportSchedules({ reportId, canExport }: { reportId: string; canExport: boolean }) {
  const { t } = useTranslation();
  const schedules = useQuery({ queryKey: ['report-schedules', reportId], queryFn: () => api<{ data: Schedule[] }>('/report-schedules', { query: { reportId } }), enabled: canExport });
  return (
    <fieldset className="report-schedules" data-testid="report-schedules">
      <legend>{t('reportSchedules.title')}</legend>
      {!canExport ? (
        <p className="muted small">{t('reportSchedules.noExport')}</p>
      ) : (
        <>
          <p className="muted small">{t('reportSchedules.hint')}</p>
          {schedules.data?.data.length === 0 && <p className="muted small">{t('reportSchedules.none')}</p>}
          {schedules.data?.data.map((schedule) => <ScheduleForm key={schedule.id} reportId={reportId} schedule={schedule} />)}
          <ScheduleForm key={`new-${schedules.data?.data.length ?? 0}`} reportId={reportId} />
        </>
      )}
    </fieldset>
  );
}

function ScheduleForm({ reportId, schedule }: { reportId: string; schedule?: Schedule }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const queryClient = useQueryClient();
  const mailboxes = useMailboxes();
  const [recipients, setRecipients] = useState(schedule?.recipients.join(', ') ?? '');
  const [mailboxId, setMailboxId] = useState(schedule?.mailboxId ?? '');
  const [format, setFormat] = useState<Schedule['format']>(schedule?.format ?? 'xlsx');
  const [frequency, setFrequency] = useState<Schedule['frequency']>(schedule?.frequency ?? 'weekly');
  const [weekday, setWeekday] = useState(schedule?.weekday ?? 1);
  const [monthDay, setMonthDay] = useState(schedule?.monthDay ?? 1);
  const [sendTime, setSendTime] = useState(schedule?.sendTime ?? '09:00');
  const [timeZone, setTimeZone] = useState(schedule?.timeZone ?? browserZone());
  const [isActive, setActive] = useState(schedule?.isActive ?? true);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['report-schedules', reportId] });
  const body = () => ({
    mailboxId: mailboxId || mailboxes.data?.[0]?.id,
    recipients: recipients.split(/[,;\s]+/).filter(Boolean),
    format,
    frequency,
    weekday: frequency === 'weekly' ? weekday : null,
    monthDay: frequency === 'monthly' ? monthDay : null,
    sendTime,
    timeZone,
    isActive,
  });
  const save = useMutation({
    mutationFn: () => (schedule ? api<Schedule>(`/report-schedules/${schedule.id}`, { method: 'PATCH', body: body() }) : api<Schedule>('/report-schedules', { method: 'POST', body: { reportId, ...body() } })),
    onSuccess: () => {
      setError(null);
      refresh();
    },
    onError: (failure) => setError(errorText(failure)),
  });
  const send = useMutation({
    mutationFn: () => api<{ status: 'sent' | 'failed'; error?: string }>(`/report-schedules/${schedule!.id}/send`, { method: 'POST' }),
    onSuccess: (outcome) => {
      toast(outcome.status === 'sent' ? { message: t('reportSchedules.sent'), tone: 'success', timeoutMs: 3000 } : { message: t('reportSchedules.failed', { reason: outcome.error }), tone: 'error' });
      refresh();
    },
    onError: (failure) => toast({ message: errorText(failure), tone: 'error' }),
  });
  const remove = useMutation({ mutationFn: () => api(`/report-schedules/${schedule!.id}`, { method: 'DELETE' }), onSuccess: refresh, onError: (failure) => setError(errorText(failure)) });

  if (mailboxes.data && mailboxes.data.length === 0) return schedule ? null : <p className="muted small">{t('reportSchedules.noMailbox')}</p>;
  const weekdays = ['1', '2', '3', '4', '5', '6', '7'];
  return (
    <form
      className="report-schedule"
      data-testid={schedule ? 'report-schedule' : 'report-schedule-new'}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <label className="field">
        <span>{t('reportSchedules.recipients')}</span>
        <input value={recipients} onChange={(event) => setRecipients(event.target.value)} placeholder={t('reportSchedules.recipientsHint')} name="recipients" />
      </label>
      <label className="field">
        <span>{t('reportSchedules.mailbox')}</span>
        <select value={mailboxId || mailboxes.data?.[0]?.id || ''} onChange={(event) => setMailboxId(event.target.value)}>
          {(mailboxes.data ?? []).map((mailbox) => (
            <option key={mailbox.id} value={mailbox.id}>
              {mailbox.name} &lt;{mailbox.emailAddress}&gt;
            </option>
          ))}
        </select>
      </label>
      <div className="report-row">
        <label className="field">
          <span>{t('reportSchedules.format')}</span>
          <select value={format} onChange={(event) => setFormat(event.target.value as Schedule['format'])} name="format">
            <option value="xlsx">XLSX</option>
            <option value="pdf">PDF</option>
          </select>
        </label>
        <label className="field">
          <span>{t('reportSchedules.frequency')}</span>
          <select value={frequency} onChange={(event) => setFrequency(event.target.value as Schedule['frequency'])} name="frequency">
            {(['daily', 'weekly', 'monthly'] as const).map((value) => (
              <option key={value} value={value}>
                {t(`reportSchedules.frequencies.${value}`)}
              </option>
            ))}
          </select>
        </label>
        {frequency === 'weekly' && (
          <label className="field">
            <span>{t('reportSchedules.weekday')}</span>
            <select value={weekday} onChange={(event) => setWeekday(Number(event.target.value))}>
              {weekdays.map((value) => (
                <option key={value} value={value}>
                  {t(`reportSchedules.weekdays.${value}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {frequency === 'monthly' && (
          <label className="field">
            <span>{t('reportSchedules.monthDay')}</span>
            <input type="number" min={1} max={31} value={monthDay} onChange={(event) => setMonthDay(Number(event.target.value))} />
          </label>
        )}
        <label className="field">
          <span>{t('reportSchedules.time')}</span>
          <input type="time" value={sendTime} onChange={(event) => setSendTime(event.target.value)} />
        </label>
      </div>
      <label className="field">
        <span>{t('reportSchedules.timeZone')}</span>
        <input value={timeZone} onChange={(event) => setTimeZone(event.target.value)} />
      </label>
      {schedule && (
        <label className="checkbox">
          <input type="checkbox" checked={isActive} onChange={(event) => setActive(event.target.checked)} />
          {t('reportSchedules.active')}
        </label>
      )}
      {schedule && (
        <p className="muted small" data-testid="schedule-status">
          {schedule.isActive && t('reportSchedules.next', { when: formatDateTime(schedule.nextRunAt, locale) })}
          {schedule.lastRunAt && (
            <>
              {' · '}
              {t('reportSchedules.last', { when: formatDateTime(schedule.lastRunAt, locale), status: t(`reportSchedules.status.${schedule.lastStatus}`) })}
              {schedule.lastError ? ` (${schedule.lastError})` : ''}
            </>
          )}
        </p>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <div className="report-actions">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {schedule ? t('reportSchedules.save') : t('reportSchedules.add')}
        </button>
        {schedule && (
          <>
            <button type="button" className="button" disabled={send.isPending} onClick={() => send.mutate()}>
              {t('reportSchedules.sendNow')}
            </button>
            <button type="button" className="button button-danger" onClick={() => remove.mutate()}>
              {t('reportSchedules.delete')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}
