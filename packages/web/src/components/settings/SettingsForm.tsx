// Pieces every settings form shares: a labelled field with its error, a form card, a table with a
// header row, and `useSubmit`, which runs a change and puts the server's field problems beside the
// fields (translated where the wording is known) or shows anything else as a toast.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { translateProblem } from '../../lib/problems';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';

export type FieldErrors = Record<string, string>;

export function useSubmit(fieldName: (field: string) => string = (field) => field) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  /** Runs `action`; true when it succeeded. */
  async function submit(action: () => Promise<unknown>): Promise<boolean> {
    setErrors({});
    setBusy(true);
    try {
      await action();
      return true;
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      if (Object.keys(fields).length) setErrors(Object.fromEntries(Object.entries(fields).map(([name, problem]) => [fieldName(name), translateProblem(problem, t)])));
      else toast({ message: message(error), tone: 'error' });
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { errors, setErrors, busy, submit };
}

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  className?: string;
  children?: ReactNode;
}

/** A label, the control (children, or a text input when `value` is given) and the field's error. */
export function Field({ id, label, error, className, children, value, onChange, type = 'text', required }: FieldProps & { value?: string; onChange?: (value: string) => void; type?: string; required?: boolean }) {
  return (
    <div className={`form-field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children ?? (
        <input
          id={id}
          type={type}
          value={value ?? ''}
          required={required}
          onChange={(event) => onChange?.(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function SelectField({ id, label, value, onChange, options, error }: FieldProps & { value: string; onChange: (value: string) => void; options: { value: string; label: string }[] }) {
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A titled form in a card with one submit button. */
export function FormCard({ title, submitLabel, onSubmit, busy, children }: { title: string; submitLabel: string; onSubmit: () => void; busy?: boolean; children: ReactNode }) {
  return (
    <form
      className="card record-form"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h2>{title}</h2>
      <div className="form-grid">{children}</div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

/** A table with a header row; an empty header is a visually hidden "actions" column. */
export function SettingsTable({ headers, children, caption }: { headers: string[]; children: ReactNode; caption?: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
    <table className="simple-table">
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr>
          {headers.map((header, index) => (
            <th key={`${header}-${index}`} scope="col">
              {header || <span className="sr-only">{t('settings.actions')}</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
    </div>
  );
}

/** A form's draft: values plus a setter per field. */
export function useDraft<T extends Record<string, string | boolean>>(empty: T) {
  const [values, setValues] = useState<T>(empty);
  const set = (name: keyof T) => (value: T[keyof T]) => setValues((current) => ({ ...current, [name]: value }));
  return { values, set, reset: () => setValues(empty) };
}

/** Cancel and save for an edited draft (both idle until something changed), after any extra buttons. */
export function DraftActions({ dirty, busy, onCancel, onSave, saveLabel, children }: { dirty: boolean; busy: boolean; onCancel: () => void; onSave: () => void; saveLabel?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      {children}
      <button type="button" className="button" disabled={!dirty || busy} onClick={onCancel}>
        {t('app.cancel')}
      </button>
      <button type="button" className="button button-primary" disabled={!dirty || busy} onClick={onSave}>
        {saveLabel ?? t('app.save')}
      </button>
    </div>
  );
}
