// A report's result: the chart (bars, line, pie, donut, funnel), a table or a pivot table, and the
// drill-down list of the records behind whichever bar or cell the user clicks (rights held on the server).
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { currentLocale } from '../../i18n';
import { chartOption, formatBucket, formatMeasure, pivot, type ReportDefinition, type ReportResult, type ReportRow, type MetadataObject } from '../../lib/report-builder';
import { formatDateTime } from '../../lib/format';
import { Loading, useErrorMessage } from '../States';
import type { ChartClick } from '../Chart';
import { categoryLabel, categoryNames, useCaseCategories } from '../../lib/case-categories';

const Chart = lazy(() => import('../Chart'));

/** How a field path reads: "Компания → Отрасль". */
export function useFieldLabel(objects: MetadataObject[] | undefined) {
  const { t } = useTranslation();
  return (source: string, path: string): string => {
    const byKey = new Map((objects ?? []).map((object) => [object.key, object]));
    const segments = path.split('.');
    let object = source;
    const parts: string[] = [];
    let index = 0;
    while (index < segments.length - 1) {
      const link = byKey.get(object)?.links.find((item) => item.name === segments[index]);
      if (!link) break;
      parts.push(t(`reportBuilder.links.${link.name}`, { defaultValue: link.name }));
      object = link.target;
      index += 1;
    }
    const name = segments.slice(index).join('.');
    const fallback = t(`reportBuilder.commonFields.${name}`, { defaultValue: name });
    parts.push(t(`fields.${object}.${name}`, { defaultValue: fallback }));
    return parts.join(' → ');
  };
}

interface Drill {
  cell: (string | null)[];
  title: string;
}

interface DrillPage {
  fields: string[];
  data: { id: string; name: string | null; orderId?: string; values: Record<string, string | null> }[];
  nextCursor: string | null;
  total?: number;
}

export function ReportView({ definition, result, objects, savedId, chartHeight = 340 }: { definition: ReportDefinition; result: ReportResult; objects: MetadataObject[]; savedId?: string; chartHeight?: number }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const fieldLabel = useFieldLabel(objects);
  const errorMessage = useErrorMessage();
  const [drill, setDrill] = useState<Drill | null>(null);
  const [pages, setPages] = useState<DrillPage[]>([]);
  const [drillError, setDrillError] = useState<string | null>(null);
  const [loadingDrill, setLoadingDrill] = useState(false);

  const categoryList = useCaseCategories(definition.source === 'cases').data;
  const categories = useMemo(() => categoryNames(categoryList, locale), [categoryList, locale]);
  const groupText = useMemo(
    () => (row: ReportRow, index: number) => {
      const key = row.keys[index];
      const group = definition.groupBy[index];
      if (key === null) return t('reportBuilder.emptyValue');
      if (row.labels[index]) return row.labels[index]!;
      const column = result.columns.find((item) => item.key === `g${index}`);
      if (column?.bucket) return formatBucket(key, column.bucket, locale);
      const leaf = group.field.split('.').pop()!;
      if (leaf.endsWith('Id') && /^[0-9a-f-]{36}$/.test(key)) return t('reportBuilder.hidden');
      const enumKey = { stageKind: 'stageKind', kind: 'activityKind', status: definition.source === 'leads' ? 'leadStatus' : definition.source === 'tasks' ? 'taskStatus' : definition.source === 'orders' ? 'orderStatus' : definition.source === 'cases' ? 'caseStatus' : '', priority: definition.source === 'cases' ? 'casePriority' : 'taskPriority', paymentStatus: 'paymentStatus', category: definition.source === 'cases' ? 'caseCategory' : '', channel: 'caseChannel' }[leaf];
      if (enumKey === 'caseCategory' && group.field === leaf) return categoryLabel(key, categories);
      if (enumKey && group.field === leaf) return t(`enums.${enumKey}.${key}`, { defaultValue: key });
      if (key === 'true' || key === 'false') return t(key === 'true' ? 'app.yes' : 'app.no', { defaultValue: key });
      return key;
    },
    [definition, result.columns, t, locale, categories],
  );
  const measureName = (index: number) => {
    const measure = definition.measures[index];
    const fn = t(`reportBuilder.functions.${measure.fn}`);
    return measure.field ? `${fn}: ${fieldLabel(definition.source, measure.field)}` : fn;
  };
  const option = useMemo(() => chartOption(result, definition, groupText, measureName, locale), [result, definition, groupText, locale]);

  async function openDrill(cell: (string | null)[], title: string, cursor?: string) {
    setLoadingDrill(true);
    setDrillError(null);
    if (!cursor) {
      setDrill({ cell, title });
      setPages([]);
    }
    try {
      const page = savedId
        ? await api<DrillPage>(`/reports/${savedId}/drill`, { method: 'POST', body: { cell, cursor } })
        : await api<DrillPage>('/reports/drill', { method: 'POST', body: { definition, cell, cursor } });
      setPages((previous) => (cursor ? [...previous, page] : [page]));
    } catch (error) {
      setDrillError(errorMessage(error));
    } finally {
      setLoadingDrill(false);
    }
  }
  const cellTitle = (row: ReportRow) => definition.groupBy.map((_, index) => groupText(row, index)).join(' · ') || t('reportBuilder.total');
  const onChartClick = (item: ChartClick) => {
    const series = (option?.series as { data: ({ cell?: (string | null)[] } | null)[] }[] | undefined)?.[item.seriesIndex];
    const cell = series?.data[item.dataIndex]?.cell;
    if (!cell) return;
    const row = result.rows.find((candidate) => candidate.keys.join('\u0000') === cell.join('\u0000'));
    if (row) void openDrill(row.keys, cellTitle(row));
  };

  const first = pages[0];
  const records = pages.flatMap((page) => page.data);
  const last = pages.at(-1);
  const openPath = (record: DrillPage['data'][number]) => (definition.source === 'orderLines' ? `/orders/${record.orderId}` : `/${definition.source}/${record.id}`);
  const drillValue = (field: string, value: string | null) => {
    if (value === null) return '—';
    const measure = definition.measures.find((item) => item.field === field);
    if (measure && measure.fn !== 'distinctCount' && /^-?\d+(\.\d+)?$/.test(value)) return formatMeasure(value, { fn: 'sum', field }, locale);
    if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(value)) return formatDateTime(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'), locale);
    return value;
  };

  return (
    <div className="report-view">
      {result.capped && (
        <p className="report-capped" role="status">
          {t('reportBuilder.capped', { fields: result.capped.fields.map((field) => fieldLabel(definition.source, field)).join(', '), groups: result.capped.groups, limit: result.capped.limit })}
        </p>
      )}
      {result.rows.length === 0 ? (
        <p className="muted">{t('reportBuilder.empty')}</p>
      ) : definition.chart === 'pivot' && definition.groupBy.length === 2 ? (
        <PivotTable result={result} definition={definition} groupText={groupText} onCell={(cell, title) => void openDrill(cell, title)} measureName={measureName(0)} fieldLabel={fieldLabel} />
      ) : (
        <>
          {option && (
            <Suspense fallback={<Loading />}>
              <Chart option={option} label={t('reportBuilder.preview')} height={chartHeight} onClick={onChartClick} />
            </Suspense>
          )}
          <table className="simple-table report-table" data-testid="report-table">
            <thead>
              <tr>
                {definition.groupBy.map((group, index) => (
                  <th key={`g${index}`} scope="col">
                    {fieldLabel(definition.source, group.field)}
                  </th>
                ))}
                {definition.measures.map((_, index) => (
                  <th key={`m${index}`} scope="col" className="numeric">
                    {measureName(index)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((row) => (
                <tr key={row.keys.join('|') || 'total'}>
                  {definition.groupBy.map((_, index) => (
                    <td key={`g${index}`}>{groupText(row, index)}</td>
                  ))}
                  {definition.measures.map((measure, index) => (
                    <td key={`m${index}`} className="numeric">
                      <button type="button" className="link-button" onClick={() => void openDrill(row.keys, cellTitle(row))}>
                        {formatMeasure(row.values[index], measure, locale)}
                      </button>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('reportBuilder.clickHint')}</p>
        </>
      )}
      {drill && (
        <section className="card report-drill" aria-labelledby="report-drill-title">
          <header className="report-drill-header">
            <h3 id="report-drill-title">{t('reportBuilder.drillOf', { cell: drill.title })}</h3>
            {first?.total !== undefined && <span className="muted">{t('reportBuilder.drillTotal', { count: first.total })}</span>}
            <button type="button" className="button" onClick={() => setDrill(null)}>
              {t('reportBuilder.close')}
            </button>
          </header>
          {drillError && <p role="alert" className="form-error">{drillError}</p>}
          {first && (
            <table className="simple-table" data-testid="drill-table">
              <thead>
                <tr>
                  <th scope="col">{t(`objects.${definition.source === 'orderLines' ? 'orders' : definition.source}.one`)}</th>
                  {first.fields.map((field) => (
                    <th key={field} scope="col">
                      {fieldLabel(definition.source, field)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {records.map((record) => (
                  <tr key={record.id}>
                    <th scope="row">
                      <Link to={openPath(record)}>{record.name || record.id.slice(0, 8)}</Link>
                    </th>
                    {first.fields.map((field) => (
                      <td key={field}>{drillValue(field, record.values[field])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {loadingDrill && <Loading />}
          {last?.nextCursor && !loadingDrill && (
            <button type="button" className="button" onClick={() => void openDrill(drill.cell, drill.title, last.nextCursor!)}>
              {t('reportBuilder.more')}
            </button>
          )}
        </section>
      )}
    </div>
  );
}

function PivotTable({ result, definition, groupText, onCell, measureName, fieldLabel }: { result: ReportResult; definition: ReportDefinition; groupText: (row: ReportRow, index: number) => string; onCell: (cell: (string | null)[], title: string) => void; measureName: string; fieldLabel: (source: string, path: string) => string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const matrix = pivot(result, groupText);
  const measure = definition.measures[0];
  return (
    <div className="report-pivot-wrap">
      <table className="simple-table report-pivot" data-testid="report-pivot" aria-label={measureName}>
        <thead>
          <tr>
            <th scope="col">
              {fieldLabel(definition.source, definition.groupBy[0].field)} \ {fieldLabel(definition.source, definition.groupBy[1].field)}
            </th>
            {matrix.columns.map((column) => (
              <th key={String(column.key)} scope="col" className="numeric">
                {column.text}
              </th>
            ))}
            <th scope="col" className="numeric">{t('reportBuilder.total')}</th>
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row, r) => (
            <tr key={String(row.key)}>
              <th scope="row">{row.text}</th>
              {matrix.columns.map((column, c) => (
                <td key={String(column.key)} className="numeric">
                  {matrix.cells[r][c] === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <button type="button" className="link-button" onClick={() => onCell([row.key, column.key], `${row.text} · ${column.text}`)}>
                      {formatMeasure(matrix.cells[r][c], measure, locale)}
                    </button>
                  )}
                </td>
              ))}
              <td className="numeric">
                <strong>{measure.fn === 'sum' || measure.fn === 'count' ? formatMeasure(matrix.rowTotals[r], measure, locale) : ''}</strong>
              </td>
            </tr>
          ))}
        </tbody>
        {(measure.fn === 'sum' || measure.fn === 'count') && (
          <tfoot>
            <tr>
              <th scope="row">{t('reportBuilder.total')}</th>
              {matrix.columnTotals.map((total, index) => (
                <td key={index} className="numeric">
                  <strong>{formatMeasure(total, measure, locale)}</strong>
                </td>
              ))}
              <td className="numeric">
                <strong>{formatMeasure(matrix.rowTotals.reduce((sum, value) => sum + value, 0), measure, locale)}</strong>
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
