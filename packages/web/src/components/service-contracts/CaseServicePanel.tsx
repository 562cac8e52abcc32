// The service part of a case's card: whether a warranty or service contract covers the case (its unit or
// product, on the day the case was opened), and the field visits: schedule one (a meeting in the technician's
// calendar), mark it done with the time spent and the materials used, or cancel it.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Coverage, FieldVisit } from '@svyaz/shared';
import { api } from '../../api/client';
import type { RecordValues } from '../../api/types';
import { currentLocale } from '../../i18n';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { useUsers } from '../../lib/lookups';
import { Dialog } from '../Dialog';
import { RefPicker } from '../RefPicker';
import { ErrorState, Loading } from '../States';
import { useToast } from '../Toasts';
import { Field, SelectField, SettingsTable, useSubmit } from '../settings/SettingsForm';
import './contracts.css';

export function CaseServicePanel({ record, canUpdate }: { record: RecordValues; canUpdate: boolean }) {
  return (
    <div className="case-service">
      <CoverageCard caseId={record.id} />
      <VisitsCard caseId={record.id} canUpdate={canUpdate} />
    </div>
  );
}

function CoverageCard({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const coverage = useQuery({ queryKey: ['coverage', caseId], queryFn: () => api<Coverage>(`/cases/${caseId}/coverage`) });
  if (coverage.isPending) return <Loading />;
  if (coverage.isError) return <ErrorState error={coverage.error} onRetry={() => void coverage.refetch()} />;
  const { status, contract, hidden, matchedBy } = coverage.data;
  return (
    <section className="card coverage" aria-label={t('contracts.coverage')} data-testid="case-coverage">
      <span className={`badge coverage-status coverage-${status}`}>{t(`contracts.coverageStatus.${status}`)}</span>
      {contract && (
        <span>
          <Link to={`/service_contracts/${contract.id}`}>{contract.number}</Link> · {t(`enums.contractKind.${contract.kind}`)} · {formatDate(contract.startDate, locale)}–{formatDate(contract.endDate, locale)}
          {contract.serviceLevel && <> · {t('contracts.level', { level: contract.serviceLevel })}</>}
          {' · '}
          {contract.visitsIncluded === null ? t('contracts.visitsUnlimited', { used: contract.visitsUsed }) : t('contracts.visitsLeft', { used: contract.visitsUsed, included: contract.visitsIncluded })}
        </span>
      )}
      {matchedBy && status === 'covered' && <span className="muted small">{t(`contracts.matchedBy.${matchedBy}`)}</span>}
      {hidden && <span className="muted small">{t('contracts.hidden')}</span>}
    </section>
  );
}

function VisitsCard({ caseId, canUpdate }: { caseId: string; canUpdate: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const client = useQueryClient();
  const toast = useToast();
  const [scheduling, setScheduling] = useState(false);
  const [completing, setCompleting] = useState<FieldVisit | null>(null);
  const visits = useQuery({ queryKey: ['visits', caseId], queryFn: () => api<{ data: FieldVisit[] }>(`/cases/${caseId}/visits`) });
  const refresh = async () => {
    await Promise.all(['visits', 'coverage'].map((key) => client.invalidateQueries({ queryKey: [key, caseId] })));
    await client.invalidateQueries({ queryKey: ['timeline', 'cases', caseId] });
  };
  return (
    <section className="card" aria-labelledby="visits-title">
      <div className="visits-header">
        <h2 id="visits-title">{t('contracts.visits')}</h2>
        {canUpdate && (
          <button type="button" className="button button-primary" onClick={() => setScheduling(true)}>
            {t('contracts.scheduleVisit')}
          </button>
        )}
      </div>
      {visits.isPending ? (
        <Loading />
      ) : visits.isError ? (
        <ErrorState error={visits.error} onRetry={() => void visits.refetch()} />
      ) : visits.data.data.length === 0 ? (
        <p className="muted">{t('contracts.noVisits')}</p>
      ) : (
        <SettingsTable headers={[t('contracts.when'), t('contracts.technician'), t('contracts.visitStatus'), t('contracts.timeSpent'), t('contracts.materials'), ...(canUpdate ? [''] : [])]}>
          {visits.data.data.map((visit) => (
            <tr key={visit.id} data-visit={visit.technicianName}>
              <td>
                {formatDateTime(visit.scheduledStart, locale)} – {formatDateTime(visit.scheduledEnd, locale).split(', ').pop()}
                {visit.address && <div className="muted small">{visit.address}</div>}
                <div className="muted small">{visit.includedInContract ? t('contracts.included') : t('contracts.billable')}</div>
              </td>
              <td>{visit.technicianName}</td>
              <td>
                <span className={`badge visit-status-${visit.status}`}>{t(`contracts.visitStatuses.${visit.status}`)}</span>
              </td>
              <td>{visit.timeSpentMinutes ? t('contracts.minutes', { count: visit.timeSpentMinutes }) : '—'}</td>
              <td>{visit.materials.length ? visit.materials.map((item) => `${item.productName} × ${formatNumber(item.quantity, locale)} ${item.unit}`).join(', ') : '—'}</td>
              {canUpdate && (
                <td>
                  {visit.status === 'planned' && (
                    <div className="visit-actions">
                      <button type="button" className="button button-small" onClick={() => setCompleting(visit)}>
                        {t('contracts.markDone')}
                      </button>
                      <button
                        type="button"
                        className="button button-small button-danger"
                        onClick={async () => {
                          try {
                            await api(`/cases/${caseId}/visits/${visit.id}`, { method: 'PATCH', body: { status: 'cancelled' } });
                            toast({ message: t('contracts.visitCancelled'), tone: 'success' });
                          } catch (error) {
                            toast({ message: error instanceof Error ? error.message : String(error), tone: 'error' });
                          }
                          await refresh();
                        }}
                      >
                        {t('contracts.cancelVisit')}
                      </button>
                    </div>
                  )}
                </td>
              )}
            </tr>
          ))}
        </SettingsTable>
      )}
      {scheduling && <ScheduleDialog caseId={caseId} onClose={() => setScheduling(false)} onSaved={refresh} />}
      {completing && <CompleteDialog caseId={caseId} visit={completing} onClose={() => setCompleting(null)} onSaved={refresh} />}
    </section>
  );
}

/** A datetime-local value (the browser's wall time) as an instant with its zone. */
const toInstant = (value: string) => (value ? new Date(value).toISOString() : '');

function ScheduleDialog({ caseId, onClose, onSaved }: { caseId: string; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const toast = useToast();
  const users = useUsers();
  const [values, setValues] = useState({ technicianId: '', start: '', end: '', address: '', notes: '' });
  const set = (name: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const { errors, busy, submit } = useSubmit();
  const active = (users.data ?? []).filter((user) => user.isActive);
  async function save() {
    const body = {
      technicianId: values.technicianId,
      scheduledStart: toInstant(values.start),
      scheduledEnd: toInstant(values.end),
      ...(values.address.trim() ? { address: values.address.trim() } : {}),
      ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
    };
    if (await submit(() => api(`/cases/${caseId}/visits`, { method: 'POST', body }))) {
      toast({ message: t('contracts.visitScheduled'), tone: 'success' });
      await onSaved();
      onClose();
    }
  }
  return (
    <Dialog title={t('contracts.scheduleVisit')} onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <SelectField id="visit-technician" label={t('contracts.technician')} value={values.technicianId} onChange={set('technicianId')} error={errors.technicianId} options={[{ value: '', label: t('contracts.chooseTechnician') }, ...active.map((user) => ({ value: user.id, label: user.name }))]} />
        <Field id="visit-start" label={t('contracts.start')} type="datetime-local" value={values.start} onChange={set('start')} error={errors.scheduledStart} required />
        <Field id="visit-end" label={t('contracts.end')} type="datetime-local" value={values.end} onChange={set('end')} error={errors.scheduledEnd} required />
        <Field id="visit-address" label={t('contracts.address')} value={values.address} onChange={set('address')} error={errors.address} />
        <Field id="visit-notes" label={t('contracts.notes')} value={values.notes} onChange={set('notes')} error={errors.notes} />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('contracts.schedule')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface Material {
  key: number;
  productId: string;
  productName: string;
  quantity: string;
}

function CompleteDialog({ caseId, visit, onClose, onSaved }: { caseId: string; visit: FieldVisit; onClose: () => void; onSaved: () => Promise<void> }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [minutes, setMinutes] = useState('');
  const [materials, setMaterials] = useState<Material[]>([]);
  const [pickerKey, setPickerKey] = useState(0);
  const { errors, busy, submit } = useSubmit();
  async function save() {
    const body = {
      status: 'done',
      ...(minutes.trim() ? { timeSpentMinutes: Number(minutes.trim()) } : {}),
      materials: materials.map((item) => ({ productId: item.productId, quantity: item.quantity.trim().replace(',', '.') })),
    };
    if (await submit(() => api(`/cases/${caseId}/visits/${visit.id}`, { method: 'PATCH', body }))) {
      toast({ message: t('contracts.visitDone'), tone: 'success' });
      await onSaved();
      onClose();
    }
  }
  return (
    <Dialog title={t('contracts.completeVisit', { name: visit.technicianName })} onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Field id="visit-minutes" label={t('contracts.timeSpentMinutes')} type="number" value={minutes} onChange={setMinutes} error={errors.timeSpentMinutes} required />
        <fieldset className="dialog-form">
          <legend>{t('contracts.materials')}</legend>
          {materials.map((item, index) => (
            <div className="materials-row" key={item.key}>
              <span>{item.productName}</span>
              <Field id={`material-${item.key}`} label={t('contracts.quantityOfMaterial', { name: item.productName })} value={item.quantity} onChange={(value) => setMaterials(materials.map((entry) => (entry.key === item.key ? { ...entry, quantity: value } : entry)))} error={errors[`materials[${index}].quantity`] ?? errors[`materials[${index}].productId`]} />
              <button type="button" className="button button-small button-danger" aria-label={t('contracts.removeMaterial', { name: item.productName })} onClick={() => setMaterials(materials.filter((entry) => entry.key !== item.key))}>
                ×
              </button>
            </div>
          ))}
          <RefPicker
            key={pickerKey}
            id="visit-add-material"
            label={t('contracts.addMaterial')}
            object="products"
            value=""
            onChange={(productId, name) => {
              if (!productId) return;
              setMaterials([...materials, { key: Date.now() + materials.length, productId, productName: name, quantity: '1' }]);
              setPickerKey((current) => current + 1);
            }}
          />
        </fieldset>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('contracts.markDone')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
