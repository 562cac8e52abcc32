// One plan as a progress bar: measure, actual of target, percent (capped at 100 % in width, not in the number).
import { useTranslation } from 'react-i18next';
import type { PlanProgress } from '@svyaz/shared';
import { currentLocale } from '../../i18n';
import { formatMoney, formatNumber } from '../../lib/format';

export type { PlanProgress };

export interface PlanList {
  period: { kind: string; start: string; end: string };
  canManage: boolean;
  data: PlanProgress[];
}

export function formatMeasure(measure: string, value: number | null): string {
  const locale = currentLocale();
  if (value === null) return '—';
  return measure === 'won_amount' ? formatMoney(value, locale) : formatNumber(value, locale);
}

export function PlanProgressBar({ plan, title }: { plan: PlanProgress; title?: string }) {
  const { t } = useTranslation();
  const measure = t(`plans.measures.${plan.measure}`);
  const label = title ?? measure;
  const percent = plan.percent ?? 0;
  const description = plan.target === null ? `${measure}: ${formatMeasure(plan.measure, plan.actual)} (${t('plans.noTarget')})` : t('plans.progressLabel', { measure, actual: formatMeasure(plan.measure, plan.actual), target: formatMeasure(plan.measure, plan.target) });
  return (
    <div className="plan-progress" data-plan-id={plan.id}>
      <div className="plan-progress-head">
        <span className="plan-progress-title">{label}</span>
        <span className="plan-progress-figures">
          {formatMeasure(plan.measure, plan.actual)} / {formatMeasure(plan.measure, plan.target)}
          {plan.percent !== null && <strong> · {formatNumber(plan.percent, currentLocale())} %</strong>}
        </span>
      </div>
      <div
        className={`plan-progress-track${percent >= 100 ? ' done' : ''}`}
        role="progressbar"
        aria-label={description}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
      >
        <div className="plan-progress-fill" style={{ width: `${Math.min(percent, 100)}%` }} />
      </div>
      {plan.mode === 'sum' && <small className="muted">{t('plans.teamSum')}</small>}
    </div>
  );
}
