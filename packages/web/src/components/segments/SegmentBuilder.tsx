// The segment builder: the object, then conditions AND-ed together (a list filter on a field with the list's
// own field and operator pickers, a purchase of a product or category between dates, no purchase for N days,
// RFM classes, analytics clusters, a recommended product, tags). Each row shows the server's problem with it.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { listColumns, objects, operatorsFor, type FieldDef } from '../../objects/definitions';
import { conditionKinds, emptyCondition, rfmClasses, type ConditionKind, type SegmentCondition, type SegmentDraft, type SegmentEntry } from '../../lib/segments';
import { useCustomFieldDefinitions } from '../record/CustomFieldsForm';
import { SegmentSelect } from '../analytics/SegmentSelect';

interface ProductOption {
  id: string;
  name: string;
  sku: string;
  category: string | null;
}

function useProducts() {
  return useQuery({
    queryKey: ['segments', 'products'],
    queryFn: () => api<{ data: ProductOption[] }>('/products', { query: { limit: 1000, fields: 'id,name,sku,category', sort: 'name' } }),
    retry: false,
    staleTime: 60_000,
  });
}

/** The fields a list filter offers for the object (as FilterPanel), plus its custom fields. */
function useFilterFields(object: SegmentDraft['object']): { name: string; label: string; field: FieldDef }[] {
  const { t } = useTranslation();
  const custom = useCustomFieldDefinitions(object);
  const definition = objects[object];
  const fields = [...listColumns(definition).filter((field) => field.kind !== 'ref' && field.kind !== 'user'), ...(definition.extraFilters ?? [])];
  const locale = currentLocale();
  return [
    ...fields.map((field) => ({ name: field.name === 'fullName' ? 'lastName' : field.name, label: t(`fields.${object}.${field.name}`), field })),
    ...(custom.data ?? [])
      .filter((item) => !item.isArchived)
      .map((item) => ({ name: `custom.${item.key}`, label: item.label[locale] || item.key, field: { name: `custom.${item.key}`, kind: item.type === 'number' || item.type === 'money' ? 'number' : item.type === 'date' ? 'date' : 'text' } as FieldDef })),
  ];
}

/** `locked`: an existing segment keeps its object and kind (only the name, sharing and conditions change). */
export function SegmentBuilder({ draft, onChange, problems, locked = false }: { draft: SegmentDraft; onChange: (draft: SegmentDraft) => void; problems: Record<number, string>; locked?: boolean }) {
  const { t } = useTranslation();
  const set = (patch: Partial<SegmentDraft>) => onChange({ ...draft, ...patch });
  const setEntry = (index: number, entry: SegmentEntry) => set({ conditions: draft.conditions.map((item, position) => (position === index ? entry : item)) });
  const fields = useFilterFields(draft.object);
  return (
    <div className="segment-builder">
      <div className="segment-builder-head">
        <label className="field">
          <span>{t('segments.name')}</span>
          <input value={draft.name} onChange={(event) => set({ name: event.target.value })} />
        </label>
        <label className="field">
          <span>{t('segments.object')}</span>
          <select value={draft.object} disabled={locked} onChange={(event) => set({ object: event.target.value as SegmentDraft['object'], conditions: [] })}>
            <option value="contacts">{t('segments.objects.contacts')}</option>
            <option value="companies">{t('segments.objects.companies')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('segments.kind')}</span>
          <select value={draft.kind} disabled={locked} onChange={(event) => set({ kind: event.target.value as SegmentDraft['kind'] })}>
            <option value="dynamic">{t('segments.kinds.dynamic')}</option>
            <option value="static">{t('segments.kinds.static')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('segments.visibility')}</span>
          <select value={draft.visibility} onChange={(event) => set({ visibility: event.target.value as SegmentDraft['visibility'] })}>
            <option value="private">{t('segments.visibilities.private')}</option>
            <option value="team">{t('segments.visibilities.team')}</option>
          </select>
        </label>
      </div>
      {draft.kind === 'static' && <p className="hint">{t('segments.staticHint')}</p>}
      <ol className="segment-conditions" aria-label={t('segments.conditions')}>
        {draft.conditions.map((entry, index) => (
          <li key={index} className={problems[index] ? 'segment-condition has-error' : 'segment-condition'}>
            {index > 0 && <span className="segment-and">{t('segments.and')}</span>}
            {entry.kind === 'any' ? (
              <div className="segment-any">
                <span>{t('segments.anyOf')}</span>
                {entry.conditions.map((condition, inner) => (
                  <div key={inner} className="segment-any-row">
                    {inner > 0 && <span className="segment-and">{t('segments.or')}</span>}
                    <ConditionEditor fields={fields} condition={condition} onChange={(next) => setEntry(index, { ...entry, conditions: entry.conditions.map((item, position) => (position === inner ? next : item)) })} />
                    <button type="button" className="icon-button" aria-label={t('segments.removeCondition')} onClick={() => setEntry(index, { ...entry, conditions: entry.conditions.filter((_, position) => position !== inner) })}>
                      ×
                    </button>
                  </div>
                ))}
                <button type="button" className="button button-link" onClick={() => setEntry(index, { ...entry, conditions: [...entry.conditions, emptyCondition('field', fields[0]?.name)] })}>
                  {t('segments.addAlternative')}
                </button>
              </div>
            ) : (
              <ConditionEditor fields={fields} condition={entry} onChange={(next) => setEntry(index, next)} />
            )}
            <button type="button" className="icon-button" aria-label={t('segments.removeCondition')} onClick={() => set({ conditions: draft.conditions.filter((_, position) => position !== index) })}>
              ×
            </button>
            {problems[index] && (
              <p className="field-error" role="alert">
                {problems[index]}
              </p>
            )}
          </li>
        ))}
      </ol>
      <div className="form-actions segment-add">
        <label className="field inline-field">
          <span>{t('segments.addCondition')}</span>
          <select
            aria-label={t('segments.addCondition')}
            value=""
            onChange={(event) => {
              const kind = event.target.value;
              if (!kind) return;
              const entry: SegmentEntry = kind === 'any' ? { kind: 'any', conditions: [emptyCondition('field', fields[0]?.name)] } : emptyCondition(kind as ConditionKind, fields[0]?.name);
              set({ conditions: [...draft.conditions, entry] });
            }}
          >
            <option value="">…</option>
            {conditionKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`segments.conditionKinds.${kind}`)}
              </option>
            ))}
            <option value="any">{t('segments.conditionKinds.any')}</option>
          </select>
        </label>
      </div>
    </div>
  );
}

function ConditionEditor({ fields, condition, onChange }: { fields: ReturnType<typeof useFilterFields>; condition: SegmentCondition; onChange: (condition: SegmentCondition) => void }) {
  const { t } = useTranslation();
  const products = useProducts();
  const productOptions = products.data?.data ?? [];
  const categories = Array.from(new Set(productOptions.map((item) => item.category).filter((item): item is string => Boolean(item)))).sort();
  const kindLabel = <span className="segment-kind">{t(`segments.conditionKinds.${condition.kind}`)}</span>;
  switch (condition.kind) {
    case 'field': {
      const picked = fields.find((item) => item.name === condition.field) ?? fields[0];
      const operators = picked ? operatorsFor(picked.field) : ['eq'];
      return (
        <div className="segment-editor">
          <select aria-label={t('list.filterField')} value={condition.field} onChange={(event) => {
            const next = fields.find((item) => item.name === event.target.value);
            onChange({ ...condition, field: event.target.value, op: next ? operatorsFor(next.field)[0] : 'eq', value: '' });
          }}>
            {fields.map((item) => (
              <option key={item.name} value={item.name}>
                {item.label}
              </option>
            ))}
          </select>
          <select aria-label={t('list.filterOperator')} value={condition.op} onChange={(event) => onChange({ ...condition, op: event.target.value, value: event.target.value === 'isEmpty' ? 'true' : condition.value })}>
            {operators.map((op) => (
              <option key={op} value={op}>
                {t(`operators.${op}`)}
              </option>
            ))}
          </select>
          {condition.op === 'isEmpty' ? (
            <select aria-label={t('list.filterValue')} value={condition.value || 'true'} onChange={(event) => onChange({ ...condition, value: event.target.value })}>
              <option value="true">{t('app.yes')}</option>
              <option value="false">{t('app.no')}</option>
            </select>
          ) : condition.field === 'segment' ? (
            <SegmentSelect value={condition.value} onChange={(value) => onChange({ ...condition, value })} />
          ) : (
            <input aria-label={t('list.filterValue')} type={picked?.field.kind === 'date' || picked?.field.kind === 'datetime' ? 'date' : 'text'} value={condition.value} onChange={(event) => onChange({ ...condition, value: event.target.value })} />
          )}
        </div>
      );
    }
    case 'purchased':
      return (
        <div className="segment-editor">
          {kindLabel}
          <select aria-label={t('segments.product')} value={condition.productId ?? ''} onChange={(event) => onChange({ ...condition, productId: event.target.value || undefined, category: event.target.value ? undefined : condition.category })}>
            <option value="">{t('segments.anyProductOfCategory')}</option>
            {productOptions.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name} ({item.sku})
              </option>
            ))}
          </select>
          {!condition.productId && (
            <select aria-label={t('segments.category')} value={condition.category ?? ''} onChange={(event) => onChange({ ...condition, category: event.target.value })}>
              <option value="">—</option>
              {categories.map((item) => (
                <option key={item} value={item}>
                  {item}
                </option>
              ))}
            </select>
          )}
          <label className="inline-field">
            <span>{t('segments.from')}</span>
            <input type="date" aria-label={t('segments.from')} value={condition.from ?? ''} onChange={(event) => onChange({ ...condition, from: event.target.value || undefined })} />
          </label>
          <label className="inline-field">
            <span>{t('segments.to')}</span>
            <input type="date" aria-label={t('segments.to')} value={condition.to ?? ''} onChange={(event) => onChange({ ...condition, to: event.target.value || undefined })} />
          </label>
        </div>
      );
    case 'notPurchasedFor':
      return (
        <div className="segment-editor">
          {kindLabel}
          <input type="number" aria-label={t('segments.days')} value={String(condition.days)} onChange={(event) => onChange({ ...condition, days: Number(event.target.value) })} />
          <span>{t('segments.daysUnit')}</span>
        </div>
      );
    case 'rfm':
      return (
        <fieldset className="segment-editor segment-checks">
          <legend>{t('segments.conditionKinds.rfm')}</legend>
          {rfmClasses.map((item) => (
            <label key={item} className="inline-field">
              <input
                type="checkbox"
                checked={condition.classes.includes(item)}
                onChange={(event) => onChange({ ...condition, classes: event.target.checked ? [...condition.classes, item] : condition.classes.filter((value) => value !== item) })}
              />
              {t(`salesAnalyses.customers.segments.${item}`)}
            </label>
          ))}
        </fieldset>
      );
    case 'cluster':
      return (
        <div className="segment-editor">
          {kindLabel}
          <SegmentSelect value={condition.clusters[0] === undefined ? '' : String(condition.clusters[0])} onChange={(value) => onChange({ ...condition, clusters: value === '' ? [] : [Number(value)] })} />
        </div>
      );
    case 'recommended':
      return (
        <div className="segment-editor">
          {kindLabel}
          <select aria-label={t('segments.product')} value={condition.productId} onChange={(event) => onChange({ ...condition, productId: event.target.value })}>
            <option value="">—</option>
            {productOptions.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name} ({item.sku})
              </option>
            ))}
          </select>
          <label className="inline-field">
            <span>{t('segments.topK')}</span>
            <input type="number" aria-label={t('segments.topK')} value={String(condition.k)} onChange={(event) => onChange({ ...condition, k: Number(event.target.value) })} />
          </label>
        </div>
      );
    case 'tags':
      return (
        <div className="segment-editor">
          {kindLabel}
          <select aria-label={t('segments.tagMatch')} value={condition.match} onChange={(event) => onChange({ ...condition, match: event.target.value as 'any' | 'all' | 'none' })}>
            {(['any', 'all', 'none'] as const).map((item) => (
              <option key={item} value={item}>
                {t(`segments.tagMatches.${item}`)}
              </option>
            ))}
          </select>
          <TagsInput tags={condition.tags} onChange={(tags) => onChange({ ...condition, tags })} />
        </div>
      );
  }
}

/** Tags separated by commas, kept as typed until the field loses focus (so "a, " can become "a, b"). */
function TagsInput({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(tags.join(', '));
  const parse = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);
  return (
    <input
      aria-label={t('segments.tags')}
      placeholder={t('segments.tagsPlaceholder')}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onChange(parse(event.target.value));
      }}
      onBlur={() => setText(parse(text).join(', '))}
    />
  );
}
