// Plans, KPIs and gamification: the team's plan progress beside the leaderboard (live from the progress
// stream), the plans grid for heads and administrators, KPI cards with the score weights, and competitions.
import { useMemo, useState } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { can, useMe } from '../app/session';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { formatMeasure, type PlanList } from '../components/plans/PlanProgressBar';
import { PlanGroups } from '../components/plans/PlanGroups';
import { useProgressStream } from '../components/plans/useProgressStream';
import { timezoneOffset } from '../lib/timezone';
import { currentLocale } from '../i18n';
import { formatDate, formatMoney, formatNumber } from '../lib/format';
import '../components/plans/plans.css';

const measures = ['won_amount', 'won_count', 'calls', 'meetings', 'new_clients'] as const;

function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
const thisMonth = () => isoDay(new Date(new Date().getFullYear(), new Date().getMonth(), 1));
const nextMonth = () => isoDay(new Date(new Date().getFullYear(), new Date().getMonth() + 1, 1));

export default function PlansPage() {
  const { t } = useTranslation();
  useProgressStream();
  return (
    <section className="page plans-page" aria-labelledby="plans-title">
      <header className="page-header">
        <h1 id="plans-title">{t('plans.title')}</h1>
      </header>
      <nav className="plans-tabs" aria-label={t('plans.title')}>
        <NavLink end to="/plans" className="button">{t('plans.tabs.progress')}</NavLink>
        <NavLink to="/plans/grid" className="button">{t('plans.tabs.grid')}</NavLink>
        <NavLink to="/plans/kpi" className="button">{t('plans.tabs.kpi')}</NavLink>
        <NavLink to="/plans/competitions" className="button">{t('plans.tabs.competitions')}</NavLink>
      </nav>
      <Routes>
        <Route index element={<ProgressTab />} />
        <Route path="grid" element={<PlanGrid />} />
        <Route path="kpi" element={<KpiTab />} />
        <Route path="competitions" element={<CompetitionsTab />} />
      </Routes>
    </section>
  );
}

function ProgressTab() {
  return (
    <div className="plans-layout">
      <PlanGroups />
      <Leaderboard />
    </div>
  );
}

interface LeaderboardData {
  team: { id: string; name: string; optedOut: boolean };
  data: { rank: number; userId: string; name: string; points: number; wins: number; badges: string[] }[];
}
interface TeamItem {
  id: string;
  name: string;
  optedOut: boolean;
  canManage: boolean;
}

function Leaderboard() {
  const { t } = useTranslation();
  const { user } = useMe();
  const toast = useToast();
  const message = useErrorMessage();
  const client = useQueryClient();
  const teams = useQuery({ queryKey: ['leaderboard', 'teams'], queryFn: () => api<{ data: TeamItem[] }>('/gamification/teams') });
  const [chosen, setChosen] = useState<string | null>(null);
  const teamId = chosen ?? user.teamId ?? teams.data?.data[0]?.id ?? null;
  const board = useQuery({
    queryKey: ['leaderboard', 'board', teamId],
    queryFn: () => api<LeaderboardData>('/gamification/leaderboard', { query: { teamId: teamId ?? undefined, tz: timezoneOffset() } }),
    enabled: teamId !== null,
  });
  const team = teams.data?.data.find((item) => item.id === teamId);
  async function toggle(optedOut: boolean) {
    try {
      await api(`/gamification/teams/${teamId}/opt-out`, { method: 'PUT', body: { optedOut } });
      await client.invalidateQueries({ queryKey: ['leaderboard'] });
    } catch (error) {
      toast({ message: message(error), tone: 'error' });
    }
  }
  return (
    <section className="card" aria-labelledby="leaderboard-title">
      <h2 id="leaderboard-title">{t('leaderboard.title')}</h2>
      {(teams.data?.data.length ?? 0) > 1 && (
        <label>
          {t('leaderboard.team')}{' '}
          <select value={teamId ?? ''} onChange={(event) => setChosen(event.target.value)}>
            {teams.data!.data.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {teamId === null ? (
        <Empty title={t('leaderboard.empty')} />
      ) : board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : board.data.team.optedOut ? (
        <Empty title={t('leaderboard.optedOut')} />
      ) : (
        <table className="table leaderboard-table" aria-label={t('leaderboard.title')}>
          <thead>
            <tr>
              <th>{t('leaderboard.rank')}</th>
              <th>{t('plans.person')}</th>
              <th>{t('leaderboard.wins')}</th>
              <th>{t('leaderboard.points')}</th>
            </tr>
          </thead>
          <tbody>
            {board.data.data.map((row) => (
              <tr key={row.userId} data-user-id={row.userId}>
                <td>{row.rank}</td>
                <td>
                  {row.name}{' '}
                  {row.badges.map((badge) => (
                    <span key={badge} className="badge-chip">
                      {t(`leaderboard.badges.${badge}`)}
                    </span>
                  ))}
                </td>
                <td>{row.wins}</td>
                <td className="points">{row.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {team?.canManage && (
        <button type="button" className="button" onClick={() => void toggle(!team.optedOut)}>
          {team.optedOut ? t('leaderboard.optIn') : t('leaderboard.optOut')}
        </button>
      )}
      <p className="muted">
        <small>{t('plans.live')}</small>
      </p>
    </section>
  );
}

interface Person {
  id: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
}

function PlanGrid() {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const client = useQueryClient();
  const [measure, setMeasure] = useState<(typeof measures)[number]>('won_amount');
  const [month, setMonth] = useState(nextMonth());
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const people = useQuery({ queryKey: ['plans', 'people'], queryFn: () => api<{ data: Person[] }>('/plans/people') });
  const plans = useQuery({
    queryKey: ['plans', 'grid', measure, month],
    queryFn: () => api<PlanList>('/plans', { query: { measure, periodKind: 'month', date: month, tz: timezoneOffset() } }),
  });
  const existing = useMemo(() => new Map((plans.data?.data ?? []).filter((plan) => plan.userId && plan.periodKind === 'month').map((plan) => [plan.userId!, plan])), [plans.data]);
  const sent = (people.data?.data ?? []).filter((person) => values[person.id] !== undefined);
  const save = useMutation({
    mutationFn: () =>
      api<PlanList>('/plans/grid', {
        method: 'PUT',
        body: {
          measure,
          periodKind: 'month',
          periodStart: month,
          plans: sent.map((person) => ({ userId: person.id, target: values[person.id].trim() === '' ? null : Number(values[person.id].replace(',', '.').replace(/\s/g, '')) })),
        },
      }),
    onSuccess: async () => {
      setValues({});
      setErrors({});
      toast({ message: t('plans.saved'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['plans'] });
    },
    onError: (error) => {
      // The server names rows of what was sent (plans[2].target): shown beside that person's cell.
      if (error instanceof ApiError) {
        const byPerson: Record<string, string> = {};
        for (const [field, problem] of Object.entries(error.fieldErrors())) {
          const index = /^plans\[(\d+)\]/.exec(field)?.[1];
          if (index !== undefined && sent[Number(index)]) byPerson[sent[Number(index)].id] ??= problem;
        }
        setErrors(byPerson);
      }
      toast({ message: message(error), tone: 'error' });
    },
  });
  if (people.isPending || plans.isPending) return <Loading />;
  if (people.isError) return <ErrorState error={people.error} />;
  if (plans.isError) return <ErrorState error={plans.error} />;
  if (!plans.data.canManage) return <Empty title={t('plans.notAllowed')} />;
  const list = people.data.data;
  const changed = Object.keys(values).length > 0;
  return (
    <section className="card" aria-labelledby="grid-title">
      <h2 id="grid-title">{t('plans.tabs.grid')}</h2>
      <div className="toolbar">
        <label>
          {t('plans.measure')}{' '}
          <select value={measure} onChange={(event) => { setMeasure(event.target.value as (typeof measures)[number]); setValues({}); }}>
            {measures.map((item) => (
              <option key={item} value={item}>
                {t(`plans.measures.${item}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('plans.period')}{' '}
          <select value={month} onChange={(event) => { setMonth(event.target.value); setValues({}); }}>
            <option value={thisMonth()}>{t('plans.thisMonth')}</option>
            <option value={nextMonth()}>{t('plans.nextMonth')}</option>
          </select>
        </label>
      </div>
      <p className="muted">
        <small>{t('plans.gridHint')}</small>
      </p>
      {list.length === 0 ? (
        <Empty title={t('plans.nobody')} />
      ) : (
        <table className="table plans-grid-table">
          <thead>
            <tr>
              <th>{t('plans.person')}</th>
              <th>{t('leaderboard.team')}</th>
              <th>{t('plans.target')}</th>
              <th>{t('plans.current')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((person) => {
              const plan = existing.get(person.id);
              const value = values[person.id] ?? (plan?.target != null ? String(plan.target) : '');
              const error = errors[person.id];
              return (
                <tr key={person.id}>
                  <td>{person.name}</td>
                  <td>{person.teamName ?? '—'}</td>
                  <td>
                    <input
                      inputMode="decimal"
                      aria-label={`${t('plans.target')}: ${person.name}`}
                      aria-invalid={error ? true : undefined}
                      value={value}
                      onChange={(event) => setValues((current) => ({ ...current, [person.id]: event.target.value }))}
                    />
                    {error && <div className="field-error">{error}</div>}
                  </td>
                  <td>{plan ? `${formatMeasure(measure, plan.actual)}${plan.percent !== null ? ` · ${formatNumber(plan.percent, currentLocale())} %` : ''}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <button type="button" className="button primary" disabled={!changed || save.isPending} onClick={() => save.mutate()}>
        {t('plans.save')}
      </button>
    </section>
  );
}

interface KpiCard {
  userId: string;
  name: string;
  wonAmount: number;
  wonCount: number;
  activityCount: number;
  planAttainment: number | null;
  conversion: number | null;
  averageDeal: number | null;
  score: number;
}
type Weights = { planAttainment: number; conversion: number; averageDeal: number; activity: number };

function KpiTab() {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const locale = currentLocale();
  const kpi = useQuery({ queryKey: ['kpi', 'month'], queryFn: () => api<{ weights: Weights; data: KpiCard[] }>('/kpi', { query: { tz: timezoneOffset() } }) });
  const percent = (value: number | null) => (value === null ? t('kpi.notSet') : `${formatNumber(value, locale)} %`);
  return (
    <div>
      {kpi.isPending ? (
        <Loading />
      ) : kpi.isError ? (
        <ErrorState error={kpi.error} onRetry={() => void kpi.refetch()} />
      ) : kpi.data.data.length === 0 ? (
        <Empty title={t('kpi.none')} />
      ) : (
        <div className="kpi-cards">
          {kpi.data.data.map((card) => (
            <article key={card.userId} className="card kpi-card" aria-label={card.name}>
              <h3>{card.name}</h3>
              <div className="kpi-score" aria-label={t('kpi.score')}>
                {formatNumber(card.score, locale)}
              </div>
              <dl>
                <dt>{t('kpi.planAttainment')}</dt>
                <dd>{percent(card.planAttainment)}</dd>
                <dt>{t('kpi.conversion')}</dt>
                <dd>{percent(card.conversion)}</dd>
                <dt>{t('kpi.averageDeal')}</dt>
                <dd>{card.averageDeal === null ? t('kpi.notSet') : formatMoney(card.averageDeal, locale)}</dd>
                <dt>{t('kpi.activity')}</dt>
                <dd>{formatNumber(card.activityCount, locale)}</dd>
                <dt>{t('kpi.wonAmount')}</dt>
                <dd>{formatMoney(card.wonAmount, locale)}</dd>
              </dl>
            </article>
          ))}
        </div>
      )}
      {kpi.data && can(permissions, 'settings', 'update') && <WeightsForm initial={kpi.data.weights} />}
    </div>
  );
}

function WeightsForm({ initial }: { initial: Weights }) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const client = useQueryClient();
  const [weights, setWeights] = useState<Record<keyof Weights, string>>({
    planAttainment: String(initial.planAttainment),
    conversion: String(initial.conversion),
    averageDeal: String(initial.averageDeal),
    activity: String(initial.activity),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function save() {
    try {
      await api('/kpi/weights', { method: 'PUT', body: Object.fromEntries(Object.entries(weights).map(([key, value]) => [key, Number(value)])) });
      setErrors({});
      toast({ message: t('kpi.weightsSaved'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['kpi'] });
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      toast({ message: message(error), tone: 'error' });
    }
  }
  return (
    <section className="card" aria-labelledby="weights-title">
      <h2 id="weights-title">{t('kpi.weights')}</h2>
      <p className="muted">
        <small>{t('kpi.weightsHint')}</small>
      </p>
      <div className="competition-form">
        {(Object.keys(weights) as (keyof Weights)[]).map((key) => (
          <label key={key}>
            {t(`kpi.${key}`)}
            <input type="number" min={0} max={100} value={weights[key]} aria-invalid={errors[key] ? true : undefined} onChange={(event) => setWeights((current) => ({ ...current, [key]: event.target.value }))} />
            {errors[key] && <span className="field-error">{errors[key]}</span>}
          </label>
        ))}
        <button type="button" className="button primary" onClick={() => void save()}>
          {t('kpi.saveWeights')}
        </button>
      </div>
    </section>
  );
}

interface Competition {
  id: string;
  name: string;
  teamId: string | null;
  teamName: string | null;
  measure: string;
  startsOn: string;
  endsOn: string;
  target: number | null;
  prize: string | null;
  canEdit: boolean;
}
interface CompetitionDetail extends Competition {
  standings: { rank: number; userId: string; name: string; value: number; percent: number | null }[];
}

function CompetitionsTab() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const list = useQuery({ queryKey: ['competitions', 'list'], queryFn: () => api<{ canCreate: boolean; data: Competition[] }>('/competitions') });
  return (
    <div>
      {list.data?.canCreate && <CompetitionForm />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <Empty title={t('competitions.none')} />
      ) : (
        list.data.data.map((item) => (
          <section key={item.id} className="card" aria-label={item.name}>
            <h3>{item.name}</h3>
            <p>
              {t(`competitions.measures.${item.measure}`)} · {formatDate(item.startsOn, locale)} – {formatDate(item.endsOn, locale)} · {item.teamName ?? t('competitions.wholeWorkspace')}
              {item.prize && (
                <>
                  {' '}
                  · {t('competitions.prize')}: <strong>{item.prize}</strong>
                </>
              )}
            </p>
            <Standings id={item.id} />
          </section>
        ))
      )}
    </div>
  );
}

function Standings({ id }: { id: string }) {
  const { t } = useTranslation();
  const detail = useQuery({ queryKey: ['competitions', 'detail', id], queryFn: () => api<CompetitionDetail>(`/competitions/${id}`, { query: { tz: timezoneOffset() } }) });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorState error={detail.error} />;
  return (
    <table className="table" aria-label={t('competitions.standings')}>
      <tbody>
        {detail.data.standings.map((row) => (
          <tr key={row.userId}>
            <td>{row.rank}</td>
            <td>{row.name}</td>
            <td>{formatMeasure(detail.data.measure === 'points' ? 'points' : detail.data.measure, row.value)}</td>
            <td>{row.percent !== null ? `${formatNumber(row.percent, currentLocale())} %` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CompetitionForm() {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const client = useQueryClient();
  const teams = useQuery({ queryKey: ['leaderboard', 'teams'], queryFn: () => api<{ data: TeamItem[] }>('/gamification/teams') });
  const [form, setForm] = useState({ name: '', teamId: '', measure: 'won_amount', startsOn: thisMonth(), endsOn: '', target: '', prize: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [key]: event.target.value }));
  async function create() {
    try {
      await api('/competitions', {
        method: 'POST',
        body: { name: form.name, teamId: form.teamId || null, measure: form.measure, startsOn: form.startsOn, endsOn: form.endsOn, target: form.target ? Number(form.target) : null, prize: form.prize || null },
      });
      setErrors({});
      toast({ message: t('competitions.created'), tone: 'success' });
      await client.invalidateQueries({ queryKey: ['competitions'] });
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      toast({ message: message(error), tone: 'error' });
    }
  }
  const field = (key: keyof typeof form, label: string, input: React.ReactNode) => (
    <label>
      {label}
      {input}
      {errors[key] && <span className="field-error">{errors[key]}</span>}
    </label>
  );
  return (
    <section className="card" aria-labelledby="competition-new">
      <h2 id="competition-new">{t('competitions.new')}</h2>
      <div className="competition-form">
        {field('name', t('competitions.name'), <input value={form.name} onChange={set('name')} aria-invalid={errors.name ? true : undefined} />)}
        {field(
          'teamId',
          t('competitions.team'),
          <select value={form.teamId} onChange={set('teamId')}>
            <option value="">{t('competitions.wholeWorkspace')}</option>
            {(teams.data?.data ?? []).filter((team) => team.canManage).map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>,
        )}
        {field(
          'measure',
          t('competitions.measure'),
          <select value={form.measure} onChange={set('measure')}>
            {['points', ...measures].map((item) => (
              <option key={item} value={item}>
                {t(`competitions.measures.${item}`)}
              </option>
            ))}
          </select>,
        )}
        {field('startsOn', t('competitions.startsOn'), <input type="date" value={form.startsOn} onChange={set('startsOn')} aria-invalid={errors.startsOn ? true : undefined} />)}
        {field('endsOn', t('competitions.endsOn'), <input type="date" value={form.endsOn} onChange={set('endsOn')} aria-invalid={errors.endsOn ? true : undefined} />)}
        {field('target', t('competitions.target'), <input inputMode="decimal" value={form.target} onChange={set('target')} />)}
        {field('prize', t('competitions.prize'), <input value={form.prize} onChange={set('prize')} />)}
        <button type="button" className="button primary" onClick={() => void create()}>
          {t('competitions.create')}
        </button>
      </div>
    </section>
  );
}
