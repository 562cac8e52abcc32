// "Tell customers about this product" on a product's card: the customers the server proposes (bought its
// category, bought products often ordered with it, or the association rules lead to it; not yet bought it),
// each with the reasons, counted with the viewer's rights. With the campaigns right, an announcement email to
// all of them or the ticked ones goes out as a one-off sequence (consent and suppressions checked per contact).
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { sequencePlaceholders } from '@svyaz/shared';
import { api } from '../../api/client';
import { can, useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { formatDate } from '../../lib/format';
import { ErrorState, Loading, useFieldErrorText } from '../States';
import '../../pages/sequences.css';

interface AudienceReason {
  kind: 'category' | 'bought_together' | 'rule';
  productId: string;
  productName: string;
  orders: number;
  lastOrderedAt: string;
}
interface AudienceMember {
  contactId: string;
  fullName: string;
  email: string | null;
  reasons: AudienceReason[];
}
interface Audience {
  product: { id: string; name: string; category: string | null };
  total: number;
  data: AudienceMember[];
}

export function AnnouncementPanel({ productId }: { productId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { permissions } = useMe();
  const query = useQuery({ queryKey: ['announcement-audience', productId], queryFn: () => api<Audience>(`/products/${productId}/announcement-audience`, { query: { limit: 200 } }), retry: false });
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const members = query.data?.data ?? [];
  const picked = members.filter((member) => !excluded.has(member.contactId));
  const toggle = (id: string) =>
    setExcluded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <section className="card announcement" aria-labelledby="announcement-title">
      <h2 id="announcement-title">{t('sequences.announcement.title')}</h2>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : members.length === 0 ? (
        <p className="muted">{t('sequences.announcement.none')}</p>
      ) : (
        <>
          <p data-testid="announcement-count">{t('sequences.announcement.count', { count: query.data.total })}</p>
          <div className="announcement-table-wrap">
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="sr-only">{t('sequences.announcement.pick')}</span>
                  </th>
                  <th scope="col">{t('sequences.announcement.customer')}</th>
                  <th scope="col">{t('sequences.announcement.why')}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <tr key={member.contactId}>
                    <td>
                      <input type="checkbox" aria-label={t('sequences.announcement.pickOne', { name: member.fullName })} checked={!excluded.has(member.contactId)} onChange={() => toggle(member.contactId)} />
                    </td>
                    <td>
                      <Link to={`/contacts/${member.contactId}`}>{member.fullName}</Link>
                      {member.email && <span className="muted small"> {member.email}</span>}
                    </td>
                    <td>
                      {member.reasons
                        .map((reason) => t(`sequences.announcement.reasons.${reason.kind}`, { product: reason.productName, count: reason.orders, date: formatDate(reason.lastOrderedAt, locale) }))
                        .join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {query.data.total > members.length && <p className="hint">{t('sequences.announcement.more', { shown: members.length, total: query.data.total })}</p>}
          {can(permissions, 'campaigns', 'create') && <AnnouncementForm productId={productId} productName={query.data.product.name} contactIds={excluded.size ? picked.map((member) => member.contactId) : undefined} count={excluded.size ? picked.length : query.data.total} />}
        </>
      )}
    </section>
  );
}

function AnnouncementForm({ productId, productName, contactIds, count }: { productId: string; productName: string; contactIds?: string[]; count: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const errorText = useFieldErrorText();
  const mailboxes = useQuery({ queryKey: ['mailboxes'], queryFn: async () => (await api<{ data: { id: string; name: string; emailAddress: string }[] }>('/mailboxes')).data, retry: false });
  const [mailboxId, setMailboxId] = useState('');
  const [subject, setSubject] = useState(() => t('sequences.announcement.defaultSubject', { product: '{{product.name}}' }));
  const [body, setBody] = useState(() => t('sequences.announcement.defaultBody', { name: '{{contact.firstName}}', product: '{{product.name}}' }));
  const mailbox = mailboxId || mailboxes.data?.[0]?.id || '';
  const send = useMutation({
    mutationFn: () => api<{ sequenceId: string; enrolled: number }>(`/products/${productId}/announcement`, { method: 'POST', body: { mailboxId: mailbox, subject, body, name: t('sequences.announcement.sequenceName', { product: productName }), ...(contactIds ? { contactIds } : {}) } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['sequences'] }),
  });
  const placeholders = useMemo(() => sequencePlaceholders.map((name) => `{{${name}}}`).join(', '), []);
  if (send.isSuccess)
    return (
      <p className="announcement-sent" role="status">
        {t('sequences.announcement.sent', { count: send.data.enrolled })} <Link to={`/sequences/${send.data.sequenceId}`}>{t('sequences.announcement.openSequence')}</Link>
      </p>
    );
  return (
    <form
      className="announcement-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (window.confirm(t('sequences.announcement.confirm', { count }))) send.mutate();
      }}
    >
      <h3>{t('sequences.announcement.compose')}</h3>
      <label className="field">
        <span>{t('sequences.mailbox')}</span>
        <select value={mailbox} onChange={(event) => setMailboxId(event.target.value)}>
          {(mailboxes.data ?? []).map((item) => (
            <option key={item.id} value={item.id}>
              {item.name} ({item.emailAddress})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('sequences.subject')}</span>
        <input value={subject} onChange={(event) => setSubject(event.target.value)} maxLength={300} />
      </label>
      <label className="field">
        <span>{t('sequences.body')}</span>
        <textarea rows={5} value={body} onChange={(event) => setBody(event.target.value)} />
      </label>
      <p className="hint">
        {t('sequences.placeholders')}: {placeholders}. {t('sequences.announcement.consentHint')}
      </p>
      {send.isError && (
        <p className="field-error" role="alert">
          {errorText(send.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={!mailbox || !subject.trim() || !body.trim() || count === 0 || send.isPending}>
        {t('sequences.announcement.send', { count })}
      </button>
    </form>
  );
}
