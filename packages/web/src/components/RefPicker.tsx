// Picks a related record (company, contact) by typing part of its name.
import { useEffect, useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ListPage } from '../api/types';
import { objects, recordTitle, type ObjectKey } from '../objects/definitions';

interface Props {
  id: string;
  label: string;
  object: ObjectKey;
  value: string;
  initialName?: string;
  error?: string;
  onChange: (id: string, name: string) => void;
}

export function RefPicker({ id, label, object, value, initialName, error, onChange }: Props) {
  const { t } = useTranslation();
  const definition = objects[object];
  const [text, setText] = useState(initialName ?? '');
  const [open, setOpen] = useState(false);
  const [debounced, setDebounced] = useState('');
  const listId = useId();
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(text.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [text]);
  const searchField = object === 'contacts' ? 'fullName' : definition.titleField;
  const { data } = useQuery({
    queryKey: ['ref-options', object, debounced],
    enabled: open,
    queryFn: () => api<ListPage>(`/${object}`, { query: { limit: 10, fields: searchField, [`filter[${searchField}][contains]`]: debounced || undefined, sort: definition.fields.find((field) => field.name === searchField)?.sortField ?? searchField } }),
  });
  const options = data?.data ?? [];
  return (
    <div className={`form-field ref-picker${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={error ? true : undefined}
        value={text}
        placeholder={t('app.typeToSearch')}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          if (!event.target.value) onChange('', '');
        }}
      />
      {value && <input type="hidden" name={`${id}-value`} value={value} />}
      {open && options.length > 0 && (
        <ul className="ref-options" id={listId} role="listbox">
          {options.map((option) => {
            const name = recordTitle(definition, option);
            return (
              <li key={option.id} role="option" aria-selected={option.id === value}>
                <button
                  type="button"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    setText(name);
                    setOpen(false);
                    onChange(option.id, name);
                  }}
                >
                  {name}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
