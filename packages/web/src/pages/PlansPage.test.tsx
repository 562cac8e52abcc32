// The plans page against a stubbed server: the leaderboard and the progress bars refetch when the progress
// stream announces a win, and the plans grid shows a refused target beside the person it was sent for.
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../i18n';
import { ToastProvider } from '../components/Toasts';
import { SessionProvider, useSession } from '../app/session';
import PlansPage from './PlansPage';

const head = { id: 'h1', email: 'h@example.ru', name: 'Ирина', locale: 'ru', isActive: true, teamId: 't1', managerId: null, roleKey: 'head_of_sales', roleName: 'Head of sales' };
const plan = (actual: number) => ({
  id: 'p1', userId: 'a1', userName: 'Анна', teamId: null, teamName: 'Отдел', measure: 'won_amount', periodKind: 'month', periodStart: '2026-12-01', periodEnd: '2027-01-01',
  mode: 'fixed', target: 1000, actual, percent: actual / 10, canEdit: true,
});

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

function server(state: { won: boolean }, onGrid?: (body: unknown) => Response) {
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
  return vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user: head, permissions: { deals: { read: 'all' } }, csrfToken: 'c' });
    if (url.startsWith('/api/v1/plans/people')) return json(200, { data: [{ id: 'b1', name: 'Борис', teamId: 't1', teamName: 'Отдел' }, { id: 'a1', name: 'Анна', teamId: 't1', teamName: 'Отдел' }] });
    if (url.startsWith('/api/v1/plans/grid') && onGrid) return onGrid(JSON.parse(String(init?.body)));
    if (url.startsWith('/api/v1/plans')) return json(200, { period: { kind: 'month', start: '2026-12-01', end: '2027-01-01' }, canManage: true, data: [plan(state.won ? 600 : 100)] });
    if (url.startsWith('/api/v1/gamification/teams')) return json(200, { data: [{ id: 't1', name: 'Отдел', optedOut: false, canManage: true }] });
    if (url.startsWith('/api/v1/gamification/leaderboard')) return json(200, { team: { id: 't1', name: 'Отдел', optedOut: false }, data: [{ rank: 1, userId: 'a1', name: 'Анна', points: state.won ? 100 : 50, wins: state.won ? 2 : 1, badges: ['first_win'] }] });
    return json(404, { error: { code: 'NOT_FOUND', message: url } });
  });
}

function AfterLogin({ children }: { children: ReactNode }) {
  return useSession().me ? children : null;
}

function renderAt(path: string) {
  setLocale('ru');
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[path]}>
        <ToastProvider>
          <SessionProvider>
            <AfterLogin>
              <Routes>
                <Route path="plans/*" element={<PlansPage />} />
              </Routes>
            </AfterLogin>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('plans page', () => {
  it('moves the bar and the leaderboard when the stream announces progress', async () => {
    const state = { won: false };
    vi.stubGlobal('fetch', server(state));
    vi.stubGlobal('EventSource', FakeEventSource);
    renderAt('/plans');
    const bar = await screen.findByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '10');
    const row = document.querySelector('tr[data-user-id="a1"] td.points')!;
    expect(row).toHaveTextContent('50');
    expect(FakeEventSource.last?.url).toBe('/api/v1/gamification/stream');
    state.won = true;
    FakeEventSource.last!.emit('progress', { userId: 'a1' });
    await waitFor(() => expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '60'));
    await waitFor(() => expect(document.querySelector('tr[data-user-id="a1"] td.points')).toHaveTextContent('100'));
    expect(screen.getByText('Первая победа')).toBeInTheDocument();
  });

  it('shows a refused target beside the person it was sent for', async () => {
    let sent: unknown;
    vi.stubGlobal(
      'fetch',
      server({ won: false }, (body) => {
        sent = body;
        return new Response(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ field: 'plans[0].target', problem: 'must not be negative' }] } }), { status: 400 });
      }),
    );
    vi.stubGlobal('EventSource', FakeEventSource);
    renderAt('/plans/grid');
    const anna = await screen.findByLabelText('План: Анна');
    await userEvent.clear(anna);
    await userEvent.type(anna, '-5');
    await userEvent.click(screen.getByRole('button', { name: 'Сохранить планы' }));
    // Only Anna's changed row was sent, as plans[0]; the problem shows in her row, not Boris's (the first row).
    await waitFor(() => expect(anna).toHaveAttribute('aria-invalid', 'true'));
    expect((sent as { plans: unknown[] }).plans).toEqual([{ userId: 'a1', target: -5 }]);
    expect(screen.getByLabelText('План: Борис')).not.toHaveAttribute('aria-invalid');
  });
});
