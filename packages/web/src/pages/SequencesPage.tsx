// Trigger sequences (issue 14), as HubSpot sequences or Bitrix24 robots: the list with each sequence's state
// and its enrolled / running / finished counts, a sequence's trigger and steps, activate and pause, edit,
// delete; a new sequence in the editor. Rights are the `campaigns` ones (the server scopes and refuses).
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SequenceStep, SequenceTrigger } from '@svyaz/shared';
import { api } from '../api/client';
import { can, useMe } from '../app/session';
import { Empty, ErrorState, Loading, useFieldErrorText } from '../components/States';
import { useToast } from '../components/Toasts';
import { SequenceEditor } from '../components/sequences/SequenceEditor';
import { useStageNames } from '../lib/lookups';
import { draftOf, emptyDraft, type SequenceSummary } from '../lib/sequences';
import './sequences.css';

export default function SequencesPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { permissions } = useMe();
  const list = useQuery({ queryKey: ['sequences'], queryFn: () => api<{ data: SequenceSummary[] }>('/sequences') });
  return (
    <section className="page sequences-page" aria-labelledby="sequences-title">
      <header className="page-header">
        <h1 id="sequences-title">{t('sequences.title')}</h1>
        {can(permissions, 'campaigns', 'create') && (
          <Link className="button button-primary" to="/sequences/new">
            {t('sequences.new')}
          </Link>
        )}
      </header>
      <div className="sequences-layout">
        <nav className="sequences-list" aria-label={t('sequences.list')}>
          {list.isPending ? (
            <Loading />
          ) : list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : list.data.data.length === 0 ? (
            <Empty title={t('sequences.none')} />
          ) : (
            <ul>
              {list.data.data.map((sequence) => (
                <li key={sequence.id} className={sequence.id === id ? 'active' : undefined}>
                  <Link to={`/sequences/${sequence.id}`}>
                    <strong>{sequence.name}</strong>
                    <span className={`badge ${sequence.isActive ? 'badge-ok' : 'badge-muted'}`}>{sequence.isActive ? t('sequences.active') : t('sequences.paused')}</span>
                    <span className="muted">{t('sequences.counts', { enrolled: sequence.enrolled, running: sequence.running, finished: sequence.finished })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="sequences-main">{id === 'new' ? <NewSequence /> : id ? <SequenceDetail key={id} id={id} /> : <Empty title={t('sequences.pick')} />}</div>
      </div>
    </section>
  );
}

function NewSequence() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  return (
    <SequenceEditor
      initial={emptyDraft()}
      onCancel={() => navigate('/sequences')}
      onSaved={(saved) => {
        void client.invalidateQueries({ queryKey: ['sequences'] });
        toast({ message: t('sequences.saved'), tone: 'success' });
        navigate(`/sequences/${saved.id}`);
      }}
    />
  );
}

function SequenceDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const { permissions } = useMe();
  const [editing, setEditing] = useState(false);
  const sequence = useQuery({ queryKey: ['sequences', id], queryFn: () => api<SequenceSummary>(`/sequences/${id}`), retry: false });
  const product = useQuery({
    queryKey: ['record', 'products', (sequence.data?.trigger as { productId?: string } | undefined)?.productId],
    enabled: Boolean((sequence.data?.trigger as { productId?: string } | undefined)?.productId),
    queryFn: () => api<{ name: string }>(`/products/${(sequence.data!.trigger as { productId: string }).productId}`),
    retry: false,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: ['sequences'] });
  const toggle = useMutation({
    mutationFn: (isActive: boolean) => api<SequenceSummary>(`/sequences/${id}`, { method: 'PATCH', body: { isActive } }),
    onSuccess: (saved) => {
      client.setQueryData(['sequences', id], saved);
      refresh();
      toast({ message: saved.isActive ? t('sequences.activated') : t('sequences.pausedToast'), tone: 'success' });
    },
  });
  const remove = useMutation({
    mutationFn: () => api(`/sequences/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      refresh();
      navigate('/sequences');
    },
  });
  if (sequence.isPending) return <Loading />;
  if (sequence.isError) return <ErrorState error={sequence.error} />;
  const data = sequence.data;
  if (editing)
    return (
      <SequenceEditor
        initial={draftOf(data, product.data?.name ?? '')}
        sequenceId={id}
        onCancel={() => setEditing(false)}
        onSaved={(saved) => {
          client.setQueryData(['sequences', id], saved);
          refresh();
          setEditing(false);
          toast({ message: t('sequences.saved'), tone: 'success' });
        }}
      />
    );
  const mayChange = can(permissions, 'campaigns', 'update');
  return (
    <div className="sequence-detail">
      <header className="sequence-detail-head">
        <h2>{data.name}</h2>
        <span className={`badge ${data.isActive ? 'badge-ok' : 'badge-muted'}`} data-testid="sequence-status">
          {data.isActive ? t('sequences.active') : t('sequences.paused')}
        </span>
        {mayChange && (
          <div className="form-actions">
            <button type="button" className="button" disabled={toggle.isPending} onClick={() => toggle.mutate(!data.isActive)}>
              {data.isActive ? t('sequences.pause') : t('sequences.activate')}
            </button>
            <button type="button" className="button" onClick={() => setEditing(true)}>
              {t('sequences.edit')}
            </button>
            {can(permissions, 'campaigns', 'delete') && (
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  if (window.confirm(t('sequences.confirmDelete', { name: data.name }))) remove.mutate();
                }}
              >
                {t('sequences.delete')}
              </button>
            )}
          </div>
        )}
      </header>
      {(toggle.isError || remove.isError) && (
        <p className="field-error" role="alert">
          {errorText(toggle.error ?? remove.error)}
        </p>
      )}
      <dl className="sequence-stats">
        <div>
          <dt>{t('sequences.enrolled')}</dt>
          <dd data-testid="sequence-enrolled">{data.enrolled}</dd>
        </div>
        <div>
          <dt>{t('sequences.running')}</dt>
          <dd>{data.running}</dd>
        </div>
        <div>
          <dt>{t('sequences.finished')}</dt>
          <dd>{data.finished}</dd>
        </div>
        <div>
          <dt>{t('sequences.stopped')}</dt>
          <dd>{data.stopped}</dd>
        </div>
      </dl>
      <p>
        <strong>{t('sequences.trigger')}:</strong> <TriggerText trigger={data.trigger} productName={product.data?.name} />
      </p>
      <ol className="sequence-steps sequence-steps-read">
        {data.steps.map((step, index) => (
          <li key={index} className="sequence-step">
            <span className="sequence-step-number">{index + 1}</span> <StepText step={step} />
          </li>
        ))}
      </ol>
    </div>
  );
}

export function TriggerText({ trigger, productName }: { trigger: SequenceTrigger; productName?: string }) {
  const { t } = useTranslation();
  const stages = useStageNames();
  switch (trigger.kind) {
    case 'purchase':
      return <>{t('sequences.triggerText.purchase', { what: [productName ?? (trigger.productId ? '…' : ''), trigger.category].filter(Boolean).join(' / ') })}</>;
    case 'days_since_order':
      return <>{t('sequences.triggerText.days_since_order', { count: trigger.days })}</>;
    case 'deal_stage':
      return <>{t('sequences.triggerText.deal_stage', { stage: stages.get(trigger.stageId) ?? '…' })}</>;
    case 'birthday':
      return <>{t('sequences.triggerText.birthday', { count: trigger.daysBefore })}</>;
    case 'new_product':
      return <>{trigger.category ? t('sequences.triggerText.new_product_in', { category: trigger.category }) : t('sequences.triggerText.new_product')}</>;
    default:
      return <>{t('sequences.triggerText.manual')}</>;
  }
}

/** One line about a step, as on the list and the contact's card. */
export function StepText({ step }: { step: SequenceStep }) {
  const { t } = useTranslation();
  switch (step.kind) {
    case 'email':
      return <>{t('sequences.stepText.email', { subject: step.subject })}</>;
    case 'task':
      return <>{t('sequences.stepText.task', { title: step.title })}</>;
    case 'wait':
      return <>{t('sequences.stepText.wait', { duration: [step.days ? t('sequences.days', { count: step.days }) : '', step.hours ? t('sequences.hours', { count: step.hours }) : ''].filter(Boolean).join(' ') })}</>;
    default:
      return <>{t('sequences.stepText.condition', { test: t(`sequences.conditionTests.${step.test}`), then: step.continueWhen === false ? t('sequences.continueIfNo') : t('sequences.continueIfYes') })}</>;
  }
}
