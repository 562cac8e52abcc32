// Pipelines and their stages. Each pipeline is edited as a draft and saved whole (PATCH with the
// ordered stage list): rename, add, rename and reorder stages (drag the handle, or focus it and use
// the arrow keys), set probability and kind, remove a stage. The server refuses to remove a stage that
// holds deals or to change such a stage's kind, and its reason is shown on that stage's row. A pipeline
// other than the default one can be deleted once it holds no deals (the server's count is shown if not).
import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { can, useMe } from '../../app/session';
import { usePipelines, type Pipeline } from '../../lib/lookups';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { DraftActions, Field, FormCard, useSubmit } from './SettingsForm';
import { LostReasonsSettings } from '../lost-reasons/LostReasonsSettings';

type Kind = 'open' | 'won' | 'lost';
interface DraftStage {
  key: string;
  id?: string;
  name: string;
  probability: string;
  kind: Kind;
  removed: boolean;
}

const kinds: Kind[] = ['open', 'won', 'lost'];
let nextKey = 0;
const newKey = () => `new-${(nextKey += 1)}`;

function draftOf(pipeline: Pipeline): DraftStage[] {
  return (pipeline.stages ?? []).map((stage) => ({ key: stage.id, id: stage.id, name: stage.name, probability: String(stage.probability ?? 0), kind: (stage.kind ?? 'open') as Kind, removed: false }));
}

/** Moves the item at `from` to `to` (indexes in the same list). */
export function moveItem<T>(items: T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return items;
  const next = items.slice();
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

export function PipelinesSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const pipelines = usePipelines();
  if (pipelines.isPending) return <Loading />;
  if (pipelines.isError) return <ErrorState error={pipelines.error} />;
  const editable = can(permissions, 'pipelines', 'update');
  const deletable = can(permissions, 'pipelines', 'delete');
  return (
    <div className="settings-section">
      {pipelines.data.map((pipeline) => (
        <div key={pipeline.id}>
          <PipelineEditor key={`${pipeline.id}-${JSON.stringify(pipeline.stages)}-${pipeline.name}`} pipeline={pipeline} editable={editable} deletable={deletable} />
          <LostReasonsSettings pipeline={pipeline} editable={editable} />
        </div>
      ))}
      {can(permissions, 'pipelines', 'create') && <NewPipelineForm />}
      {pipelines.data.length === 0 && <p className="muted">{t('pipelineEditor.none')}</p>}
    </div>
  );
}

function PipelineEditor({ pipeline, editable, deletable }: { pipeline: Pipeline; editable: boolean; deletable: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(pipeline.name);
  const [stages, setStages] = useState<DraftStage[]>(() => draftOf(pipeline));
  const [dragging, setDragging] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const message = useErrorMessage();
  const [announcement, setAnnouncement] = useState('');
  const focusAfterMove = useRef<string | null>(null);
  const sent = useRef<DraftStage[]>([]);
  const list = useRef<HTMLOListElement>(null);
  // Deals per stage (the board without cards), so an administrator sees which stages hold deals.
  const counts = useQuery({
    queryKey: ['board', pipeline.id, 'counts'],
    queryFn: () => api<{ stages: { id: string; count: number }[] }>(`/pipelines/${pipeline.id}/board`, { query: { limit: 0, scope: 'all' } }),
    enabled: editable,
  });
  const countOf = new Map((counts.data?.stages ?? []).map((stage) => [stage.id, stage.count]));
  const { errors, busy, submit, setErrors } = useSubmit((field) => {
    const match = /^stages\[(\d+)\]\.(\w+)$/.exec(field);
    if (match) return `${sent.current[Number(match[1])]?.key}.${match[2]}`;
    const moved = /^moveDealsTo\.(.+)$/.exec(field);
    if (moved) return `${moved[1]}.removed`;
    return field;
  });
  const dirty = name !== pipeline.name || JSON.stringify(stages) !== JSON.stringify(draftOf(pipeline));

  useEffect(() => {
    if (!focusAfterMove.current) return;
    list.current?.querySelector<HTMLElement>(`[data-handle="${focusAfterMove.current}"]`)?.focus();
    focusAfterMove.current = null;
  }, [stages]);

  const update = (key: string, values: Partial<DraftStage>) => setStages((current) => current.map((stage) => (stage.key === key ? { ...stage, ...values } : stage)));
  const move = (key: string, to: number, viaKeyboard: boolean) => {
    const from = stages.findIndex((stage) => stage.key === key);
    if (to < 0 || to >= stages.length || from === to) return;
    if (viaKeyboard) focusAfterMove.current = key;
    setStages(moveItem(stages, from, to));
    setAnnouncement(t('pipelineEditor.moved', { name: stages[from].name, position: to + 1 }));
  };
  function addStage() {
    const index = stages.findIndex((stage) => stage.kind !== 'open');
    const stage: DraftStage = { key: newKey(), name: '', probability: '50', kind: 'open', removed: false };
    const at = index === -1 ? stages.length : index;
    setStages([...stages.slice(0, at), stage, ...stages.slice(at)]);
    setTimeout(() => document.getElementById(`stage-name-${stage.key}`)?.focus());
  }
  async function save() {
    const kept = stages.filter((stage) => !stage.removed);
    sent.current = kept;
    const body = {
      ...(name !== pipeline.name ? { name } : {}),
      stages: kept.map((stage) => ({ ...(stage.id ? { id: stage.id } : {}), name: stage.name, kind: stage.kind, probability: Number(stage.probability) })),
    };
    if (await submit(() => api(`/pipelines/${pipeline.id}`, { method: 'PATCH', body }))) {
      toast({ message: t('pipelineEditor.saved'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['pipelines'] });
      await client.invalidateQueries({ queryKey: ['board'] });
    }
  }
  async function remove() {
    setDeleting(true);
    setDeleteError(null);
    try {
      await api(`/pipelines/${pipeline.id}`, { method: 'DELETE' });
      toast({ message: t('pipelineEditor.deleted', { name: pipeline.name }), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['pipelines'] });
      await client.invalidateQueries({ queryKey: ['board'] });
    } catch (error) {
      const deals = error instanceof ApiError && error.code === 'CONFLICT' ? (error.details as { deals?: number } | undefined)?.deals : undefined;
      setDeleteError(deals ? t('pipelineEditor.pipelineHoldsDeals', { count: deals }) : message(error));
      setConfirming(false);
    } finally {
      setDeleting(false);
    }
  }
  async function makeDefault() {
    if (await submit(() => api(`/pipelines/${pipeline.id}`, { method: 'PATCH', body: { isDefault: true } }))) await client.invalidateQueries({ queryKey: ['pipelines'] });
  }
  /** The server's reason, in the user's language where its wording is known. */
  const reason = (text: string | undefined) => {
    if (!text) return undefined;
    const holds = /holds (\d+) deals/.exec(text);
    if (holds) return t('pipelineEditor.holdsDeals', { count: Number(holds[1]) });
    if (/holds deals; move them before changing its kind/.test(text)) return t('pipelineEditor.kindLocked');
    if (/at least one open stage/.test(text)) return t('pipelineEditor.needsOpen');
    return text;
  };
  const titleId = `pipeline-${pipeline.id}`;
  return (
    <section className="card pipeline-editor" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {pipeline.name} {pipeline.isDefault && <span className="pill">{t('settings.default')}</span>}
      </h2>
      {editable && (
        <div className="inline-form">
          <Field id={`pipeline-name-${pipeline.id}`} label={t('pipelineEditor.pipelineName')} value={name} onChange={setName} error={errors.name} />
          {!pipeline.isDefault && (
            <button type="button" className="button button-small" onClick={() => void makeDefault()}>
              {t('pipelineEditor.makeDefault')}
            </button>
          )}
          {!pipeline.isDefault && deletable && !confirming && (
            <button type="button" className="button button-small button-danger" onClick={() => setConfirming(true)}>
              {t('pipelineEditor.deletePipeline')}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div className="confirm-row" role="alertdialog" aria-labelledby={`${titleId}-confirm`}>
          <p id={`${titleId}-confirm`}>{t('pipelineEditor.confirmDelete', { name: pipeline.name })}</p>
          <button type="button" className="button button-small button-danger" autoFocus disabled={deleting} onClick={() => void remove()}>
            {t('pipelineEditor.confirmDeleteButton')}
          </button>
          <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
            {t('app.cancel')}
          </button>
        </div>
      )}
      {deleteError && (
        <p className="form-error" role="alert">
          {deleteError}
        </p>
      )}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      <ol className="stage-editor" ref={list} aria-label={t('pipelineEditor.stagesOf', { name: pipeline.name })}>
        {stages.map((stage, index) => {
          const removeError = reason(stage.id ? errors[`${stage.id}.removed`] : undefined);
          const label = stage.name || t('pipelineEditor.newStage');
          const count = stage.id ? countOf.get(stage.id) : undefined;
          return (
            <li
              key={stage.key}
              className={`stage-row stage-${stage.kind}${stage.removed ? ' removed' : ''}${dragging === stage.key ? ' dragging' : ''}`}
              data-stage={stage.name}
              onDragOver={(event) => {
                if (!dragging) return;
                event.preventDefault();
                if (dragging !== stage.key) move(dragging, index, false);
              }}
              onDrop={(event) => {
                event.preventDefault();
                setDragging(null);
              }}
            >
              {editable && (
                <button
                  type="button"
                  className="drag-handle"
                  data-handle={stage.key}
                  draggable
                  aria-label={t('pipelineEditor.reorder', { name: label, position: index + 1, count: stages.length })}
                  title={t('pipelineEditor.reorderHint')}
                  onDragStart={(event) => {
                    event.dataTransfer.effectAllowed = 'move';
                    event.dataTransfer.setData('text/plain', stage.key);
                    setDragging(stage.key);
                  }}
                  onDragEnd={() => setDragging(null)}
                  onKeyDown={(event) => {
                    if (event.key === 'ArrowUp') {
                      event.preventDefault();
                      move(stage.key, index - 1, true);
                    } else if (event.key === 'ArrowDown') {
                      event.preventDefault();
                      move(stage.key, index + 1, true);
                    }
                  }}
                >
                  ⠿
                </button>
              )}
              <Field id={`stage-name-${stage.key}`} className="stage-name" label={t('pipelineEditor.stageName')} value={stage.name} onChange={(value) => update(stage.key, { name: value })} error={reason(errors[`${stage.key}.name`])}>
                {editable ? undefined : <span id={`stage-name-${stage.key}`}>{stage.name}</span>}
              </Field>
              <Field id={`stage-probability-${stage.key}`} label={t('pipelineEditor.probability')} error={reason(errors[`${stage.key}.probability`])} className="narrow stage-probability">
                <input
                  id={`stage-probability-${stage.key}`}
                  type="number"
                  min={0}
                  max={100}
                  value={stage.probability}
                  disabled={!editable || stage.removed}
                  onChange={(event) => update(stage.key, { probability: event.target.value })}
                />
              </Field>
              <Field id={`stage-kind-${stage.key}`} label={t('pipelineEditor.kind')} error={reason(errors[`${stage.key}.kind`])} className="narrow stage-kind">
                <select id={`stage-kind-${stage.key}`} value={stage.kind} disabled={!editable || stage.removed} onChange={(event) => update(stage.key, { kind: event.target.value as Kind })}>
                  {kinds.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`settings.stageKinds.${kind}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <span className="muted small stage-count">{count === undefined ? '' : t('pipelineEditor.deals', { count })}</span>
              {editable && (
                <button
                  type="button"
                  className={`button button-small${stage.removed ? '' : ' button-danger'}`}
                  aria-label={t(stage.removed ? 'pipelineEditor.keepStage' : 'pipelineEditor.removeStage', { name: label })}
                  onClick={() => {
                    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !field.startsWith(`${stage.key}.`))));
                    if (!stage.id) setStages(stages.filter((item) => item.key !== stage.key));
                    else update(stage.key, { removed: !stage.removed });
                  }}
                >
                  {stage.removed ? t('pipelineEditor.keep') : t('pipelineEditor.remove')}
                </button>
              )}
              {removeError && (
                <p className="field-error stage-error" role="alert">
                  {removeError}
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {errors.stages && <p className="field-error">{reason(errors.stages)}</p>}
      {editable && (
        <DraftActions
          dirty={dirty}
          busy={busy}
          onSave={() => void save()}
          onCancel={() => {
            setStages(draftOf(pipeline));
            setName(pipeline.name);
            setErrors({});
          }}
        >
          <button type="button" className="button" onClick={addStage}>
            {t('pipelineEditor.addStage')}
          </button>
        </DraftActions>
      )}
    </section>
  );
}

function NewPipelineForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const { errors, busy, submit } = useSubmit();
  async function create() {
    const stages = [
      { name: t('pipelineEditor.firstStage'), kind: 'open', probability: 10 },
      { name: t('pipelineEditor.wonStage'), kind: 'won', probability: 100 },
      { name: t('pipelineEditor.lostStage'), kind: 'lost', probability: 0 },
    ];
    if (await submit(() => api('/pipelines', { method: 'POST', body: { name, stages } }))) {
      setName('');
      await client.invalidateQueries({ queryKey: ['pipelines'] });
    }
  }
  return (
    <FormCard title={t('pipelineEditor.newPipeline')} submitLabel={t('app.create')} onSubmit={() => void create()} busy={busy}>
      <Field id="new-pipeline-name" label={t('pipelineEditor.pipelineName')} value={name} onChange={setName} error={errors.name} required />
    </FormCard>
  );
}
