// A secret the server returns only once (a webhook's signing secret, a PBX's secret): shown with a copy
// button until the user says they have kept it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function SecretShownOnce({ title, message, secret, testId, className, doneLabel, onDone }: { title?: string; message: string; secret: string; testId: string; className: string; doneLabel: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className={`card ${className}`} role="status">
      {title && <h3>{title}</h3>}
      <p>{message}</p>
      <code className={`${className}-value`} data-testid={testId}>
        {secret}
      </code>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          {copied ? t('app.copied') : t('app.copy')}
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          {doneLabel}
        </button>
      </div>
    </div>
  );
}
