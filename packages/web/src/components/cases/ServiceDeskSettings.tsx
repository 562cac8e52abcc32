// Settings → Service desk: queues (name, head, agents, escalation time), the ordered routing rules
// (keywords, channel, category, language → queue and assignment), reordered with up/down
// (POST /case-routing-rules/reorder), and the case categories (CaseCategoriesSettings).
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUsers } from '../../lib/lookups';
import { ErrorState, Loading, useErrorMessage } from '../States';
import { useToast } from '../Toasts';
import { categoryLabel, categoryName, categoryNames, useCaseCategories } from '../../lib/case-categories';
import { CaseCategoriesSettings } from './CaseCategoriesSettings';
import './cases.css';

interface Queue {
  id: string;
  name: string;
  headUserId: string | null;
  memberIds: string[];
  escalationMinutes: number;
  openCount: number;
}
interface Rule {
  id: string;
  name: string;
  conditions: { keywords?: string[]; channels?: string[]; categories?: string[]; language?: string };
  queueId: string;
  assignment: string;
  userId: string | null;
}

const channels = ['email', 'web_form', 'phone', 'portal', 'manual'] as const;
const modes = ['none', 'round_robin', 'least_loaded', 'fixed'] as const;

export function ServiceDeskSettings() {
  const queues = useQuery({ queryKey: ['case-queues'], queryFn: async () => (await api<{ data: Queue[] }>('/case-queues')).data });
  const rules = useQuery({ queryKey: ['case-routing-rules'], queryFn: async () => (await api<{ data: Rule[] }>('/case-routing-rules')).data });
  if (queues.isPending || rules.isPending) return <Loading />;
  if (queues.isError) return <ErrorState error={queues.error} />;
  if (rules.isError) return <ErrorState error={rules.error} />;
  return (
    <div className="service-desk-settings">
      <Queues queues={queues.data} />
      <Rules rules={rules.data} queues={queues.data} />
      <CaseCategoriesSettings />
    </div>
  );
}

function Queues({ queues }: { queues: Queue[] }) {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [name, setName] = useState('');
  const [headUserId, setHead] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [escalation, setEscalation] = useState('60');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api('/case-queues', { method: 'POST', body: { name, headUserId: headUserId || null, memberIds: members, escalationMinutes: Number(escalation) } });
      setName('');
      setMembers([]);
      toast({ message: t('caseSettings.queueSaved'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['case-queues'] });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  };
  const nameOf = (id: string | null) => users.find((user) => user.id === id)?.name ?? '—';
  return (
    <section className="card" aria-labelledby="queues-title">
      <h2 id="queues-title">{t('caseSettings.queues')}</h2>
      {queues.length === 0 ? (
        <p>{t('caseSettings.noQueues')}</p>
      ) : (
        <ul className="routing-rules">
          {queues.map((queue) => (
            <li key={queue.id} className="routing-rule">
              <strong className="grow">{queue.name}</strong>
              <span>
                {t('caseSettings.head')}: {nameOf(queue.headUserId)}
              </span>
              <span>
                {t('caseSettings.members')}: {queue.memberIds.map(nameOf).join(', ') || '—'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="settings-form">
        <div className="form-field">
          <label htmlFor="queue-name">{t('caseSettings.queueName')}</label>
          <input id="queue-name" value={name} required onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="form-field">
          <label htmlFor="queue-head">{t('caseSettings.head')}</label>
          <select id="queue-head" value={headUserId} onChange={(event) => setHead(event.target.value)}>
            <option value="">—</option>
            {users.map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="form-field">
          <legend>{t('caseSettings.members')}</legend>
          {users.map((user) => (
            <label key={user.id} className="checkbox">
              <input type="checkbox" checked={members.includes(user.id)} onChange={(event) => setMembers(event.target.checked ? [...members, user.id] : members.filter((id) => id !== user.id))} />
              {user.name}
            </label>
          ))}
        </fieldset>
        <div className="form-field">
          <label htmlFor="queue-escalation">{t('caseSettings.escalation')}</label>
          <input id="queue-escalation" type="number" min={0} value={escalation} onChange={(event) => setEscalation(event.target.value)} />
        </div>
        <button type="submit" className="button button-primary">
          {t('caseSettings.addQueue')}
        </button>
      </form>
    </section>
  );
}

function Rules({ rules, queues }: { rules: Rule[]; queues: Queue[] }) {
  const { t } = useTranslation();
  const users = useUsers().data ?? [];
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [name, setName] = useState('');
  const [keywords, setKeywords] = useState('');
  const [channel, setChannel] = useState('');
  const [category, setCategory] = useState('');
  const [language, setLanguage] = useState('');
  const categories = useCaseCategories().data;
  const names = categoryNames(categories);
  const [queueId, setQueueId] = useState('');
  const [assignment, setAssignment] = useState<string>('round_robin');
  const [userId, setUserId] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['case-routing-rules'] });
  const run = async (action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      if (done) toast({ message: done, tone: 'success' });
      await refresh();
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  };
  const move = (index: number, by: number) => {
    const ids = rules.map((rule) => rule.id);
    const [item] = ids.splice(index, 1);
    ids.splice(index + by, 0, item);
    return run(() => api('/case-routing-rules/reorder', { method: 'POST', body: { ids } }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const words = keywords.split(',').map((word) => word.trim()).filter(Boolean);
    const conditions = { ...(words.length ? { keywords: words } : {}), ...(channel ? { channels: [channel] } : {}), ...(category ? { categories: [category] } : {}), ...(language ? { language } : {}) };
    void run(async () => {
      await api('/case-routing-rules', { method: 'POST', body: { name, conditions, queueId: queueId || queues[0]?.id, assignment, userId: assignment === 'fixed' ? userId || null : null } });
      setName('');
      setKeywords('');
    }, t('caseSettings.ruleSaved'));
  };
  const queueName = (id: string) => queues.find((queue) => queue.id === id)?.name ?? '—';
  return (
    <section className="card" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('caseSettings.rules')}</h2>
      <p className="hint">{t('caseSettings.rulesHint')}</p>
      {rules.length === 0 ? (
        <p>{t('caseSettings.noRules')}</p>
      ) : (
        <ol className="routing-rules" aria-label={t('caseSettings.rules')}>
          {rules.map((rule, index) => (
            <li key={rule.id} className="routing-rule">
              <strong className="grow">
                {index + 1}. {rule.name}
              </strong>
              <span>
                {[rule.conditions.keywords?.join(', '), rule.conditions.channels?.map((item) => t(`enums.caseChannel.${item}`)).join(', '), rule.conditions.categories?.map((item) => categoryLabel(item, names)).join(', '), rule.conditions.language ? t(`caseSettings.languages.${rule.conditions.language}`) : null]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <span>
                → {queueName(rule.queueId)}, {t(`caseSettings.assignmentModes.${rule.assignment}`)}
              </span>
              <button type="button" className="button" disabled={index === 0} aria-label={`${t('caseSettings.up')}: ${rule.name}`} onClick={() => void move(index, -1)}>
                ↑
              </button>
              <button type="button" className="button" disabled={index === rules.length - 1} aria-label={`${t('caseSettings.down')}: ${rule.name}`} onClick={() => void move(index, 1)}>
                ↓
              </button>
              <button type="button" className="button" onClick={() => void run(() => api(`/case-routing-rules/${rule.id}`, { method: 'DELETE' }))}>
                {t('caseSettings.remove')}
              </button>
            </li>
          ))}
        </ol>
      )}
      {queues.length > 0 && (
        <form onSubmit={submit} className="settings-form">
          <div className="form-field">
            <label htmlFor="rule-name">{t('caseSettings.ruleName')}</label>
            <input id="rule-name" value={name} required onChange={(event) => setName(event.target.value)} />
          </div>
          <div className="form-field">
            <label htmlFor="rule-keywords">{t('caseSettings.keywords')}</label>
            <input id="rule-keywords" value={keywords} onChange={(event) => setKeywords(event.target.value)} />
          </div>
          <div className="form-field">
            <label htmlFor="rule-channel">{t('caseSettings.channels')}</label>
            <select id="rule-channel" value={channel} onChange={(event) => setChannel(event.target.value)}>
              <option value="">{t('caseSettings.anyChannel')}</option>
              {channels.map((item) => (
                <option key={item} value={item}>
                  {t(`enums.caseChannel.${item}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor="rule-category">{t('caseSettings.category')}</label>
            <select id="rule-category" value={category} onChange={(event) => setCategory(event.target.value)}>
              <option value="">{t('caseSettings.anyCategory')}</option>
              {(categories ?? [])
                .filter((item) => item.isActive)
                .map((item) => (
                  <option key={item.key} value={item.key}>
                    {categoryName(item)}
                  </option>
                ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor="rule-language">{t('caseSettings.language')}</label>
            <select id="rule-language" value={language} onChange={(event) => setLanguage(event.target.value)}>
              <option value="">{t('caseSettings.anyLanguage')}</option>
              <option value="ru">{t('caseSettings.languages.ru')}</option>
              <option value="en">{t('caseSettings.languages.en')}</option>
            </select>
          </div>
          <div className="form-field">
            <label htmlFor="rule-queue">{t('caseSettings.queue')}</label>
            <select id="rule-queue" value={queueId || queues[0].id} onChange={(event) => setQueueId(event.target.value)}>
              {queues.map((queue) => (
                <option key={queue.id} value={queue.id}>
                  {queue.name}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor="rule-assignment">{t('caseSettings.assignment')}</label>
            <select id="rule-assignment" value={assignment} onChange={(event) => setAssignment(event.target.value)}>
              {modes.map((mode) => (
                <option key={mode} value={mode}>
                  {t(`caseSettings.assignmentModes.${mode}`)}
                </option>
              ))}
            </select>
          </div>
          {assignment === 'fixed' && (
            <div className="form-field">
              <label htmlFor="rule-user">{t('caseSettings.user')}</label>
              <select id="rule-user" value={userId} onChange={(event) => setUserId(event.target.value)}>
                <option value="">—</option>
                {users.map((user) => (
                  <option key={user.id} value={user.id}>
                    {user.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button type="submit" className="button button-primary">
            {t('caseSettings.addRule')}
          </button>
        </form>
      )}
    </section>
  );
}
