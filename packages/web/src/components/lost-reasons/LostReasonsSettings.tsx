// A pipeline's lost reasons on the pipelines settings screen (issue 16): add, rename, move up/down,
// archive and restore. Archived reasons stay on the deals that carry them but are no longer offered.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Pipeline } from '../../lib/lookups';
import { reasonLabel, useLostReasons, type LostReason } from '../../lib/lost-reasons';
import { useSubmit } from '../settings/SettingsForm';
import { ErrorState, Loading } from '../States';
import { useToast } from '../Toasts';

export function LostReasonsSettings({ pipeline, editable }: { pipeline: Pipeline; editable: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const reasons = useLostReasons(pipeline.id, true);
  const [label, setLabel] = useState('');
  const [isOther, setIsOther] = useState(false);
  const { errors, busy, submit } = useSubmit();
  const refresh = () => client.invalidateQueries({ queryKey: ['lostReasons', pipeline.id] });
  const titleId = `lost-reasons-${pipeline.id}`;
  if (reasons.isPending) return <Loading />;
  if (reasons.isError) return <ErrorState error={reasons.error} onRetry={() => void reasons.refetch()} />;
  const list = reasons.data;

  async function add() {
    if (await submit(() => api(`/pipelines/${pipeline.id}/lost-reasons`, { method: 'POST', body: { label, isOther } }))) {
      setLabel('');
      setIsOther(false);
      toast({ message: t('lostReasons.added'), tone: 'success' });
      await refresh();
    }
  }
  async function change(reason: LostReason, body: Record<string, unknown>) {
    if (await submit(() => api(`/lost-reasons/${reason.id}`, { method: 'PATCH', body }))) await refresh();
  }
  async function reorder(from: number, to: number) {
    const ids = list.map((reason) => reason.id);
    [ids[from], ids[to]] = [ids[to], ids[from]];
    if (await submit(() => api(`/pipelines/${pipeline.id}/lost-reasons/order`, { method: 'PUT', body: { ids } }))) await refresh();
  }

  return (
    <section className="card lost-reasons-settings" aria-labelledby={titleId} data-pipeline={pipeline.name}>
      <h3 id={titleId}>{t('lostReasons.settingsTitle', { name: pipeline.name })}</h3>
      <p className="muted small">{t('lostReasons.settingsHint')}</p>
      <ol className="lost-reason-list">
        {list.map((reason, index) => (
          <ReasonRow
            key={`${reason.id}-${reason.label}-${reason.key ?? ''}`}
            reason={reason}
            editable={editable}
            first={index === 0}
            last={index === list.length - 1}
            onRename={(next) => void change(reason, { label: next })}
            onArchive={(archived) => void change(reason, { archived })}
            onMove={(delta) => void reorder(index, index + delta)}
          />
        ))}
      </ol>
      {errors.label && (
        <p className="form-error" role="alert">
          {errors.label}
        </p>
      )}
      {editable && (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <label htmlFor={`new-reason-${pipeline.id}`}>{t('lostReasons.newReason')}</label>
          <input id={`new-reason-${pipeline.id}`} value={label} maxLength={100} onChange={(event) => setLabel(event.target.value)} />
          <label className="check">
            <input type="checkbox" checked={isOther} onChange={(event) => setIsOther(event.target.checked)} />
            {t('lostReasons.needsComment')}
          </label>
          <button type="submit" className="button button-small" disabled={busy || !label.trim()}>
            {t('lostReasons.add')}
          </button>
        </form>
      )}
    </section>
  );
}

function ReasonRow({ reason, editable, first, last, onRename, onArchive, onMove }: { reason: LostReason; editable: boolean; first: boolean; last: boolean; onRename: (label: string) => void; onArchive: (archived: boolean) => void; onMove: (delta: number) => void }) {
  const { t } = useTranslation();
  const shown = reasonLabel(t, reason);
  const [draft, setDraft] = useState(shown);
  return (
    <li className={`lost-reason-row${reason.archived ? ' archived' : ''}`} data-reason={shown}>
      {editable ? (
        <input aria-label={t('lostReasons.rename', { name: shown })} value={draft} maxLength={100} onChange={(event) => setDraft(event.target.value)} onBlur={() => draft.trim() && draft.trim() !== shown && onRename(draft.trim())} onKeyDown={(event) => event.key === 'Enter' && (event.currentTarget as HTMLInputElement).blur()} />
      ) : (
        <span>{shown}</span>
      )}
      {reason.isOther && <span className="pill">{t('lostReasons.needsComment')}</span>}
      {reason.archived && <span className="pill">{t('lostReasons.archived')}</span>}
      {editable && (
        <>
          <button type="button" className="button button-small" disabled={first} aria-label={t('lostReasons.moveUp', { name: shown })} onClick={() => onMove(-1)}>
            ↑
          </button>
          <button type="button" className="button button-small" disabled={last} aria-label={t('lostReasons.moveDown', { name: shown })} onClick={() => onMove(1)}>
            ↓
          </button>
          <button type="button" className="button button-small" onClick={() => onArchive(!reason.archived)}>
            {reason.archived ? t('lostReasons.restore') : t('lostReasons.archive')}
          </button>
        </>
      )}
    </li>
  );
}
