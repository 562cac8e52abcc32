// A form over an object's editable fields. The caller saves; server problems appear beside each field.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { formFields, type ObjectDef } from '../objects/definitions';
import { FieldInput, fromInputValue, toInputValue } from './FieldInput';
import { RefPicker } from './RefPicker';
import { useErrorMessage } from './States';
import { translateProblem } from '../lib/problems';
import { CustomFieldInputs, customFieldProblems, fromText, useCustomFieldDefinitions } from './record/CustomFieldsForm';

interface Props {
  object: ObjectDef;
  initial?: Record<string, unknown>;
  /** Only send fields that changed (PATCH). */
  onlyChanged?: boolean;
  submitLabel: string;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  extraActions?: ReactNode;
  /** Ask for the object's required custom fields too (a new record must have them). */
  requiredCustomFields?: boolean;
}

export function RecordForm({ object, initial = {}, onlyChanged, submitLabel, onSubmit, extraActions, requiredCustomFields }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const fields = formFields(object);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((field) => [field.name, toInputValue(field, initial[field.name])])));
  const [refNames] = useState<Record<string, string>>(() => ((initial._refs as Record<string, string>) ?? {}));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const definitions = useCustomFieldDefinitions(object.key, Boolean(requiredCustomFields));
  const customFields = requiredCustomFields ? (definitions.data ?? []).filter((field) => field.required && !field.isArchived) : [];
  const [customTexts, setCustomTexts] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries((initial.custom as Record<string, unknown>) ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value.join(', ') : String(value ?? '')])));
  const [customErrors, setCustomErrors] = useState<Record<string, string>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      const original = toInputValue(field, initial[field.name]);
      if (onlyChanged && texts[field.name] === original) continue;
      const value = fromInputValue(field, texts[field.name] ?? '');
      if (!onlyChanged && (value === null || value === undefined || (Array.isArray(value) && value.length === 0))) continue;
      if (value === undefined) continue;
      body[field.name] = value;
    }
    if (customFields.length) {
      // Every missing required field is marked at once (the server names only the first).
      const missing = Object.fromEntries(customFields.filter((field) => !(customTexts[field.key] ?? '').trim()).map((field) => [field.key, t('problems.required')]));
      setCustomErrors(missing);
      if (Object.keys(missing).length) {
        document.getElementById(`custom-${object.key}-${Object.keys(missing)[0]}`)?.focus();
        return;
      }
      body.custom = Object.fromEntries(customFields.map((field) => [field.key, fromText(field.type, customTexts[field.key] ?? '')]));
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await onSubmit(body);
    } catch (error) {
      setCustomErrors(customFieldProblems(error, t));
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
        const byField = Object.fromEntries(Object.entries(error.fieldErrors()).map(([name, problem]) => [name, translateProblem(problem, t)]));
        setErrors(byField);
        const known = Object.keys(byField).some((name) => fields.some((field) => field.name === name) || (name.startsWith('custom.') && customFields.some((field) => `custom.${field.key}` === name)));
        if (!known) setFormError(errorMessage(error));
      } else if (!(error instanceof ApiError && error.code === 'DUPLICATE_SUSPECTED')) {
        setFormError(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      {Object.keys(errors).length > 0 && (
        <p className="sr-only" role="alert">
          {t('record.fixErrors')}
        </p>
      )}
      <div className="form-grid">
        {fields.map((field) =>
          field.kind === 'ref' && field.ref ? (
            <RefPicker
              key={field.name}
              id={`field-${object.key}-${field.name}`}
              label={t(`fields.${object.key}.${field.name}`)}
              object={field.ref}
              value={texts[field.name]}
              initialName={refNames[field.name]}
              error={errors[field.name]}
              onChange={(id) => setTexts((current) => ({ ...current, [field.name]: id }))}
            />
          ) : (
            <div key={field.name} className={field.kind === 'longtext' ? 'span-2' : undefined}>
              <FieldInput objectKey={object.key} field={field} value={texts[field.name] ?? ''} error={errors[field.name]} onChange={(text) => setTexts((current) => ({ ...current, [field.name]: text }))} />
            </div>
          ),
        )}
        {customFields.length > 0 && (
          <CustomFieldInputs object={object.key} fields={customFields} errors={customErrors} textOf={(field) => customTexts[field.key] ?? ''} onChange={(key, text) => setCustomTexts((current) => ({ ...current, [key]: text }))} />
        )}
      </div>
      <div className="form-actions">
        {extraActions}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('app.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}
