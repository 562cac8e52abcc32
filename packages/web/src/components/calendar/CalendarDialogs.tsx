// Calendar dialogs: an item's details with "move to" (the keyboard and phone way to reschedule), and
// a new task or meeting at the slot the user clicked.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { Dialog } from '../Dialog';
import { useErrorMessage } from '../States';
import { translateProblem } from '../../lib/problems';
import { addDays, allDaySpan, fromLocalInput, isAllDay, isMidnight, toLocalInput, type CalendarItem } from '../../lib/calendar';
import { formatDate, formatDateTime, type Locale } from '../../lib/format';

const recordPaths: Record<string, string> = { company: 'companies', contact: 'contacts', lead: 'leads', deal: 'deals', order: 'orders', task: 'tasks', product: 'products' };

export function ItemDialog({ item, locale, onClose, onMove }: { item: CalendarItem; locale: Locale; onClose: () => void; onMove: (item: CalendarItem, start: Date) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [when, setWhen] = useState(() => toLocalInput(new Date(item.start)));
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const start = fromLocalInput(when);
    if (!start) {
      setProblem(t('calendar.badTime'));
      return;
    }
    setBusy(true);
    const moved = await onMove(item, start);
    setBusy(false);
    if (moved) onClose();
  }
  const linked = item.recordType && item.recordId && recordPaths[item.recordType];
  // A whole-day meeting (midnight to midnight) shows its first and last day, without clock times.
  const wholeDays = isAllDay(item) && isMidnight(new Date(item.start)) && isMidnight(new Date(item.end!));
  return (
    <Dialog title={item.title || t(`calendar.types.${item.type}`)} onClose={onClose}>
      <dl className="cal-details">
        <dt>{t('calendar.type')}</dt>
        <dd>{t(`calendar.types.${item.type}`)}</dd>
        <dt>{item.type === 'task' ? t('calendar.due') : t('calendar.starts')}</dt>
        <dd>
          {wholeDays ? `${formatDate(item.start, locale)}, ${t('calendar.allDay').toLowerCase()}` : formatDateTime(item.start, locale)}
          {item.overdue && <span className="badge badge-danger">{t('calendar.overdue')}</span>}
        </dd>
        {item.end && (
          <>
            <dt>{t('calendar.ends')}</dt>
            <dd>{wholeDays ? formatDate(addDays(new Date(item.end), -1), locale) : formatDateTime(item.end, locale)}</dd>
          </>
        )}
        {item.status && (
          <>
            <dt>{t('calendar.status')}</dt>
            <dd>{t(`enums.taskStatus.${item.status}`, { defaultValue: item.status })}</dd>
          </>
        )}
        {item.ownerName && (
          <>
            <dt>{t('calendar.owner')}</dt>
            <dd>{item.ownerName}</dd>
          </>
        )}
      </dl>
      <div className="inline-form">
        {item.type === 'task' && (
          <Link className="button" to={`/tasks/${item.id}`} onClick={onClose}>
            {t('calendar.openTask')}
          </Link>
        )}
        {linked && (
          <Link className="button" to={`/${linked}/${item.recordId}`} onClick={onClose}>
            {t('calendar.openRecord')}
          </Link>
        )}
      </div>
      {item.editable ? (
        <form className="record-form cal-move-form" onSubmit={(event) => void submit(event)}>
          <div className="form-field">
            <label htmlFor="cal-move-when">{t('calendar.moveTo')}</label>
            <input id="cal-move-when" type="datetime-local" value={when} required onChange={(event) => setWhen(event.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? 'cal-move-problem' : undefined} />
            {problem && (
              <span id="cal-move-problem" className="field-error">
                {problem}
              </span>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('calendar.move')}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted small">{t('calendar.readOnly')}</p>
      )}
    </Dialog>
  );
}

export interface Member {
  id: string;
  name: string;
}

interface CreateProps {
  start: Date;
  types: ('task' | 'meeting')[];
  members: Member[];
  defaultOwnerId: string;
  onClose: () => void;
  onCreated: (type: 'task' | 'meeting') => void;
}

export function CreateItemDialog({ start, types, members, defaultOwnerId, onClose, onCreated }: CreateProps) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [type, setType] = useState<'task' | 'meeting'>(types[0]);
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState(() => toLocalInput(start));
  const [minutes, setMinutes] = useState(60);
  // An all-day meeting runs from the chosen day's midnight to the midnight `days` later.
  const [allDay, setAllDay] = useState(false);
  const [days, setDays] = useState(1);
  const [ownerId, setOwnerId] = useState(defaultOwnerId);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const at = fromLocalInput(when);
    if (!at) {
      setErrors({ when: t('calendar.badTime') });
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    const owner = members.length > 1 ? { ownerId } : {};
    try {
      if (type === 'task') await api('/tasks', { method: 'POST', body: { title, dueAt: at.toISOString(), ...owner } });
      else {
        const span = allDay ? allDaySpan(at, days) : { start: at, end: new Date(at.getTime() + minutes * 60_000) };
        await api('/activities', { method: 'POST', body: { kind: 'meeting', subject: title, occurredAt: span.start.toISOString(), endsAt: span.end.toISOString(), ...owner } });
      }
      onCreated(type);
    } catch (error) {
      const fields = error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? error.fieldErrors() : {};
      const mapped: Record<string, string> = {};
      for (const [name, problem] of Object.entries(fields)) {
        const field = name === 'subject' ? 'title' : name === 'dueAt' || name === 'occurredAt' ? 'when' : name === 'endsAt' ? 'minutes' : name;
        mapped[field] = translateProblem(problem, t);
      }
      setErrors(mapped);
      if (!Object.keys(mapped).some((name) => ['title', 'when', 'minutes', 'ownerId'].includes(name))) setFormError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `cal-new-${name}-error` } : {});
  const problem = (name: string) =>
    errors[name] && (
      <span id={`cal-new-${name}-error`} className="field-error">
        {errors[name]}
      </span>
    );
  return (
    <Dialog title={t('calendar.new')} onClose={onClose}>
      <form className="record-form" onSubmit={(event) => void submit(event)}>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        {types.length > 1 && (
          <fieldset className="cal-type-choice">
            <legend>{t('calendar.type')}</legend>
            {types.map((option) => (
              <label key={option} className="check">
                <input type="radio" name="cal-new-type" value={option} checked={type === option} onChange={() => setType(option)} />
                {t(`calendar.types.${option}`)}
              </label>
            ))}
          </fieldset>
        )}
        <div className="form-field">
          <label htmlFor="cal-new-title">{t('calendar.itemTitle')}</label>
          <input id="cal-new-title" value={title} required maxLength={300} onChange={(event) => setTitle(event.target.value)} {...invalid('title')} />
          {problem('title')}
        </div>
        <div className="form-grid">
          <div className="form-field">
            <label htmlFor="cal-new-when">{type === 'task' ? t('calendar.due') : t('calendar.starts')}</label>
            {type === 'meeting' && allDay ? (
              <input id="cal-new-when" type="date" value={when.slice(0, 10)} required onChange={(event) => setWhen(`${event.target.value}T00:00`)} {...invalid('when')} />
            ) : (
              <input id="cal-new-when" type="datetime-local" value={when} required onChange={(event) => setWhen(event.target.value)} {...invalid('when')} />
            )}
            {problem('when')}
          </div>
          {type === 'meeting' && (
            <div className="form-field">
              <label htmlFor="cal-new-duration">{t('calendar.duration')}</label>
              <select id="cal-new-duration" value={allDay ? days : minutes} onChange={(event) => (allDay ? setDays : setMinutes)(Number(event.target.value))} {...invalid('minutes')}>
                {(allDay ? [1, 2, 3, 4, 5, 7] : [30, 60, 90, 120, 180, 240]).map((value) => (
                  <option key={value} value={value}>
                    {t(allDay ? 'calendar.days' : 'calendar.minutes', { count: value })}
                  </option>
                ))}
              </select>
              {problem('minutes')}
            </div>
          )}
          {members.length > 1 && (
            <div className="form-field">
              <label htmlFor="cal-new-owner">{t('calendar.owner')}</label>
              <select id="cal-new-owner" value={ownerId} onChange={(event) => setOwnerId(event.target.value)} {...invalid('ownerId')}>
                {members.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.name}
                  </option>
                ))}
              </select>
              {problem('ownerId')}
            </div>
          )}
        </div>
        {type === 'meeting' && (
          <label className="check">
            <input type="checkbox" checked={allDay} onChange={(event) => setAllDay(event.target.checked)} />
            {t('calendar.allDay')}
          </label>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('app.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
