// The first rows of the file as they will be stored: per mapped column the stored value (the file's
// text beside it when they differ), problems highlighted in the cell that caused them, and what will
// happen to the row (create, update, skip, fail).
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useStageNames, useUserNames } from '../../lib/lookups';
import { formatDate, formatDateTime, formatPhone, usePhoneFormats } from '../../lib/format';
import { currentLocale } from '../../i18n';
import { problemsOfColumn, rowLevelProblems, storedValue, type ColumnMapping, type ImportTarget, type PreviewRow, type StoredValue } from '../../lib/import-mapping';
import { importProblemText } from './import-api';
import { targetLabel } from './MappingTable';

export function PreviewTable({ headers, mapping, rows, targets }: { headers: string[]; mapping: ColumnMapping; rows: PreviewRow[]; targets: ImportTarget[] }) {
  const { t } = useTranslation();
  const userNames = useUserNames();
  const stageNames = useStageNames();
  usePhoneFormats();
  const byTarget = new Map(targets.map((target) => [target.target, target]));
  const columns = headers.map((header, index) => ({ header, column: String(index), target: mapping[String(index)] })).filter((column) => column.target);
  const failing = rows.filter((row) => row.problems.length > 0).length;
  if (!rows.length) return <p className="muted">{t('imports.preview.empty')}</p>;

  const show = (value: StoredValue, kind: string | undefined) => {
    switch (value.type) {
      case 'empty':
        return <span className="muted">—</span>;
      case 'user':
        return userNames.get(value.id) ?? value.id;
      case 'stage':
        return stageNames.get(value.id) ?? value.id;
      case 'list':
        return value.items.map((item) => (kind === 'phones' ? formatPhone(item) : item)).join(', ');
      default:
        // Dates and times as the user reads them (a date-time is stored in UTC).
        if (/^\d{4}-\d{2}-\d{2}$/.test(value.text)) return formatDate(value.text, currentLocale());
        if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value.text)) return formatDateTime(value.text, currentLocale());
        return value.text;
    }
  };

  return (
    <>
      <p className={failing ? 'preview-summary has-problems' : 'preview-summary'} data-testid="preview-summary">
        {failing ? t('imports.preview.withProblems', { count: failing, total: rows.length }) : t('imports.preview.allGood', { count: rows.length })}
      </p>
      <div className="table-scroll">
        <table className="simple-table preview-table">
          <caption className="sr-only">{t('imports.preview.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.preview.row')}</th>
              <th scope="col">{t('imports.preview.action')}</th>
              {columns.map((column) => {
                const label = targetLabel(byTarget.get(column.target!), column.target!);
                return (
                  <th scope="col" key={column.column}>
                    {label}
                    {label.toLowerCase() !== column.header.toLowerCase() && <span className="muted small preview-source">{t('imports.preview.fromColumn', { column: column.header })}</span>}
                  </th>
                );
              })}
              <th scope="col">{t('imports.preview.problems')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const rest = rowLevelProblems(row, headers, mapping);
              return (
                <tr key={row.row} className={row.problems.length ? 'row-problem' : ''} data-row={row.row}>
                  <th scope="row" className="num">
                    {row.row}
                  </th>
                  <td>
                    <span className={`badge import-action-${row.action}`}>{t(`imports.actions.${row.action}`)}</span>
                  </td>
                  {columns.map((column) => {
                    const kind = byTarget.get(column.target!)?.kind;
                    const problems = problemsOfColumn(row, column.column, column.header, mapping);
                    const value = storedValue(row, column.target, kind);
                    const raw = row.cells[Number(column.column)] ?? '';
                    const shown = show(value, kind);
                    return (
                      <td key={column.column} className={problems.length ? 'cell-problem' : ''} aria-invalid={problems.length ? true : undefined}>
                        {problems.length ? (
                          <>
                            <span className="cell-raw">{raw}</span>
                            {problems.map((problem, index) => (
                              <span className="field-error" key={index}>
                                {importProblemText(problem.problem, t)}
                              </span>
                            ))}
                          </>
                        ) : (
                          <>
                            {shown}
                            {raw && typeof shown === 'string' && raw !== shown && <span className="muted small cell-source">{raw}</span>}
                          </>
                        )}
                      </td>
                    );
                  })}
                  <td className="row-problems">
                    {rest.map((problem, index) => (
                      <Fragment key={index}>
                        <span className="field-error">
                          {fieldName(problem.field, byTarget)}: {importProblemText(problem.problem, t)}
                        </span>
                      </Fragment>
                    ))}
                    {row.action === 'skip' || row.action === 'update' ? <span className="muted small">{t('imports.preview.matched')}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function fieldName(field: string, targets: Map<string, ImportTarget>): string {
  return targetLabel(targets.get(field), field);
}
