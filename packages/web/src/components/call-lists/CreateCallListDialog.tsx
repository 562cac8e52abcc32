// Creating a call list: which records (contacts, companies, leads), chosen by a saved view or by
// conditions (the list's own filter, carried in from a list page), and who calls them.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callListObjects } from '@svyaz/shared';
import { api } from '../../api/client';
import type { Filter } from '../../lib/list-query';
import { useUsers } from '../../lib/lookups';
import { objects, type ObjectKey } from '../../objects/definitions';
import { Dialog } from '../Dialog';
import { FilterPanel } from '../list/FilterPanel';
import { Field, SelectField, useSubmit } from '../settings/SettingsForm';
import { createCallList, type CallList } from './call-lists-api';

const fieldId = (field: string) => `call-list-${field.replace(/\[\d+\]/g, '')}`;

export function CreateCallListDialog({ initial, onCreated, onClose }: { initial: { object: string; filters: Filter[] }; onCreated: (list: CallList) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  const { errors, busy, submit } = useSubmit(fieldId);
  const [name, setName] = useState('');
  const [object, setObject] = useState<string>(initial.object);
  const [filters, setFilters] = useState<Filter[]>(initial.filters);
  const [editing, setEditing] = useState(false);
  const [savedViewId, setSavedViewId] = useState('');
  const [callerIds, setCallerIds] = useState<string[]>([]);
  const views = useQuery({ queryKey: ['saved-views', object], queryFn: async () => (await api<{ data: { id: string; name: string }[] }>('/saved-views', { query: { object } })).data });
  async function save() {
    let created: CallList | undefined;
    const ok = await submit(async () => {
      created = await createCallList({ name: name.trim(), object, callerIds, ...(savedViewId ? { savedViewId } : { filters }) });
    });
    if (ok && created) onCreated(created);
  }
  return (
    <Dialog title={t('callLists.create')} onClose={onClose} wide>
      <form
        className="record-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="form-grid">
          <Field id="call-list-name" label={t('callLists.name')} value={name} onChange={setName} error={errors['call-list-name']} required />
          <SelectField
            id="call-list-object"
            label={t('callLists.object')}
            value={object}
            onChange={(value) => {
              setObject(value);
              setFilters([]);
              setSavedViewId('');
            }}
            error={errors['call-list-object']}
            options={callListObjects.map((key) => ({ value: key, label: t(`callLists.objects.${key}`) }))}
          />
          <SelectField
            id="call-list-savedViewId"
            label={t('callLists.savedView')}
            value={savedViewId}
            onChange={setSavedViewId}
            error={errors['call-list-savedViewId']}
            options={[{ value: '', label: t('callLists.noView') }, ...(views.data ?? []).map((view) => ({ value: view.id, label: view.name }))]}
          />
        </div>
        {!savedViewId && (
          <div className={`call-list-conditions form-field${errors['call-list-filters'] ? ' has-error' : ''}`}>
            <span>
              {t('callLists.conditions')}: {filters.length ? t('callLists.conditionsApplied', { count: filters.length }) : t('callLists.noConditions')}{' '}
              <button type="button" className="button" onClick={() => setEditing(!editing)}>
                {t('callLists.editConditions')}
              </button>
            </span>
            {filters.length > 0 && <span className="muted">{filters.map((filter) => `${t(`fields.${object}.${filter.field}`)} ${t(`operators.${filter.op}`)} ${filter.value}`).join('; ')}</span>}
            {editing && (
              <FilterPanel
                object={objects[object as ObjectKey]}
                filters={filters}
                onApply={(next) => {
                  setFilters(next.filter((filter) => filter.op === 'isEmpty' || filter.value.trim() !== ''));
                  setEditing(false);
                }}
                onClose={() => setEditing(false)}
              />
            )}
            {errors['call-list-filters'] && <span className="field-error">{errors['call-list-filters']}</span>}
          </div>
        )}
        <fieldset className={errors['call-list-callerIds'] ? 'has-error' : undefined}>
          <legend>{t('callLists.callers')}</legend>
          <div className="checkbox-grid">
            {(users.data ?? [])
              .filter((user) => user.isActive)
              .map((user) => (
                <label key={user.id} className="checkbox-field">
                  <input type="checkbox" checked={callerIds.includes(user.id)} onChange={(event) => setCallerIds((list) => (event.target.checked ? [...list, user.id] : list.filter((id) => id !== user.id)))} />
                  {user.name}
                </label>
              ))}
          </div>
          {errors['call-list-callerIds'] && <span className="field-error">{errors['call-list-callerIds']}</span>}
        </fieldset>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('callLists.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
