// A running import (rows done, rate, time left) and a finished one (created, updated, skipped, failed).
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import type { ImportJob } from './import-api';

export function formatDuration(seconds: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (seconds < 60) return t('imports.progress.seconds', { count: Math.max(1, Math.round(seconds)) });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('imports.progress.minutes', { count: minutes });
  return t('imports.progress.hours', { count: Math.floor(minutes / 60), minutes: minutes % 60 });
}

export function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { totalRows, processedRows, rowsPerSecond, secondsLeft } = job.progress;
  const percent = totalRows ? Math.min(100, Math.round((processedRows / totalRows) * 100)) : null;
  return (
    <section className="card import-progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{job.status === 'queued' ? t('imports.progress.queued') : t('imports.progress.running')}</h2>
      <progress max={totalRows ?? undefined} value={totalRows ? processedRows : undefined} aria-labelledby="progress-title" aria-describedby="progress-text" />
      <p id="progress-text" aria-live="polite" data-testid="import-progress">
        {totalRows !== null
          ? t('imports.progress.rowsOf', { done: formatNumber(processedRows, locale), total: formatNumber(totalRows, locale), percent })
          : t('imports.progress.rows', { done: formatNumber(processedRows, locale) })}
        {rowsPerSecond ? ` · ${t('imports.progress.rate', { rate: formatNumber(rowsPerSecond, locale) })}` : ''}
        {secondsLeft !== null && job.status === 'running' ? ` · ${t('imports.progress.left', { time: formatDuration(secondsLeft, t) })}` : ''}
      </p>
      <ResultCounts job={job} />
    </section>
  );
}

function ResultCounts({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <div className="kpis import-counts" data-testid="import-result">
      {(['created', 'updated', 'skipped', 'failed'] as const).map((key) => (
        <div className={`kpi kpi-${key}${job.result[key] ? '' : ' zero'}`} key={key}>
          <span className="kpi-label">{t(`imports.result.${key}`)}</span>
          <strong data-count={key}>{formatNumber(job.result[key], locale)}</strong>
        </div>
      ))}
    </div>
  );
}

export function ImportResult({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const seconds = job.startedAt && job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : null;
  return (
    <section className="card import-progress" aria-labelledby="result-title">
      <h2 id="result-title">{t(`imports.resultTitle.${job.status}`, { defaultValue: job.status })}</h2>
      {job.status === 'failed' && job.error && (
        <p className="form-error" role="alert">
          {job.error}
        </p>
      )}
      <p className="muted" data-testid="import-progress">
        {t('imports.progress.rows', { done: formatNumber(job.progress.processedRows, locale) })}
        {seconds !== null ? ` · ${t('imports.progress.took', { time: formatDuration(seconds, t) })}` : ''}
      </p>
      <ResultCounts job={job} />
    </section>
  );
}
