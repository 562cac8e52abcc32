// "New company/contact/...": a form, and when the server suspects a duplicate, the candidates with
// "open existing", "create anyway" (force=true) and, where the server can merge, "merge".
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { RecordValues } from '../api/types';
import type { ObjectDef } from '../objects/definitions';
import { Dialog } from './Dialog';
import { RecordForm } from './RecordForm';
import { useToast } from './Toasts';
import { useErrorMessage } from './States';

interface Candidate {
  id: string;
  name: string;
  reasons: string[];
  score: number;
}

export function CreateRecordDialog({ object, onClose, initial }: { object: ObjectDef; onClose: () => void; initial?: Record<string, unknown> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [pending, setPending] = useState<{ body: Record<string, unknown>; candidates: Candidate[] } | null>(null);
  const [draft, setDraft] = useState<Record<string, unknown> | undefined>(initial);

  const mergeable = ['companies', 'contacts', 'leads', 'deals'].includes(object.key);

  /** "Merge": the typed data joins the existing record (its values win; phones, emails, tags are united). */
  async function mergeInto(candidate: Candidate) {
    if (!pending) return;
    try {
      const created = await api<RecordValues>(`/${object.key}`, { method: 'POST', body: pending.body, query: { force: 'true' } });
      await api(`/${object.key}/merge`, { method: 'POST', body: { survivorId: candidate.id, mergedId: created.id } });
      await client.invalidateQueries({ queryKey: ['list', object.key] });
      toast({ message: t('duplicates.merged'), tone: 'success' });
      onClose();
      navigate(`/${object.key}/${candidate.id}`);
    } catch (error) {
      toast({ message: errorMessage(error), tone: 'error' });
    }
  }

  async function create(body: Record<string, unknown>, force = false) {
    try {
      const record = await api<RecordValues>(`/${object.key}`, { method: 'POST', body, query: force ? { force: 'true' } : undefined });
      await client.invalidateQueries({ queryKey: ['list', object.key] });
      toast({ message: t('record.created'), tone: 'success' });
      onClose();
      navigate(`/${object.key}/${record.id}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DUPLICATE_SUSPECTED') {
        setDraft(body);
        setPending({ body, candidates: ((error.details as { candidates?: Candidate[] })?.candidates ?? []) as Candidate[] });
      }
      throw error;
    }
  }

  return (
    <Dialog title={t(`objects.${object.key}.new`)} onClose={onClose} wide>
      {pending ? (
        <div className="duplicates" role="alert">
          <h3>{t('duplicates.title')}</h3>
          <p>{t('duplicates.explain')}</p>
          <ul className="duplicate-list">
            {pending.candidates.map((candidate) => (
              <li key={candidate.id}>
                <Link to={`/${object.key}/${candidate.id}`} onClick={onClose}>
                  {candidate.name}
                </Link>{' '}
                <span className="muted">{candidate.reasons.map((reason) => t(`duplicates.reasons.${reason}`, { defaultValue: reason })).join(', ')}</span>{' '}
                <Link className="button button-small" to={`/${object.key}/${candidate.id}`} onClick={onClose}>
                  {t('duplicates.openExisting')}
                </Link>
                {mergeable && (
                  <button type="button" className="button button-small" onClick={() => void mergeInto(candidate)}>
                    {t('duplicates.merge')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setPending(null)}>
              {t('duplicates.back')}
            </button>
            <button type="button" className="button button-primary" onClick={() => void create(pending.body, true).catch(() => undefined)}>
              {t('duplicates.createAnyway')}
            </button>
          </div>
        </div>
      ) : (
        <RecordForm object={object} initial={draft} submitLabel={t('app.create')} onSubmit={(body) => create(body)} requiredCustomFields />
      )}
    </Dialog>
  );
}
