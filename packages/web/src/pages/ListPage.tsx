// A list of any object: virtualised rows with infinite loading, columns, filters, sort, counts,
// bulk delete with undo, inline editing and saved views.
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RowSelectionState } from '@tanstack/react-table';
import { callListObjects } from '@svyaz/shared';
import { api, buildQuery } from '../api/client';
import type { ListPage as Page, RecordValues } from '../api/types';
import { can, useMe } from '../app/session';
import { CreateRecordDialog } from '../components/CreateRecordDialog';
import { DataGrid } from '../components/list/DataGrid';
import { ColumnChooser } from '../components/list/ColumnChooser';
import { BulkActions } from '../components/list/BulkActions';
import { FilterPanel } from '../components/list/FilterPanel';
import { SavedViews } from '../components/list/SavedViews';
import { useImportObjects } from '../components/imports/import-api';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { fetchListCount, fetchListPage, filterParams, filtersFromSearch, isSharedWithMe, withSharedWithMe, type Filter, type ListState } from '../lib/list-query';
import { DealTotals } from '../components/list/DealTotals';
import { segmentNumber } from '../lib/analytics';
import { usePipelineNames, useStageNames, useTeamNames, useUserNames } from '../lib/lookups';
import { useEnumNames } from '../lib/case-categories';
import { formatDate, formatNumber } from '../lib/format';
import { currentLocale } from '../i18n';
import { isObjectKey, listColumns, objects, type FieldDef, type ObjectDef } from '../objects/definitions';
import { NotFoundPage } from './NotFoundPage';

function storedColumns(object: ObjectDef): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(`svyaz.columns.${object.key}`) ?? 'null');
    if (Array.isArray(saved) && saved.length) return saved.filter((name) => object.fields.some((field) => field.name === name));
  } catch {
    /* ignore */
  }
  return listColumns(object)
    .filter((field) => field.defaultColumn)
    .map((field) => field.name);
}

export default function ListPageRoute({ objectKey }: { objectKey?: string }) {
  const params = useParams();
  const key = objectKey ?? params.object;
  if (!isObjectKey(key)) return <NotFoundPage />;
  return <ObjectList key={key} object={objects[key]} />;
}

function ObjectList({ object }: { object: ObjectDef }) {
  const { t } = useTranslation();
  const { permissions, user } = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const owned = object.fields.some((field) => field.name === 'ownerId');
  const userNames = useUserNames();
  const stageNames = useStageNames();
  const pipelineNames = usePipelineNames();
  const teamNames = useTeamNames();
  // A link may carry filters (/companies?filter[segment][eq]=2 from the segments page).
  // ?view=shared opens the "shared with me" quick view (a link from a notification, a bookmark).
  const [state, setState] = useState<ListState>(() => ({ filters: withSharedWithMe(filtersFromSearch(object, window.location.search), user.id, owned && new URLSearchParams(window.location.search).get('view') === 'shared'), sort: sortFromSearch(object, window.location.search), columns: storedColumns(object) }));
  const [panel, setPanel] = useState<'filters' | 'columns' | null>(null);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [creating, setCreating] = useState(false);
  const importObjects = useImportObjects();
  const queryKey = useMemo(() => ['list', object.key, state], [object.key, state]);

  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchListPage(object, state, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });
  const count = useQuery({
    queryKey: ['list', object.key, 'count', state.filters],
    queryFn: ({ signal }) => fetchListCount(object, state.filters, signal),
    staleTime: 30_000,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((page) => page.data) ?? [], [query.data]);
  const total = count.data;
  const columns = useMemo(() => state.columns.map((name) => object.fields.find((field) => field.name === name)).filter((field): field is FieldDef => Boolean(field)), [object, state.columns]);
  const enumNames = useEnumNames(object);
  const context = useMemo(() => ({ userNames, stageNames, enumNames }), [userNames, stageNames, enumNames]);
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  /** A filter's value as a person reads it: names for ids, dates for timestamps, translated enums. */
  const filterValueText = (filter: Filter): string => {
    const field = [...object.fields, ...(object.extraFilters ?? [])].find((item) => item.name === filter.field);
    const names = (id: string) => userNames.get(id) ?? stageNames.get(id) ?? pipelineNames.get(id) ?? teamNames.get(id) ?? id;
    if (field?.kind === 'user' || /Id$/.test(filter.field)) return filter.value.split(',').map(names).join(', ');
    if ((field?.kind === 'datetime' || field?.kind === 'date') && !Number.isNaN(Date.parse(filter.value))) return formatDate(filter.value, currentLocale());
    if (field?.kind === 'enum' && field.enumKey) return filter.value.split(',').map((value) => enumNames[field.enumKey!]?.get(value) ?? t(`enums.${field.enumKey}.${value}`, { defaultValue: value })).join(', ');
    return filter.value;
  };

  const setColumns = (names: string[]) => {
    localStorage.setItem(`svyaz.columns.${object.key}`, JSON.stringify(names));
    setState((current) => ({ ...current, columns: names }));
  };

  async function deleteSelected() {
    const ids = selectedIds;
    try {
      await api(`/${object.key}/bulk-delete`, { method: 'POST', body: { ids } });
      setSelection({});
      await client.invalidateQueries({ queryKey: ['list', object.key] });
      toast({
        message: t('list.deleted', { count: ids.length }),
        timeoutMs: 15000,
        action: {
          label: t('app.undo'),
          run: async () => {
            try {
              for (const id of ids) await api(`/${object.key}/${id}/restore`, { method: 'POST' });
              toast({ message: t('list.restored', { count: ids.length }), tone: 'success' });
            } catch (error) {
              toast({ message: errorMessage(error), tone: 'error' });
            }
            await client.invalidateQueries({ queryKey: ['list', object.key] });
          },
        },
      });
    } catch (error) {
      toast({ message: errorMessage(error), tone: 'error' });
    }
  }

  const saveCell = useCallback(
    async (record: RecordValues, field: FieldDef, value: unknown) => {
      const updated = await api<RecordValues>(`/${object.key}/${record.id}`, { method: 'PATCH', body: { [field.name]: value }, query: { force: 'true' } });
      client.setQueryData<InfiniteData<Page>>(queryKey, (data) =>
        data ? { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((row) => (row.id === record.id ? { ...row, ...pick(updated, Object.keys(row)) } : row)) })) } : data,
      );
    },
    [client, object.key, queryKey],
  );

  const filterCount = state.filters.length;
  return (
    <section className="page list-page" aria-labelledby="list-title">
      <header className="page-header">
        <h1 id="list-title">{t(`objects.${object.key}.title`)}</h1>
        <span className="count" aria-live="polite" data-testid="list-count">
          {total !== undefined ? t('list.count', { count: total, formatted: formatNumber(total, currentLocale()) }) : ''}
        </span>
        {object.key === 'deals' && <DealTotals filters={state.filters} />}
        <div className="toolbar">
          {owned && (
            <div className="segmented" role="group" aria-label={t('coOwners.sharedWithMe')}>
              {[false, true].map((shared) => (
                <button
                  key={String(shared)}
                  type="button"
                  className="button"
                  aria-pressed={isSharedWithMe(state.filters, user.id) === shared}
                  onClick={() => {
                    setState((current) => ({ ...current, filters: withSharedWithMe(current.filters, user.id, shared) }));
                    setSelection({});
                  }}
                >
                  {shared ? t('coOwners.sharedWithMe') : t('coOwners.allRecords')}
                </button>
              ))}
            </div>
          )}
          <SavedViews
            object={object.key}
            state={state}
            onSelect={(view) =>
              setState(
                view
                  ? { filters: (view.query?.filters as Filter[]) ?? [], sort: view.query?.sort || object.defaultSort, columns: view.query?.columns?.length ? view.query.columns : storedColumns(object) }
                  : { filters: [], sort: object.defaultSort, columns: storedColumns(object) },
              )
            }
          />
          <button type="button" className="button" aria-expanded={panel === 'filters'} onClick={() => setPanel(panel === 'filters' ? null : 'filters')}>
            {t('list.filters')}
            {filterCount > 0 && <span className="pill">{filterCount}</span>}
          </button>
          <button type="button" className="button" aria-expanded={panel === 'columns'} onClick={() => setPanel(panel === 'columns' ? null : 'columns')}>
            {t('list.columns')}
          </button>
          {can(permissions, object.key, 'export') && (
            <span className="export-links">
              {(['csv', 'xlsx'] as const).map((format) => (
                <a key={format} className="button" download href={`/api/v1/${object.key}/export${buildQuery({ format, sort: state.sort, fields: state.columns.join(','), ...filterParams(state.filters) })}`}>
                  {t(`list.export.${format}`)}
                </a>
              ))}
              {object.key === 'orders' && (
                <a className="button" download href={`/api/v1/orders/export${buildQuery({ format: 'xlsx', lines: 'true', sort: state.sort, fields: state.columns.join(','), ...filterParams(state.filters) })}`}>
                  {t('list.export.xlsxLines')}
                </a>
              )}
            </span>
          )}
          {(callListObjects as readonly string[]).includes(object.key) && can(permissions, 'activities', 'create') && (
            <Link className="button" to={`/call-lists${buildQuery({ new: object.key, ...filterParams(state.filters) })}`}>
              {t('callLists.fromList')}
            </Link>
          )}
          {can(permissions, object.key, 'create') && importObjects.data?.includes(object.key) && (
            <Link className="button" to={`/imports?object=${object.key}`}>
              {t('imports.action')}
            </Link>
          )}
          {can(permissions, object.key, 'create') && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              {t(`objects.${object.key}.new`)}
            </button>
          )}
        </div>
      </header>
      {panel === 'filters' && (
        <FilterPanel
          object={object}
          filters={state.filters}
          onClose={() => setPanel(null)}
          onApply={(filters) => {
            setState((current) => ({ ...current, filters: filters.filter((filter) => filter.op === 'isEmpty' || filter.value.trim()) }));
            setSelection({});
            setPanel(null);
          }}
        />
      )}
      {panel === 'columns' && <ColumnChooser object={object} columns={state.columns} onChange={setColumns} />}
      {filterCount > 0 && (
        <div className="chips" aria-label={t('list.activeFilters')}>
          {state.filters.map((filter, index) => (
            <span className="chip" key={index}>
              {filter.field === 'collaboratorIds' && filter.value === user.id ? t('coOwners.sharedWithMe') : <>{t(`fields.${object.key}.${filter.field}`)} {t(`operators.${filter.op}`)} {filter.op === 'isEmpty' ? (filter.value === 'false' ? t('app.no') : t('app.yes')) : filter.field === 'segment' ? segmentNumber(filter.value) : filterValueText(filter)}</>}
              <button type="button" className="icon-button" aria-label={t('list.removeFilter')} onClick={() => setState((current) => ({ ...current, filters: current.filters.filter((_, position) => position !== index) }))}>
                ×
              </button>
            </span>
          ))}
          <button type="button" className="button button-link" onClick={() => setState((current) => ({ ...current, filters: [] }))}>
            {t('list.clearFilters')}
          </button>
        </div>
      )}
      {selectedIds.length > 0 && (
        <BulkActions
          object={object.key}
          ids={selectedIds}
          canAssign={can(permissions, object.key, 'update') && object.fields.some((field) => field.name === 'ownerId')}
          canTag={can(permissions, object.key, 'update') && object.fields.some((field) => field.name === 'tags')}
          canDelete={can(permissions, object.key, 'delete')}
          onDelete={() => void deleteSelected()}
          onDone={() => {
            setSelection({});
            void client.invalidateQueries({ queryKey: ['list', object.key] });
            void client.invalidateQueries({ queryKey: ['tags', object.key] });
          }}
          onClear={() => setSelection({})}
        />
      )}
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <Empty title={filterCount ? t('list.noMatches') : t(`objects.${object.key}.empty`)} />
      ) : (
        <DataGrid
          object={object}
          rows={rows}
          columns={columns}
          sort={state.sort}
          onSort={(sort) => setState((current) => ({ ...current, sort }))}
          hasMore={Boolean(hasNextPage)}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
          selection={selection}
          onSelectionChange={setSelection}
          context={context}
          canEdit={can(permissions, object.key, 'update')}
          onSaveCell={saveCell}
        />
      )}
      {creating && <CreateRecordDialog object={object} onClose={() => setCreating(false)} />}
    </section>
  );
}

/** `?sort=dueAt` or `?sort=-amount` in a link (say from the dashboard), when that field can be sorted by. */
function sortFromSearch(object: ObjectDef, search: string): string {
  const sort = new URLSearchParams(search).get('sort');
  const name = sort?.replace(/^-/, '');
  return sort && object.fields.some((field) => field.name === name && field.sortable) ? sort : object.defaultSort;
}

function pick(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]]));
}
