// Shows one field of a record, formatted for the current language.
import { Link } from 'react-router';
import type { FieldDef } from '../objects/definitions';
import { daysSince, formatDate, formatDateTime, formatMoney, formatNumber, formatPhone, usePhoneFormats } from '../lib/format';
import i18n, { currentLocale } from '../i18n';
import { CallButton } from './telephony/CallButton';

export interface DisplayContext {
  userNames: Map<string, string>;
  stageNames: Map<string, string>;
  /** Names of the workspace's own enum values per enumKey (case categories: lib/case-categories.ts). */
  enumNames?: Record<string, Map<string, string>>;
}

export function FieldValue({ field, record, context }: { field: FieldDef; record: Record<string, unknown>; context: DisplayContext }) {
  // The i18n instance itself, not useTranslation(): a list mounts dozens of cells per scrolled frame, and
  // each useTranslation() mount copies the whole i18n instance (react-i18next's wrapper) - the main cost
  // of long frames while scrolling. Language changes still re-render the cells through their parents.
  const t = i18n.t.bind(i18n);
  const locale = currentLocale();
  const value = record[field.name];
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return <span className="muted">—</span>;
  switch (field.kind) {
    case 'money':
      return <span className="num">{formatMoney(value as string, locale, (record[field.currencyField ?? 'currency'] as string) ?? 'RUB')}</span>;
    case 'number':
      return <span className="num">{formatNumber(value as string, locale)}</span>;
    case 'date':
      return <>{formatDate(value as string, locale)}</>;
    case 'datetime':
      return <>{formatDateTime(value as string, locale)}</>;
    case 'daysSince': {
      const days = daysSince(value as string);
      return days === null ? <span className="muted">—</span> : <span className="num" title={formatDateTime(value as string, locale)}>{t('pipelineTotals.daysInStage', { count: days })}</span>;
    }
    case 'phones':
      return (
        <>
          {(value as string[]).map((phone, index) => (
            <span key={phone}>
              {index > 0 && ', '}
              <PhoneLink phone={phone} />
            </span>
          ))}
        </>
      );
    case 'emails':
      return (
        <>
          {(value as string[]).map((email, index) => (
            <span key={email}>
              {index > 0 && ', '}
              <a href={`mailto:${email}`} onClick={(event) => event.stopPropagation()}>
                {email}
              </a>
            </span>
          ))}
        </>
      );
    case 'tags':
      return (
        <>
          {(value as string[]).map((tag) => (
            <span className="tag" key={tag}>
              {tag}
            </span>
          ))}
        </>
      );
    case 'user':
      return <>{context.userNames.get(value as string) ?? '…'}</>;
    case 'enum':
      return <span className={`badge badge-${field.enumKey}-${String(value)}`}>{context.enumNames?.[field.enumKey ?? '']?.get(String(value)) ?? t(`enums.${field.enumKey}.${String(value)}`, { defaultValue: String(value) })}</span>;
    case 'boolean':
      return <>{value ? t('app.yes') : t('app.no')}</>;
    case 'ref': {
      if (field.name === 'stageId') return <>{context.stageNames.get(value as string) ?? '…'}</>;
      const name = (record._refs as Record<string, string> | undefined)?.[field.name];
      return field.ref ? (
        <Link to={`/${field.ref}/${String(value)}`} onClick={(event) => event.stopPropagation()}>
          {name ?? t('app.open')}
        </Link>
      ) : (
        <>{name ?? String(value)}</>
      );
    }
    default:
      return <>{String(value)}</>;
  }
}

/** A phone as a tel: link; re-rendered when the formats of foreign numbers arrive (only phone cells subscribe). */
function PhoneLink({ phone }: { phone: string }) {
  usePhoneFormats();
  return (
    <>
      <a href={`tel:${phone}`} onClick={(event) => event.stopPropagation()}>
        {formatPhone(phone)}
      </a>
      <CallButton phone={phone} />
    </>
  );
}
