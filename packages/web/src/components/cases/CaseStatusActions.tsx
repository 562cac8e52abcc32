// The status buttons of a case's card: only the moves the server allows from the current status
// (caseTransitions in @svyaz/shared), each one POST /cases/:id/status; the card and timeline reload.
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { caseTransitions, type CaseStatus } from '@svyaz/shared';
import { api } from '../../api/client';
import type { RecordValues } from '../../api/types';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import './cases.css';

export function CaseStatusActions({ record, canUpdate }: { record: RecordValues; canUpdate: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const status = String(record.status ?? 'new') as CaseStatus;
  const moves = caseTransitions[status] ?? [];
  return (
    <div className="case-status" role="group" aria-label={t('caseDesk.statusActions')}>
      <span className={`case-badge case-status-${status}`}>{t(`enums.caseStatus.${status}`)}</span>
      {canUpdate &&
        moves.map((next) => (
          <button
            key={next}
            type="button"
            className="button"
            onClick={async () => {
              try {
                await api(`/cases/${record.id}/status`, { method: 'POST', body: { status: next } });
                await Promise.all([client.invalidateQueries({ queryKey: ['record', 'cases', record.id] }), client.invalidateQueries({ queryKey: ['timeline', 'cases', record.id] })]);
                toast({ message: t('caseDesk.moved', { status: t(`enums.caseStatus.${next}`) }), tone: 'success' });
              } catch (error) {
                toast({ message: message(error), tone: 'error' });
              }
            }}
          >
            {t(`caseDesk.move.${next}`)}
          </button>
        ))}
    </div>
  );
}
