// Each column of the file with a few of its values and the field it goes to (or "do not import").
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { groupTargets, setColumnTarget, type ColumnMapping, type ImportTarget, type PreviewRow } from '../../lib/import-mapping';
import type { ImportJob } from './import-api';

export function targetLabel(target: ImportTarget | undefined, fallback: string): string {
  if (!target) return fallback;
  const locale = currentLocale();
  return target.label[locale] ?? target.label.en ?? target.label.ru ?? fallback;
}

export function MappingTable({ job, mapping, targets, samples, samplesLoading, problems, onChange }: { job: ImportJob; mapping: ColumnMapping; targets: ImportTarget[]; samples: PreviewRow[]; samplesLoading: boolean; problems: Record<string, string>; onChange: (mapping: ColumnMapping) => void }) {
  const { t } = useTranslation();
  const groups = groupTargets(targets, job.object.replace(/s$/, '').replace(/ie$/, 'y'));
  return (
    <div className="table-scroll">
      <table className="simple-table mapping-table">
        <thead>
          <tr>
            <th scope="col">{t('imports.column')}</th>
            <th scope="col">{t('imports.examples')}</th>
            <th scope="col">{t('imports.field')}</th>
          </tr>
        </thead>
        <tbody>
          {job.headers.map((header, index) => {
            const column = String(index);
            const examples = samples
              .map((row) => row.cells[index] ?? '')
              .filter(Boolean)
              .slice(0, 3);
            const problem = problems[`mapping.${column}`];
            const selectId = `mapping-${column}`;
            return (
              <tr key={column} className={mapping[column] ? '' : 'skipped'}>
                <th scope="row">
                  <label htmlFor={selectId}>{header}</label>
                </th>
                <td className="examples">{examples.length ? examples.join(' · ') : <span className="muted">{samplesLoading ? '…' : t('imports.noValues')}</span>}</td>
                <td>
                  <select
                    id={selectId}
                    data-column={header}
                    value={mapping[column] ?? ''}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${selectId}-problem` : undefined}
                    onChange={(event) => onChange(setColumnTarget(mapping, column, event.target.value || null))}
                  >
                    <option value="">{t('imports.skip')}</option>
                    {groups.map((group) => (
                      <optgroup key={group.object} label={t(`imports.objectGroups.${group.object}`, { defaultValue: group.object })}>
                        {group.targets.map((target) => (
                          <option key={target.target} value={target.target}>
                            {targetLabel(target, target.target)}
                            {target.kind === 'custom' ? ` (${t('imports.customField')})` : ''}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                  {problem && (
                    <span className="field-error" id={`${selectId}-problem`}>
                      {problem}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
