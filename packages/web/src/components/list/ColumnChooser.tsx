import { useTranslation } from 'react-i18next';
import { listColumns, type ObjectDef } from '../../objects/definitions';

export function ColumnChooser({ object, columns, onChange }: { object: ObjectDef; columns: string[]; onChange: (columns: string[]) => void }) {
  const { t } = useTranslation();
  const all = listColumns(object);
  return (
    <fieldset className="popover column-chooser">
      <legend>{t('list.columns')}</legend>
      {all.map((field) => {
        const checked = columns.includes(field.name);
        return (
          <label key={field.name} className="check">
            <input
              type="checkbox"
              checked={checked}
              disabled={field.name === object.titleField}
              onChange={() => onChange(checked ? columns.filter((name) => name !== field.name) : all.map((item) => item.name).filter((name) => name === field.name || columns.includes(name)))}
            />
            {t(`fields.${object.key}.${field.name}`)}
          </label>
        );
      })}
    </fieldset>
  );
}
