// "Send offer" on a deal's card: generates the commercial offer as PDF (a new version when there is one)
// and opens the compose dialog with the PDF attached by its fileId, a subject naming the offer, and the
// deal's contact suggested as the recipient (ComposeEmailDialog asks /emails/compose for them).
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { ComposeEmailDialog, type ComposeAttachment } from '../email/ComposeEmailDialog';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { generateDocument } from './api';

export function SendOfferButton({ recordId, title, onSent }: { recordId: string; title: string; onSent?(): void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState<{ subject: string; attachments: ComposeAttachment[] } | null>(null);

  async function start() {
    setBusy(true);
    try {
      const document = await generateDocument({ kind: 'offer', format: 'pdf', recordType: 'deal', recordId, language: currentLocale() });
      void client.invalidateQueries({ queryKey: ['documents', 'deal', recordId] });
      setDraft({ subject: t('documents.offerSubject', { number: document.number, title }), attachments: [{ fileId: document.fileId, name: document.fileName }] });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="button" onClick={() => void start()} disabled={busy}>
        {busy ? t('documents.generating') : t('documents.sendOffer')}
      </button>
      {draft && <ComposeEmailDialog object="deals" recordId={recordId} subject={draft.subject} attachments={draft.attachments} open onClose={() => setDraft(null)} onSent={onSent} />}
    </>
  );
}
