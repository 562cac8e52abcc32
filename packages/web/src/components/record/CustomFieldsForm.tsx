// A record's custom fields (defined in Settings), edited together and saved as PATCH { custom }.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { currentLocale } from '../../i18n';
import { useUsers } from '../../lib/lookups';
import { translateProblem } from '../../lib/problems';
import { useErrorMessage } from '../States';

export interface Definition {
  id: string;
  key: string;
  label: { ru: string; en: string };
  type: string;
  options?: string[] | null;
  required?: boolean;
  isHidden?: boolean;
  isArchived?: boolean;
  /** The card section the field belongs to; null or absent: the unnamed first section. */
  section?: { ru: string; en: string } | null;
}

export interface FieldSection {
  /** The section's name in the current language; null for fields without a section. */
  title: string | null;
  fields: Definition[];
}

/**
 * Fields grouped by section, in display order: sections come in the order of their first field, fields
 * keep their order inside a section, and the fields without a section come first. Sections are matched
 * by their name in the current language.
 */
export function groupBySection(fields: Definition[], locale: 'ru' | 'en'): FieldSection[] {
  const groups = new Map<string | null, Definition[]>();
  groups.set(null, []);
  for (const field of fields) {
    const title = field.section?.[locale]?.trim() || null;
    const group = groups.get(title);
    if (group) group.push(field);
    else groups.set(title, [field]);
  }
  return [...groups.entries()].filter(([, items]) => items.length > 0).map(([title, items]) => ({ title, fields: items }));
}

/**
 * The whole order of the fields after moving a named section one place up (-1) or down (+1) among the named
 * sections, as the card shows them: each section's fields end up together and keep their order, and the
 * fields without a section stay first. An unknown section or a move past either end changes nothing.
 */
export function moveSection<T extends Definition>(fields: T[], locale: 'ru' | 'en', title: string, step: -1 | 1): T[] {
  const groups = groupBySection(fields, locale) as { title: string | null; fields: T[] }[];
  const named = groups.filter((group) => group.title !== null);
  const from = named.findIndex((group) => group.title === title);
  const to = from + step;
  if (from < 0 || to < 0 || to >= named.length) return fields;
  [named[from], named[to]] = [named[to], named[from]];
  return [...groups.filter((group) => group.title === null), ...named].flatMap((group) => group.fields);
}

function toText(type: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (type === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export function fromText(type: string, text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (type === 'number' || type === 'money') return Number(trimmed.replace(/\s/g, '').replace(',', '.'));
  if (type === 'boolean') return trimmed === 'true';
  if (type === 'multi_select') return trimmed.split(',').map((item) => item.trim()).filter(Boolean);
  return trimmed;
}

export function useCustomFieldDefinitions(object: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['custom-fields', object],
    queryFn: async () => (await api<{ data: Definition[] }>('/custom-fields', { query: { object } })).data,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** The server's problems with `custom.<key>` fields, by key and translated. */
export function customFieldProblems(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): Record<string, string> {
  const problems: Record<string, string> = {};
  if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
    for (const [name, problem] of Object.entries(error.fieldErrors())) if (name.startsWith('custom.')) problems[name.slice(7)] = translateProblem(problem, t);
  }
  return problems;
}

/** One typed input per custom field, with its label and error. */
export function CustomFieldInputs({ object, fields, textOf, onChange, errors }: { object: string; fields: Definition[]; textOf: (field: Definition) => string; onChange: (key: string, text: string) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const users = useUsers();
  const locale = currentLocale();
  return (
    <>
      {fields.map((field) => {
        const id = `custom-${object}-${field.key}`;
        const value = textOf(field);
        const change = (text: string) => onChange(field.key, text);
        const common = { id, 'aria-invalid': errors[field.key] ? true : undefined, 'aria-describedby': errors[field.key] ? `${id}-error` : undefined, 'aria-required': field.required || undefined } as const;
        let control: ReactNode;
        if (field.type === 'select' || field.type === 'boolean' || field.type === 'user') {
          const options =
            field.type === 'select'
              ? (field.options ?? []).map((option) => ({ value: option, label: option }))
              : field.type === 'boolean'
                ? [
                    { value: 'true', label: t('app.yes') },
                    { value: 'false', label: t('app.no') },
                  ]
                : (users.data ?? []).map((user) => ({ value: user.id, label: user.name }));
          control = (
            <select {...common} value={value} onChange={(event) => change(event.target.value)}>
              <option value="">—</option>
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          );
        } else {
          control = (
            <input
              {...common}
              type={field.type === 'date' ? 'date' : field.type === 'link' ? 'url' : 'text'}
              inputMode={field.type === 'number' || field.type === 'money' ? 'decimal' : undefined}
              placeholder={field.type === 'multi_select' ? (field.options ?? []).join(', ') : undefined}
              value={value}
              onChange={(event) => change(event.target.value)}
            />
          );
        }
        return (
          <div key={field.id} className={`form-field${errors[field.key] ? ' has-error' : ''}`}>
            <label htmlFor={id}>
              {field.label[locale]}
              {field.required && <span aria-hidden="true"> *</span>}
            </label>
            {control}
            {errors[field.key] && (
              <span className="field-error" id={`${id}-error`}>
                {errors[field.key]}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}

export function CustomFieldsForm({ object, custom, onSave }: { object: string; custom: Record<string, unknown>; onSave: (custom: Record<string, unknown>) => Promise<void> }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const definitions = useCustomFieldDefinitions(object);
  const [showHidden, setShowHidden] = useState(false);
  const locale = currentLocale();
  const visible = (definitions.data ?? []).filter((field) => !field.isHidden && !field.isArchived);
  const hidden = (definitions.data ?? []).filter((field) => field.isHidden && !field.isArchived);
  const fields = showHidden ? [...visible, ...hidden] : visible;
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  if (!visible.length && !hidden.length) return null;
  const textOf = (field: Definition) => texts[field.key] ?? toText(field.type, custom[field.key]);
  const change = (key: string, text: string) => setTexts((current) => ({ ...current, [key]: text }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFormError(null);
    const changed = Object.fromEntries(Object.entries(texts).map(([key, text]) => [key, fromText(fields.find((field) => field.key === key)?.type ?? 'text', text)]));
    if (!Object.keys(changed).length) return;
    try {
      await onSave(changed);
      setTexts({});
    } catch (error) {
      const problems = customFieldProblems(error, t);
      setErrors(problems);
      if (!Object.keys(problems).length) setFormError(message(error));
    }
  }

  return (
    <form className="record-form custom-fields" onSubmit={submit} noValidate>
      <h2>{t('record.customFields')}</h2>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      {groupBySection(visible, locale).map((section) =>
        section.title === null ? (
          <div key="" className="form-grid">
            <CustomFieldInputs object={object} fields={section.fields} textOf={textOf} errors={errors} onChange={change} />
          </div>
        ) : (
          <fieldset key={section.title} className="field-section">
            <legend>{section.title}</legend>
            <div className="form-grid">
              <CustomFieldInputs object={object} fields={section.fields} textOf={textOf} errors={errors} onChange={change} />
            </div>
          </fieldset>
        ),
      )}
      {hidden.length > 0 && (
        <button type="button" className="link-button" aria-expanded={showHidden} aria-controls={`hidden-fields-${object}`} onClick={() => setShowHidden(!showHidden)}>
          {showHidden ? t('record.hideHiddenFields') : t('record.showHiddenFields', { count: hidden.length })}
        </button>
      )}
      {showHidden && hidden.length > 0 && (
        <fieldset className="hidden-fields" id={`hidden-fields-${object}`}>
          <legend>{t('record.hiddenFields')}</legend>
          <div className="form-grid">
            <CustomFieldInputs object={object} fields={hidden} textOf={textOf} errors={errors} onChange={change} />
          </div>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!Object.keys(texts).length}>
          {t('app.save')}
        </button>
      </div>
    </form>
  );
}
