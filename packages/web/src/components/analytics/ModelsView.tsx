// Trained model versions: status (queued, training, ready, failed) with live progress, metrics, and
// "Train now", which queues a background job; the list polls while a version is queued or training.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { formatDateTime, formatNumber } from '../../lib/format';
import type { AnalyticsModel } from '../../lib/analytics';
import { useUserNames } from '../../lib/lookups';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';

export const modelsQueryKey = ['analytics', 'models'];
const metricNames = ['interactions', 'products', 'rules', 'segments'] as const;

export function ModelsView() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const client = useQueryClient();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const userNames = useUserNames();
  const models = useQuery({
    queryKey: modelsQueryKey,
    queryFn: () => api<{ items: AnalyticsModel[] }>('/analytics/models'),
    refetchInterval: (query) => (query.state.data?.items.some((model) => model.status === 'queued' || model.status === 'training') ? 1000 : false),
  });
  const busy = models.data?.items.some((model) => model.status === 'queued' || model.status === 'training') ?? false;

  async function train() {
    try {
      const model = await api<AnalyticsModel>('/analytics/models/train', { method: 'POST' });
      client.setQueryData<{ items: AnalyticsModel[] }>(modelsQueryKey, (current) => ({ items: [model, ...(current?.items ?? [])] }));
      toast({ message: t('analytics.models.queued', { version: model.version }), tone: 'success' });
    } catch (error) {
      toast({ message: errorMessage(error), tone: 'error' });
      void models.refetch();
    }
  }

  if (models.isPending) return <Loading />;
  if (models.isError) return <ErrorState error={models.error} onRetry={() => void models.refetch()} />;
  const serving = models.data.items.find((model) => model.status === 'ready');
  return (
    <div className="analytics-models">
      <div className="toolbar">
        <p className="muted">{serving ? t('analytics.models.serving', { version: serving.version }) : t('analytics.models.noneServing')}</p>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void train()}>
          {busy ? t('analytics.models.training') : t('analytics.models.trainNow')}
        </button>
      </div>
      {models.data.items.length === 0 ? (
        <p className="muted">{t('analytics.models.empty')}</p>
      ) : (
        <div className="table-wide">
          <table className="simple-table models-table">
            <thead>
              <tr>
                <th>{t('analytics.models.version')}</th>
                <th>{t('analytics.models.status')}</th>
                <th>{t('analytics.models.started')}</th>
                <th>{t('analytics.models.duration')}</th>
                {metricNames.map((name) => (
                  <th key={name} className="number">
                    {t(`analytics.models.metrics.${name}`)}
                  </th>
                ))}
                <th>{t('analytics.models.by')}</th>
              </tr>
            </thead>
            <tbody>
              {models.data.items.map((model) => (
                <tr key={model.id} data-status={model.status}>
                  <td>
                    v{model.version}
                    {model.id === serving?.id && <span className="badge badge-serving">{t('analytics.models.servingBadge')}</span>}
                  </td>
                  <td>
                    <span className={`badge badge-model-${model.status}`}>{t(`analytics.models.statuses.${model.status}`)}</span>
                    {(model.status === 'training' || model.status === 'queued') && (
                      <span className="model-progress">
                        <progress max={model.progress.total} value={model.progress.done} aria-label={t('analytics.models.progress')} />{' '}
                        <span className="muted small">{t(`analytics.models.steps.${model.progress.step}`, { defaultValue: model.progress.step })}</span>
                      </span>
                    )}
                    {model.status === 'failed' && model.error && <div className="small error-text">{model.error}</div>}
                  </td>
                  <td>{formatDateTime(model.startedAt, locale)}</td>
                  <td>{model.finishedAt ? t('analytics.models.seconds', { value: formatNumber((Date.parse(model.finishedAt) - Date.parse(model.startedAt)) / 1000, locale, 1) }) : '—'}</td>
                  {metricNames.map((name) => (
                    <td key={name} className="number">
                      {model.metrics[name] === undefined ? '—' : formatNumber(model.metrics[name], locale)}
                    </td>
                  ))}
                  <td>{model.createdBy ? (userNames.get(model.createdBy) ?? '—') : t('analytics.models.automatic')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
