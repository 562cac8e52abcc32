// Pipelines with their stages, and custom fields per object.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { usePipelines } from '../../lib/lookups';
import { currentLocale } from '../../i18n';
import { Empty, ErrorState, Loading } from '../States';

export function PipelinesSettings() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  if (pipelines.isPending) return <Loading />;
  if (pipelines.isError) return <ErrorState error={pipelines.error} />;
  return (
    <div className="settings-section">
      {pipelines.data.map((pipeline) => (
        <section key={pipeline.id} className="card">
          <h2>
            {pipeline.name} {pipeline.isDefault && <span className="pill">{t('settings.default')}</span>}
          </h2>
          <ol className="stage-list">
            {(pipeline.stages ?? []).map((stage) => (
              <li key={stage.id} className={`stage stage-${stage.kind}`}>
                <span>{stage.name}</span>
                <span className="muted small">
                  {stage.probability ?? 0}% · {t(`settings.stageKinds.${stage.kind ?? 'open'}`)}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

interface CustomField {
  id: string;
  object: string;
  key: string;
  label: { ru: string; en: string };
  type: string;
  required?: boolean;
}

export function CustomFieldsSettings() {
  const { t } = useTranslation();
  const fields = useQuery({ queryKey: ['custom-fields'], queryFn: async () => (await api<{ data: CustomField[] }>('/custom-fields')).data, retry: false });
  if (fields.isPending) return <Loading />;
  if (fields.isError) return <ErrorState error={fields.error} />;
  if (!fields.data.length) return <Empty title={t('settings.noCustomFields')} />;
  const locale = currentLocale();
  return (
    <table className="simple-table">
      <thead>
        <tr>
          <th scope="col">{t('settings.object')}</th>
          <th scope="col">{t('settings.name')}</th>
          <th scope="col">{t('settings.key')}</th>
          <th scope="col">{t('settings.type')}</th>
        </tr>
      </thead>
      <tbody>
        {fields.data.map((field) => (
          <tr key={field.id}>
            <td>{t(`objects.${field.object}.title`, { defaultValue: field.object })}</td>
            <td>{field.label[locale]}</td>
            <td>
              <code>{field.key}</code>
            </td>
            <td>{field.type}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
