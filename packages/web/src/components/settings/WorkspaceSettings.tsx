// Pipelines with their stages, and custom fields per object.
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { can, useMe } from '../../app/session';
import { translateProblem } from '../../lib/problems';
import { useToast } from '../Toasts';
import { usePipelines } from '../../lib/lookups';
import { currentLocale } from '../../i18n';
import { Empty, ErrorState, Loading, useErrorMessage } from '../States';

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
  options?: string[] | null;
  required?: boolean;
  isArchived?: boolean;
}

const fieldObjects = ['companies', 'contacts', 'leads', 'deals', 'tasks', 'products', 'orders'] as const;
const fieldTypes = ['text', 'number', 'money', 'date', 'select', 'multi_select', 'boolean', 'user', 'link'] as const;

export function CustomFieldsSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [object, setObject] = useState<(typeof fieldObjects)[number]>('companies');
  const empty = { key: '', ru: '', en: '', type: 'text', options: '' };
  const [draft, setDraft] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const fields = useQuery({ queryKey: ['custom-fields', object], queryFn: async () => (await api<{ data: CustomField[] }>('/custom-fields', { query: { object } })).data, retry: false });
  const locale = currentLocale();
  const set = (name: keyof typeof draft) => (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [name]: event.target.value }));
  async function create(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    try {
      const options = draft.options.split(',').map((item) => item.trim()).filter(Boolean);
      await api('/custom-fields', { method: 'POST', body: { object, key: draft.key, label: { ru: draft.ru, en: draft.en }, type: draft.type, ...(options.length ? { options } : {}) } });
      setDraft(empty);
      await client.invalidateQueries({ queryKey: ['custom-fields', object] });
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fieldErrors()).length) setErrors(Object.fromEntries(Object.entries(error.fieldErrors()).map(([name, problem]) => [name.replace(/^label\./, ''), translateProblem(problem, t)])));
      else toast({ message: message(error), tone: 'error' });
    }
  }
  const input = (name: 'key' | 'ru' | 'en' | 'options', label: string) => (
    <div className={`form-field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`cf-${name}`}>{label}</label>
      <input id={`cf-${name}`} value={draft[name]} onChange={set(name)} aria-invalid={errors[name] ? true : undefined} />
      {errors[name] && <span className="field-error">{errors[name]}</span>}
    </div>
  );
  return (
    <div className="settings-section">
      <div className="inline-form">
        <label htmlFor="cf-object">{t('settings.object')}</label>
        <select id="cf-object" value={object} onChange={(event) => setObject(event.target.value as (typeof fieldObjects)[number])}>
          {fieldObjects.map((item) => (
            <option key={item} value={item}>
              {t(`objects.${item}.title`)}
            </option>
          ))}
        </select>
      </div>
      {fields.isPending ? (
        <Loading />
      ) : fields.isError ? (
        <ErrorState error={fields.error} />
      ) : fields.data.length === 0 ? (
        <Empty title={t('settings.noCustomFields')} />
      ) : (
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.name')}</th>
              <th scope="col">{t('settings.key')}</th>
              <th scope="col">{t('settings.type')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.data.map((field) => (
              <tr key={field.id} className={field.isArchived ? 'muted' : undefined}>
                <td>{field.label[locale]}</td>
                <td>
                  <code>{field.key}</code>
                </td>
                <td>
                  {t(`settings.fieldTypes.${field.type}`, { defaultValue: field.type })}
                  {field.options?.length ? ` (${field.options.join(', ')})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can(permissions, 'settings', 'update') && (
        <form className="card record-form" onSubmit={create}>
          <h2>{t('settings.newCustomField')}</h2>
          <div className="form-grid">
            {input('ru', t('settings.labelRu'))}
            {input('en', t('settings.labelEn'))}
            {input('key', t('settings.key'))}
            <div className="form-field">
              <label htmlFor="cf-type">{t('settings.type')}</label>
              <select id="cf-type" value={draft.type} onChange={set('type')}>
                {fieldTypes.map((type) => (
                  <option key={type} value={type}>
                    {t(`settings.fieldTypes.${type}`)}
                  </option>
                ))}
              </select>
            </div>
            {(draft.type === 'select' || draft.type === 'multi_select') && input('options', t('settings.options'))}
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary">
              {t('app.create')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
