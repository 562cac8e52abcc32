// The team dashboard against a stubbed server: the plans' progress bars are there (for the chosen team) and
// move when the progress stream announces a won deal, as on the plans page and the manager's desk.
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../i18n';
import { ToastProvider } from '../components/Toasts';
import { SessionProvider, useSession } from '../app/session';
import DashboardPage from './DashboardPage';

vi.mock('../components/Chart', () => ({ default: ({ label }: { label: string }) => <div role="img" aria-label={label} /> }));

const head = { id: 'h1', email: 'h@example.ru', name: 'Ирина', locale: 'ru', isActive: true, teamId: 't1', managerId: null, roleKey: 'head_of_sales', roleName: 'Head of sales' };
const plan = (actual: number) => ({
  id: 'p1', userId: 'a1', userName: 'Анна', teamId: null, teamName: 'Отдел А', measure: 'won_amount', periodKind: 'month', periodStart: '2026-12-01', periodEnd: '2027-01-01',
  mode: 'fixed', target: 1000, actual, percent: actual / 10, canEdit: true,
});
const dashboard = {
  period: { from: '2026-12-01', to: '2026-12-31', tz: '+03:00' }, pipelineId: 'pl1', teamIds: ['t1'],
  funnel: [], openByStage: [], wonByMonth: [], newCompaniesByMonth: [], activitiesByManager: [], openDealsByManager: [],
};

class FakeEventSource {
  static last: FakeEventSource | null = null;
  listeners = new Map<string, (event: MessageEvent) => void>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  removeEventListener(type: string) {
    this.listeners.delete(type);
  }
  close() {}
  emit(type: string, data: unknown) {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

function server(state: { won: boolean }, planUrls: string[]) {
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
  return vi.fn(async (input: string) => {
    const url = String(input);
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user: head, permissions: { deals: { read: 'all' }, tasks: { read: 'own' } }, csrfToken: 'c' });
    if (url.startsWith('/api/v1/reports/dashboard')) return json(200, dashboard);
    if (url.startsWith('/api/v1/pipelines')) return json(200, { data: [] });
    if (url.startsWith('/api/v1/teams')) return json(200, { data: [{ id: 't1', name: 'Отдел А' }, { id: 't2', name: 'Отдел Б' }] });
    if (url.startsWith('/api/v1/plans')) {
      planUrls.push(url);
      return json(200, { period: { kind: 'month', start: '2026-12-01', end: '2027-01-01' }, canManage: true, data: [plan(state.won ? 600 : 100)] });
    }
    return json(404, { error: { code: 'NOT_FOUND', message: url } });
  });
}

function AfterLogin({ children }: { children: ReactNode }) {
  return useSession().me ? children : null;
}

afterEach(() => vi.unstubAllGlobals());

describe('team dashboard', () => {
  it("shows the team's plan progress bars, for the chosen team, moving when a deal is won", async () => {
    const state = { won: false };
    const planUrls: string[] = [];
    vi.stubGlobal('fetch', server(state, planUrls));
    vi.stubGlobal('EventSource', FakeEventSource);
    setLocale('ru');
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={['/dashboard']}>
          <ToastProvider>
            <SessionProvider>
              <AfterLogin>
                <DashboardPage />
              </AfterLogin>
            </SessionProvider>
          </ToastProvider>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const plans = await screen.findByRole('region', { name: /Планы команды/ });
    const person = await within(plans).findByRole('region', { name: 'Анна' });
    expect(within(person).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '10');
    // A head of sales starts with their own team: the plans are asked for that team.
    expect(planUrls[0]).toContain('teamId=t1');
    expect(FakeEventSource.last?.url).toBe('/api/v1/gamification/stream');
    state.won = true;
    FakeEventSource.last!.emit('progress', { userId: 'a1' });
    await waitFor(() => expect(within(person).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '60'));
    await userEvent.selectOptions(screen.getByLabelText('Отдел'), '');
    await waitFor(() => expect(planUrls.some((url) => !url.includes('teamId='))).toBe(true));
    expect(within(plans).getByRole('link', { name: 'Все планы, рейтинг и соревнования' })).toHaveAttribute('href', '/plans');
  });
});
