// The working part of an order's card: its status, its lines (add a product with quantity, price and
// discount, change, remove; the server prices them and recomputes the total), payments and shipments.
// The server keeps total, paid total, payment and shipment status; every change reloads the order.
import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RecordValues } from '../../api/types';
import { currentLocale } from '../../i18n';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { RefPicker } from '../RefPicker';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { DraftActions, Field, SelectField, SettingsTable, useDraft, useSubmit } from '../settings/SettingsForm';
import './orders.css';

const orderStatuses = ['new', 'in_progress', 'done', 'problem', 'cancelled'] as const;
const shipmentStates = ['planned', 'shipped', 'delivered'] as const;

interface Line {
  id?: string;
  productId: string;
  productName: string;
  sku?: string | null;
  quantity: string;
  price: string;
  discountPercent: string;
  amount?: string;
}
interface DraftLine extends Line {
  key: string;
}

let lineKeys = 0;
const lineKey = () => `line-${(lineKeys += 1)}`;
/** Trailing zeros of the server's numerics are noise in an input (2.000 -> 2, 10.50 -> 10.5). */
const plain = (value: string | undefined) => (value === undefined || value === '' ? '' : String(Number(value)));
const toDraft = (lines: Line[]): DraftLine[] => lines.map((line) => ({ ...line, quantity: plain(line.quantity), price: plain(line.price), discountPercent: plain(line.discountPercent), key: line.id ?? lineKey() }));

export function OrderPanel({ order, canUpdate }: { order: RecordValues; canUpdate: boolean }) {
  const id = order.id;
  const client = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['record', 'orders', id] }),
      client.invalidateQueries({ queryKey: ['order', id] }),
      client.invalidateQueries({ queryKey: ['timeline', 'orders', id] }),
      client.invalidateQueries({ queryKey: ['list', 'orders'] }),
    ]);
  };
  return (
    <div className="order-panel">
      <OrderStatus order={order} canUpdate={canUpdate} onChanged={refresh} />
      <OrderLines order={order} canUpdate={canUpdate} onChanged={refresh} />
      <div className="two-columns">
        <Payments order={order} canUpdate={canUpdate} onChanged={refresh} />
        <Shipments order={order} canUpdate={canUpdate} onChanged={refresh} />
      </div>
    </div>
  );
}

type PartProps = { order: RecordValues; canUpdate: boolean; onChanged: () => Promise<void> };

function OrderStatus({ order, canUpdate, onChanged }: PartProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const locale = currentLocale();
  const currency = (order.currency as string) ?? 'RUB';
  return (
    <section className="card order-summary" aria-label={t('orderCard.summary')}>
      <div className="form-field">
        <label htmlFor="order-status">{t('fields.orders.status')}</label>
        <select
          id="order-status"
          className={`status-select status-${String(order.statusColour ?? '')}`}
          value={String(order.status ?? 'new')}
          disabled={!canUpdate}
          onChange={async (event) => {
            try {
              await api(`/orders/${order.id}`, { method: 'PATCH', body: { status: event.target.value } });
              toast({ message: t('orderCard.statusChanged'), tone: 'success' });
            } catch (error) {
              toast({ message: message(error), tone: 'error' });
            }
            await onChanged();
          }}
        >
          {orderStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`enums.orderStatus.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('fields.orders.total')}</dt>
          <dd data-testid="order-total">{formatMoney(order.total as string, locale, currency)}</dd>
        </div>
        <div>
          <dt>{t('fields.orders.paidTotal')}</dt>
          <dd data-testid="order-paid">{formatMoney(order.paidTotal as string, locale, currency)}</dd>
        </div>
        <div>
          <dt>{t('fields.orders.paymentStatus')}</dt>
          <dd>
            <span className={`badge badge-paymentStatus-${String(order.paymentStatus)}`}>{t(`enums.paymentStatus.${String(order.paymentStatus)}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('orderCard.shipmentStatus')}</dt>
          <dd>{t(`orderCard.shipmentStatuses.${String(order.shipmentStatus ?? 'not_shipped')}`)}</dd>
        </div>
      </dl>
    </section>
  );
}

function OrderLines({ order, canUpdate, onChanged }: PartProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const locale = currentLocale();
  const currency = (order.currency as string) ?? 'RUB';
  const lines = useQuery({ queryKey: ['order', order.id, 'lines'], queryFn: () => api<{ lines: Line[]; total: string }>(`/orders/${order.id}/lines`) });
  const [draft, setDraft] = useState<DraftLine[] | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const sent = useRef<DraftLine[]>([]);
  const { errors, busy, submit, setErrors } = useSubmit((field) => {
    const match = /^lines\[(\d+)\]\.(\w+)$/.exec(field);
    return match ? `${sent.current[Number(match[1])]?.key}.${match[2]}` : field;
  });
  if (lines.isPending) return <Loading />;
  if (lines.isError) return <ErrorState error={lines.error} onRetry={() => void lines.refetch()} />;
  const rows = draft ?? toDraft(lines.data.lines);
  const editable = canUpdate && order.shipmentStatus === 'not_shipped';
  const change = (key: string, values: Partial<Line>) => setDraft(rows.map((line) => (line.key === key ? { ...line, ...values, amount: undefined } : line)));
  async function save() {
    sent.current = rows;
    const body = { lines: rows.map((line) => ({ productId: line.productId, quantity: line.quantity.trim(), ...(line.price.trim() ? { price: line.price.trim() } : {}), ...(line.discountPercent.trim() ? { discountPercent: line.discountPercent.trim() } : {}) })) };
    if (await submit(() => api(`/orders/${order.id}/lines`, { method: 'PUT', body }))) {
      setDraft(null);
      toast({ message: t('orderCard.linesSaved'), tone: 'success' });
      await onChanged();
    }
  }
  return (
    <section className="card order-lines" aria-labelledby="order-lines-title">
      <h2 id="order-lines-title">{t('orderCard.lines')}</h2>
      {!editable && canUpdate && <p className="muted small">{t('orderCard.linesLocked')}</p>}
      {errors.lines && (
        <p className="field-error" role="alert">
          {/shipped/.test(errors.lines) ? t('orderCard.linesLocked') : /already paid/.test(errors.lines) ? t('orderCard.belowPaid') : errors.lines}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">{t('orderCard.noLines')}</p>
      ) : (
        <div className="table-scroll">
          <SettingsTable headers={[t('orderCard.product'), t('orderCard.quantity'), t('orderCard.price'), t('orderCard.discount'), t('orderCard.amount'), ...(editable ? [''] : [])]}>
            {rows.map((line, index) => {
              const cell = (name: 'quantity' | 'price' | 'discountPercent', placeholder?: string) => {
                const error = errors[`${line.key}.${name}`];
                return (
                  <td className={error ? 'has-error' : undefined}>
                    {editable ? (
                      <input
                        className="number-input"
                        inputMode="decimal"
                        value={line[name]}
                        placeholder={placeholder}
                        aria-label={t(`orderCard.${name === 'discountPercent' ? 'discount' : name}Of`, { name: line.productName })}
                        aria-invalid={error ? true : undefined}
                        onChange={(event) => change(line.key, { [name]: event.target.value })}
                      />
                    ) : name === 'price' ? (
                      formatMoney(line.price, locale, currency)
                    ) : (
                      formatNumber(line[name], locale)
                    )}
                    {error && <span className="field-error">{error}</span>}
                  </td>
                );
              };
              return (
                <tr key={line.key} data-line={line.productName}>
                  <td>
                    {line.productName}
                    {line.sku && <span className="muted small"> · {line.sku}</span>}
                    {errors[`${line.key}.productId`] && <span className="field-error">{errors[`${line.key}.productId`]}</span>}
                  </td>
                  {cell('quantity')}
                  {cell('price', t('orderCard.catalogPrice'))}
                  {cell('discountPercent', '0')}
                  <td className="amount">{line.amount !== undefined ? formatMoney(line.amount, locale, currency) : <span className="muted">{t('orderCard.afterSave')}</span>}</td>
                  {editable && (
                    <td>
                      <button type="button" className="button button-small button-danger" aria-label={t('orderCard.removeLine', { name: line.productName })} onClick={() => setDraft(rows.filter((_, position) => position !== index))}>
                        ×
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </SettingsTable>
        </div>
      )}
      {editable && (
        <div className="order-lines-actions">
          <div className="add-line">
            <RefPicker
              key={pickerKey}
              id="order-add-product"
              label={t('orderCard.addProduct')}
              object="products"
              value=""
              onChange={(productId, name) => {
                if (!productId) return;
                setDraft([...rows, { key: lineKey(), productId, productName: name, quantity: '1', price: '', discountPercent: '' }]);
                setPickerKey((current) => current + 1);
                setErrors({});
              }}
            />
          </div>
          <DraftActions dirty={Boolean(draft)} busy={busy} saveLabel={t('orderCard.saveLines')} onSave={() => void save()} onCancel={() => { setDraft(null); setErrors({}); }} />
        </div>
      )}
    </section>
  );
}

function Payments({ order, canUpdate, onChanged }: PartProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const currency = (order.currency as string) ?? 'RUB';
  const payments = useQuery({ queryKey: ['order', order.id, 'payments'], queryFn: () => api<{ data: RecordValues[] }>(`/orders/${order.id}/payments`) });
  const { values, set, reset } = useDraft({ amount: '', method: '', reference: '' });
  const { errors, busy, submit } = useSubmit();
  const unpaid = Math.max(0, Number(order.total ?? 0) - Number(order.paidTotal ?? 0));
  async function pay() {
    const body = { amount: values.amount.trim().replace(',', '.').replace(/\s/g, ''), ...(values.method.trim() ? { method: values.method.trim() } : {}), ...(values.reference.trim() ? { reference: values.reference.trim() } : {}) };
    if (await submit(() => api(`/orders/${order.id}/payments`, { method: 'POST', body }))) {
      reset();
      await onChanged();
    }
  }
  return (
    <section className="card" aria-labelledby="order-payments-title">
      <h2 id="order-payments-title">{t('orderCard.payments')}</h2>
      {payments.isPending ? (
        <Loading />
      ) : payments.isError ? (
        <ErrorState error={payments.error} />
      ) : payments.data.data.length === 0 ? (
        <p className="muted">{t('orderCard.noPayments')}</p>
      ) : (
        <SettingsTable headers={[t('orderCard.paidAt'), t('orderCard.amount'), t('orderCard.method'), t('orderCard.reference')]}>
          {payments.data.data.map((payment) => (
            <tr key={payment.id}>
              <td>{formatDateTime(payment.paidAt as string, locale)}</td>
              <td>{formatMoney(payment.amount as string, locale, currency)}</td>
              <td>{(payment.method as string) ?? '—'}</td>
              <td>{(payment.reference as string) ?? '—'}</td>
            </tr>
          ))}
        </SettingsTable>
      )}
      {canUpdate && unpaid > 0 && (
        <form
          className="record-form compact-form"
          onSubmit={(event) => {
            event.preventDefault();
            void pay();
          }}
        >
          <div className="form-grid">
            <Field id="payment-amount" label={t('orderCard.amount')} value={values.amount} onChange={set('amount')} error={errors.amount} />
            <Field id="payment-method" label={t('orderCard.method')} value={values.method} onChange={set('method')} error={errors.method} />
            <Field id="payment-reference" label={t('orderCard.reference')} value={values.reference} onChange={set('reference')} error={errors.reference} />
          </div>
          <div className="form-actions">
            <span className="muted small">{t('orderCard.unpaid', { amount: formatMoney(unpaid, locale, currency) })}</span>
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('orderCard.recordPayment')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Shipments({ order, canUpdate, onChanged }: PartProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const locale = currentLocale();
  const shipments = useQuery({ queryKey: ['order', order.id, 'shipments'], queryFn: () => api<{ data: RecordValues[] }>(`/orders/${order.id}/shipments`) });
  const { values, set, reset } = useDraft({ carrier: '', trackingNumber: '', status: 'planned' });
  const { errors, busy, submit } = useSubmit();
  async function add() {
    const body = { status: values.status, ...(values.carrier.trim() ? { carrier: values.carrier.trim() } : {}), ...(values.trackingNumber.trim() ? { trackingNumber: values.trackingNumber.trim() } : {}) };
    if (await submit(() => api(`/orders/${order.id}/shipments`, { method: 'POST', body }))) {
      reset();
      await onChanged();
    }
  }
  async function advance(shipment: RecordValues, status: string) {
    try {
      await api(`/orders/${order.id}/shipments/${shipment.id}`, { method: 'PATCH', body: { status } });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
    await onChanged();
  }
  return (
    <section className="card" aria-labelledby="order-shipments-title">
      <h2 id="order-shipments-title">{t('orderCard.shipments')}</h2>
      {shipments.isPending ? (
        <Loading />
      ) : shipments.isError ? (
        <ErrorState error={shipments.error} />
      ) : shipments.data.data.length === 0 ? (
        <p className="muted">{t('orderCard.noShipments')}</p>
      ) : (
        <SettingsTable headers={[t('orderCard.shipmentState'), t('orderCard.shippedAt'), t('orderCard.carrier'), t('orderCard.tracking'), ...(canUpdate ? [''] : [])]}>
          {shipments.data.data.map((shipment) => {
            const next = shipmentStates[shipmentStates.indexOf(shipment.status as (typeof shipmentStates)[number]) + 1];
            return (
              <tr key={shipment.id}>
                <td>{t(`orderCard.shipmentStates.${String(shipment.status)}`)}</td>
                <td>{shipment.shippedAt ? formatDateTime(shipment.shippedAt as string, locale) : '—'}</td>
                <td>{(shipment.carrier as string) ?? '—'}</td>
                <td>{(shipment.trackingNumber as string) ?? '—'}</td>
                {canUpdate && (
                  <td>
                    {next && (
                      <button type="button" className="button button-small" onClick={() => void advance(shipment, next)}>
                        {t(`orderCard.markAs.${next}`)}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </SettingsTable>
      )}
      {canUpdate && (
        <form
          className="record-form compact-form"
          onSubmit={(event) => {
            event.preventDefault();
            void add();
          }}
        >
          <div className="form-grid">
            <SelectField id="shipment-status" label={t('orderCard.shipmentState')} value={values.status} onChange={set('status')} error={errors.status} options={shipmentStates.slice(0, 2).map((state) => ({ value: state, label: t(`orderCard.shipmentStates.${state}`) }))} />
            <Field id="shipment-carrier" label={t('orderCard.carrier')} value={values.carrier} onChange={set('carrier')} error={errors.carrier} />
            <Field id="shipment-tracking" label={t('orderCard.tracking')} value={values.trackingNumber} onChange={set('trackingNumber')} error={errors.trackingNumber} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('orderCard.addShipment')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
