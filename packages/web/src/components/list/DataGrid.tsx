// The virtualised grid: only the rows on screen are in the DOM, so 100,000 records scroll smoothly;
// the next page is fetched (by cursor) before the user reaches the end of the loaded rows.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Row, type RowSelectionState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RecordValues } from '../../api/types';
import { isInlineEditable, type FieldDef, type ObjectDef } from '../../objects/definitions';
import { FieldValue, type DisplayContext } from '../FieldValue';
import { InlineEditor } from './InlineEditor';

interface Props {
  object: ObjectDef;
  rows: RecordValues[];
  columns: FieldDef[];
  sort: string;
  onSort: (sort: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  selection: RowSelectionState;
  onSelectionChange: (selection: RowSelectionState) => void;
  context: DisplayContext;
  canEdit: boolean;
  onSaveCell: (record: RecordValues, field: FieldDef, value: unknown) => Promise<void>;
}

export const ROW_HEIGHT = 40;

export function DataGrid({ object, rows, columns, sort, onSort, hasMore, loadingMore, onLoadMore, selection, onSelectionChange, context, canEdit, onSaveCell }: Props) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState<{ id: string; field: string } | null>(null);

  // Selection covers every loaded row, while the table itself only holds the rows on screen.
  const selectedCount = useMemo(() => Object.keys(selection).filter((id) => selection[id]).length, [selection]);
  const allSelected = rows.length > 0 && selectedCount >= rows.length && rows.every((row) => selection[row.id]);
  const toggleAll = useCallback(() => onSelectionChange(allSelected ? {} : Object.fromEntries(rows.map((row) => [row.id, true]))), [allSelected, rows, onSelectionChange]);

  const tableColumns = useMemo<ColumnDef<RecordValues>[]>(
    () => [
      {
        id: '_select',
        size: 44,
        header: () => (
          <input
            type="checkbox"
            aria-label={t('list.selectAll')}
            checked={allSelected}
            ref={(element) => {
              if (element) element.indeterminate = !allSelected && selectedCount > 0;
            }}
            onChange={toggleAll}
          />
        ),
        cell: ({ row }) => (
          <input type="checkbox" aria-label={t('list.selectRow', { name: row.original[object.titleField] ?? row.id })} checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
        ),
      },
      ...columns.map<ColumnDef<RecordValues>>((field) => ({
        id: field.name,
        size: field.width ?? 160,
        header: () => t(`fields.${object.key}.${field.name}`),
        cell: ({ row }) => <FieldValue field={field} record={row.original} context={context} />,
      })),
    ],
    [columns, context, object, t, allSelected, selectedCount, toggleAll],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 150) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, rows.length, onLoadMore]);

  // TanStack Table builds row models for the rows on screen only: with 100,000 loaded rows a new
  // page must not rebuild 100,000 row objects.
  const windowRows = useMemo(() => items.map((item) => rows[item.index]).filter(Boolean), [items, rows]);
  const table = useReactTable({
    data: windowRows,
    columns: tableColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    state: { rowSelection: selection },
    enableRowSelection: true,
    onRowSelectionChange: (updater) => onSelectionChange(typeof updater === 'function' ? updater(selection) : updater),
    manualSorting: true,
  });
  const tableRows = table.getRowModel().rows;

  const template = table
    .getVisibleLeafColumns()
    .map((column) => `${column.getSize()}px`)
    .join(' ');
  const width = table.getVisibleLeafColumns().reduce((sum, column) => sum + column.getSize(), 0);
  const sortField = sort.replace(/^-/, '');
  const descending = sort.startsWith('-');

  return (
    <div className="grid-scroller" ref={scroller} role="grid" aria-rowcount={rows.length + 1} aria-colcount={tableColumns.length} aria-label={t(`objects.${object.key}.title`)} data-testid="data-grid">
      <div className="grid-row grid-header" role="row" style={{ gridTemplateColumns: template, width }}>
        {table.getFlatHeaders().map((header) => {
          const field = columns.find((column) => column.name === header.id);
          const key = field?.sortField ?? field?.name;
          const sortable = field?.sortable;
          const active = sortable && key === sortField;
          return (
            <div key={header.id} role="columnheader" className="grid-cell" aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}>
              {sortable ? (
                <button type="button" className="sort-button" onClick={() => onSort(active && !descending ? `-${key}` : key!)}>
                  {flexRender(header.column.columnDef.header, header.getContext())}
                  <span aria-hidden="true">{active ? (descending ? ' ↓' : ' ↑') : ''}</span>
                </button>
              ) : (
                flexRender(header.column.columnDef.header, header.getContext())
              )}
            </div>
          );
        })}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
        {items.map((item, position) => {
          const row = tableRows[position];
          if (!row) return null;
          // Keyed by record, so the DOM order stays the visual order (Tab and screen readers follow it);
          // keying by slot to reuse DOM showed no clear gain in frame times and broke that order.
          return (
            <GridRow
              key={row.id}
              row={row}
              record={row.original}
              index={item.index}
              start={item.start}
              selected={row.getIsSelected()}
              template={template}
              width={width}
              object={object}
              columns={columns}
              editingField={editing?.id === row.id ? editing.field : null}
              canEdit={canEdit}
              editHint={t('list.editHint')}
              setEditing={setEditing}
              onSaveCell={onSaveCell}
            />
          );
        })}
      </div>
      {loadingMore && (
        <div className="grid-loading" role="status">
          {t('app.loading')}
        </div>
      )}
    </div>
  );
}

interface RowProps {
  row: Row<RecordValues>;
  record: RecordValues;
  index: number;
  start: number;
  selected: boolean;
  template: string;
  width: number;
  object: ObjectDef;
  columns: FieldDef[];
  editingField: string | null;
  canEdit: boolean;
  editHint: string;
  setEditing: (editing: { id: string; field: string } | null) => void;
  onSaveCell: (record: RecordValues, field: FieldDef, value: unknown) => Promise<void>;
}

/** Re-render a row only when what it shows changed (a new page re-creates the table's row objects, not the records). */
function sameRow(previous: RowProps, next: RowProps): boolean {
  return (
    previous.record === next.record &&
    previous.index === next.index &&
    previous.start === next.start &&
    previous.selected === next.selected &&
    previous.template === next.template &&
    previous.columns === next.columns &&
    previous.editingField === next.editingField &&
    previous.canEdit === next.canEdit &&
    previous.editHint === next.editHint &&
    previous.onSaveCell === next.onSaveCell
  );
}

/** One row; memoised so that scrolling renders only the rows that come into view. */
const GridRow = memo(function GridRow({ row, record, index, start, selected, template, width, object, columns, editingField, canEdit, editHint, setEditing, onSaveCell }: RowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${selected ? ' selected' : ''}`}
      style={{ gridTemplateColumns: template, width, transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
    >
      {row.getVisibleCells().map((cell) => {
        const key = cell.column.id;
        const field = columns.find((column) => column.name === cell.column.id);
        const isTitle = field && (field.name === object.titleField || (object.key === 'contacts' && field.name === 'fullName'));
        if (field && editingField === field.name) {
          return (
            <div key={key} role="gridcell" className="grid-cell editing">
              <InlineEditor
                objectKey={object.key}
                field={field}
                value={record[field.name]}
                onCancel={() => setEditing(null)}
                onSave={async (value) => {
                  await onSaveCell(record, field, value);
                  setEditing(null);
                }}
              />
            </div>
          );
        }
        const editable = canEdit && field && isInlineEditable(field);
        return (
          <div
            key={key}
            role="gridcell"
            className={`grid-cell${editable ? ' editable' : ''}`}
            tabIndex={editable && !isTitle ? 0 : undefined}
            title={editable ? editHint : undefined}
            onDoubleClick={editable ? () => setEditing({ id: row.id, field: field.name }) : undefined}
            onKeyDown={editable ? (event) => (event.key === 'Enter' || event.key === 'F2') && setEditing({ id: row.id, field: field.name }) : undefined}
          >
            {isTitle ? (
              <Link to={`/${object.key}/${row.id}`} className="row-link">
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </Link>
            ) : (
              flexRender(cell.column.columnDef.cell, cell.getContext())
            )}
          </div>
        );
      })}
    </div>
  );
}, sameRow);
