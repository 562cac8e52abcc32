// One form control for a field, with its label and the server's problem shown beside it.
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../objects/definitions';
import { useEnumChoices } from '../lib/case-categories';

export type FormValues = Record<string, unknown>;

/** Converts a record value to the text shown in an input. */
export function toInputValue(field: FieldDef, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (field.kind === 'datetime' && typeof value === 'string') {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return '';
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return local.toISOString().slice(0, 16);
  }
  return String(value);
}

/** Converts input text back to the value the API expects (null when cleared). */
export function fromInputValue(field: FieldDef, text: string): unknown {
  const trimmed = text.trim();
  switch (field.kind) {
    case 'phones':
    case 'emails':
    case 'tags':
      return trimmed ? trimmed.split(/[,;\n]+/).map((item) => item.trim()).filter(Boolean) : [];
    case 'datetime':
      return trimmed ? new Date(trimmed).toISOString() : null;
    case 'boolean':
      return trimmed === 'true';
    case 'money':
    case 'number':
      return trimmed ? trimmed.replace(/\s/g, '').replace(',', '.') : null;
    case 'currency':
      return trimmed ? trimmed.toUpperCase() : undefined;
    default:
      return trimmed ? trimmed : null;
  }
}

interface Props {
  objectKey: string;
  field: FieldDef;
  value: string;
  error?: string;
  onChange: (text: string) => void;
  id?: string;
  autoFocus?: boolean;
  refOptions?: { id: string; name: string }[];
}

export function FieldInput({ objectKey, field, value, error, onChange, id, autoFocus, refOptions }: Props) {
  const { t } = useTranslation();
  const choices = useEnumChoices(field, value);
  const inputId = id ?? `field-${objectKey}-${field.name}`;
  const errorId = `${inputId}-error`;
  const label = t(`fields.${objectKey}.${field.name}`);
  const common = {
    id: inputId,
    name: field.name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    autoFocus,
  } as const;
  let control: React.ReactNode;
  if (field.kind === 'enum' && field.options) {
    control = (
      <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">—</option>
        {choices.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'boolean') {
    control = (
      <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="true">{t('app.yes')}</option>
        <option value="false">{t('app.no')}</option>
      </select>
    );
  } else if (field.kind === 'ref' && refOptions) {
    control = (
      <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">—</option>
        {refOptions.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'longtext') {
    control = <textarea {...common} rows={4} value={value} onChange={(event) => onChange(event.target.value)} />;
  } else {
    const type = field.kind === 'date' ? 'date' : field.kind === 'datetime' ? 'datetime-local' : field.kind === 'emails' ? 'text' : field.kind === 'phones' ? 'tel' : 'text';
    control = (
      <input
        {...common}
        type={type}
        inputMode={field.kind === 'money' || field.kind === 'number' ? 'decimal' : undefined}
        maxLength={field.kind === 'currency' ? 3 : undefined}
        placeholder={field.kind === 'phones' || field.kind === 'emails' ? t('app.commaSeparated') : field.kind === 'currency' ? 'RUB' : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      <label htmlFor={inputId}>
        {label}
        {field.required && <span aria-hidden="true"> *</span>}
      </label>
      {control}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
