// The people of an owned record: its owner and co-owners (collaboratorIds). A user who may update the
// record adds or removes co-owners here; the server notifies each person added (record engine).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RecordValues, User } from '../../api/types';
import { useUsers } from '../../lib/lookups';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';

/** Active users who may still be added: neither the owner nor already a co-owner. */
export function addableUsers(users: User[], ownerId: string | null, coOwnerIds: string[]): User[] {
  return users.filter((user) => user.isActive && user.id !== ownerId && !coOwnerIds.includes(user.id)).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
}

interface Props {
  object: string;
  record: RecordValues;
  canUpdate: boolean;
  onSaved: (record: RecordValues) => void | Promise<void>;
}

export function CoOwnersPanel({ object, record, canUpdate, onSaved }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const users = useUsers();
  const [picked, setPicked] = useState('');
  const [busy, setBusy] = useState(false);
  const ownerId = (record.ownerId as string | null) ?? null;
  const coOwnerIds = (record.collaboratorIds as string[] | null) ?? [];
  const list = users.data ?? [];
  const nameOf = (id: string) => list.find((user) => user.id === id)?.name ?? '…';

  async function save(next: string[], done: string) {
    setBusy(true);
    try {
      const updated = await api<RecordValues>(`/${object}/${String(record.id)}`, { method: 'PATCH', body: { collaboratorIds: next }, query: { force: 'true' } });
      await onSaved(updated);
      toast({ message: done, tone: 'success' });
      setPicked('');
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  const candidates = addableUsers(list, ownerId, coOwnerIds);
  return (
    <section className="co-owners" aria-labelledby="co-owners-title" data-testid="co-owners">
      <h2 id="co-owners-title" className="small">
        {t('coOwners.title')}
      </h2>
      <p>
        <span className="muted">{t('coOwners.owner')}:</span> {ownerId ? nameOf(ownerId) : '—'}
      </p>
      <div>
        <span className="muted">{t('coOwners.coOwners')}:</span>
        {coOwnerIds.length === 0 ? (
          <span className="muted"> {t('coOwners.none')}</span>
        ) : (
          <ul>
            {coOwnerIds.map((id) => (
              <li key={id} className="chip">
                {nameOf(id)}
                {canUpdate && (
                  <button
                    type="button"
                    className="icon-button"
                    disabled={busy}
                    aria-label={t('coOwners.remove', { name: nameOf(id) })}
                    onClick={() => void save(coOwnerIds.filter((item) => item !== id), t('coOwners.removed', { name: nameOf(id) }))}
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {canUpdate && candidates.length > 0 && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (picked) void save([...coOwnerIds, picked], t('coOwners.added', { name: nameOf(picked) }));
          }}
        >
          <label className="sr-only" htmlFor="co-owner-pick">
            {t('coOwners.add')}
          </label>
          <select id="co-owner-pick" value={picked} onChange={(event) => setPicked(event.target.value)}>
            <option value="">{t('coOwners.pick')}</option>
            {candidates.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button" disabled={!picked || busy}>
            {t('coOwners.addButton')}
          </button>
        </form>
      )}
    </section>
  );
}
