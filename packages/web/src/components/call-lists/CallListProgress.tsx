// A list's progress: one bar for the list and one per caller (done of their share).
import { useTranslation } from 'react-i18next';
import type { CallList } from './call-lists-api';

function Bar({ done, total, label }: { done: number; total: number; label: string }) {
  const percent = total ? Math.round((done / total) * 100) : 0;
  return (
    <div className="call-list-bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}

export function CallListProgress({ list }: { list: CallList }) {
  const { t } = useTranslation();
  const { progress } = list;
  return (
    <div className="call-list-progress">
      <div className="call-list-total">
        <Bar done={progress.done + progress.skipped} total={progress.total} label={t('callLists.progressLabel', { name: list.name })} />
        <span>{t('callLists.progress', { done: progress.done, total: progress.total })}</span>
        {progress.waiting > 0 && <span className="muted"> · {t('callLists.waiting', { count: progress.waiting })}</span>}
      </div>
      <ul className="call-list-callers">
        {progress.byCaller.map((caller) => {
          const text = t('callLists.callerProgress', { name: caller.name ?? '—', done: caller.done, pending: caller.pending + caller.inProgress });
          return (
            <li key={caller.userId}>
              <Bar done={caller.done} total={caller.done + caller.pending + caller.inProgress} label={text} />
              <span>{text}</span>
            </li>
          );
        })}
      </ul>
      {Object.keys(progress.byOutcome).length > 0 && (
        <p className="muted">
          {t('callLists.byOutcome')}: {Object.entries(progress.byOutcome).map(([outcome, count]) => `${t(`callLists.outcomes.${outcome}`)} ${count}`).join(', ')}
        </p>
      )}
    </div>
  );
}
