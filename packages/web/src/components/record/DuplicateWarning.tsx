// On a record card: likely duplicates of this record (GET /{object}/:id/duplicates), each with
// "open" and "compare and merge" (the merge screen with this record as the survivor).
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { can, useMe } from '../../app/session';

interface Candidate {
  type: string;
  id: string;
  name: string;
  reasons: string[];
  score: number;
  canOpen: boolean;
  ownerName: string | null;
}

const WITH_DUPLICATES: Record<string, string> = { companies: 'company', contacts: 'contact', leads: 'lead' };

export function DuplicateWarning({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const type = WITH_DUPLICATES[object];
  const query = useQuery({
    queryKey: ['duplicates', object, id],
    queryFn: () => api<{ data: Candidate[] }>(`/${object}/${id}/duplicates`).then((page) => page.data),
    enabled: Boolean(type),
    staleTime: 60_000,
    retry: false,
  });
  const candidates = (query.data ?? []).filter((candidate) => candidate.type === type);
  if (!type || !candidates.length) return null;
  const canMerge = can(permissions, object, 'update');
  return (
    <div className="notice duplicates record-duplicates" role="status" data-testid="record-duplicates">
      <strong>{t('dedupe.onCard', { count: candidates.length })}</strong>
      <ul className="duplicate-list">
        {candidates.map((candidate) => (
          <li key={candidate.id}>
            {candidate.canOpen ? <Link to={`/${object}/${candidate.id}`}>{candidate.name}</Link> : <span>{candidate.name}</span>}{' '}
            <span className="muted">{candidate.reasons.map((reason) => t(`duplicates.reasons.${reason}`, { defaultValue: reason })).join(', ')}</span>
            {!candidate.canOpen && candidate.ownerName && <span className="muted"> · {t('dedupe.askOwner', { name: candidate.ownerName })}</span>}{' '}
            {candidate.canOpen && canMerge && (
              <Link className="button button-small" to={`/merge/${object}?ids=${id},${candidate.id}`}>
                {t('dedupe.compareAndMerge')}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
