// "Recommended products" on a company's or contact's card: what the trained model suggests, why, and
// one click to put it into an open deal or a draft order of that customer (or a new order).
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ListPage, RecordValues } from '../../api/types';
import { can, useMe } from '../../app/session';
import { currentLocale } from '../../i18n';
import { formatMoney, formatNumber } from '../../lib/format';
import { isDraftOrder, isNoModel, linesWithProduct, type Recommendation, type Recommendations } from '../../lib/analytics';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import '../analytics/analytics.css';
import { useDismiss } from '../../lib/use-dismiss';

const SHOWN = 3;

export function RecommendationsPanel({ object, id, record }: { object: 'companies' | 'contacts'; id: string; record: RecordValues }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [all, setAll] = useState(false);
  const query = useQuery({
    // Explanations come rendered in the user's language.
    queryKey: ['recommendations', object, id, locale],
    queryFn: () => api<Recommendations>(`/${object}/${id}/recommendations`, { query: { k: 10 } }),
    retry: false,
    staleTime: 60_000,
  });
  const items = query.data?.items ?? [];
  return (
    <section className="card recommendations" aria-labelledby="recommendations-title">
      <header className="recommendations-header">
        <h2 id="recommendations-title">{t('analytics.recommended.title')}</h2>
        {query.data && <span className="muted small">{query.data.coldStart ? t('analytics.recommended.coldStart') : t('analytics.recommended.model', { version: query.data.modelVersion })}</span>}
      </header>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        isNoModel(query.error) ? <p className="muted">{t('analytics.recommended.noModel')}</p> : <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">{t('analytics.recommended.none')}</p>
      ) : (
        <>
          <ol className="recommendation-list">
            {(all ? items : items.slice(0, SHOWN)).map((item) => (
              <li key={item.productId}>
                <div className="recommendation-main">
                  <Link to={`/products/${item.productId}`} className="recommendation-name">
                    {item.name}
                  </Link>
                  <span className="muted small">
                    {item.sku} · {formatMoney(item.price, locale, item.currency)}
                  </span>
                  <p className="recommendation-why">{item.explanationText}</p>
                </div>
                <div className="recommendation-side">
                  <span className="score" title={t('analytics.recommended.score')}>
                    <span className="score-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round(Math.min(1, item.score / Math.max(items[0].score, 1e-9)) * 100)}%` }} />
                    </span>
                    <span className="small">
                      {t('analytics.recommended.score')} {formatNumber(item.score, locale, 2)}
                    </span>
                  </span>
                  <AddMenu object={object} id={id} record={record} companyId={query.data.companyId} item={item} />
                </div>
              </li>
            ))}
          </ol>
          {items.length > SHOWN && (
            <button type="button" className="button button-link" onClick={() => setAll(!all)}>
              {all ? t('analytics.recommended.fewer') : t('analytics.recommended.more', { count: items.length - SHOWN })}
            </button>
          )}
        </>
      )}
    </section>
  );
}

interface Target {
  kind: 'deal' | 'order';
  id: string;
  title: string;
}

/** Open deals and draft orders of the customer (the contact's company, or the contact's own). */
async function loadTargets(object: 'companies' | 'contacts', id: string, companyId: string | null, canDeals: boolean, canOrders: boolean): Promise<Target[]> {
  const owner = companyId ? { path: 'companies', id: companyId } : { path: object, id };
  const [deals, orders] = await Promise.all([
    canDeals ? api<ListPage>(`/${owner.path}/${owner.id}/deals`, { query: { 'filter[stageKind][eq]': 'open', fields: 'id,title', sort: '-createdAt', limit: 10 } }) : null,
    canOrders ? api<ListPage>(`/${owner.path}/${owner.id}/orders`, { query: { 'filter[status][in]': 'new,in_progress', fields: 'id,number,status,shipmentStatus', sort: '-createdAt', limit: 10 } }) : null,
  ]);
  return [
    ...(deals?.data ?? []).map((deal) => ({ kind: 'deal' as const, id: deal.id, title: String(deal.title ?? '') })),
    ...(orders?.data ?? []).filter(isDraftOrder).map((order) => ({ kind: 'order' as const, id: order.id, title: String(order.number ?? '') })),
  ];
}

function AddMenu({ object, id, record, companyId, item }: { object: 'companies' | 'contacts'; id: string; record: RecordValues; companyId: string | null; item: Recommendation }) {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const canDeals = can(permissions, 'deals', 'update');
  const canOrders = can(permissions, 'orders', 'update');
  const canNewOrder = can(permissions, 'orders', 'create');
  const targets = useQuery({
    queryKey: ['recommendation-targets', object, id],
    queryFn: () => loadTargets(object, id, companyId, canDeals, canOrders),
    enabled: open,
    staleTime: 15_000,
  });
  useDismiss(open, setOpen, box);
  if (!canDeals && !canOrders && !canNewOrder) return null;

  async function add(target: Target | 'new-order') {
    setBusy(true);
    try {
      const opener = (link: string) => ({ label: t('app.open'), run: () => navigate(link) });
      if (target === 'new-order') {
        const order = await api<RecordValues>('/orders', {
          method: 'POST',
          body: { companyId: companyId ?? undefined, contactId: object === 'contacts' ? id : undefined, status: 'new', lines: [{ productId: item.productId, quantity: '1' }] },
        });
        toast({ message: t('analytics.recommended.addedToNewOrder', { product: item.name, order: String(order.number ?? '') }), tone: 'success', action: opener(`/orders/${order.id}`) });
      } else {
        const path = target.kind === 'deal' ? `/deals/${target.id}/products` : `/orders/${target.id}/lines`;
        const current = await api<{ lines: { productId: string; quantity: string; price?: string | null; discountPercent?: string | null }[] }>(path);
        await api(path, { method: 'PUT', body: { lines: linesWithProduct(current.lines, item.productId) } });
        toast({
          message: t(target.kind === 'deal' ? 'analytics.recommended.addedToDeal' : 'analytics.recommended.addedToOrder', { product: item.name, target: target.title }),
          tone: 'success',
          action: opener(`/${target.kind === 'deal' ? 'deals' : 'orders'}/${target.id}`),
        });
        void client.invalidateQueries({ queryKey: ['record', target.kind === 'deal' ? 'deals' : 'orders', target.id] });
      }
      setOpen(false);
      void client.invalidateQueries({ queryKey: ['list', 'deals'] });
      void client.invalidateQueries({ queryKey: ['list', 'orders'] });
      void client.invalidateQueries({ queryKey: ['recommendation-targets', object, id] });
    } catch (error) {
      toast({ message: errorMessage(error), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  const name = String(record.name ?? record.fullName ?? '');
  return (
    <div className="add-menu" ref={box}>
      <button type="button" className="button" aria-haspopup="menu" aria-expanded={open} disabled={busy} aria-label={t('analytics.recommended.addLabel', { product: item.name })} onClick={() => setOpen(!open)}>
        {t('analytics.recommended.add')} ▾
      </button>
      {open && (
        <div className="menu" role="menu" aria-label={t('analytics.recommended.addLabel', { product: item.name })}>
          {targets.isPending ? (
            <Loading />
          ) : targets.isError ? (
            <span className="muted small">{errorMessage(targets.error)}</span>
          ) : (
            <>
              {targets.data.length === 0 && <span className="muted small menu-note">{t('analytics.recommended.noTargets', { name })}</span>}
              {targets.data.map((target) => (
                <button key={`${target.kind}-${target.id}`} type="button" role="menuitem" disabled={busy} onClick={() => void add(target)}>
                  {t(target.kind === 'deal' ? 'analytics.recommended.toDeal' : 'analytics.recommended.toOrder', { title: target.title })}
                </button>
              ))}
            </>
          )}
          {canNewOrder && (
            <button type="button" role="menuitem" disabled={busy} onClick={() => void add('new-order')}>
              {t('analytics.recommended.toNewOrder')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
