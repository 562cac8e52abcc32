// Email campaigns (issue 14): the list with each campaign's status and key figures; a campaign's page with
// the editor (sender, subject with an optional A/B subject, blocks with placeholders, the audience with its
// count and exclusions, the server-rendered preview and a test send), the start with the count confirmed,
// and the report (funnel, A/B variants, links, attributed deals and revenue, ROI) with the recipients.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Empty, ErrorState, Loading, useFieldErrorText } from '../components/States';
import { useToast } from '../components/Toasts';
import { can, useMe } from '../app/session';
import { formatDateTime, formatNumber } from '../lib/format';
import { currentLocale } from '../i18n';
import { formatRate, isEditable, type CampaignRecord } from '../lib/campaigns';
import { CampaignEditor } from '../components/campaigns/CampaignEditor';
import { CampaignReportView, CampaignRecipients } from '../components/campaigns/CampaignReport';
import { StartDialog } from '../components/campaigns/StartDialog';
import './campaigns.css';

const listFields = ['name', 'status', 'audienceCount', 'sentCount', 'openedCount', 'clickedCount', 'startedAt', 'startAt', 'createdAt', 'ownerId'].join(',');

export default function CampaignsPage() {
  const { id } = useParams();
  if (id === 'new') return <NewCampaign />;
  if (id) return <CampaignScreen key={id} id={id} />;
  return <CampaignList />;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge campaign-status campaign-status-${status}`}>{t(`campaigns.statuses.${status}`)}</span>;
}

function CampaignList() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const locale = currentLocale();
  const list = useQuery({
    queryKey: ['campaigns', 'list'],
    queryFn: () => api<{ data: CampaignRecord[]; nextCursor: string | null }>('/campaigns', { query: { limit: 100, fields: listFields, sort: '-createdAt' } }),
    refetchInterval: (query) => (query.state.data?.data.some((row) => row.status === 'sending' || row.status === 'testing') ? 5000 : false),
  });
  return (
    <section className="page campaigns-page" aria-labelledby="campaigns-title">
      <header className="page-header">
        <h1 id="campaigns-title">{t('campaigns.title')}</h1>
        {can(permissions, 'campaigns', 'create') && (
          <Link className="button button-primary" to="/campaigns/new">
            {t('campaigns.new')}
          </Link>
        )}
      </header>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('campaigns.none')}>
          <p className="hint">{t('campaigns.noneHint')}</p>
        </Empty>
      ) : (
        <div className="card campaigns-table-card">
          <table className="simple-table campaigns-table">
            <thead>
              <tr>
                <th>{t('campaigns.columns.name')}</th>
                <th>{t('campaigns.columns.status')}</th>
                <th className="num">{t('campaigns.columns.audience')}</th>
                <th className="num">{t('campaigns.columns.sent')}</th>
                <th className="num">{t('campaigns.columns.opened')}</th>
                <th className="num">{t('campaigns.columns.clicked')}</th>
                <th>{t('campaigns.columns.started')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((row) => {
                const sent = row.sentCount ?? 0;
                return (
                  <tr key={row.id}>
                    <td>
                      <Link to={`/campaigns/${row.id}`}>{row.name}</Link>
                    </td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                    <td className="num">{row.audienceCount === null ? '—' : formatNumber(row.audienceCount, locale)}</td>
                    <td className="num">{row.status === 'draft' ? '—' : formatNumber(sent, locale)}</td>
                    <td className="num">
                      {row.status === 'draft' ? '—' : `${formatNumber(row.openedCount ?? 0, locale)} · ${formatRate(sent ? (row.openedCount ?? 0) / sent : null, locale)}`}
                    </td>
                    <td className="num">
                      {row.status === 'draft' ? '—' : `${formatNumber(row.clickedCount ?? 0, locale)} · ${formatRate(sent ? (row.clickedCount ?? 0) / sent : null, locale)}`}
                    </td>
                    <td>{row.startedAt ? formatDateTime(row.startedAt, locale) : row.startAt ? formatDateTime(row.startAt, locale) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewCampaign() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <section className="page campaigns-page" aria-labelledby="campaigns-title">
      <header className="page-header">
        <div>
          <Link to="/campaigns" className="back-link">
            ← {t('campaigns.back')}
          </Link>
          <h1 id="campaigns-title">{t('campaigns.new')}</h1>
        </div>
      </header>
      <CampaignEditor onSaved={(saved) => navigate(`/campaigns/${saved.id}`, { replace: true })} />
    </section>
  );
}

type Tab = 'editor' | 'report' | 'recipients';

function CampaignScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const errorText = useFieldErrorText();
  const { permissions } = useMe();
  const campaign = useQuery({
    queryKey: ['campaigns', id],
    queryFn: () => api<CampaignRecord>(`/campaigns/${id}`),
    retry: false,
    refetchInterval: (query) => (query.state.data && ['sending', 'testing', 'scheduled'].includes(query.state.data.status) ? 5000 : false),
  });
  const [chosenTab, setTab] = useState<Tab | null>(null);
  const [starting, setStarting] = useState(false);
  const [dirty, setDirty] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: ['campaigns'] });
  const action = useMutation({
    mutationFn: (name: 'pause' | 'resume' | 'cancel') => api<CampaignRecord>(`/campaigns/${id}/${name}`, { method: 'POST', body: {} }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => api(`/campaigns/${id}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast({ message: t('campaigns.actions.deleted'), tone: 'success' });
      refresh();
      navigate('/campaigns');
    },
  });
  if (campaign.isPending) return <Loading />;
  if (campaign.isError) return <ErrorState error={campaign.error} />;
  const data = campaign.data;
  const draft = isEditable(data.status);
  const tab: Tab = chosenTab ?? (draft ? 'editor' : 'report');
  const tabs: Tab[] = draft ? ['editor'] : ['report', 'recipients', 'editor'];
  const mayUpdate = can(permissions, 'campaigns', 'update');
  return (
    <section className="page campaigns-page" aria-labelledby="campaign-title">
      <header className="page-header campaign-head">
        <div>
          <Link to="/campaigns" className="back-link">
            ← {t('campaigns.back')}
          </Link>
          <h1 id="campaign-title">
            {data.name} <StatusBadge status={data.status} />
          </h1>
        </div>
        <div className="form-actions">
          {mayUpdate && draft && (
            <button type="button" className="button button-primary" title={dirty ? t('campaigns.start.saveFirst') : undefined} disabled={dirty} onClick={() => setStarting(true)}>
              {t('campaigns.start.button')}
            </button>
          )}
          {mayUpdate && ['sending', 'scheduled', 'testing'].includes(data.status) && (
            <button type="button" className="button" disabled={action.isPending} onClick={() => action.mutate('pause')}>
              {t('campaigns.actions.pause')}
            </button>
          )}
          {mayUpdate && data.status === 'paused' && (
            <button type="button" className="button" disabled={action.isPending} onClick={() => action.mutate('resume')}>
              {t('campaigns.actions.resume')}
            </button>
          )}
          {mayUpdate && ['scheduled', 'sending', 'testing', 'paused'].includes(data.status) && (
            <button
              type="button"
              className="button button-danger"
              disabled={action.isPending}
              onClick={() => {
                if (window.confirm(t('campaigns.actions.confirmCancel', { name: data.name }))) action.mutate('cancel');
              }}
            >
              {t('campaigns.actions.cancel')}
            </button>
          )}
          {can(permissions, 'campaigns', 'delete') && (draft || data.status === 'sent' || data.status === 'cancelled') && (
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                if (window.confirm(t('campaigns.actions.confirmDelete', { name: data.name }))) remove.mutate();
              }}
            >
              {t('campaigns.actions.delete')}
            </button>
          )}
        </div>
      </header>
      {(action.isError || remove.isError) && (
        <p className="field-error" role="alert">
          {errorText(action.error ?? remove.error)}
        </p>
      )}
      {tabs.length > 1 && (
        <div className="tabs" role="tablist" aria-label={t('campaigns.tabs.label')}>
          {tabs.map((key) => (
            <button key={key} type="button" role="tab" id={`campaign-tab-${key}`} aria-selected={tab === key} aria-controls={`campaign-panel-${key}`} tabIndex={tab === key ? 0 : -1} onClick={() => setTab(key)}>
              {t(`campaigns.tabs.${key}`)}
            </button>
          ))}
        </div>
      )}
      <div role={tabs.length > 1 ? 'tabpanel' : undefined} id={`campaign-panel-${tab}`} aria-labelledby={tabs.length > 1 ? `campaign-tab-${tab}` : undefined}>
        {tab === 'editor' && <CampaignEditor key={data.status} campaign={data} onSaved={refresh} onDirty={setDirty} />}
        {tab === 'report' && <CampaignReportView campaign={data} />}
        {tab === 'recipients' && <CampaignRecipients campaignId={id} />}
      </div>
      {starting && (
        <StartDialog
          campaign={data}
          onClose={() => setStarting(false)}
          onStarted={(started) => {
            setStarting(false);
            toast({ message: t(started.status === 'scheduled' ? 'campaigns.start.scheduled' : 'campaigns.start.started'), tone: 'success' });
            setTab('report');
            refresh();
          }}
        />
      )}
    </section>
  );
}
