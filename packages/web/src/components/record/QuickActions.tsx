// Log a call, add a note, create a task (with a reminder), send an email later — from a record's header.
// "Send email later" keeps the draft (to, subject, text) in a task due and reminded at the chosen time,
// so the reminder arrives in the bell then and the task opens the mail client with the draft filled in.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { Dialog } from '../Dialog';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { translateProblem } from '../../lib/problems';
import { ComposeEmailDialog, emailObjects } from '../email/ComposeEmailDialog';

type Action = 'call' | 'note' | 'task' | 'email';

function localInput(date: Date): string {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function tomorrowMorning(): Date {
  const date = new Date(Date.now() + 86400_000);
  date.setHours(9, 0, 0, 0);
  return date;
}

/** The task's text: who to write to, then a mailto link with the draft, then the draft itself. */
export function emailDraft(to: string, subject: string, body: string): string {
  const link = `mailto:${encodeURIComponent(to.trim())}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  return [`${to.trim()}`, link, '', body].join('\n').trim();
}

export function QuickActions({ object, recordType, recordId, email, onDone }: { object?: string; recordType: string; recordId: string; email?: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  const [composing, setComposing] = useState(false);
  return (
    <div className="quick-actions">
      {object && emailObjects.includes(object) && (
        <button type="button" className="button button-primary" onClick={() => setComposing(true)}>
          {t('email.send')}
        </button>
      )}
      {object && <ComposeEmailDialog object={object} recordId={recordId} open={composing} onClose={() => setComposing(false)} onSent={onDone} />}
      <button type="button" className="button" onClick={() => setAction('call')}>
        {t('quick.logCall')}
      </button>
      <button type="button" className="button" onClick={() => setAction('note')}>
        {t('quick.addNote')}
      </button>
      <button type="button" className="button" onClick={() => setAction('task')}>
        {t('quick.createTask')}
      </button>
      <button type="button" className="button" onClick={() => setAction('email')}>
        {t('quick.emailLater')}
      </button>
      {action && (
        <ActionDialog
          action={action}
          email={email}
          recordType={recordType}
          recordId={recordId}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            onDone();
          }}
        />
      )}
    </div>
  );
}

function ActionDialog({ action, email, recordType, recordId, onClose, onDone }: { action: Action; email?: string; recordType: string; recordId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const inHour = new Date(Date.now() + 3600_000);
  const [values, setValues] = useState({ subject: '', body: '', direction: 'outbound', durationMin: '', outcome: '', title: '', dueAt: localInput(new Date(Date.now() + 86400_000)), remindAt: localInput(inHour), to: email ?? '', sendAt: localInput(tomorrowMorning()) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    try {
      if (action === 'email') {
        const sendAt = values.sendAt ? new Date(values.sendAt).toISOString() : null;
        await api('/tasks', {
          method: 'POST',
          body: {
            title: t('quick.emailTaskTitle', { subject: values.subject || t('quick.noSubject'), to: values.to || '—' }),
            description: emailDraft(values.to, values.subject, values.body),
            dueAt: sendAt,
            remindAt: sendAt,
            recordType,
            recordId,
          },
        });
      } else if (action === 'task') {
        await api('/tasks', {
          method: 'POST',
          body: { title: values.title, dueAt: values.dueAt ? new Date(values.dueAt).toISOString() : null, remindAt: values.remindAt ? new Date(values.remindAt).toISOString() : null, recordType, recordId },
        });
      } else {
        await api('/activities', {
          method: 'POST',
          body: {
            kind: action,
            subject: values.subject || null,
            body: values.body || null,
            recordType,
            recordId,
            ...(action === 'call' ? { direction: values.direction, durationSec: values.durationMin ? Math.round(Number(values.durationMin) * 60) : null, outcome: values.outcome || null } : {}),
          },
        });
      }
      toast({ message: t(`quick.done.${action}`), tone: 'success' });
      onDone();
    } catch (error) {
      if (error instanceof ApiError) setErrors(Object.fromEntries(Object.entries(error.fieldErrors()).map(([name, problem]) => [name, translateProblem(problem, t)])));
      setFormError(message(error));
    }
  }
  const field = (name: keyof typeof values, label: string, input: React.ReactNode) => (
    <div className={`form-field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`quick-${name}`}>{label}</label>
      {input}
      {errors[name] && <span className="field-error">{errors[name]}</span>}
    </div>
  );
  const titles: Record<Action, string> = { call: t('quick.logCall'), note: t('quick.addNote'), task: t('quick.createTask'), email: t('quick.emailLater') };
  return (
    <Dialog title={titles[action]} onClose={onClose}>
      <form onSubmit={submit} className="record-form">
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        {action === 'email' ? (
          <>
            {field('to', t('quick.to'), <input id="quick-to" type="email" value={values.to} onChange={set('to')} />)}
            {field('subject', t('quick.subject'), <input id="quick-subject" required value={values.subject} onChange={set('subject')} />)}
            {field('body', t('quick.emailText'), <textarea id="quick-body" rows={5} value={values.body} onChange={set('body')} />)}
            {field('sendAt', t('quick.sendAt'), <input id="quick-sendAt" type="datetime-local" required value={values.sendAt} onChange={set('sendAt')} />)}
            <p className="muted small">{t('quick.emailLaterHint')}</p>
          </>
        ) : action === 'task' ? (
          <>
            {field('title', t('fields.tasks.title'), <input id="quick-title" required value={values.title} onChange={set('title')} />)}
            {field('dueAt', t('fields.tasks.dueAt'), <input id="quick-dueAt" type="datetime-local" value={values.dueAt} onChange={set('dueAt')} />)}
            {field('remindAt', t('fields.tasks.remindAt'), <input id="quick-remindAt" type="datetime-local" value={values.remindAt} onChange={set('remindAt')} />)}
          </>
        ) : (
          <>
            {action === 'call' &&
              field(
                'direction',
                t('quick.direction'),
                <select id="quick-direction" value={values.direction} onChange={set('direction')}>
                  <option value="outbound">{t('quick.outbound')}</option>
                  <option value="inbound">{t('quick.inbound')}</option>
                </select>,
              )}
            {field('subject', t('quick.subject'), <input id="quick-subject" value={values.subject} onChange={set('subject')} />)}
            {field('body', action === 'call' ? t('quick.summary') : t('quick.text'), <textarea id="quick-body" rows={4} value={values.body} onChange={set('body')} />)}
            {action === 'call' && field('durationMin', t('quick.duration'), <input id="quick-durationMin" inputMode="numeric" value={values.durationMin} onChange={set('durationMin')} />)}
            {action === 'call' && field('outcome', t('quick.outcome'), <input id="quick-outcome" value={values.outcome} onChange={set('outcome')} />)}
          </>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary">
            {t('app.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
