// Settings → SLA: the business calendar (time zone, weekly hours, holidays, transferred working days and shortened
// days per year; PUT /business-calendar) and the SLA policies in order (priority, customer tier, targets in business
// minutes, warning percent, active; the first active match applies), reordered with up/down. The forms do not
// pre-empt the server: what it refuses is shown under the field it names.
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { slaPriorities, weekdays, type BusinessCalendar, type CalendarYear, type WorkingInterval } from '@svyaz/shared';
import { api, ApiError, type FieldProblem } from '../../api/client';
import { can, useMe } from '../../app/session';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import './sla.css';

interface Calendar extends BusinessCalendar {
  isDefault: boolean;
}
export interface SlaPolicy {
  id: string;
  name: string;
  priorities: string[];
  tiers: string[];
  firstResponseMinutes: number;
  resolutionMinutes: number;
  warningPercent: number;
  escalateToTeamHead: boolean;
  isActive: boolean;
  position: number;
}

/** The server's field problems by field path ("weeklyHours.mon[0].end", "firstResponseMinutes"). */
function problemsOf(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (error instanceof ApiError && Array.isArray(error.details)) for (const item of error.details as FieldProblem[]) if (item.field && !map.has(item.field)) map.set(item.field, item.problem);
  return map;
}

/** The first problem whose field starts with the prefix (a day's interval, a year's list). */
function problemUnder(problems: Map<string, string>, prefix: string): string | null {
  for (const [field, problem] of problems) if (field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`)) return `${field.slice(prefix.length).replace(/^\./, '') || ''} ${problem}`.trim();
  return null;
}

function FieldError({ id, text }: { id: string; text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {text}
    </p>
  );
}

export function SlaSettings() {
  const calendar = useQuery({ queryKey: ['business-calendar'], queryFn: () => api<Calendar>('/business-calendar') });
  const policies = useQuery({ queryKey: ['sla-policies'], queryFn: async () => (await api<{ data: SlaPolicy[] }>('/sla-policies')).data });
  if (calendar.isPending || policies.isPending) return <Loading />;
  if (calendar.isError) return <ErrorState error={calendar.error} />;
  if (policies.isError) return <ErrorState error={policies.error} />;
  return (
    <div className="sla-settings">
      <CalendarEditor key={String(calendar.dataUpdatedAt)} calendar={calendar.data} />
      <Policies policies={policies.data} />
    </div>
  );
}

const splitDays = (text: string) => text.split(/[\s,;]+/).map((item) => item.trim()).filter(Boolean);

function CalendarEditor({ calendar }: { calendar: Calendar }) {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const canEdit = can(permissions, 'settings', 'update');
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [timeZone, setTimeZone] = useState(calendar.timeZone);
  const [week, setWeek] = useState<Record<string, WorkingInterval[]>>(calendar.weeklyHours);
  const [years, setYears] = useState(calendar.years.map((year) => ({ year: String(year.year), holidays: year.holidays.join(', '), workingDays: year.workingDays.join(', '), shortDays: year.shortDays.join(', ') })));
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const setSlot = (day: string, index: number, patch: Partial<WorkingInterval>) => setWeek({ ...week, [day]: week[day].map((item, at) => (at === index ? { ...item, ...patch } : item)) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      timeZone,
      weeklyHours: week,
      years: years.map((year): CalendarYear => ({ year: Number(year.year), holidays: splitDays(year.holidays), workingDays: splitDays(year.workingDays), shortDays: splitDays(year.shortDays) })),
    };
    try {
      await api('/business-calendar', { method: 'PUT', body });
      setProblems(new Map());
      toast({ message: t('sla.calendar.saved'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['business-calendar'] });
    } catch (error) {
      setProblems(problemsOf(error));
      toast({ message: message(error), tone: 'error' });
    }
  };
  return (
    <section className="card" aria-labelledby="sla-calendar-title">
      <h2 id="sla-calendar-title">{t('sla.calendar.title')}</h2>
      <p className="hint">{calendar.isDefault ? t('sla.calendar.isDefault') : t('sla.calendar.hint')}</p>
      <form onSubmit={submit} className="settings-form" noValidate>
        <div className="form-field">
          <label htmlFor="sla-time-zone">{t('sla.calendar.timeZone')}</label>
          <input id="sla-time-zone" value={timeZone} disabled={!canEdit} list="sla-zones" aria-invalid={problems.has('timeZone')} aria-describedby="sla-time-zone-error" onChange={(event) => setTimeZone(event.target.value)} />
          <datalist id="sla-zones">
            {['Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk', 'Asia/Novosibirsk', 'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Magadan', 'Asia/Kamchatka', 'UTC'].map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <FieldError id="sla-time-zone-error" text={problems.get('timeZone')} />
        </div>
        <fieldset className="sla-week">
          <legend>{t('sla.calendar.weeklyHours')}</legend>
          {weekdays.map((day) => (
            <div key={day} className="sla-week-day">
              <span>{t(`sla.weekdays.${day}`)}</span>
              <div>
                <div className="sla-intervals">
                  {(week[day] ?? []).length === 0 && <span className="hint">{t('sla.calendar.dayOff')}</span>}
                  {(week[day] ?? []).map((interval, index) => (
                    <span key={index} className="sla-interval">
                      <input type="time" aria-label={t('sla.calendar.intervalStart', { day: t(`sla.weekdays.${day}`), index: index + 1 })} value={interval.start} disabled={!canEdit} onChange={(event) => setSlot(day, index, { start: event.target.value })} />
                      –
                      <input aria-label={t('sla.calendar.intervalEnd', { day: t(`sla.weekdays.${day}`), index: index + 1 })} value={interval.end} disabled={!canEdit} placeholder="18:00" onChange={(event) => setSlot(day, index, { end: event.target.value })} />
                      {canEdit && (
                        <button type="button" className="button" aria-label={t('sla.calendar.removeInterval')} onClick={() => setWeek({ ...week, [day]: week[day].filter((_, at) => at !== index) })}>
                          ×
                        </button>
                      )}
                    </span>
                  ))}
                  {canEdit && (
                    <button type="button" className="button" onClick={() => setWeek({ ...week, [day]: [...(week[day] ?? []), { start: '09:00', end: '18:00' }] })}>
                      {t('sla.calendar.addInterval')}
                    </button>
                  )}
                </div>
                <FieldError id={`sla-${day}-error`} text={problemUnder(problems, `weeklyHours.${day}`)} />
              </div>
            </div>
          ))}
        </fieldset>
        <fieldset className="sla-days">
          <legend>{t('sla.calendar.years')}</legend>
          <p className="hint">{t('sla.calendar.daysHint')}</p>
          {years.map((year, index) => (
            <div key={index} className="card">
              <div className="form-field">
                <label htmlFor={`sla-year-${index}`}>{t('sla.calendar.year')}</label>
                <input id={`sla-year-${index}`} type="number" value={year.year} disabled={!canEdit} onChange={(event) => setYears(years.map((item, at) => (at === index ? { ...item, year: event.target.value } : item)))} />
                <FieldError id={`sla-year-${index}-error`} text={problems.get(`years[${index}].year`)} />
              </div>
              {(['holidays', 'workingDays', 'shortDays'] as const).map((key) => (
                <div key={key} className="form-field">
                  <label htmlFor={`sla-year-${index}-${key}`}>{t(`sla.calendar.${key}`)}</label>
                  <textarea id={`sla-year-${index}-${key}`} value={year[key]} disabled={!canEdit} onChange={(event) => setYears(years.map((item, at) => (at === index ? { ...item, [key]: event.target.value } : item)))} />
                  <FieldError id={`sla-year-${index}-${key}-error`} text={problemUnder(problems, `years[${index}].${key}`)} />
                </div>
              ))}
              {canEdit && (
                <button type="button" className="button" onClick={() => setYears(years.filter((_, at) => at !== index))}>
                  {t('sla.calendar.removeYear')}
                </button>
              )}
            </div>
          ))}
          {canEdit && (
            <button type="button" className="button" onClick={() => setYears([...years, { year: String(new Date().getFullYear() + 1), holidays: '', workingDays: '', shortDays: '' }])}>
              {t('sla.calendar.addYear')}
            </button>
          )}
        </fieldset>
        {canEdit && (
          <button type="submit" className="button button-primary">
            {t('sla.calendar.save')}
          </button>
        )}
      </form>
    </section>
  );
}

/** 90 → "1 ч 30 мин", for the policy list. */
function minutesText(minutes: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours && rest) return t('sla.span.hoursMinutes', { hours, minutes: String(rest).padStart(2, '0') });
  if (hours) return t('sla.span.hours', { hours });
  return t('sla.span.minutes', { minutes: rest });
}

const emptyPolicy = { name: '', priorities: [] as string[], tiers: '', firstResponseMinutes: '60', resolutionMinutes: '480', warningPercent: '80', escalateToTeamHead: true, isActive: true };
type PolicyForm = typeof emptyPolicy;

function Policies({ policies }: { policies: SlaPolicy[] }) {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const canEdit = can(permissions, 'settings', 'update');
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [editing, setEditing] = useState<string | null>(null);
  const [form, setForm] = useState<PolicyForm>(emptyPolicy);
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const refresh = () => client.invalidateQueries({ queryKey: ['sla-policies'] });
  const ordered = [...policies].sort((a, b) => a.position - b.position);
  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      toast({ message: done, tone: 'success' });
      await refresh();
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  };
  const move = (index: number, by: -1 | 1) =>
    run(async () => {
      const next = [...ordered];
      [next[index], next[index + by]] = [next[index + by], next[index]];
      for (const [position, policy] of next.entries()) if (policy.position !== position) await api(`/sla-policies/${policy.id}`, { method: 'PATCH', body: { position } });
    }, t('sla.policies.reordered'));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      name: form.name,
      priorities: form.priorities,
      tiers: form.tiers.split(',').map((tier) => tier.trim()).filter(Boolean),
      firstResponseMinutes: form.firstResponseMinutes === '' ? null : Number(form.firstResponseMinutes),
      resolutionMinutes: form.resolutionMinutes === '' ? null : Number(form.resolutionMinutes),
      warningPercent: form.warningPercent === '' ? null : Number(form.warningPercent),
      escalateToTeamHead: form.escalateToTeamHead,
      isActive: form.isActive,
    };
    try {
      await api(editing ? `/sla-policies/${editing}` : '/sla-policies', { method: editing ? 'PATCH' : 'POST', body });
      setProblems(new Map());
      setEditing(null);
      setForm(emptyPolicy);
      toast({ message: t('sla.policies.saved'), tone: 'success' });
      await refresh();
    } catch (error) {
      setProblems(problemsOf(error));
      toast({ message: message(error), tone: 'error' });
    }
  };
  const numberField = (key: 'firstResponseMinutes' | 'resolutionMinutes' | 'warningPercent') => (
    <div className="form-field">
      <label htmlFor={`sla-policy-${key}`}>{t(`sla.policies.${key}`)}</label>
      <input id={`sla-policy-${key}`} type="number" value={form[key]} aria-invalid={problems.has(key)} aria-describedby={`sla-policy-${key}-error`} onChange={(event) => setForm({ ...form, [key]: event.target.value })} />
      <FieldError id={`sla-policy-${key}-error`} text={problems.get(key)} />
    </div>
  );
  return (
    <section className="card" aria-labelledby="sla-policies-title">
      <h2 id="sla-policies-title">{t('sla.policies.title')}</h2>
      <p className="hint">{t('sla.policies.hint')}</p>
      {ordered.length === 0 ? (
        <p>{t('sla.policies.none')}</p>
      ) : (
        <ol className="sla-policies" aria-label={t('sla.policies.title')}>
          {ordered.map((policy, index) => (
            <li key={policy.id} className={`sla-policy${policy.isActive ? '' : ' inactive'}`}>
              <strong className="grow">{policy.name}</strong>
              <span>{policy.priorities.length ? policy.priorities.map((priority) => t(`enums.casePriority.${priority}`)).join(', ') : t('sla.policies.anyPriority')}</span>
              <span>{policy.tiers.length ? policy.tiers.join(', ') : t('sla.policies.anyTier')}</span>
              <span>{t('sla.policies.targets', { first: minutesText(policy.firstResponseMinutes, t), resolution: minutesText(policy.resolutionMinutes, t) })}</span>
              <span>{t('sla.policies.warnAt', { percent: policy.warningPercent })}</span>
              {!policy.isActive && <span className="case-badge">{t('sla.policies.inactive')}</span>}
              {canEdit && (
                <span className="sla-intervals">
                  <button type="button" className="button" disabled={index === 0} aria-label={t('sla.policies.up', { name: policy.name })} onClick={() => void move(index, -1)}>
                    ↑
                  </button>
                  <button type="button" className="button" disabled={index === ordered.length - 1} aria-label={t('sla.policies.down', { name: policy.name })} onClick={() => void move(index, 1)}>
                    ↓
                  </button>
                  <button type="button" className="button" onClick={() => void run(() => api(`/sla-policies/${policy.id}`, { method: 'PATCH', body: { isActive: !policy.isActive } }), t('sla.policies.saved'))}>
                    {policy.isActive ? t('sla.policies.deactivate') : t('sla.policies.activate')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      setEditing(policy.id);
                      setProblems(new Map());
                      setForm({ name: policy.name, priorities: policy.priorities, tiers: policy.tiers.join(', '), firstResponseMinutes: String(policy.firstResponseMinutes), resolutionMinutes: String(policy.resolutionMinutes), warningPercent: String(policy.warningPercent), escalateToTeamHead: policy.escalateToTeamHead, isActive: policy.isActive });
                    }}
                  >
                    {t('sla.policies.edit')}
                  </button>
                  <button type="button" className="button" onClick={() => window.confirm(t('sla.policies.confirmDelete', { name: policy.name })) && void run(() => api(`/sla-policies/${policy.id}`, { method: 'DELETE' }), t('sla.policies.deleted'))}>
                    {t('sla.policies.delete')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
      {canEdit && (
        <form onSubmit={submit} className="settings-form" noValidate aria-label={editing ? t('sla.policies.editTitle') : t('sla.policies.add')}>
          <h3>{editing ? t('sla.policies.editTitle') : t('sla.policies.add')}</h3>
          <div className="form-field">
            <label htmlFor="sla-policy-name">{t('sla.policies.name')}</label>
            <input id="sla-policy-name" value={form.name} aria-invalid={problems.has('name')} onChange={(event) => setForm({ ...form, name: event.target.value })} />
            <FieldError id="sla-policy-name-error" text={problems.get('name')} />
          </div>
          <fieldset className="form-field">
            <legend>{t('sla.policies.priorities')}</legend>
            {slaPriorities.map((priority) => (
              <label key={priority} className="checkbox">
                <input type="checkbox" checked={form.priorities.includes(priority)} onChange={(event) => setForm({ ...form, priorities: event.target.checked ? [...form.priorities, priority] : form.priorities.filter((item) => item !== priority) })} />
                {t(`enums.casePriority.${priority}`)}
              </label>
            ))}
          </fieldset>
          <div className="form-field">
            <label htmlFor="sla-policy-tiers">{t('sla.policies.tiers')}</label>
            <input id="sla-policy-tiers" value={form.tiers} placeholder="VIP, Gold" onChange={(event) => setForm({ ...form, tiers: event.target.value })} />
            <FieldError id="sla-policy-tiers-error" text={problemUnder(problems, 'tiers')} />
          </div>
          {numberField('firstResponseMinutes')}
          {numberField('resolutionMinutes')}
          {numberField('warningPercent')}
          <label className="checkbox">
            <input type="checkbox" checked={form.escalateToTeamHead} onChange={(event) => setForm({ ...form, escalateToTeamHead: event.target.checked })} />
            {t('sla.policies.escalateToTeamHead')}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={form.isActive} onChange={(event) => setForm({ ...form, isActive: event.target.checked })} />
            {t('sla.policies.isActive')}
          </label>
          <div className="sla-intervals">
            <button type="submit" className="button button-primary">
              {editing ? t('sla.policies.save') : t('sla.policies.create')}
            </button>
            {editing && (
              <button
                type="button"
                className="button"
                onClick={() => {
                  setEditing(null);
                  setForm(emptyPolicy);
                  setProblems(new Map());
                }}
              >
                {t('sla.policies.cancel')}
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
