// "Sequences" on a contact's card: every enrolment with its state, the step it is on and when it runs next,
// its history (folded), a Stop button for a running one (the contact's change right decides), and enrolling
// the contact by hand into a manual sequence (the campaigns rights).
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ContactSequence } from '@svyaz/shared';
import { api } from '../../api/client';
import { can, useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import type { SequenceSummary } from '../../lib/sequences';
import { StepText } from '../../pages/SequencesPage';
import { ErrorState, Loading, useFieldErrorText } from '../States';
import { useToast } from '../Toasts';
import '../../pages/sequences.css';

export function ContactSequencesPanel({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const locale = currentLocale();
  const { permissions } = useMe();
  const key = ['contact-sequences', contactId];
  const query = useQuery({ queryKey: key, queryFn: () => api<{ data: ContactSequence[] }>(`/contacts/${contactId}/sequences`), retry: false });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: key });
    void client.invalidateQueries({ queryKey: ['sequences'] });
    void client.invalidateQueries({ queryKey: ['timeline', 'contacts', contactId] });
  };
  const stop = useMutation({
    mutationFn: (enrolmentId: string) => api(`/sequence-enrolments/${enrolmentId}/stop`, { method: 'POST' }),
    onSuccess: () => {
      refresh();
      toast({ message: t('sequences.card.stopped'), tone: 'success' });
    },
  });
  const readsSequences = can(permissions, 'campaigns', 'read');
  const reasonText = useReasonText();
  const enrolments = query.data?.data ?? [];
  return (
    <section className="card contact-sequences" aria-labelledby="contact-sequences-title">
      <header className="contact-sequences-head">
        <h2 id="contact-sequences-title">{t('sequences.card.title')}</h2>
        {can(permissions, 'campaigns', 'update') && <EnrolByHand contactId={contactId} enrolledIn={enrolments.filter((row) => row.status === 'running').map((row) => row.sequenceId)} onEnrolled={refresh} />}
      </header>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : enrolments.length === 0 ? (
        <p className="muted">{t('sequences.card.none')}</p>
      ) : (
        <ul className="contact-sequence-list">
          {enrolments.map((enrolment) => (
            <li key={enrolment.id} className="contact-sequence" data-testid="contact-sequence">
              <div className="contact-sequence-line">
                <strong>{readsSequences ? <Link to={`/sequences/${enrolment.sequenceId}`}>{enrolment.sequenceName}</Link> : enrolment.sequenceName}</strong>
                <span className={`badge ${enrolment.status === 'running' ? 'badge-ok' : enrolment.status === 'stopped' ? 'badge-danger' : 'badge-muted'}`}>{t(`sequences.card.statuses.${enrolment.status}`)}</span>
                {enrolment.canStop && (
                  <button type="button" className="button button-small" disabled={stop.isPending} onClick={() => stop.mutate(enrolment.id)}>
                    {t('sequences.card.stop')}
                  </button>
                )}
              </div>
              {enrolment.status === 'running' && enrolment.currentStep ? (
                <p className="contact-sequence-step">
                  {t('sequences.card.step', { number: enrolment.stepIndex + 1, total: enrolment.stepCount })}: <StepText step={enrolment.currentStep} />
                  {enrolment.nextRunAt && <span className="muted"> · {t('sequences.card.nextRun', { at: formatDateTime(enrolment.nextRunAt, locale) })}</span>}
                </p>
              ) : (
                <p className="muted contact-sequence-step">
                  {enrolment.status === 'stopped' ? t('sequences.card.stoppedAt', { at: formatDateTime(enrolment.finishedAt, locale), reason: reasonText(enrolment.stopReason ?? '') }) : t('sequences.card.finishedAt', { at: formatDateTime(enrolment.finishedAt, locale) })}
                </p>
              )}
              <details>
                <summary>{t('sequences.card.history', { at: formatDateTime(enrolment.enrolledAt, locale) })}</summary>
                <ol className="contact-sequence-history">
                  {enrolment.history.map((entry, index) => (
                    <li key={index}>
                      <span className="muted">{formatDateTime(entry.occurredAt, locale)}</span> {t(`sequences.card.events.${entry.kind}`)}
                      {entry.stepKind && ` · ${t(`sequences.stepKinds.${entry.stepKind}`)}`}
                      {entry.outcome && ` · ${entry.kind === 'stopped' ? reasonText(entry.outcome) : t(`sequences.card.outcomes.${entry.outcome}`, { defaultValue: entry.outcome })}`}
                      {typeof entry.detail.reason === 'string' && entry.kind === 'step' && ` (${reasonText(entry.detail.reason)})`}
                    </li>
                  ))}
                </ol>
              </details>
            </li>
          ))}
        </ul>
      )}
      {stop.isError && (
        <p className="field-error" role="alert">
          {errorText(stop.error)}
        </p>
      )}
    </section>
  );
}

/** The server's reasons (English, for logs and the API) in the user's language; an unknown one as it is. */
export function useReasonText(): (reason: string) => string {
  const { t } = useTranslation();
  return (reason) => {
    const known: Record<string, string> = {
      'stopped by hand': 'byHand',
      'sequence deleted': 'sequenceDeleted',
      'contact deleted': 'contactDeleted',
      'no marketing consent': 'noConsent',
      'no email address': 'noEmail',
      'the contact has no active owner': 'noOwner',
    };
    if (known[reason]) return t(`sequences.card.reasons.${known[reason]}`);
    if (reason.startsWith('suppressed')) return t('sequences.card.reasons.suppressed');
    if (reason.startsWith('condition ')) return t('sequences.card.reasons.condition');
    return reason;
  };
}

function EnrolByHand({ contactId, enrolledIn, onEnrolled }: { contactId: string; enrolledIn: string[]; onEnrolled: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const [picked, setPicked] = useState('');
  const sequences = useQuery({ queryKey: ['sequences'], queryFn: () => api<{ data: SequenceSummary[] }>('/sequences'), retry: false });
  const manual = (sequences.data?.data ?? []).filter((sequence) => sequence.isActive && sequence.trigger.kind === 'manual' && !enrolledIn.includes(sequence.id));
  const enrol = useMutation({
    mutationFn: () => api<{ enrolled: number }>(`/sequences/${picked}/enrol`, { method: 'POST', body: { contactIds: [contactId] } }),
    onSuccess: (result) => {
      setPicked('');
      toast({ message: result.enrolled ? t('sequences.card.enrolled') : t('sequences.card.notEnrolled'), tone: result.enrolled ? 'success' : 'info' });
      onEnrolled();
    },
  });
  if (manual.length === 0) return null;
  return (
    <div className="contact-sequences-enrol">
      <select aria-label={t('sequences.card.enrolIn')} value={picked} onChange={(event) => setPicked(event.target.value)}>
        <option value="">{t('sequences.card.enrolIn')}</option>
        {manual.map((sequence) => (
          <option key={sequence.id} value={sequence.id}>
            {sequence.name}
          </option>
        ))}
      </select>
      <button type="button" className="button button-small" disabled={!picked || enrol.isPending} onClick={() => enrol.mutate()}>
        {t('sequences.card.enrol')}
      </button>
      {enrol.isError && <span className="field-error">{errorText(enrol.error)}</span>}
    </div>
  );
}
