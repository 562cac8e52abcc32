// Saved views of a list (filters, sort, columns), when the server offers /saved-views.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isMissingRoute } from '../../api/client';
import type { ListState } from '../../lib/list-query';
import { useToast } from '../Toasts';
import { useErrorMessage } from '../States';

export interface SavedView {
  id: string;
  name: string;
  object: string;
  visibility?: 'private' | 'team';
  query: { filters?: ListState['filters']; sort?: string; columns?: string[] };
}

export function SavedViews({ object, state, onSelect }: { object: string; state: ListState; onSelect: (view: SavedView | null) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [selected, setSelected] = useState('');
  const [naming, setNaming] = useState<string | null>(null);
  const [shared, setShared] = useState(false);
  const views = useQuery({
    queryKey: ['saved-views', object],
    queryFn: async () => (await api<{ data: SavedView[] }>('/saved-views', { query: { object } })).data,
    retry: false,
  });
  const save = useMutation({
    mutationFn: (name: string) =>
      api<SavedView>('/saved-views', { method: 'POST', body: { name, object, visibility: shared ? 'team' : 'private', query: { filters: state.filters, sort: state.sort, columns: state.columns } } }),
    onSuccess: (view) => {
      void client.invalidateQueries({ queryKey: ['saved-views', object] });
      setSelected(view.id);
      toast({ message: t('views.saved', { name: view.name }), tone: 'success' });
    },
    onError: (error) => toast({ message: message(error), tone: 'error' }),
  });
  if (views.error && isMissingRoute(views.error)) return null;
  return (
    <div className="saved-views">
      <label className="sr-only" htmlFor={`views-${object}`}>
        {t('views.label')}
      </label>
      <select
        id={`views-${object}`}
        value={selected}
        onChange={(event) => {
          setSelected(event.target.value);
          onSelect(views.data?.find((view) => view.id === event.target.value) ?? null);
        }}
      >
        <option value="">{t('views.all')}</option>
        {(views.data ?? []).map((view) => (
          <option key={view.id} value={view.id}>
            {view.visibility === 'team' ? `${view.name} · ${t('views.team')}` : view.name}
          </option>
        ))}
      </select>
      {naming === null ? (
        <button type="button" className="button" onClick={() => setNaming('')}>
          {t('views.save')}
        </button>
      ) : (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (naming.trim()) save.mutate(naming.trim(), { onSuccess: () => setNaming(null) });
          }}
        >
          <label className="check small">
            <input type="checkbox" checked={shared} onChange={(event) => setShared(event.target.checked)} />
            {t('views.shareWithTeam')}
          </label>
          <input aria-label={t('views.namePrompt')} placeholder={t('views.namePrompt')} autoFocus value={naming} onChange={(event) => setNaming(event.target.value)} onKeyDown={(event) => event.key === 'Escape' && setNaming(null)} />
          <button type="submit" className="button button-primary" disabled={!naming.trim() || save.isPending}>
            {t('app.save')}
          </button>
        </form>
      )}
    </div>
  );
}
