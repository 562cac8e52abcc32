import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../i18n';
import { ToastProvider } from '../components/Toasts';
import { AppRoutes, createQueryClient } from '../app/App';
import { SessionProvider } from '../app/session';

const manager = { id: 'u1', email: 'anna@example.ru', name: 'Анна Менеджер', locale: 'ru', isActive: true, teamId: null, managerId: null, roleKey: 'sales_manager', roleName: 'Sales manager' };
const permissions = { tasks: { read: 'own', create: 'own', update: 'own' }, activities: { read: 'own', create: 'own', update: 'own' }, users: { read: 'all' } };

function fakeServer(options: { refuseMoves: boolean }) {
  const task = {
    type: 'task',
    id: 't1',
    title: 'Позвонить в банк',
    start: new Date(2026, 2, 4, 10, 0).toISOString(),
    end: null,
    ownerId: 'u1',
    ownerName: 'Анна Менеджер',
    status: 'open',
    priority: 'normal',
    overdue: false,
    remindAt: null,
    recordType: null,
    recordId: null,
    editable: true,
  };
  const patches: { url: string; body: unknown }[] = [];
  const calendarQueries: URLSearchParams[] = [];
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user: manager, permissions, csrfToken: 'c1' });
    if (url.startsWith('/api/v1/calendar')) {
      calendarQueries.push(new URL(url, 'http://x').searchParams);
      return json(200, { items: [task], members: [], truncated: false });
    }
    if (init?.method === 'PATCH') {
      const body = JSON.parse(String(init.body));
      patches.push({ url, body });
      if (options.refuseMoves) return json(403, { error: { code: 'FORBIDDEN', message: 'You may not update this task', details: null } });
      task.start = body.dueAt;
      return json(200, { id: 't1', dueAt: body.dueAt });
    }
    return json(200, { data: [] });
  });
  return { fetchMock, patches, calendarQueries };
}

function renderCalendar(path: string) {
  setLocale('ru');
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <ToastProvider>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const cell = (day: string) => document.querySelector<HTMLElement>(`[data-day="${day}"]`)!;

afterEach(() => vi.unstubAllGlobals());

describe('the calendar page', () => {
  it('asks for the whole weeks of the month, Monday first, and moves a task a day on Shift+→', async () => {
    const server = fakeServer({ refuseMoves: false });
    vi.stubGlobal('fetch', server.fetchMock);
    renderCalendar('/calendar?view=month&date=2026-03-04');
    const item = await screen.findByRole('button', { name: /Задача: Позвонить в банк/ });
    // March 2026 begins on a Sunday: the grid runs from Monday 23 February to Sunday 5 April.
    expect(new Date(server.calendarQueries[0].get('from')!).getTime()).toBe(new Date(2026, 1, 23).getTime());
    expect(new Date(server.calendarQueries[0].get('to')!).getTime()).toBe(new Date(2026, 3, 6).getTime());
    expect(server.calendarQueries[0].get('scope')).toBe('me');
    expect(screen.getAllByRole('columnheader')[0]).toHaveTextContent('пн');
    expect(within(cell('2026-03-04')).getByText('Позвонить в банк')).toBeInTheDocument();

    item.focus();
    fireEvent.keyDown(item, { key: 'ArrowRight', shiftKey: true });
    await waitFor(() => expect(server.patches).toHaveLength(1));
    expect(server.patches[0]).toEqual({ url: '/api/v1/tasks/t1', body: { dueAt: new Date(2026, 2, 5, 10, 0).toISOString() } });
    await waitFor(() => expect(within(cell('2026-03-05')).getByText('Позвонить в банк')).toBeInTheDocument());
    expect(within(cell('2026-03-04')).queryByText('Позвонить в банк')).not.toBeInTheDocument();
    expect(await screen.findByText(/перенесено на/)).toBeInTheDocument();
  });

  it('puts a refused move back where it was and says why', async () => {
    const server = fakeServer({ refuseMoves: true });
    vi.stubGlobal('fetch', server.fetchMock);
    renderCalendar('/calendar?view=month&date=2026-03-04');
    const item = await screen.findByRole('button', { name: /Задача: Позвонить в банк/ });
    fireEvent.keyDown(item, { key: 'ArrowLeft', shiftKey: true });
    expect(await screen.findByText(/^Не перенесено:/)).toBeInTheDocument();
    expect(server.patches[0].body).toEqual({ dueAt: new Date(2026, 2, 3, 10, 0).toISOString() });
    expect(within(cell('2026-03-04')).getByText('Позвонить в банк')).toBeInTheDocument();
    expect(within(cell('2026-03-03')).queryByText('Позвонить в банк')).not.toBeInTheDocument();
  });
});
