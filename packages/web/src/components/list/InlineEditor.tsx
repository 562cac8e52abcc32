// Edits one cell in place: Enter saves, Escape cancels; a refusal from the server stays visible.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { FieldDef } from '../../objects/definitions';
import { fromInputValue, toInputValue } from '../FieldInput';
import { useErrorMessage } from '../States';
import { translateProblem } from '../../lib/problems';
import { useEnumChoices } from '../../lib/case-categories';

export function InlineEditor({ objectKey, field, value, onSave, onCancel }: { objectKey: string; field: FieldDef; value: unknown; onSave: (value: unknown) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const [text, setText] = useState(toInputValue(field, value));
  const choices = useEnumChoices(field, toInputValue(field, value));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = t(`fields.${objectKey}.${field.name}`);

  async function save() {
    setBusy(true);
    try {
      await onSave(fromInputValue(field, text));
    } catch (problem) {
      const fieldProblem = problem instanceof ApiError ? problem.fieldErrors()[field.name] : undefined;
      setError(fieldProblem ? translateProblem(fieldProblem, t) : message(problem));
    } finally {
      setBusy(false);
    }
  }
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    }
    if (event.key === 'Escape') onCancel();
  };
  return (
    <div className="inline-editor">
      {field.kind === 'enum' && field.options ? (
        <select aria-label={label} autoFocus value={text} disabled={busy} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} onBlur={() => void save()}>
          {choices.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          aria-label={label}
          aria-invalid={error ? true : undefined}
          autoFocus
          type={field.kind === 'date' ? 'date' : 'text'}
          value={text}
          disabled={busy}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
      )}
      {error && (
        <span className="inline-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
