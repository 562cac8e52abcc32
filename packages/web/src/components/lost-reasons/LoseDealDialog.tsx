// The dialog a deal is lost through (board and deal card): one of the pipeline's reasons, plus a
// comment, required for "other". Confirm stays disabled until the choice is complete.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canConfirmLoss, reasonLabel, useLostReasons } from '../../lib/lost-reasons';
import { Dialog } from '../Dialog';
import { ErrorState, Loading } from '../States';

export interface LossChoice {
  lostReasonId: string;
  lostReason?: string;
}

export function LoseDealDialog({ pipelineId, dealTitle, onCancel, onConfirm }: { pipelineId: string; dealTitle?: string; onCancel: () => void; onConfirm: (choice: LossChoice) => void }) {
  const { t } = useTranslation();
  const reasons = useLostReasons(pipelineId);
  const [reasonId, setReasonId] = useState('');
  const [comment, setComment] = useState('');
  const chosen = reasons.data?.find((reason) => reason.id === reasonId);
  const ready = canConfirmLoss(chosen, comment);
  return (
    <Dialog title={dealTitle ? t('lostReasons.dialogTitleOf', { title: dealTitle }) : t('lostReasons.dialogTitle')} onClose={onCancel}>
      <form
        className="record-form lose-deal-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen && ready) onConfirm({ lostReasonId: chosen.id, ...(comment.trim() ? { lostReason: comment.trim() } : {}) });
        }}
      >
        {reasons.isPending && <Loading />}
        {reasons.isError && <ErrorState error={reasons.error} onRetry={() => void reasons.refetch()} />}
        {reasons.data && (
          <fieldset className="lost-reason-choices">
            <legend>{t('lostReasons.chooseReason')}</legend>
            {reasons.data.length === 0 && <p className="muted">{t('lostReasons.noneConfigured')}</p>}
            {reasons.data.map((reason) => (
              <label key={reason.id} className="check">
                <input type="radio" name="lost-reason" value={reason.id} checked={reasonId === reason.id} onChange={() => setReasonId(reason.id)} />
                {reasonLabel(t, reason)}
              </label>
            ))}
          </fieldset>
        )}
        <div className="form-field">
          <label htmlFor="lost-reason-comment">{chosen?.isOther ? t('lostReasons.commentRequired') : t('lostReasons.comment')}</label>
          <textarea id="lost-reason-comment" rows={3} maxLength={500} value={comment} aria-required={chosen?.isOther ? true : undefined} onChange={(event) => setComment(event.target.value)} />
          {chosen?.isOther && !comment.trim() && <span className="field-hint muted small">{t('lostReasons.otherNeedsComment')}</span>}
        </div>
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={!ready}>
            {t('lostReasons.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
