// The editor of a trigger sequence: its name, the mailbox its emails go from, the trigger that enrols a
// contact, and the ordered steps (email with subject and body, task for the owner, wait, condition), each
// movable and removable. The server checks the whole definition; its problems show on the step they name.
import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { sequencePlaceholders, sequenceTriggerKinds } from '@svyaz/shared';
import { api, ApiError } from '../../api/client';
import { usePipelines } from '../../lib/lookups';
import { moveStep, newStep, sequenceProblems, toApiSequence, type SequenceDraft, type SequenceSummary, type StepDraft, type TriggerDraft } from '../../lib/sequences';
import { RefPicker } from '../RefPicker';
import { useFieldErrorText } from '../States';

interface Props {
  initial: SequenceDraft;
  sequenceId?: string;
  onSaved: (saved: SequenceSummary) => void;
  onCancel?: () => void;
}

export function SequenceEditor({ initial, sequenceId, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const errorText = useFieldErrorText();
  const [draft, setDraft] = useState<SequenceDraft>(initial);
  const mailboxes = useQuery({ queryKey: ['mailboxes'], queryFn: async () => (await api<{ data: { id: string; name: string; emailAddress: string }[] }>('/mailboxes')).data, retry: false });
  const save = useMutation({
    mutationFn: () => (sequenceId ? api<SequenceSummary>(`/sequences/${sequenceId}`, { method: 'PATCH', body: toApiSequence(draft) }) : api<SequenceSummary>('/sequences', { method: 'POST', body: toApiSequence(draft) })),
    onSuccess: onSaved,
  });
  const problems = sequenceProblems(save.error instanceof ApiError ? save.error.details : null);
  const known = new Set(Object.keys(problems.fields));
  const unplaced = save.isError && Object.keys(problems.steps).length === 0 && ![...known].some((key) => ['name', 'mailboxId', 'trigger', 'steps', 'ownerId'].includes(key));
  const setTrigger = (patch: Partial<TriggerDraft>) => setDraft((current) => ({ ...current, trigger: { ...current.trigger, ...patch } }));
  const setStep = (index: number, step: StepDraft) => setDraft((current) => ({ ...current, steps: current.steps.map((item, at) => (at === index ? step : item)) }));
  const hasEmail = draft.steps.some((step) => step.kind === 'email');
  const fieldError = (key: string) =>
    problems.fields[key]?.length ? (
      <span className="field-error" role="alert">
        {problems.fields[key].join('; ')}
      </span>
    ) : null;

  return (
    <form
      className="sequence-editor"
      aria-label={t('sequences.editor')}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <div className="sequence-editor-head">
        <label className="field">
          <span>{t('sequences.name')}</span>
          <input value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} required maxLength={200} />
          {fieldError('name')}
        </label>
        <label className="field">
          <span>{t('sequences.mailbox')}</span>
          <select value={draft.mailboxId} onChange={(event) => setDraft({ ...draft, mailboxId: event.target.value })}>
            <option value="">{hasEmail ? t('sequences.pickMailbox') : t('sequences.noMailbox')}</option>
            {(mailboxes.data ?? []).map((mailbox) => (
              <option key={mailbox.id} value={mailbox.id}>
                {mailbox.name} ({mailbox.emailAddress})
              </option>
            ))}
          </select>
          {fieldError('mailboxId')}
        </label>
        <label className="field">
          <span>{t('sequences.reenrolment')}</span>
          <select value={draft.reenrolment} onChange={(event) => setDraft({ ...draft, reenrolment: event.target.value as SequenceDraft['reenrolment'] })}>
            <option value="never">{t('sequences.reenrolments.never')}</option>
            <option value="after_finish">{t('sequences.reenrolments.after_finish')}</option>
          </select>
        </label>
        <label className="inline-field">
          <input type="checkbox" checked={draft.isActive} onChange={(event) => setDraft({ ...draft, isActive: event.target.checked })} />
          <span>{t('sequences.activeCheckbox')}</span>
        </label>
      </div>

      <fieldset className="sequence-trigger">
        <legend>{t('sequences.trigger')}</legend>
        <TriggerFields trigger={draft.trigger} onChange={setTrigger} />
        {fieldError('trigger')}
      </fieldset>

      <fieldset className="sequence-steps-editor">
        <legend>{t('sequences.steps')}</legend>
        <ol className="sequence-steps">
          {draft.steps.map((step, index) => (
            <li key={index} className={`sequence-step${problems.steps[index] ? ' has-error' : ''}`} aria-label={t('sequences.stepLabel', { number: index + 1, kind: t(`sequences.stepKinds.${step.kind}`) })}>
              <div className="sequence-step-head">
                <span className="sequence-step-number">{index + 1}</span>
                <strong>{t(`sequences.stepKinds.${step.kind}`)}</strong>
                <span className="sequence-step-tools">
                  <button type="button" className="icon-button" aria-label={t('sequences.moveUp')} disabled={index === 0} onClick={() => setDraft({ ...draft, steps: moveStep(draft.steps, index, -1) })}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" aria-label={t('sequences.moveDown')} disabled={index === draft.steps.length - 1} onClick={() => setDraft({ ...draft, steps: moveStep(draft.steps, index, 1) })}>
                    ↓
                  </button>
                  <button type="button" className="icon-button" aria-label={t('sequences.removeStep')} onClick={() => setDraft({ ...draft, steps: draft.steps.filter((_, at) => at !== index) })}>
                    ×
                  </button>
                </span>
              </div>
              <StepFields step={step} onChange={(next) => setStep(index, next)} />
              {problems.steps[index] && (
                <p className="field-error" role="alert">
                  {problems.steps[index].join('; ')}
                </p>
              )}
            </li>
          ))}
        </ol>
        {fieldError('steps')}
        <div className="sequence-add-step">
          <span className="muted">{t('sequences.addStep')}:</span>
          {(['email', 'task', 'wait', 'condition'] as const).map((kind) => (
            <button key={kind} type="button" className="button" onClick={() => setDraft({ ...draft, steps: [...draft.steps, newStep(kind)] })}>
              + {t(`sequences.stepKinds.${kind}`)}
            </button>
          ))}
        </div>
      </fieldset>

      {save.isError && (unplaced || known.has('ownerId')) && (
        <p className="field-error" role="alert">
          {errorText(save.error)}
        </p>
      )}
      <div className="form-actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('app.cancel')}
          </button>
        )}
        <button type="submit" className="button button-primary" disabled={save.isPending || !draft.name.trim() || draft.steps.length === 0}>
          {t('sequences.save')}
        </button>
      </div>
    </form>
  );
}

function TriggerFields({ trigger, onChange }: { trigger: TriggerDraft; onChange: (patch: Partial<TriggerDraft>) => void }) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  return (
    <div className="sequence-trigger-fields">
      <label className="field">
        <span>{t('sequences.triggerKind')}</span>
        <select value={trigger.kind} onChange={(event) => onChange({ kind: event.target.value as TriggerDraft['kind'] })}>
          {sequenceTriggerKinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`sequences.triggerKinds.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      {trigger.kind === 'purchase' && (
        <>
          <div className="field">
            <RefPicker id="sequence-trigger-product" label={t('sequences.triggerProduct')} object="products" value={trigger.productId} initialName={trigger.productName} onChange={(id, name) => onChange({ productId: id, productName: name })} />
          </div>
          <label className="field">
            <span>{t('sequences.triggerCategory')}</span>
            <input value={trigger.category} onChange={(event) => onChange({ category: event.target.value })} placeholder={t('sequences.anyCategory')} />
          </label>
          <p className="hint">{t('sequences.purchaseHint')}</p>
        </>
      )}
      {trigger.kind === 'new_product' && (
        <label className="field">
          <span>{t('sequences.triggerCategory')}</span>
          <input value={trigger.category} onChange={(event) => onChange({ category: event.target.value })} placeholder={t('sequences.anyCategory')} />
        </label>
      )}
      {trigger.kind === 'days_since_order' && (
        <label className="field">
          <span>{t('sequences.triggerDays')}</span>
          <input type="number" min={1} value={trigger.days} onChange={(event) => onChange({ days: event.target.value })} />
        </label>
      )}
      {trigger.kind === 'birthday' && (
        <label className="field">
          <span>{t('sequences.triggerDaysBefore')}</span>
          <input type="number" min={0} value={trigger.daysBefore} onChange={(event) => onChange({ daysBefore: event.target.value })} />
        </label>
      )}
      {trigger.kind === 'deal_stage' && (
        <label className="field">
          <span>{t('sequences.triggerStage')}</span>
          <select value={trigger.stageId} onChange={(event) => onChange({ stageId: event.target.value })}>
            <option value="">—</option>
            {(pipelines.data ?? []).map((pipeline) => (
              <optgroup key={pipeline.id} label={pipeline.name}>
                {(pipeline.stages ?? []).map((stage) => (
                  <option key={stage.id} value={stage.id}>
                    {stage.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      {trigger.kind === 'manual' && <p className="hint">{t('sequences.manualHint')}</p>}
    </div>
  );
}

function StepFields({ step, onChange }: { step: StepDraft; onChange: (step: StepDraft) => void }) {
  const { t } = useTranslation();
  switch (step.kind) {
    case 'email':
      return (
        <div className="sequence-step-fields">
          <label className="field">
            <span>{t('sequences.subject')}</span>
            <input value={step.subject} onChange={(event) => onChange({ ...step, subject: event.target.value })} maxLength={300} />
          </label>
          <label className="field">
            <span>{t('sequences.body')}</span>
            <textarea rows={5} value={step.body} onChange={(event) => onChange({ ...step, body: event.target.value })} />
          </label>
          <p className="hint">
            {t('sequences.placeholders')}: {sequencePlaceholders.map((name) => `{{${name}}}`).join(', ')}
          </p>
        </div>
      );
    case 'task':
      return (
        <div className="sequence-step-fields sequence-step-row">
          <label className="field grow">
            <span>{t('sequences.taskTitle')}</span>
            <input value={step.title} onChange={(event) => onChange({ ...step, title: event.target.value })} maxLength={300} />
          </label>
          <label className="field">
            <span>{t('sequences.dueInDays')}</span>
            <input type="number" min={0} value={step.dueInDays} onChange={(event) => onChange({ ...step, dueInDays: event.target.value })} />
          </label>
        </div>
      );
    case 'wait':
      return (
        <div className="sequence-step-fields sequence-step-row">
          <label className="field">
            <span>{t('sequences.waitDays')}</span>
            <input type="number" min={0} value={step.days} onChange={(event) => onChange({ ...step, days: event.target.value })} />
          </label>
          <label className="field">
            <span>{t('sequences.waitHours')}</span>
            <input type="number" min={0} value={step.hours} onChange={(event) => onChange({ ...step, hours: event.target.value })} />
          </label>
        </div>
      );
    default:
      return (
        <div className="sequence-step-fields sequence-step-row">
          <label className="field">
            <span>{t('sequences.conditionTest')}</span>
            <select value={step.test} onChange={(event) => onChange({ ...step, test: event.target.value as typeof step.test })}>
              <option value="ordered_since_enrolment">{t('sequences.conditionTests.ordered_since_enrolment')}</option>
              <option value="has_open_deal">{t('sequences.conditionTests.has_open_deal')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('sequences.continueWhen')}</span>
            <select value={step.continueWhen ? 'yes' : 'no'} onChange={(event) => onChange({ ...step, continueWhen: event.target.value === 'yes' })}>
              <option value="yes">{t('sequences.continueIfYes')}</option>
              <option value="no">{t('sequences.continueIfNo')}</option>
            </select>
          </label>
        </div>
      );
  }
}
