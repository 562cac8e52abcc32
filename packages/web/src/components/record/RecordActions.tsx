// Object-specific actions on a card: a deal's stage, a lead's conversion.
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { RecordValues } from '../../api/types';
import { usePipelines } from '../../lib/lookups';
import { Dialog } from '../Dialog';
import { lostReasonOfDeal } from '../../lib/lost-reasons';
import { LoseDealDialog, type LossChoice } from '../lost-reasons/LoseDealDialog';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';

export function RecordActions({ object, record, canUpdate }: { object: string; record: RecordValues; canUpdate: boolean }) {
  if (!canUpdate) return null;
  if (object === 'deals') return <DealStage record={record} />;
  if (object === 'leads' && record.status !== 'converted') return <LeadConversion record={record} />;
  return null;
}

function DealStage({ record }: { record: RecordValues }) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [losingTo, setLosingTo] = useState<string | null>(null);
  const stages = pipelines.data?.find((pipeline) => pipeline.id === record.pipelineId)?.stages ?? [];
  if (!stages.length) return null;
  const current = stages.find((item) => item.id === record.stageId);
  async function move(stageId: string, loss?: LossChoice) {
    const stage = stages.find((item) => item.id === stageId);
    if (stage?.kind === 'lost' && !loss) {
      setLosingTo(stageId);
      return;
    }
    try {
      await api(`/deals/${record.id}/move`, { method: 'POST', body: { stageId, ...(loss ?? {}) } });
      toast({ message: t('board.moved', { stage: stage?.name ?? '' }), tone: 'success' });
      await Promise.all([client.invalidateQueries({ queryKey: ['record', 'deals', record.id] }), client.invalidateQueries({ queryKey: ['timeline', 'deals', record.id] }), client.invalidateQueries({ queryKey: ['board'] })]);
    } catch (error) {
      toast({ message: t('board.moveRefused', { reason: message(error) }), tone: 'error' });
    }
  }
  const lost = current?.kind === 'lost' ? lostReasonOfDeal(t, record) : null;
  return (
    <div className="form-field stage-picker">
      <label htmlFor="deal-stage">{t('fields.deals.stageName')}</label>
      <select id="deal-stage" value={String(record.stageId)} onChange={(event) => void move(event.target.value)}>
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.name}
          </option>
        ))}
      </select>
      {lost && (
        <p className="deal-lost-reason" data-testid="deal-lost-reason">
          <strong>{t('lostReasons.reasonOnCard')}:</strong> {lost.reason || '—'}
          {lost.legacy && <span className="pill">{t('lostReasons.legacy')}</span>}
          {lost.comment && <span className="muted"> — {lost.comment}</span>}
        </p>
      )}
      {losingTo && (
        <LoseDealDialog
          pipelineId={String(record.pipelineId)}
          dealTitle={String(record.title ?? '')}
          onCancel={() => setLosingTo(null)}
          onConfirm={(choice) => {
            const to = losingTo;
            setLosingTo(null);
            void move(to, choice);
          }}
        />
      )}
    </div>
  );
}

function LeadConversion({ record }: { record: RecordValues }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState({ createCompany: Boolean(record.companyName), createContact: Boolean(record.lastName || record.firstName), createDeal: true });
  const [duplicate, setDuplicate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function convert(force: boolean) {
    setError(null);
    try {
      const result = await api<{ deal?: RecordValues | null; contact?: RecordValues | null; company?: RecordValues | null }>(`/leads/${record.id}/convert`, { method: 'POST', body: options, query: force ? { force: 'true' } : undefined });
      toast({ message: t('leads.converted'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['list'] });
      setOpen(false);
      const target = result.deal ? `/deals/${result.deal.id}` : result.contact ? `/contacts/${result.contact.id}` : result.company ? `/companies/${result.company.id}` : null;
      if (target) navigate(target);
      else await client.invalidateQueries({ queryKey: ['record', 'leads', record.id] });
    } catch (problem) {
      if (problem instanceof ApiError && problem.code === 'DUPLICATE_SUSPECTED') setDuplicate(true);
      setError(message(problem));
    }
  }
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        {t('leads.convert')}
      </button>
      {open && (
        <Dialog title={t('leads.convert')} onClose={() => setOpen(false)}>
          <div className="record-form">
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            {(['createCompany', 'createContact', 'createDeal'] as const).map((key) => (
              <label key={key} className="check">
                <input type="checkbox" checked={options[key]} onChange={(event) => setOptions((current) => ({ ...current, [key]: event.target.checked }))} />
                {t(`leads.${key}`)}
              </label>
            ))}
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setOpen(false)}>
                {t('app.cancel')}
              </button>
              {duplicate && (
                <button type="button" className="button" onClick={() => void convert(true)}>
                  {t('duplicates.createAnyway')}
                </button>
              )}
              <button type="button" className="button button-primary" onClick={() => void convert(false)}>
                {t('leads.convert')}
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </>
  );
}
