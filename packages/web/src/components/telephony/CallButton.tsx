// Click-to-call beside a phone number: shown when an integration with an originate URL maps me to an
// extension; the PBX rings my extension, then dials the number.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../lib/format';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { originateCall, useMyTelephony } from './telephony-api';

export function CallButton({ phone }: { phone: string }) {
  const { t } = useTranslation();
  const me = useMyTelephony();
  const toast = useToast();
  const message = useErrorMessage();
  const [busy, setBusy] = useState(false);
  if (me.data?.clickToCall !== true) return null;
  async function call(event: React.MouseEvent) {
    event.stopPropagation();
    event.preventDefault();
    setBusy(true);
    try {
      await originateCall(phone);
      toast({ message: t('telephony.dialling', { phone: formatPhone(phone) }), tone: 'success' });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="icon-button call-button" disabled={busy} aria-label={t('telephony.callNumber', { phone: formatPhone(phone) })} title={t('telephony.call')} onClick={(event) => void call(event)}>
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
      </svg>
    </button>
  );
}
