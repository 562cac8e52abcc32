// Imports: a new import (object, file by drag and drop or picker, sheet of a workbook, preset) and
// the history of earlier ones. The chosen import continues on ImportPage (/imports/:id).
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { can, useMe } from '../app/session';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/States';
import { ImportStatusBadge } from '../components/imports/ImportStatusBadge';
import { uploadImportFile, useImportObjects, usePresets, type ImportJob } from '../components/imports/import-api';
import { fileSource, readXlsxSheetNames } from '../lib/xlsx-sheets';
import { formatDateTime, formatNumber } from '../lib/format';
import { currentLocale } from '../i18n';
import './imports.css';

const ACCEPT = '.csv,.xlsx,.txt,.tsv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default function ImportsPage() {
  const { t } = useTranslation();
  return (
    <section className="page imports-page" aria-labelledby="imports-title">
      <header className="page-header">
        <h1 id="imports-title">{t('imports.title')}</h1>
      </header>
      <NewImport />
      <ImportHistory />
    </section>
  );
}

function NewImport() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const [params] = useSearchParams();
  const objectsQuery = useImportObjects();
  const presets = usePresets();
  const objects = (objectsQuery.data ?? []).filter((key) => can(permissions, key, 'create'));
  const [object, setObject] = useState(params.get('object') ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [sheets, setSheets] = useState<string[]>([]);
  const [sheet, setSheet] = useState('');
  const [preset, setPreset] = useState('');
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const ids = { object: useId(), file: useId(), sheet: useId(), preset: useId() };

  useEffect(() => {
    if (objects.length && !objects.includes(object)) setObject(objects[0]);
  }, [objects, object]);

  async function choose(next: File | null) {
    setError(null);
    setFile(next);
    setSheets([]);
    setSheet('');
    if (next && /\.xlsx$/i.test(next.name)) {
      const names = await readXlsxSheetNames(fileSource(next));
      setSheets(names);
      setSheet(names[0] ?? '');
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files?.[0];
    if (dropped) void choose(dropped);
  }

  async function upload() {
    if (!file || !object) return;
    setBusy(true);
    setError(null);
    try {
      const job = await uploadImportFile(file, { object, sheet: sheets.length > 1 ? sheet : undefined, preset: preset || undefined });
      navigate(`/imports/${job.id}`);
    } catch (problem) {
      setError(errorMessage(problem));
      setBusy(false);
    }
  }

  if (objectsQuery.isPending) return <Loading />;
  if (objectsQuery.isError) return <ErrorState error={objectsQuery.error} onRetry={() => void objectsQuery.refetch()} />;
  if (!objects.length) return <p className="notice">{t('imports.cannotCreate')}</p>;
  const objectPresets = (presets.data ?? []).filter((candidate) => candidate.object === object);

  return (
    <section className="card import-new" aria-labelledby="import-new-title">
      <h2 id="import-new-title">{t('imports.new')}</h2>
      <div className="import-new-grid">
        <div className="form-field">
          <label htmlFor={ids.object}>{t('imports.object')}</label>
          <select id={ids.object} value={object} onChange={(event) => setObject(event.target.value)}>
            {objects.map((key) => (
              <option key={key} value={key}>
                {t(`objects.${key}.title`, { defaultValue: key })}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={ids.preset}>{t('imports.preset')}</label>
          <select id={ids.preset} value={preset} onChange={(event) => setPreset(event.target.value)}>
            <option value="">{t('imports.presetAuto')}</option>
            {objectPresets.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div
        className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <p>{t('imports.dropHere')}</p>
        <input ref={input} id={ids.file} type="file" accept={ACCEPT} className="sr-only" tabIndex={-1} aria-label={t('imports.chooseFile')} onChange={(event) => void choose(event.target.files?.[0] ?? null)} />
        <button type="button" className="button" onClick={() => input.current?.click()}>
          {t('imports.chooseFile')}
        </button>
        <p className="muted small">{t('imports.formats')}</p>
        {file && (
          <p className="import-file" aria-live="polite">
            <strong>{file.name}</strong> <span className="muted">{formatBytes(file.size, t)}</span>
          </p>
        )}
      </div>
      {sheets.length > 1 && (
        <div className="form-field import-sheet">
          <label htmlFor={ids.sheet}>{t('imports.sheet')}</label>
          <select id={ids.sheet} value={sheet} onChange={(event) => setSheet(event.target.value)}>
            {sheets.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={!file || busy} onClick={() => void upload()}>
          {busy ? t('imports.uploading') : t('imports.upload')}
        </button>
      </div>
    </section>
  );
}

export function formatBytes(size: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const locale = currentLocale();
  if (size >= 1024 * 1024) return t('imports.megabytes', { value: formatNumber(size / 1024 / 1024, locale, 1) });
  return t('imports.kilobytes', { value: formatNumber(Math.max(1, Math.round(size / 1024)), locale) });
}

function ImportHistory() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const history = useQuery({ queryKey: ['imports', 'history'], queryFn: () => api<{ data: ImportJob[] }>('/imports').then((page) => page.data), refetchInterval: (query) => (query.state.data?.some((job) => job.status === 'running' || job.status === 'queued') ? 2000 : false) });
  return (
    <section className="import-history" aria-labelledby="import-history-title">
      <h2 id="import-history-title">{t('imports.history')}</h2>
      {history.isPending ? (
        <Loading />
      ) : history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.length === 0 ? (
        <Empty title={t('imports.noHistory')} />
      ) : (
        <div className="table-scroll">
          <table className="simple-table">
            <thead>
              <tr>
                <th scope="col">{t('imports.file')}</th>
                <th scope="col">{t('imports.object')}</th>
                <th scope="col">{t('imports.status')}</th>
                <th scope="col" className="num">{t('imports.rows')}</th>
                <th scope="col" className="num">{t('imports.result.created')}</th>
                <th scope="col" className="num">{t('imports.result.updated')}</th>
                <th scope="col" className="num">{t('imports.result.skipped')}</th>
                <th scope="col" className="num">{t('imports.result.failed')}</th>
                <th scope="col">{t('imports.date')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Link to={`/imports/${job.id}`}>{job.fileName}</Link>
                  </td>
                  <td>{t(`objects.${job.object}.title`, { defaultValue: job.object })}</td>
                  <td>
                    <ImportStatusBadge status={job.status} />
                  </td>
                  <td className="num">{job.progress.totalRows === null ? '—' : formatNumber(job.progress.totalRows, locale)}</td>
                  <td className="num">{formatNumber(job.result.created, locale)}</td>
                  <td className="num">{formatNumber(job.result.updated, locale)}</td>
                  <td className="num">{formatNumber(job.result.skipped, locale)}</td>
                  <td className="num">{formatNumber(job.result.failed, locale)}</td>
                  <td>{formatDateTime(job.createdAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
