// The recording of a call on the record's timeline: the browser's own player, and a link for players
// that cannot play the format the PBX records in.
import { useTranslation } from 'react-i18next';
import './telephony.css';

export function CallRecording({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <audio className="timeline-recording" controls preload="none" src={url} aria-label={t('telephony.recording')} data-testid="call-recording">
      <a href={url}>{t('telephony.recording')}</a>
    </audio>
  );
}
