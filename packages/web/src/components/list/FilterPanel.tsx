// Per-field filters with operators; applied together (AND).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Filter } from '../../lib/list-query';
import { listColumns, operatorsFor, type FieldDef, type ObjectDef } from '../../objects/definitions';
import { useUsers } from '../../lib/lookups';
import { SegmentSelect } from '../analytics/SegmentSelect';
import { useEnumChoices } from '../../lib/case-categories';

export function FilterPanel({ object, filters, onApply, onClose }: { object: ObjectDef; filters: Filter[]; onApply: (filters: Filter[]) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const users = useUsers();
  // Filters by a referenced record need its id: only the owner (picked from the users) is offered.
  const fields = [...listColumns(object).filter((field) => field.kind !== 'ref' && field.kind !== 'daysSince' && (field.kind !== 'user' || field.name === 'ownerId')), ...(object.extraFilters ?? [])];
  const [draft, setDraft] = useState<Filter[]>(filters.length ? filters : [{ field: fields[0].name, op: operatorsFor(fields[0])[0], value: '' }]);
  const update = (index: number, patch: Partial<Filter>) => setDraft((list) => list.map((item, position) => (position === index ? { ...item, ...patch } : item)));
  return (
    <div className="popover filter-panel" role="region" aria-label={t('list.filters')}>
      {draft.map((filter, index) => {
        const field = fields.find((item) => item.name === filter.field) ?? fields[0];
        return (
          <div className="filter-row" key={index}>
            <select
              aria-label={t('list.filterField')}
              value={filter.field}
              onChange={(event) => {
                const next = fields.find((item) => item.name === event.target.value)!;
                update(index, { field: next.name, op: operatorsFor(next)[0], value: '' });
              }}
            >
              {fields.map((item) => (
                <option key={item.name} value={item.name}>
                  {t(`fields.${object.key}.${item.name}`)}
                </option>
              ))}
            </select>
            <select aria-label={t('list.filterOperator')} value={filter.op} onChange={(event) => update(index, { op: event.target.value, value: event.target.value === 'isEmpty' ? 'true' : filter.value })}>
              {operatorsFor(field).map((op) => (
                <option key={op} value={op}>
                  {t(`operators.${op}`)}
                </option>
              ))}
            </select>
            {filter.op === 'isEmpty' ? (
              <select aria-label={t('list.filterValue')} value={filter.value || 'true'} onChange={(event) => update(index, { value: event.target.value })}>
                <option value="true">{t('app.yes')}</option>
                <option value="false">{t('app.no')}</option>
              </select>
            ) : field.name === 'segment' ? (
              <SegmentSelect value={filter.value} onChange={(value) => update(index, { value })} />
            ) : field.kind === 'user' ? (
              <select aria-label={t('list.filterValue')} value={filter.value} onChange={(event) => update(index, { value: event.target.value })}>
                <option value="">—</option>
                {(users.data ?? []).map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name}
                  </option>
                ))}
              </select>
            ) : field.kind === 'enum' && field.options && filter.op !== 'in' ? (
              <EnumValueSelect field={field} value={filter.value} onChange={(value) => update(index, { value })} />
            ) : (
              <input
                aria-label={t('list.filterValue')}
                type={field.kind === 'date' ? 'date' : field.kind === 'datetime' ? 'date' : 'text'}
                value={filter.value}
                onChange={(event) => update(index, { value: event.target.value })}
                onKeyDown={(event) => event.key === 'Enter' && onApply(draft)}
              />
            )}
            <button type="button" className="icon-button" aria-label={t('list.removeFilter')} onClick={() => setDraft((list) => list.filter((_, position) => position !== index))}>
              ×
            </button>
          </div>
        );
      })}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setDraft((list) => [...list, { field: fields[0].name, op: operatorsFor(fields[0])[0], value: '' }])}>
          {t('list.addFilter')}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {t('app.cancel')}
        </button>
        <button type="button" className="button button-primary" onClick={() => onApply(draft)}>
          {t('list.apply')}
        </button>
      </div>
    </div>
  );
}

/** The values of an enum field (a case category: every category of the workspace, switched-off ones too). */
function EnumValueSelect({ field, value, onChange }: { field: FieldDef; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const choices = useEnumChoices(field, value, true);
  return (
    <select aria-label={t('list.filterValue')} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">—</option>
      {choices.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
