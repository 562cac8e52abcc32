// Custom fields per object: add (with type, options, required, card section), hide from cards, archive
// (values stay, no more changes), move between card sections, reorder fields and whole sections with the
// arrow buttons (the whole order is saved at once). Fields are never deleted.
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { can, useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { groupBySection, moveSection, useCustomFieldDefinitions, type Definition } from '../record/CustomFieldsForm';
import { Empty, ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { Field, FormCard, SelectField, SettingsTable, useDraft, useSubmit } from './SettingsForm';
import { moveItem } from './PipelinesSettings';

const fieldObjects = ['companies', 'contacts', 'leads', 'deals', 'tasks', 'products', 'orders', 'cases'] as const;
const fieldTypes = ['text', 'number', 'money', 'date', 'select', 'multi_select', 'boolean', 'user', 'link'] as const;

type FieldDefinition = Definition & { position?: number };

export function CustomFieldsSettings() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [object, setObject] = useState<(typeof fieldObjects)[number]>('companies');
  const fields = useCustomFieldDefinitions(object);
  const locale = currentLocale();
  const editable = can(permissions, 'settings', 'update');
  const refresh = () => client.invalidateQueries({ queryKey: ['custom-fields', object] });

  async function change(field: FieldDefinition, body: Record<string, unknown>) {
    try {
      await api(`/custom-fields/${field.id}`, { method: 'PATCH', body });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
    await refresh();
  }
  /** Saves a new order of all fields of the object; the server renumbers them in one transaction. */
  async function saveOrder(order: FieldDefinition[]) {
    try {
      await api('/custom-fields/reorder', { method: 'POST', body: { object, ids: order.map((field) => field.id) } });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
    await refresh();
  }
  /** Moves a field one place up or down. */
  async function move(list: FieldDefinition[], index: number, to: number) {
    await saveOrder(moveItem(list, index, to));
    // Keep the focus on the moved field's arrow in the same direction; at the top or the bottom that arrow
    // is disabled (and cannot hold focus), so the other one takes it.
    const key = list[index].key;
    const atEnd = to === 0 || to === list.length - 1;
    const direction = to < index ? (atEnd ? 'down' : 'up') : atEnd ? 'up' : 'down';
    setTimeout(() => document.getElementById(`field-${direction}-${key}`)?.focus());
  }

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
        <>
          {editable && <SectionOrder fields={fields.data} onMove={(order) => saveOrder(order)} />}
          <SettingsTable headers={[t('settings.name'), t('settings.key'), t('settings.type'), t('fieldEditor.section'), t('fieldEditor.required'), t('fieldEditor.shown'), t('fieldEditor.state'), ...(editable ? [''] : [])]}>
            {fields.data.map((field: FieldDefinition, index, list) => {
              const label = field.label[locale];
              return (
                <tr key={field.id} className={field.isArchived ? 'muted' : undefined}>
                  <td>{label}</td>
                  <td>
                    <code>{field.key}</code>
                  </td>
                  <td>
                    {t(`settings.fieldTypes.${field.type}`, { defaultValue: field.type })}
                    {field.options?.length ? ` (${field.options.join(', ')})` : ''}
                  </td>
                  <td>
                    <SectionCell field={field} editable={editable && !field.isArchived} onSaved={() => void refresh()} />
                  </td>
                  <td>
                    <input type="checkbox" checked={Boolean(field.required)} disabled={!editable || field.isArchived} aria-label={t('fieldEditor.requiredOf', { name: label })} onChange={(event) => void change(field, { required: event.target.checked })} />
                  </td>
                  <td>
                    <input type="checkbox" checked={!field.isHidden} disabled={!editable || field.isArchived} aria-label={t('fieldEditor.shownOf', { name: label })} onChange={(event) => void change(field, { isHidden: !event.target.checked })} />
                  </td>
                  <td>{field.isArchived ? t('fieldEditor.archived') : field.isHidden ? t('fieldEditor.hidden') : t('fieldEditor.active')}</td>
                  {editable && (
                    <td className="row-actions">
                      <button type="button" id={`field-up-${field.key}`} className="button button-small" disabled={index === 0} aria-label={t('fieldEditor.moveUp', { name: label })} onClick={() => void move(list, index, index - 1)}>
                        ↑
                      </button>
                      <button type="button" id={`field-down-${field.key}`} className="button button-small" disabled={index === list.length - 1} aria-label={t('fieldEditor.moveDown', { name: label })} onClick={() => void move(list, index, index + 1)}>
                        ↓
                      </button>
                      <button type="button" className="button button-small" onClick={() => void change(field, { isArchived: !field.isArchived })}>
                        {field.isArchived ? t('fieldEditor.restore') : t('fieldEditor.archive')}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </SettingsTable>
        </>
      )}
      {can(permissions, 'settings', 'create') && <NewFieldForm object={object} onCreated={() => void refresh()} />}
    </div>
  );
}

/** The named sections in the order cards show them, each with arrows that move the whole section. */
function SectionOrder({ fields, onMove }: { fields: FieldDefinition[]; onMove: (order: FieldDefinition[]) => Promise<void> }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const titles = groupBySection(fields, locale).flatMap((section) => (section.title === null ? [] : [section.title]));
  if (titles.length < 2) return null;
  async function move(title: string, index: number, step: -1 | 1) {
    await onMove(moveSection(fields, locale, title, step));
    // Keep the focus on the moved section's arrow; at the top or the bottom that arrow is disabled, so the other one takes it.
    const to = index + step;
    const atEnd = to === 0 || to === titles.length - 1;
    const direction = step < 0 ? (atEnd ? 'down' : 'up') : atEnd ? 'up' : 'down';
    setTimeout(() => document.querySelector<HTMLButtonElement>(`[data-section-move="${direction}"][data-section="${CSS.escape(title)}"]`)?.focus());
  }
  return (
    <section className="card section-order" aria-labelledby="section-order-title">
      <h3 id="section-order-title">{t('fieldEditor.sections')}</h3>
      <p className="muted form-hint">{t('fieldEditor.sectionsHint')}</p>
      <ol>
        {titles.map((title, index) => (
          <li key={title}>
            <span>{title}</span>
            <span className="row-actions">
              <button type="button" className="button button-small" data-section={title} data-section-move="up" disabled={index === 0} aria-label={t('fieldEditor.moveSectionUp', { name: title })} onClick={() => void move(title, index, -1)}>
                ↑
              </button>
              <button type="button" className="button button-small" data-section={title} data-section-move="down" disabled={index === titles.length - 1} aria-label={t('fieldEditor.moveSectionDown', { name: title })} onClick={() => void move(title, index, 1)}>
                ↓
              </button>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The field's card section, and (for administrators) an inline form to move it to another section. */
function SectionCell({ field, editable, onSaved }: { field: FieldDefinition; editable: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const locale = currentLocale();
  const [open, setOpen] = useState(false);
  const [ru, setRu] = useState(field.section?.ru ?? '');
  const [en, setEn] = useState(field.section?.en ?? '');
  const { errors, busy, submit } = useSubmit((name) => (name === 'section.ru' ? 'ru' : name === 'section.en' ? 'en' : name));
  const name = field.label[locale];
  const shown = field.section?.[locale] ?? t('fieldEditor.noSection');
  if (!open) {
    return (
      <span className="section-cell">
        <span className={field.section ? undefined : 'muted'}>{shown}</span>
        {editable && (
          <button
            type="button"
            className="button button-small"
            aria-label={t('fieldEditor.editSection', { name })}
            onClick={() => {
              // Start from the saved section, not from what a cancelled edit left typed.
              setRu(field.section?.ru ?? '');
              setEn(field.section?.en ?? '');
              setOpen(true);
            }}
          >
            ✎
          </button>
        )}
      </span>
    );
  }
  async function save(event: FormEvent) {
    event.preventDefault();
    const section = ru.trim() || en.trim() ? { ru: ru.trim(), en: en.trim() } : null;
    if (await submit(() => api(`/custom-fields/${field.id}`, { method: 'PATCH', body: { section } }))) {
      toast({ message: t('fieldEditor.sectionSaved') });
      setOpen(false);
      onSaved();
    }
  }
  return (
    <form className="section-form" onSubmit={(event) => void save(event)} aria-label={t('fieldEditor.editSection', { name })} noValidate>
      <Field id={`section-ru-${field.key}`} label={t('fieldEditor.sectionRu')} value={ru} onChange={setRu} error={errors.ru} />
      <Field id={`section-en-${field.key}`} label={t('fieldEditor.sectionEn')} value={en} onChange={setEn} error={errors.en} />
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {t('app.save')}
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen(false)}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function NewFieldForm({ object, onCreated }: { object: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const { values, set, reset } = useDraft({ key: '', ru: '', en: '', type: 'text', options: '', required: false as boolean, sectionRu: '', sectionEn: '' });
  const { errors, busy, submit } = useSubmit((field) => (field === 'section.ru' ? 'sectionRu' : field === 'section.en' ? 'sectionEn' : field.replace(/^label\./, '')));
  async function create() {
    const options = values.options.split(',').map((item) => item.trim()).filter(Boolean);
    const section = values.sectionRu.trim() || values.sectionEn.trim() ? { ru: values.sectionRu.trim(), en: values.sectionEn.trim() } : undefined;
    const body = { object, key: values.key, label: { ru: values.ru, en: values.en }, type: values.type, required: values.required, ...(options.length ? { options } : {}), ...(section ? { section } : {}) };
    if (await submit(() => api('/custom-fields', { method: 'POST', body }))) {
      reset();
      onCreated();
    }
  }
  return (
    <FormCard title={t('settings.newCustomField')} submitLabel={t('app.create')} onSubmit={() => void create()} busy={busy}>
      <Field id="cf-ru" label={t('settings.labelRu')} value={values.ru} onChange={set('ru')} error={errors.ru} />
      <Field id="cf-en" label={t('settings.labelEn')} value={values.en} onChange={set('en')} error={errors.en} />
      <Field id="cf-key" label={t('settings.key')} value={values.key} onChange={set('key')} error={errors.key} />
      <SelectField id="cf-type" label={t('settings.type')} value={values.type} onChange={set('type')} error={errors.type} options={fieldTypes.map((type) => ({ value: type, label: t(`settings.fieldTypes.${type}`) }))} />
      {(values.type === 'select' || values.type === 'multi_select') && <Field id="cf-options" label={t('settings.options')} value={values.options} onChange={set('options')} error={errors.options} />}
      <Field id="cf-section-ru" label={t('fieldEditor.sectionRu')} value={values.sectionRu} onChange={set('sectionRu')} error={errors.sectionRu} />
      <Field id="cf-section-en" label={t('fieldEditor.sectionEn')} value={values.sectionEn} onChange={set('sectionEn')} error={errors.sectionEn} />
      <p className="muted form-hint">{t('fieldEditor.sectionHint')}</p>
      <div className="form-field checkbox-field">
        <label>
          <input type="checkbox" checked={values.required} onChange={(event) => set('required')(event.target.checked)} /> {t('fieldEditor.requiredField')}
        </label>
      </div>
    </FormCard>
  );
}
