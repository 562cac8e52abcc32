// One import, step by step: correct the mapping and the duplicate rules while looking at the preview,
// start it, watch its progress (polled), then read the result, download the failed rows or undo it.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { Dialog } from '../components/Dialog';
import { ImportStatusBadge } from '../components/imports/ImportStatusBadge';
import { MappingTable } from '../components/imports/MappingTable';
import { PreviewTable } from '../components/imports/PreviewTable';
import { ImportProgress, ImportResult } from '../components/imports/ImportProgress';
import { isActive, matchKeys, matchKeysOf, useImportTargets, usePresets, type DuplicateStrategy, type ImportJob, type MatchKey, type Preview } from '../components/imports/import-api';
import { applyPreset, presetColumns, type ColumnMapping } from '../lib/import-mapping';
import './imports.css';

export default function ImportPageRoute() {
  const { id } = useParams();
  return id ? <ImportView key={id} id={id} /> : null;
}

function ImportView({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['imports', id],
    queryFn: () => api<ImportJob>(`/imports/${id}`),
    refetchInterval: (current) => (isActive(current.state.data?.status) ? 1000 : false),
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const job = query.data;
  const step = job.status === 'uploaded' ? 'mapping' : isActive(job.status) ? 'progress' : 'result';
  const steps = ['file', 'mapping', 'progress', 'result'] as const;
  const current = steps.indexOf(step);
  return (
    <section className="page import-page" aria-labelledby="import-title">
      <p className="breadcrumbs">
        <Link to="/imports">{t('imports.title')}</Link>
      </p>
      <header className="page-header">
        <h1 id="import-title">{job.fileName}</h1>
        <ImportStatusBadge status={job.status} />
        <span className="muted">
          {t(`objects.${job.object}.title`, { defaultValue: job.object })}
          {job.sheet ? ` · ${t('imports.sheetNamed', { name: job.sheet })}` : ''}
        </span>
      </header>
      <ol className="import-steps" aria-label={t('imports.steps.label')}>
        {steps.map((name, index) => (
          <li key={name} className={index < current ? 'done' : index === current ? 'current' : ''} aria-current={index === current ? 'step' : undefined}>
            {t(`imports.steps.${name}`)}
          </li>
        ))}
      </ol>
      {step === 'mapping' && <MappingStep job={job} />}
      {step === 'progress' && <ImportProgress job={job} />}
      {step === 'result' && <ResultStep job={job} />}
    </section>
  );
}

function MappingStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const targets = useImportTargets(job.id);
  const presets = usePresets();
  const [mapping, setMapping] = useState<ColumnMapping>(job.mapping);
  const [strategy, setStrategy] = useState<DuplicateStrategy>(job.options.duplicateStrategy ?? 'skip');
  const [matchBy, setMatchBy] = useState<MatchKey[]>(job.options.matchBy ?? []);
  const [version, setVersion] = useState(0);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [presetName, setPresetName] = useState<string | null>(null);

  const preview = useQuery({
    queryKey: ['imports', job.id, 'preview', version],
    queryFn: () => api<Preview>(`/imports/${job.id}/preview`, { method: 'POST', query: { limit: 20 } }),
    placeholderData: (previous) => previous,
  });

  /** Saves the mapping and options; the preview follows. Returns whether the server accepted them. */
  async function save(next: { mapping?: ColumnMapping; strategy?: DuplicateStrategy; matchBy?: MatchKey[] }): Promise<boolean> {
    const body = { mapping: next.mapping ?? mapping, options: { duplicateStrategy: next.strategy ?? strategy, matchBy: next.matchBy ?? matchBy } };
    setSaving(true);
    setError(null);
    try {
      const updated = await api<ImportJob>(`/imports/${job.id}/mapping`, { method: 'PUT', body });
      client.setQueryData(['imports', job.id], updated);
      setProblems({});
      setVersion((value) => value + 1);
      return true;
    } catch (problem) {
      if (problem instanceof ApiError) setProblems(problem.fieldErrors());
      setError(errorMessage(problem));
      return false;
    } finally {
      setSaving(false);
    }
  }

  function changeMapping(next: ColumnMapping) {
    setMapping(next);
    void save({ mapping: next });
  }

  async function start() {
    if (!(await save({}))) return;
    try {
      const started = await api<ImportJob>(`/imports/${job.id}/start`, { method: 'POST' });
      client.setQueryData(['imports', job.id], started);
      void client.invalidateQueries({ queryKey: ['imports', 'history'] });
    } catch (problem) {
      setError(errorMessage(problem));
    }
  }

  async function savePreset(name: string) {
    if (!(await save({}))) return;
    try {
      await api('/imports/presets', { method: 'POST', body: { name, fromImport: job.id } });
      await client.invalidateQueries({ queryKey: ['imports', 'presets'] });
      toast({ message: t('imports.presetSaved', { name }), tone: 'success' });
      setPresetName(null);
    } catch (problem) {
      toast({ message: errorMessage(problem), tone: 'error' });
    }
  }

  async function deletePreset(id: string, name: string) {
    try {
      await api(`/imports/presets/${id}`, { method: 'DELETE' });
      await client.invalidateQueries({ queryKey: ['imports', 'presets'] });
      toast({ message: t('imports.presetDeleted', { name }), tone: 'success' });
    } catch (problem) {
      toast({ message: errorMessage(problem), tone: 'error' });
    }
  }

  const objectPresets = (presets.data ?? []).filter((preset) => preset.object === job.object);
  const mapped = Object.values(mapping).filter(Boolean).length;
  const keys = matchKeysOf[job.object] ?? matchKeys;
  return (
    <>
      <section className="card" aria-labelledby="mapping-title">
        <div className="section-header">
          <h2 id="mapping-title">{t('imports.mapping')}</h2>
          <span className="muted">{t('imports.mappedCount', { count: mapped, total: job.headers.length })}</span>
          <div className="toolbar">
            <label className="inline-label">
              {t('imports.loadPreset')}{' '}
              <select
                value=""
                onChange={(event) => {
                  const preset = objectPresets.find((candidate) => candidate.id === event.target.value);
                  if (!preset) return;
                  const next = applyPreset(job.headers, mapping, preset.columns);
                  setMapping(next);
                  const nextMatch = (preset.options?.matchBy as MatchKey[] | undefined) ?? matchBy;
                  setMatchBy(nextMatch);
                  void save({ mapping: next, matchBy: nextMatch });
                  toast({ message: t('imports.presetApplied', { name: preset.name }), tone: 'success' });
                }}
              >
                <option value="">{t('imports.choosePreset')}</option>
                {objectPresets.map((preset) => (
                  <option key={preset.id} value={preset.id}>
                    {preset.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button" onClick={() => setPresetName('')}>
              {t('imports.savePreset')}
            </button>
          </div>
        </div>
        {targets.isPending ? (
          <Loading />
        ) : targets.isError ? (
          <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />
        ) : (
          <MappingTable job={job} mapping={mapping} targets={targets.data} samples={preview.data?.rows ?? []} samplesLoading={preview.isPending} problems={problems} onChange={changeMapping} />
        )}
      </section>

      <section className="card" aria-labelledby="duplicates-title">
        <h2 id="duplicates-title">{t('imports.duplicates.title')}</h2>
        <fieldset className="import-options">
          <legend>{t('imports.duplicates.strategy')}</legend>
          {(['skip', 'update', 'create'] as const).map((value) => (
            <label key={value} className="check">
              <input
                type="radio"
                name="duplicate-strategy"
                value={value}
                checked={strategy === value}
                onChange={() => {
                  setStrategy(value);
                  void save({ strategy: value });
                }}
              />
              {t(`imports.duplicates.${value}`)}
            </label>
          ))}
        </fieldset>
        {keys.length === 0 ? (
          <p className="muted">{t('imports.duplicates.byNumber')}</p>
        ) : (
          <fieldset className="import-options" disabled={strategy === 'create'}>
            <legend>{t('imports.duplicates.matchBy')}</legend>
            {keys.map((key) => (
              <label key={key} className="check">
                <input
                  type="checkbox"
                  checked={matchBy.includes(key)}
                  onChange={(event) => {
                    const next = event.target.checked ? [...matchBy, key] : matchBy.filter((item) => item !== key);
                    setMatchBy(next);
                    void save({ matchBy: next });
                  }}
                />
                {t(`imports.matchKeys.${key}`)}
              </label>
            ))}
          </fieldset>
        )}
      </section>

      <section className="card" aria-labelledby="preview-title" aria-busy={preview.isFetching || saving}>
        <div className="section-header">
          <h2 id="preview-title">{t('imports.preview.title')}</h2>
          {(preview.isFetching || saving) && <span className="spinner" aria-hidden="true" />}
        </div>
        {preview.isPending ? (
          <Loading />
        ) : preview.isError ? (
          <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
        ) : (
          <PreviewTable headers={job.headers} mapping={preview.data.mapping} rows={preview.data.rows} targets={targets.data ?? []} />
        )}
      </section>

      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions import-actions">
        <Link to="/imports" className="button">
          {t('app.cancel')}
        </Link>
        <button type="button" className="button button-primary" disabled={saving || mapped === 0} onClick={() => void start()}>
          {t('imports.start')}
        </button>
      </div>

      {presetName !== null && (
        <Dialog title={t('imports.savePreset')} onClose={() => setPresetName(null)}>
          <form
            className="record-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (presetName.trim()) void savePreset(presetName.trim());
            }}
          >
            <div className="form-field">
              <label htmlFor="preset-name">{t('imports.presetName')}</label>
              <input id="preset-name" value={presetName} maxLength={100} required onChange={(event) => setPresetName(event.target.value)} />
              <span className="muted small">{t('imports.presetHint', { count: Object.keys(presetColumns(job.headers, mapping)).length })}</span>
            </div>
            {objectPresets.some((preset) => !preset.builtIn) && (
              <div className="form-field">
                <span>{t('imports.ownPresets')}</span>
                <ul className="preset-list">
                  {objectPresets
                    .filter((preset) => !preset.builtIn)
                    .map((preset) => (
                      <li key={preset.id}>
                        {preset.name}{' '}
                        <button type="button" className="button button-small button-link" aria-label={t('imports.deletePreset', { name: preset.name })} onClick={() => void deletePreset(preset.id, preset.name)}>
                          {t('imports.delete')}
                        </button>
                      </li>
                    ))}
                </ul>
              </div>
            )}
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setPresetName(null)}>
                {t('app.cancel')}
              </button>
              <button type="submit" className="button button-primary">
                {t('app.save')}
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}

function ResultStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void client.invalidateQueries({ queryKey: ['list'] });
    void client.invalidateQueries({ queryKey: ['imports', 'history'] });
  }, [client, job.status]);

  async function undo() {
    setBusy(true);
    try {
      const undone = await api<ImportJob>(`/imports/${job.id}/undo`, { method: 'POST' });
      client.setQueryData(['imports', job.id], undone);
      toast({ message: t('imports.undone'), tone: 'success' });
      setConfirming(false);
    } catch (problem) {
      toast({ message: errorMessage(problem), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ImportResult job={job} />
      <div className="form-actions import-actions">
        {job.result.failed > 0 && (
          <a className="button" href={job.links.errors} download>
            {t('imports.downloadErrors', { count: job.result.failed })}
          </a>
        )}
        {job.status === 'done' && (
          <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
            {t('imports.undo')}
          </button>
        )}
        <Link className="button" to={`/${job.object}`}>
          {t('imports.openList', { object: t(`objects.${job.object}.title`, { defaultValue: job.object }) })}
        </Link>
        <Link className="button button-primary" to={`/imports?object=${job.object}`}>
          {t('imports.another')}
        </Link>
      </div>
      {confirming && (
        <Dialog title={t('imports.undo')} onClose={() => setConfirming(false)}>
          <p>{t('imports.undoExplain', { created: job.result.created, updated: job.result.updated })}</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('app.cancel')}
            </button>
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void undo()}>
              {t('imports.undoConfirm')}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
