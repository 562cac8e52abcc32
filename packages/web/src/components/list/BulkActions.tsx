// Actions on the selected rows of a list: give them to an owner, add a tag (both all-or-nothing on the
// server, POST /{object}/bulk-assign and /bulk-tag), delete them (with Undo).
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUsers } from '../../lib/lookups';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';

interface Props {
  object: string;
  ids: string[];
  canAssign: boolean;
  canTag: boolean;
  canDelete: boolean;
  onDelete: () => void;
  onDone: () => void;
  onClear: () => void;
}

export function BulkActions({ object, ids, canAssign, canTag, canDelete, onDelete, onDone, onClear }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const users = useUsers();
  const [ownerId, setOwnerId] = useState('');
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const tags = useQuery({
    queryKey: ['tags', object],
    enabled: canTag,
    queryFn: () => api<{ data: { tag: string; count: number }[] }>('/tags', { query: { object } }),
    retry: false,
    staleTime: 60_000,
  });

  async function run(path: string, body: Record<string, unknown>, done: string) {
    setBusy(true);
    try {
      const result = await api<{ updated: number }>(`/${object}/${path}`, { method: 'POST', body: { ids, ...body } });
      toast({ message: t(done, { count: result.updated ?? ids.length }), tone: 'success' });
      onDone();
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  function assign(event: FormEvent) {
    event.preventDefault();
    if (!ownerId) return;
    void run('bulk-assign', { ownerId }, 'list.assigned').then(() => setOwnerId(''));
  }
  function addTag(event: FormEvent) {
    event.preventDefault();
    const value = tag.trim();
    if (!value) return;
    void run('bulk-tag', { add: [value] }, 'list.tagged').then(() => setTag(''));
  }

  return (
    <div className="bulk-bar" role="region" aria-label={t('list.bulkActions')}>
      <span>{t('list.selected', { count: ids.length })}</span>
      {canAssign && (
        <form className="bulk-form" onSubmit={assign}>
          <label className="sr-only" htmlFor="bulk-owner">
            {t('list.assignTo')}
          </label>
          <select id="bulk-owner" value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
            <option value="">{t('list.assignTo')}</option>
            {(users.data ?? [])
              .filter((user) => user.isActive !== false)
              .map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
          </select>
          <button type="submit" className="button" disabled={!ownerId || busy}>
            {t('list.assign')}
          </button>
        </form>
      )}
      {canTag && (
        <form className="bulk-form" onSubmit={addTag}>
          <label className="sr-only" htmlFor="bulk-tag">
            {t('list.tagToAdd')}
          </label>
          <input id="bulk-tag" list="bulk-tag-options" placeholder={t('list.tagToAdd')} value={tag} maxLength={50} onChange={(event) => setTag(event.target.value)} />
          <datalist id="bulk-tag-options">
            {(tags.data?.data ?? []).map((item) => (
              <option key={item.tag} value={item.tag} />
            ))}
          </datalist>
          <button type="submit" className="button" disabled={!tag.trim() || busy}>
            {t('list.addTag')}
          </button>
        </form>
      )}
      {canDelete && (
        <button type="button" className="button button-danger" onClick={onDelete} disabled={busy}>
          {t('list.deleteSelected')}
        </button>
      )}
      <button type="button" className="button button-link" onClick={onClear}>
        {t('list.clearSelection')}
      </button>
    </div>
  );
}
