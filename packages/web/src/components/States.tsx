import { useTranslation } from 'react-i18next';
import { ApiError, isMissingRoute } from '../api/client';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('app.loading')}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children}
    </div>
  );
}

/** A message for an error, translated by its code (errors.<CODE>), else the server's own message. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (isMissingRoute(error)) return t('app.notAvailable');
    if (error instanceof ApiError) return t(`errors.${error.code}`, { defaultValue: error.message });
    return t('errors.INTERNAL');
  };
}

/** The error message with the first field the server named ("name — must not be empty"). */
export function useFieldErrorText(): (error: unknown) => string {
  const message = useErrorMessage();
  return (error) => {
    const base = message(error);
    if (error instanceof ApiError && Array.isArray(error.details)) {
      const detail = (error.details as { field?: string; problem?: string }[])[0];
      if (detail?.field) return `${base}: ${detail.field} — ${detail.problem ?? ''}`;
    }
    return base;
  };
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (isMissingRoute(error)) return <div className="state state-empty">{message(error)}</div>;
  return (
    <div className="state state-error" role="alert">
      <p>{message(error)}</p>
      {onRetry && !isMissingRoute(error) && (
        <button type="button" className="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
