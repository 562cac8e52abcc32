// Обзвон: the call lists I may see with progress per caller, the create dialog (opened with the list
// filter of the page it came from: /call-lists?new=contacts&filter[city][eq]=Москва), and the work
// screen of one list (/call-lists/:id): the record, its phone with the call button, outcome, note,
// follow-up date, next.
import { useState } from 'react';
import { Link, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { callListOutcomes } from '@svyaz/shared';
import { useMe } from '../app/session';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { CallButton } from '../components/telephony/CallButton';
import { CallListProgress } from '../components/call-lists/CallListProgress';
import { CreateCallListDialog } from '../components/call-lists/CreateCallListDialog';
import { deleteCallList, getCallList, listCallLists, nextItem, recordOutcome, updateCallList, type CallList } from '../components/call-lists/call-lists-api';
import { filtersFromSearch } from '../lib/list-query';
import { formatDateTime, formatPhone, type Locale } from '../lib/format';
import { objects, type ObjectKey } from '../objects/definitions';
import '../components/call-lists/call-lists.css';

export default function CallListsPage() {
  return (
    <Routes>
      <Route index element={<CallListsOverview />} />
      <Route path=":id" element={<CallListWork />} />
    </Routes>
  );
}

function CallListsOverview() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const lists = useQuery({ queryKey: ['call-lists'], queryFn: listCallLists });
  const search = new URLSearchParams(location.search);
  const carried = search.get('new');
  const [creating, setCreating] = useState(carried !== null);
  const initialObject = carried && carried in objects ? carried : 'contacts';
  const change = useMutation({
    mutationFn: ({ list, status }: { list: CallList; status: string | null }) => (status ? updateCallList(list.id, { status }) : deleteCallList(list.id)),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['call-lists'] }),
    onError: (error) => toast({ message: message(error), tone: 'error' }),
  });
  const manages = (list: CallList) => list.createdBy === me.user.id || me.permissions[list.object]?.update === 'all';
  return (
    <section className="page" aria-labelledby="call-lists-title">
      <header className="page-header">
        <h1 id="call-lists-title">{t('callLists.title')}</h1>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          {t('callLists.create')}
        </button>
      </header>
      <p className="muted">{t('callLists.intro')}</p>
      {lists.isPending ? (
        <Loading />
      ) : lists.isError ? (
        <ErrorState error={lists.error} onRetry={() => void lists.refetch()} />
      ) : lists.data.length === 0 ? (
        <Empty title={t('callLists.none')} />
      ) : (
        <div className="call-lists">
          {lists.data.map((list) => (
            <article key={list.id} className="card call-list-card" aria-label={list.name}>
              <header>
                <h2>{list.name}</h2>
                <span className="badge">{t(`callLists.objects.${list.object}`)}</span>
                <span className="badge">{t(`callLists.status.${list.status}`)}</span>
                {list.isCaller && list.status === 'active' && (
                  <Link className="button button-primary" to={`/call-lists/${list.id}`}>
                    {t('callLists.work')}
                  </Link>
                )}
                {manages(list) && list.status !== 'archived' && (
                  <button type="button" className="button" onClick={() => change.mutate({ list, status: list.status === 'active' ? 'paused' : 'active' })}>
                    {list.status === 'active' ? t('callLists.pause') : t('callLists.resume')}
                  </button>
                )}
                {manages(list) && list.status !== 'archived' && (
                  <button type="button" className="button" onClick={() => change.mutate({ list, status: 'archived' })}>
                    {t('callLists.archive')}
                  </button>
                )}
                {manages(list) && (
                  <button type="button" className="button button-danger" onClick={() => window.confirm(t('callLists.confirmDelete', { name: list.name })) && change.mutate({ list, status: null })}>
                    {t('callLists.remove')}
                  </button>
                )}
              </header>
              <CallListProgress list={list} />
            </article>
          ))}
        </div>
      )}
      {creating && (
        <CreateCallListDialog
          initial={{ object: initialObject, filters: carried ? filtersFromSearch(objects[initialObject as ObjectKey], location.search) : [] }}
          onClose={() => {
            setCreating(false);
            if (carried !== null) navigate('/call-lists', { replace: true });
          }}
          onCreated={(list) => {
            setCreating(false);
            toast({ message: t('callLists.created', { count: list.progress.total }), tone: 'success' });
            void client.invalidateQueries({ queryKey: ['call-lists'] });
            if (carried !== null) navigate('/call-lists', { replace: true });
          }}
        />
      )}
    </section>
  );
}

const localDateTime = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

function CallListWork() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const locale = (i18n.language?.startsWith('en') ? 'en' : 'ru') as Locale;
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const list = useQuery({ queryKey: ['call-lists', id], queryFn: () => getCallList(id) });
  const current = useQuery({ queryKey: ['call-lists', id, 'next'], queryFn: () => nextItem(id), enabled: list.data?.isCaller === true && list.data.status === 'active', retry: false });
  const [outcome, setOutcome] = useState<string>('');
  const [note, setNote] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [busy, setBusy] = useState(false);
  const item = current.data?.item;
  async function saveAndNext() {
    if (!item || !outcome) return;
    setBusy(true);
    try {
      await recordOutcome(id, item.id, { outcome, ...(note.trim() ? { note: note.trim() } : {}), ...(followUp ? { followUp: { dueAt: new Date(followUp).toISOString() } } : {}) });
      toast({ message: t('callLists.saved', { outcome: t(`callLists.outcomes.${outcome}`) }), tone: 'success' });
      setOutcome('');
      setNote('');
      setFollowUp('');
      await client.invalidateQueries({ queryKey: ['call-lists', id] });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} />;
  const record = item?.record ?? null;
  const object = objects[list.data.object as ObjectKey];
  return (
    <section className="page call-list-work" aria-labelledby="call-list-work-title">
      <header className="page-header">
        <h1 id="call-list-work-title">{list.data.name}</h1>
        <Link to="/call-lists">{t('callLists.back')}</Link>
      </header>
      <CallListProgress list={list.data} />
      {!list.data.isCaller ? (
        <p>{t('callLists.notCaller')}</p>
      ) : current.isPending ? (
        <Loading />
      ) : current.isError ? (
        <ErrorState error={current.error} onRetry={() => void current.refetch()} />
      ) : !item ? (
        <div className="card">
          <p>{t('callLists.nothingLeft')}</p>
          {current.data.nextAvailableAt && <p className="muted">{t('callLists.nextAt', { time: formatDateTime(current.data.nextAvailableAt, locale) })}</p>}
        </div>
      ) : (
        <form
          className="card record-form"
          aria-label={t('callLists.record')}
          onSubmit={(event) => {
            event.preventDefault();
            void saveAndNext();
          }}
        >
          <h2>
            <Link to={`/${object.key}/${item.recordId}`}>{item.name || String(record?.[object.titleField] ?? '')}</Link>
          </h2>
          {record && (
            <p className="muted">
              {[record.position, record.city, record.email ?? (Array.isArray(record.emails) ? record.emails[0] : null)].filter(Boolean).join(' · ')}
            </p>
          )}
          <div className="call-list-phone">
            <a href={`tel:${item.phone}`} aria-label={t('callLists.phone')}>
              {formatPhone(item.phone)}
            </a>
            <CallButton phone={item.phone} />
          </div>
          {item.attempts > 0 && <p className="muted">{t('callLists.attempt', { count: item.attempts + 1 })}{item.note ? ` · ${t('callLists.lastNote', { note: item.note })}` : ''}</p>}
          <fieldset>
            <legend>{t('callLists.outcome')}</legend>
            <div className="call-list-outcomes">
              {callListOutcomes.map((value) => (
                <button key={value} type="button" className="button" aria-pressed={outcome === value} onClick={() => {
                  setOutcome(value);
                  if (value === 'callback' && !followUp) setFollowUp(localDateTime(new Date(Date.now() + 86_400_000)));
                }}>
                  {t(`callLists.outcomes.${value}`)}
                </button>
              ))}
            </div>
          </fieldset>
          <div className="form-field">
            <label htmlFor="call-list-note">{t('callLists.note')}</label>
            <textarea id="call-list-note" rows={3} value={note} onChange={(event) => setNote(event.target.value)} />
          </div>
          <div className="form-field">
            <label htmlFor="call-list-follow-up">{t('callLists.followUp')}</label>
            <input id="call-list-follow-up" type="datetime-local" value={followUp} onChange={(event) => setFollowUp(event.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={!outcome || busy}>
              {t('callLists.next')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
