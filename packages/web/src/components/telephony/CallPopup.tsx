// The pop-up of a call ringing at my extension, live over the telephony event stream (SSE, event "call").
// It names the caller and links their card only when the server says I may read it ("found"); a number of a
// record I may not read shows as a known caller without details; an unknown number offers a new lead in one
// click. It goes away when the call is answered or ends (the same stream announces both).
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatPhone } from '../../lib/format';
import { useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { useMyTelephony, type Call } from './telephony-api';
import './telephony.css';

export function CallPopup() {
  const { t } = useTranslation();
  const me = useMyTelephony();
  // Defensive: a server without telephony (or a test's stub) may answer anything here.
  const hasExtension = Array.isArray(me.data?.extensions) && me.data.extensions.length > 0;
  const [calls, setCalls] = useState<Call[]>([]);

  useEffect(() => {
    if (!hasExtension || typeof EventSource === 'undefined') return;
    let closed = false;
    const upsert = (call: Call) =>
      setCalls((current) => {
        const others = current.filter((item) => item.id !== call.id);
        return call.state === 'ringing' ? [call, ...others] : others;
      });
    // A page opened while the phone rings shows the call too.
    void api<{ data: Call[] }>('/telephony/calls/active').then(
      (active) => !closed && active.data.filter((call) => call.state === 'ringing').forEach(upsert),
      () => undefined,
    );
    const source = new EventSource('/api/v1/telephony/stream', { withCredentials: true });
    source.addEventListener('call', ((event: MessageEvent) => {
      try {
        upsert(JSON.parse(event.data) as Call);
      } catch {
        /* not JSON */
      }
    }) as EventListener);
    return () => {
      closed = true;
      source.close();
    };
  }, [hasExtension]);

  if (calls.length === 0) return null;
  return (
    <div className="call-popups" role="region" aria-label={t('telephony.popup.region')} aria-live="assertive">
      {calls.map((call) => (
        <CallCard key={call.id} call={call} onClose={() => setCalls((current) => current.filter((item) => item.id !== call.id))} />
      ))}
    </div>
  );
}

function CallCard({ call, onClose }: { call: Call; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const message = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const caller = call.caller;
  async function createLead() {
    setBusy(true);
    try {
      const created = await api<{ leadId: string }>(`/telephony/calls/${call.id}/lead`, { method: 'POST' });
      toast({ message: t('telephony.popup.leadCreated'), tone: 'success' });
      onClose();
      void navigate(`/leads/${created.leadId}`);
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="call-popup card" data-testid="call-popup" role="alertdialog" aria-label={t(call.direction === 'in' ? 'telephony.popup.incoming' : 'telephony.popup.outgoing')}>
      <div className="call-popup-header">
        <span className="call-popup-pulse" aria-hidden="true" />
        <strong>{t(call.direction === 'in' ? 'telephony.popup.incoming' : 'telephony.popup.outgoing')}</strong>
        {call.extension && <span className="muted">{t('telephony.popup.extension', { extension: call.extension })}</span>}
        <button type="button" className="icon-button" aria-label={t('telephony.popup.dismiss')} onClick={onClose}>
          ×
        </button>
      </div>
      <div className="call-popup-phone">{call.phone ? formatPhone(call.phone) : '—'}</div>
      {caller.status === 'found' && caller.object && caller.id ? (
        <div className="call-popup-caller">
          <Link to={`/${caller.object}/${caller.id}`} onClick={onClose} data-testid="call-popup-caller">
            {caller.name}
          </Link>
          {caller.companyName && <div className="muted">{caller.companyName}</div>}
        </div>
      ) : caller.status === 'hidden' ? (
        <div className="call-popup-caller" title={t('telephony.popup.knownCallerHint')}>
          {t('telephony.popup.knownCaller')}
        </div>
      ) : (
        <div className="call-popup-caller">
          <div className="muted">{t('telephony.popup.unknownCaller')}</div>
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void createLead()}>
            {busy ? t('telephony.popup.creatingLead') : t('telephony.popup.newLead')}
          </button>
        </div>
      )}
    </div>
  );
}
