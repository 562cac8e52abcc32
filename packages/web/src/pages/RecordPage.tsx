// A record's card: key facts and quick actions in the header; tabs for details (editable form
// with field-level server errors), timeline and related records.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { RecordValues } from '../api/types';
import { can, useMe } from '../app/session';
import { FieldValue } from '../components/FieldValue';
import { RecordForm } from '../components/RecordForm';
import { ErrorState, Loading } from '../components/States';
import { useToast } from '../components/Toasts';
import { QuickActions } from '../components/record/QuickActions';
import { RecordActions } from '../components/record/RecordActions';
import { CustomFieldsForm } from '../components/record/CustomFieldsForm';
import { Timeline } from '../components/record/Timeline';
import { RelatedRecords } from '../components/record/RelatedRecords';
import { OrderPanel } from '../components/orders/OrderPanel';
import { CaseStatusActions } from '../components/cases/CaseStatusActions';
import { SlaBadge } from '../components/sla/SlaBadge';
import { CaseServicePanel } from '../components/service-contracts/CaseServicePanel';
import { CaseFacts } from '../components/cases/CaseFacts';
import { ContractItemsEditor } from '../components/service-contracts/ContractItemsEditor';
import { SuggestedArticles } from '../components/kb/SuggestedArticles';
import { DuplicateWarning } from '../components/record/DuplicateWarning';
import { CoOwnersPanel } from '../components/record/CoOwnersPanel';
import { RecommendationsPanel } from '../components/record/RecommendationsPanel';
import { DocumentsPanel } from '../components/documents/DocumentsPanel';
import { ContactSequencesPanel } from '../components/sequences/ContactSequencesPanel';
import { AnnouncementPanel } from '../components/sequences/AnnouncementPanel';
import { SendOfferButton } from '../components/documents/SendOfferButton';
import { documentRecordType } from '../components/documents/api';
import { resolveReferences } from '../lib/list-query';
import { useStageNames, useUserNames } from '../lib/lookups';
import { useEnumNames } from '../lib/case-categories';
import { isObjectKey, objects, recordTitle, type ObjectDef } from '../objects/definitions';
import { NotFoundPage } from './NotFoundPage';

const headerFacts: Record<string, string[]> = {
  companies: ['inn', 'city', 'phones', 'emails', 'ownerId'],
  contacts: ['position', 'companyId', 'phones', 'emails', 'ownerId'],
  deals: ['amount', 'stageName', 'companyId', 'expectedCloseDate', 'ownerId'],
  leads: ['status', 'companyName', 'phones', 'amount', 'ownerId'],
  tasks: ['dueAt', 'priority', 'status', 'ownerId'],
  products: ['sku', 'price', 'stockQuantity', 'category'],
  orders: ['status', 'companyId', 'total', 'orderedAt', 'ownerId'],
  cases: ['number', 'status', 'priority', 'category', 'companyId', 'contactId', 'ownerId'],
  service_contracts: ['kind', 'state', 'companyId', 'endDate', 'serviceLevel', 'ownerId'],
};

/** The mailto link a "send email later" task carries in its text (see QuickActions). */
export function mailtoOf(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const line = text.split('\n').find((item) => item.startsWith('mailto:'));
  return line ?? null;
}

export default function RecordPageRoute() {
  const { object, id } = useParams();
  if (!isObjectKey(object) || !id) return <NotFoundPage />;
  return <RecordCard key={`${object}/${id}`} object={objects[object]} id={id} />;
}

function RecordCard({ object, id }: { object: ObjectDef; id: string }) {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const userNames = useUserNames();
  const stageNames = useStageNames();
  const enumNames = useEnumNames(object);
  const [tab, setTab] = useState<'details' | 'timeline' | 'documents' | 'related'>('details');
  const queryKey = ['record', object.key, id];
  const query = useQuery({
    queryKey,
    queryFn: async () => {
      const record = await api<RecordValues>(`/${object.key}/${id}`);
      await resolveReferences(object.fields, [record]);
      return record;
    },
  });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const record = query.data;
  const title = recordTitle(object, record);
  const context = { userNames, stageNames, enumNames };
  const documentsOf = documentRecordType(object.key);
  const canChange = can(permissions, object.key, 'update');
  const tabs = [
    { key: 'details' as const, label: t('record.tabs.details') },
    ...(object.hasTimeline ? [{ key: 'timeline' as const, label: t('record.tabs.timeline') }] : []),
    ...(documentsOf ? [{ key: 'documents' as const, label: t('documents.tab') }] : []),
    { key: 'related' as const, label: t('record.tabs.related') },
  ];
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <p className="breadcrumbs">
        <Link to={`/${object.key}`}>{t(`objects.${object.key}.title`)}</Link>
      </p>
      <header className="record-header">
        <div>
          <span className="muted small">{t(`objects.${object.key}.one`)}</span>
          <h1 id="record-title">{title}</h1>
          <dl className="facts">
            {(headerFacts[object.key] ?? []).map((name) => {
              const field = object.fields.find((item) => item.name === name);
              if (!field) return null;
              return (
                <div key={name}>
                  <dt>{t(`fields.${object.key}.${name}`)}</dt>
                  <dd>
                    <FieldValue field={field} record={record} context={context} />
                  </dd>
                </div>
              );
            })}
          </dl>
        </div>
        <div className="record-side">
          <RecordActions object={object.key} record={record} canUpdate={can(permissions, object.key, 'update')} />
          {object.hasTimeline && (
            <QuickActions
              object={object.key}
              recordType={object.recordType}
              recordId={id}
              email={Array.isArray(record.emails) && typeof record.emails[0] === 'string' ? record.emails[0] : undefined}
              onDone={() => {
                void client.invalidateQueries({ queryKey: ['timeline', object.key, id] });
                void client.invalidateQueries({ queryKey: ['list', 'tasks', 'related'] });
              }}
            />
          )}
          {object.key === 'deals' && canChange && (
            <SendOfferButton recordId={id} title={title} onSent={() => void client.invalidateQueries({ queryKey: ['timeline', object.key, id] })} />
          )}
          {object.key === 'tasks' && mailtoOf(record.description) && (
            <a className="button button-primary" href={mailtoOf(record.description)!}>
              {t('quick.writeEmail')}
            </a>
          )}
        </div>
      </header>
      <DuplicateWarning object={object.key} id={id} />
      {object.fields.some((field) => field.name === 'ownerId') && (
        <CoOwnersPanel
          object={object.key}
          record={record}
          canUpdate={canChange}
          onSaved={async (updated) => {
            await resolveReferences(object.fields, [updated]);
            client.setQueryData(queryKey, updated);
            void client.invalidateQueries({ queryKey: ['list', object.key] });
            void client.invalidateQueries({ queryKey: ['timeline', object.key, id] });
          }}
        />
      )}
      {(object.key === 'companies' || object.key === 'contacts') && can(permissions, 'products', 'read') && <RecommendationsPanel object={object.key} id={id} record={record} />}
      {object.key === 'cases' && <SuggestedArticles record={record} />}
      {object.key === 'contacts' && <ContactSequencesPanel contactId={id} />}
      {object.key === 'products' && can(permissions, 'contacts', 'read') && can(permissions, 'orders', 'read') && <AnnouncementPanel productId={id} />}
      <div className="tabs" role="tablist" aria-label={t('record.tabs.label')}>
        {tabs.map((item) => (
          <button
            key={item.key}
            type="button"
            role="tab"
            id={`tab-${item.key}`}
            aria-selected={tab === item.key}
            aria-controls={`panel-${item.key}`}
            tabIndex={tab === item.key ? 0 : -1}
            onClick={() => setTab(item.key)}
            onKeyDown={(event) => {
              const index = tabs.findIndex((entry) => entry.key === tab);
              if (event.key === 'ArrowRight') setTab(tabs[(index + 1) % tabs.length].key);
              if (event.key === 'ArrowLeft') setTab(tabs[(index + tabs.length - 1) % tabs.length].key);
            }}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'details' && object.key === 'orders' && <OrderPanel order={record} canUpdate={can(permissions, 'orders', 'update')} />}
        {object.key === 'cases' && <CaseStatusActions record={record} canUpdate={can(permissions, 'cases', 'update')} />}
        {object.key === 'cases' && <SlaBadge record={record} />}
        {object.key === 'cases' && <CaseFacts record={record} />}
        {tab === 'details' && object.key === 'cases' && <CaseServicePanel record={record} canUpdate={can(permissions, 'cases', 'update')} />}
        {tab === 'details' && object.key === 'service_contracts' && <ContractItemsEditor contract={record} canUpdate={canChange} />}
        {tab === 'details' &&
          (can(permissions, object.key, 'update') ? (
            <RecordForm
              key={String(record.updatedAt)}
              object={object}
              initial={record}
              onlyChanged
              submitLabel={t('app.save')}
              onSubmit={async (body) => {
                if (Object.keys(body).length === 0) return;
                const updated = await api<RecordValues>(`/${object.key}/${id}`, { method: 'PATCH', body, query: { force: 'true' } });
                await resolveReferences(object.fields, [updated]);
                client.setQueryData(queryKey, updated);
                void client.invalidateQueries({ queryKey: ['list', object.key] });
                void client.invalidateQueries({ queryKey: ['timeline', object.key, id] });
                toast({ message: t('record.saved'), tone: 'success' });
              }}
            />
          ) : (
            <dl className="details-readonly">
              {object.fields.map((field) => (
                <div key={field.name}>
                  <dt>{t(`fields.${object.key}.${field.name}`)}</dt>
                  <dd>
                    <FieldValue field={field} record={record} context={context} />
                  </dd>
                </div>
              ))}
            </dl>
          ))}
        {tab === 'details' && can(permissions, object.key, 'update') && (
          <CustomFieldsForm
            key={`custom-${String(record.updatedAt)}`}
            object={object.key}
            custom={(record.custom as Record<string, unknown>) ?? {}}
            onSave={async (custom) => {
              const updated = await api<RecordValues>(`/${object.key}/${id}`, { method: 'PATCH', body: { custom }, query: { force: 'true' } });
              await resolveReferences(object.fields, [updated]);
              client.setQueryData(queryKey, updated);
              toast({ message: t('record.saved'), tone: 'success' });
            }}
          />
        )}
        {tab === 'timeline' && <Timeline object={object.key} id={id} />}
        {tab === 'documents' && documentsOf && <DocumentsPanel recordType={documentsOf} recordId={id} canGenerate={canChange} />}
        {tab === 'related' && <RelatedRecords object={object} record={record} />}
      </div>
    </article>
  );
}
