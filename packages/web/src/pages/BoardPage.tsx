// The pipeline board: drag a deal to another stage (or use its "move to" menu from the keyboard).
// The move shows at once and is rolled back, with the server's reason, if the server refuses it.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { RecordValues } from '../api/types';
import { can, useMe } from '../app/session';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/States';
import { useToast } from '../components/Toasts';
import { usePipelines } from '../lib/lookups';
import { formatMoney } from '../lib/format';
import { currentLocale } from '../i18n';
import { LoseDealDialog, type LossChoice } from '../components/lost-reasons/LoseDealDialog';

interface BoardStage {
  id: string;
  name: string;
  kind: string;
  /** The stage's probability in per cent (0-100). */
  probability?: number;
  count: number;
  sum: string;
  /** sum × probability / 100, computed by the server over every deal of the column. */
  weightedSum?: string;
  staleCount: number;
  deals: (RecordValues & { title?: string; amount?: string; currency?: string; stale?: boolean })[];
}
interface Board {
  pipeline: { id: string; name: string };
  staleDays?: number;
  stages: BoardStage[];
}

/** Kopecks of a "123.45" amount (money is added in whole kopecks so that 0.1 + 0.2 stays 0.30). */
function kopecks(value: string | number | undefined | null): number {
  return Math.round(Number(value ?? 0) * 100);
}

function money(kopeckCount: number): string {
  return (kopeckCount / 100).toFixed(2);
}

/** A column's weighted sum: the server's figure, or sum × probability when an older server sent none. */
export function stageWeightedSum(stage: Pick<BoardStage, 'sum' | 'weightedSum' | 'probability'>): string {
  return stage.weightedSum ?? money(Math.round((kopecks(stage.sum) * (stage.probability ?? 0)) / 100));
}

/** The weighted pipeline: the open columns' weighted sums (won deals are no longer a forecast, lost ones weigh 0). */
export function weightedPipelineTotal(board: Pick<Board, 'stages'>): string {
  return money(board.stages.filter((stage) => stage.kind === 'open').reduce((sum, stage) => sum + kopecks(stageWeightedSum(stage)), 0));
}

/** The board with one deal moved to another stage (counts, sums and weighted sums follow). */
export function moveOnBoard(board: Board, dealId: string, toStageId: string): Board {
  const from = board.stages.find((stage) => stage.deals.some((deal) => deal.id === dealId));
  const deal = from?.deals.find((item) => item.id === dealId);
  if (!from || !deal || from.id === toStageId) return board;
  const amount = kopecks(deal.amount);
  const shift = (stage: BoardStage, sign: 1 | -1) => ({
    count: stage.count + sign,
    sum: money(kopecks(stage.sum) + sign * amount),
    weightedSum: money(kopecks(stageWeightedSum(stage)) + sign * Math.round((amount * (stage.probability ?? 0)) / 100)),
  });
  return {
    ...board,
    stages: board.stages.map((stage) => {
      if (stage.id === from.id) return { ...stage, ...shift(stage, -1), deals: stage.deals.filter((item) => item.id !== dealId) };
      if (stage.id === toStageId) return { ...stage, ...shift(stage, 1), deals: [{ ...deal, stageId: toStageId }, ...stage.deals] };
      return stage;
    }),
  };
}

const scopes = ['mine', 'team', 'all'] as const;
type Scope = (typeof scopes)[number];

export function defaultScope(roleKey: string): Scope {
  return roleKey === 'sales_manager' ? 'mine' : roleKey === 'head_of_sales' ? 'team' : 'all';
}

function validDays(text: string): boolean {
  return /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= 365;
}

function readStored<T extends string>(key: string, fallback: T): T {
  try {
    const value = sessionStorage.getItem(key);
    if (key.endsWith('scope')) return (scopes as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
    return value && validDays(value) ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

function store(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    /* storage disabled */
  }
}

export default function BoardPage() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const { user } = useMe();
  // A sales manager starts on their own deals, a head of sales on the team's; the choice lasts the visit.
  const [scope, setScope] = useState<Scope>(() => readStored('svyaz.board.scope', defaultScope(user.roleKey)));
  const [staleDays, setStaleDays] = useState<string>(() => readStored<string>('svyaz.board.staleDays', '14'));
  if (pipelines.isPending) return <Loading />;
  if (pipelines.isError) return <ErrorState error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
  const list = pipelines.data;
  if (!list.length) return <Empty title={t('board.noPipelines')} />;
  const current = list.find((pipeline) => pipeline.id === pipelineId) ?? list.find((pipeline) => pipeline.isDefault) ?? list[0];
  return (
    <section className="page board-page" aria-labelledby="board-title">
      <header className="page-header">
        <h1 id="board-title">{t('board.title')}</h1>
        <div className="toolbar">
          <label className="sr-only" htmlFor="board-pipeline">
            {t('board.pipeline')}
          </label>
          <select id="board-pipeline" value={current.id} onChange={(event) => setPipelineId(event.target.value)}>
            {list.map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
              </option>
            ))}
          </select>
          <div className="segmented" role="group" aria-label={t('board.scope')}>
            {scopes.map((item) => (
              <button
                key={item}
                type="button"
                className="button"
                aria-pressed={scope === item}
                onClick={() => {
                  setScope(item);
                  store('svyaz.board.scope', item);
                }}
              >
                {t(`board.scopes.${item}`)}
              </button>
            ))}
          </div>
          <label className="inline-label" htmlFor="board-stale-days">
            {t('board.staleDays')}
          </label>
          <input
            id="board-stale-days"
            className="narrow-input"
            type="number"
            min={1}
            max={365}
            value={staleDays}
            onChange={(event) => {
              setStaleDays(event.target.value);
              if (validDays(event.target.value)) store('svyaz.board.staleDays', event.target.value);
            }}
          />
        </div>
      </header>
      <PipelineBoard pipelineId={current.id} scope={scope} staleDays={validDays(staleDays) ? staleDays : '14'} />
    </section>
  );
}

function PipelineBoard({ pipelineId, scope, staleDays }: { pipelineId: string; scope: Scope; staleDays: string }) {
  const { t } = useTranslation();
  const { permissions } = useMe();
  const client = useQueryClient();
  const toast = useToast();
  const message = useErrorMessage();
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const queryKey = ['board', pipelineId, scope, staleDays];
  const board = useQuery({ queryKey, queryFn: () => api<Board>(`/pipelines/${pipelineId}/board`, { query: { scope, staleDays, limit: 50 } }), placeholderData: (previous) => previous });
  const canMove = can(permissions, 'deals', 'update');
  const locale = currentLocale();

  const [losing, setLosing] = useState<{ dealId: string; toStageId: string; title: string } | null>(null);

  async function move(dealId: string, toStageId: string, loss?: LossChoice) {
    const before = client.getQueryData<Board>(queryKey);
    if (!before) return;
    const target = before.stages.find((stage) => stage.id === toStageId);
    if (target?.kind === 'lost' && !loss) {
      const deal = before.stages.flatMap((stage) => stage.deals).find((item) => item.id === dealId);
      if (deal && deal.stageId !== toStageId) setLosing({ dealId, toStageId, title: String(deal.title ?? '') });
      return;
    }
    const after = moveOnBoard(before, dealId, toStageId);
    if (after === before) return;
    client.setQueryData(queryKey, after);
    try {
      await api(`/deals/${dealId}/move`, { method: 'POST', body: { stageId: toStageId, ...(loss ?? {}) } });
      toast({ message: t('board.moved', { stage: target?.name ?? '' }), tone: 'success', timeoutMs: 3000 });
      void client.invalidateQueries({ queryKey: ['list', 'deals'] });
      if (loss) void client.invalidateQueries({ queryKey: ['analyses'] });
      // The server's sums replace the estimate (rounding per column, deals beyond the loaded cards).
      void client.invalidateQueries({ queryKey: ['board', pipelineId] });
    } catch (error) {
      client.setQueryData(queryKey, before);
      toast({ message: t('board.moveRefused', { reason: message(error) }), tone: 'error' });
    }
  }

  if (board.isPending) return <Loading />;
  if (board.isError) return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  const stages = board.data.stages;
  return (
    <>
    <p className="board-pipeline-total" data-testid="board-weighted-total" title={t('pipelineTotals.pipelineHint', { sum: formatMoney(openSum(stages), locale) })}>
      <span className="muted">{t('pipelineTotals.pipeline')}:</span> <strong className="num">{formatMoney(weightedPipelineTotal(board.data), locale)}</strong>
    </p>
    <div className="board" data-testid="board">
      {losing && (
        <LoseDealDialog
          pipelineId={pipelineId}
          dealTitle={losing.title}
          onCancel={() => setLosing(null)}
          onConfirm={(choice) => {
            setLosing(null);
            void move(losing.dealId, losing.toStageId, choice);
          }}
        />
      )}
      {stages.map((stage) => (
        <section
          key={stage.id}
          className={`board-column board-${stage.kind}${over === stage.id ? ' drop-target' : ''}`}
          aria-label={stage.name}
          data-stage-id={stage.id}
          onDragOver={(event) => {
            if (!dragging) return;
            event.preventDefault();
            setOver(stage.id);
          }}
          onDragLeave={() => setOver((current) => (current === stage.id ? null : current))}
          onDrop={(event) => {
            event.preventDefault();
            const id = event.dataTransfer.getData('text/plain') || dragging;
            setOver(null);
            setDragging(null);
            if (id) void move(id, stage.id);
          }}
        >
          <header className="board-column-header">
            <h2>{stage.name}</h2>
            <span className="muted small">
              {t('board.summary', { count: stage.count, sum: formatMoney(stage.sum, locale) })}
            </span>
            <span className="muted small board-weighted" data-testid="stage-weighted">
              {t('pipelineTotals.weighted', { sum: formatMoney(stageWeightedSum(stage), locale), probability: stage.probability ?? 0 })}
            </span>
          </header>
          <ul className="board-cards">
            {stage.deals.map((deal) => (
              <li
                key={deal.id}
                className={`deal-card${deal.stale ? ' stale' : ''}`}
                draggable={canMove}
                data-deal-id={deal.id}
                onDragStart={(event) => {
                  event.dataTransfer.setData('text/plain', deal.id);
                  event.dataTransfer.effectAllowed = 'move';
                  setDragging(deal.id);
                }}
                onDragEnd={() => setDragging(null)}
              >
                <Link to={`/deals/${deal.id}`} className="deal-title">
                  {deal.title}
                </Link>
                <span className="num">{formatMoney(deal.amount ?? null, locale, deal.currency)}</span>
                {deal.stale && <span className="badge badge-warn">{t('board.staleFor', { count: board.data.staleDays ?? Number(staleDays) })}</span>}
                {canMove && (
                  <select aria-label={t('board.moveTo', { title: deal.title })} value={stage.id} onChange={(event) => void move(deal.id, event.target.value)} className="move-select">
                    {stages.map((option) => (
                      <option key={option.id} value={option.id}>
                        {option.name}
                      </option>
                    ))}
                  </select>
                )}
              </li>
            ))}
            {stage.count > stage.deals.length && (
              <li className="muted small">
                <Link to={`/deals?filter[stageId][eq]=${stage.id}`}>{t('board.more', { count: stage.count - stage.deals.length })}</Link>
              </li>
            )}
          </ul>
        </section>
      ))}
    </div>
    </>
  );
}

function openSum(stages: BoardStage[]): string {
  return money(stages.filter((stage) => stage.kind === 'open').reduce((sum, stage) => sum + kopecks(stage.sum), 0));
}
