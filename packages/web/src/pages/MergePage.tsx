// Merge two or more records of one object (/merge/:object?ids=a,b): pick the record that survives and,
// field by field, whose value it keeps (lists can be combined). The others are merged into it one by
// one (POST /{object}/merge with each field's choice), their links move to it, and the card opens.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { RecordValues } from '../api/types';
import { FieldValue } from '../components/FieldValue';
import { Dialog } from '../components/Dialog';
import { ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { resolveReferences } from '../lib/list-query';
import { useStageNames, useUserNames } from '../lib/lookups';
import { defaultChoices, mergeFieldsFor, mergeRequests, type Choice } from '../lib/merge-plan';
import { isObjectKey, objects, recordTitle, type ObjectDef } from '../objects/definitions';
import { NotFoundPage } from './NotFoundPage';
import './imports.css';

export const MERGEABLE = ['companies', 'contacts', 'leads', 'deals'];

export default function MergePageRoute() {
  const { object } = useParams();
  const [params] = useSearchParams();
  const ids = Array.from(new Set((params.get('ids') ?? '').split(',').filter(Boolean)));
  if (!isObjectKey(object) || !MERGEABLE.includes(object)) return <NotFoundPage />;
  return <MergeView key={`${object}/${ids.join()}`} object={objects[object]} ids={ids} />;
}

function MergeView({ object, ids }: { object: ObjectDef; ids: string[] }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['merge', object.key, ids],
    queryFn: async () => {
      const records = await Promise.all(ids.map((id) => api<RecordValues>(`/${object.key}/${id}`)));
      await resolveReferences(object.fields, records);
      return records;
    },
  });
  if (ids.length < 2) return <p className="notice">{t('merge.needTwo')}</p>;
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <MergeForm object={object} records={query.data} />;
}

function MergeForm({ object, records }: { object: ObjectDef; records: RecordValues[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const userNames = useUserNames();
  const stageNames = useStageNames();
  const context = { userNames, stageNames };
  const fields = useMemo(() => mergeFieldsFor(object), [object]);
  const [survivorId, setSurvivorId] = useState(records[0].id);
  const [choices, setChoices] = useState<Record<string, Choice>>(() => defaultChoices(fields, records, records[0].id));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const survivor = records.find((record) => record.id === survivorId)!;

  function chooseSurvivor(id: string) {
    setSurvivorId(id);
    setChoices(defaultChoices(fields, records, id));
  }

  async function merge() {
    setBusy(true);
    setError(null);
    const requests = mergeRequests(fields, records, survivorId, choices);
    let done = 0;
    try {
      for (const body of requests) {
        await api(`/${object.key}/merge`, { method: 'POST', body });
        done++;
      }
      await client.invalidateQueries({ queryKey: ['list', object.key] });
      await client.invalidateQueries({ queryKey: ['record', object.key] });
      void client.invalidateQueries({ queryKey: ['duplicates'] });
      toast({ message: t('merge.done', { count: requests.length }), tone: 'success' });
      navigate(`/${object.key}/${survivorId}`);
    } catch (problem) {
      setError(done ? t('merge.partly', { done, total: requests.length, message: errorMessage(problem) }) : errorMessage(problem));
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <section className="page merge-page" aria-labelledby="merge-title">
      <p className="breadcrumbs">
        <Link to={`/${object.key}`}>{t(`objects.${object.key}.title`)}</Link>
      </p>
      <header className="page-header">
        <h1 id="merge-title">{t('merge.title', { count: records.length })}</h1>
      </header>
      <p className="muted">{t('merge.explain')}</p>
      <div className="table-scroll card">
        <table className="simple-table merge-table">
          <caption className="sr-only">{t('merge.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('merge.field')}</th>
              {records.map((record, index) => (
                <th scope="col" key={record.id}>
                  <label>
                    <input type="radio" name="survivor" checked={survivorId === record.id} onChange={() => chooseSurvivor(record.id)} />
                    <span>
                      <Link to={`/${object.key}/${record.id}`}>{recordTitle(object, record) || t('merge.recordN', { n: index + 1 })}</Link>
                      <span className="muted small" style={{ display: 'block' }}>
                        {survivorId === record.id ? t('merge.survivor') : t('merge.willBeMerged')}
                      </span>
                    </span>
                  </label>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => {
              const label = t(`fields.${object.key}.${field.name}`);
              const values = records.map((record) => JSON.stringify(record[field.name] ?? null));
              const same = values.every((value) => value === values[0]);
              const isList = ['phones', 'emails', 'tags'].includes(field.kind);
              const groupName = `field-${field.name}`;
              // Empty everywhere: nothing to choose or to see.
              if (same && ['null', '[]', '""', '{}'].includes(values[0])) return null;
              if (same) {
                return (
                  <tr key={field.name} className="same">
                    <th scope="row">{label}</th>
                    <td colSpan={records.length}>
                      <FieldValue field={field} record={records[0]} context={context} />
                    </td>
                  </tr>
                );
              }
              return (
                <tr key={field.name}>
                  <th scope="row" id={`${groupName}-label`}>
                    {label}
                    {isList && (
                      <label className="check small">
                        <input type="radio" name={groupName} checked={choices[field.name] === 'combine'} onChange={() => setChoices((current) => ({ ...current, [field.name]: 'combine' }))} />
                        {t('merge.combine')}
                      </label>
                    )}
                  </th>
                  {records.map((record, index) => (
                    <td key={record.id} className={choices[field.name] === record.id ? 'chosen' : ''}>
                      <label>
                        <input
                          type="radio"
                          name={groupName}
                          aria-label={t('merge.keepValue', { field: label, record: recordTitle(object, record) || t('merge.recordN', { n: index + 1 }) })}
                          checked={choices[field.name] === record.id}
                          onChange={() => setChoices((current) => ({ ...current, [field.name]: record.id }))}
                        />
                        <span>
                          <FieldValue field={field} record={record} context={context} />
                        </span>
                      </label>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t('merge.linksMove')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions import-actions">
        <button type="button" className="button" onClick={() => navigate(-1)}>
          {t('app.cancel')}
        </button>
        <button type="button" className="button button-primary" onClick={() => setConfirming(true)}>
          {t('merge.confirm')}
        </button>
      </div>
      {confirming && (
        <Dialog title={t('merge.confirm')} onClose={() => setConfirming(false)}>
          <p>{t('merge.confirmText', { count: records.length - 1, name: recordTitle(object, survivor) })}</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('app.cancel')}
            </button>
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void merge()}>
              {busy ? t('merge.merging') : t('merge.mergeNow')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
