// The SLA state of one case, for the desk's rows and the case card: "breached" (first response or resolution)
// in red, else a countdown to the next running deadline (first response while unanswered, then resolution),
// amber within the last hour, or "paused" while the case waits for the customer. Redrawn every 30 seconds.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordValues } from '../../api/types';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import './sla.css';

const MINUTE = 60_000;

/** "2 д 3 ч", "3 ч 05 мин", "12 мин" (or the English short forms). */
export function formatSpan(ms: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / MINUTE));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return t('sla.span.daysHours', { days, hours });
  if (hours > 0) return t('sla.span.hoursMinutes', { hours, minutes: String(rest).padStart(2, '0') });
  return t('sla.span.minutes', { minutes: rest });
}

export type SlaState =
  | { kind: 'none' }
  | { kind: 'breached'; target: 'first_response' | 'resolution' }
  | { kind: 'paused' }
  | { kind: 'running'; target: 'first_response' | 'resolution'; dueAt: string; remaining: number };

/** What the badge shows for a case at an instant (pure, for the unit test). */
export function slaState(record: RecordValues, now: number): SlaState {
  const text = (key: string) => (typeof record[key] === 'string' && record[key] ? String(record[key]) : null);
  if (!record.slaPolicyId && !text('firstResponseDueAt') && !text('resolutionDueAt')) return { kind: 'none' };
  const answered = Boolean(text('firstResponseAt'));
  if (text('firstResponseBreachedAt')) return { kind: 'breached', target: 'first_response' };
  if (text('resolutionBreachedAt')) return { kind: 'breached', target: 'resolution' };
  if (record.isOpen === false) return { kind: 'none' };
  const firstDue = text('firstResponseDueAt');
  if (!answered && firstDue) {
    const remaining = Date.parse(firstDue) - now;
    return remaining < 0 ? { kind: 'breached', target: 'first_response' } : { kind: 'running', target: 'first_response', dueAt: firstDue, remaining };
  }
  if (text('slaPausedAt')) return { kind: 'paused' };
  const resolutionDue = text('resolutionDueAt');
  if (!resolutionDue) return { kind: 'none' };
  const remaining = Date.parse(resolutionDue) - now;
  return remaining < 0 ? { kind: 'breached', target: 'resolution' } : { kind: 'running', target: 'resolution', dueAt: resolutionDue, remaining };
}

export function SlaBadge({ record }: { record: RecordValues }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const state = slaState(record, now);
  if (state.kind === 'none') return null;
  if (state.kind === 'paused') return <span className="sla-badge sla-paused">{t('sla.badge.paused')}</span>;
  if (state.kind === 'breached') {
    return (
      <span className="sla-badge sla-breached" role="status">
        {t(`sla.badge.breached.${state.target}`)}
      </span>
    );
  }
  return (
    <span className={`sla-badge ${state.remaining < 60 * MINUTE ? 'sla-soon' : 'sla-running'}`} title={formatDateTime(state.dueAt, currentLocale())}>
      {t(`sla.badge.running.${state.target}`, { span: formatSpan(state.remaining, t) })}
    </span>
  );
}
