import { useTranslation } from 'react-i18next';
import type { ImportStatus } from './import-api';

const tone: Record<ImportStatus, string> = { uploaded: '', queued: 'badge-warn', running: 'badge-warn', done: 'badge-ok', failed: 'badge-danger', undone: '' };

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return <span className={`badge ${tone[status] ?? ''}`}>{t(`imports.statuses.${status}`, { defaultValue: status })}</span>;
}
