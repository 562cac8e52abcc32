// The covered items of a service contract on its card: products (any unit of them) and serial numbers (one
// unit), with quantity; added by picking a product or typing a serial number, saved together (PATCH items),
// with the server's problems (unknown product, a serial number listed twice or covered elsewhere) beside the row.
import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RecordValues } from '../../api/types';
import { RefPicker } from '../RefPicker';
import { useToast } from '../Toasts';
import { DraftActions, SettingsTable, useSubmit } from '../settings/SettingsForm';
import './contracts.css';

interface Item {
  productId: string | null;
  productName: string | null;
  sku?: string | null;
  serialNumber: string | null;
  quantity: string;
}
interface DraftItem extends Item {
  key: string;
}

let itemKeys = 0;
const itemKey = () => `item-${(itemKeys += 1)}`;
const toDraft = (items: Item[]): DraftItem[] => items.map((item) => ({ ...item, serialNumber: item.serialNumber ?? '', quantity: String(Number(item.quantity ?? 1)), key: itemKey() }));

export function ContractItemsEditor({ contract, canUpdate }: { contract: RecordValues; canUpdate: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const client = useQueryClient();
  const stored = (contract.items as Item[] | undefined) ?? [];
  const [draft, setDraft] = useState<DraftItem[] | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const sent = useRef<DraftItem[]>([]);
  const { errors, busy, submit, setErrors } = useSubmit((field) => {
    const match = /^items\[(\d+)\]\.(\w+)$/.exec(field);
    return match ? `${sent.current[Number(match[1])]?.key}.${match[2]}` : field;
  });
  const rows = draft ?? toDraft(stored);
  const change = (key: string, values: Partial<Item>) => setDraft(rows.map((item) => (item.key === key ? { ...item, ...values } : item)));
  async function save() {
    sent.current = rows;
    const body = { items: rows.map((item) => ({ productId: item.productId || null, serialNumber: item.serialNumber?.trim() || null, quantity: item.quantity.trim() || '1' })) };
    if (await submit(() => api(`/service_contracts/${contract.id}`, { method: 'PATCH', body }))) {
      setDraft(null);
      toast({ message: t('contracts.itemsSaved'), tone: 'success' });
      await Promise.all([client.invalidateQueries({ queryKey: ['record', 'service_contracts', contract.id] }), client.invalidateQueries({ queryKey: ['timeline', 'service_contracts', contract.id] })]);
    }
  }
  return (
    <section className="card contract-items" aria-labelledby="contract-items-title">
      <h2 id="contract-items-title">{t('contracts.items')}</h2>
      <p className="muted small">{t('contracts.itemsHint')}</p>
      {errors.items && <p className="field-error" role="alert">{errors.items}</p>}
      {rows.length === 0 ? (
        <p className="muted">{t('contracts.noItems')}</p>
      ) : (
        <SettingsTable headers={[t('contracts.product'), t('contracts.serialNumber'), t('contracts.quantity'), ...(canUpdate ? [''] : [])]}>
          {rows.map((item, index) => {
            const error = (name: string) => errors[`${item.key}.${name}`];
            return (
              <tr key={item.key} data-item={item.serialNumber || item.productName || ''}>
                <td className={error('productId') ? 'has-error' : undefined}>
                  {item.productName ?? <span className="muted">{t('contracts.anyProduct')}</span>}
                  {item.sku && <span className="muted small"> · {item.sku}</span>}
                  {error('productId') && <span className="field-error">{error('productId')}</span>}
                </td>
                <td className={error('serialNumber') ? 'has-error' : undefined}>
                  {canUpdate ? (
                    <input className="serial-input" value={item.serialNumber ?? ''} aria-label={t('contracts.serialOf', { index: index + 1 })} aria-invalid={error('serialNumber') ? true : undefined} onChange={(event) => change(item.key, { serialNumber: event.target.value })} />
                  ) : (
                    item.serialNumber || '—'
                  )}
                  {error('serialNumber') && <span className="field-error">{error('serialNumber')}</span>}
                </td>
                <td className={error('quantity') ? 'has-error' : undefined}>
                  {canUpdate ? (
                    <input className="number-input" inputMode="decimal" value={item.quantity} aria-label={t('contracts.quantityOf', { index: index + 1 })} onChange={(event) => change(item.key, { quantity: event.target.value })} />
                  ) : (
                    item.quantity
                  )}
                  {error('quantity') && <span className="field-error">{error('quantity')}</span>}
                </td>
                {canUpdate && (
                  <td>
                    <button type="button" className="button button-small button-danger" aria-label={t('contracts.removeItem', { index: index + 1 })} onClick={() => setDraft(rows.filter((_, position) => position !== index))}>
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </SettingsTable>
      )}
      {canUpdate && (
        <div className="contract-items-actions">
          <div className="add-item">
            <RefPicker
              key={pickerKey}
              id="contract-add-product"
              label={t('contracts.addProduct')}
              object="products"
              value=""
              onChange={(productId, name) => {
                if (!productId) return;
                setDraft([...rows, { key: itemKey(), productId, productName: name, serialNumber: '', quantity: '1' }]);
                setPickerKey((current) => current + 1);
                setErrors({});
              }}
            />
          </div>
          <DraftActions dirty={Boolean(draft)} busy={busy} saveLabel={t('contracts.saveItems')} onSave={() => void save()} onCancel={() => { setDraft(null); setErrors({}); }}>
            <button type="button" className="button" onClick={() => setDraft([...rows, { key: itemKey(), productId: null, productName: null, serialNumber: '', quantity: '1' }])}>
              {t('contracts.addSerial')}
            </button>
          </DraftActions>
        </div>
      )}
    </section>
  );
}
