// The call-list work screen in English, against a fake of the server: the record and its phone, an outcome
// with a note and a follow-up date posted as the API expects, then the next record, then "nothing left".
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { AppRoutes, createQueryClient } from '../../app/App';
import { SessionProvider } from '../../app/session';

const user = { id: 'u1', email: 'anna@example.com', name: 'Anna Manager', locale: 'en', isActive: true, teamId: null, managerId: null, roleKey: 'sales_manager', roleName: 'Sales manager' };
const permissions = { contacts: { read: 'own', update: 'own' }, activities: { create: 'own' }, users: { read: 'all' }, settings: { read: 'none' } };
const progress = (done: number) => ({ total: 2, done, pending: 2 - done, waiting: 0, inProgress: 0, skipped: 0, percent: done * 50, byOutcome: {}, byCaller: [{ userId: 'u1', name: 'Anna Manager', done, pending: 2 - done, inProgress: 0 }] });
const item = (id: string, name: string, phone: string) => ({ id, name, phone, recordType: 'contact', recordId: `r-${id}`, attempts: 0, note: null, outcome: null, record: { id: `r-${id}`, fullName: name, position: 'Buyer' } });

function fakeServer() {
  const queue = [item('i1', 'Smith Peter', '+74951234567'), item('i2', 'Jones Olga', '+74957654321')];
  const outcomes: unknown[] = [];
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user, permissions, csrfToken: 'c1' });
    if (url === '/api/v1/call-lists/l1/next') return json(200, { item: queue[0] ?? null, waiting: 0, nextAvailableAt: null });
    if (url.startsWith('/api/v1/call-lists/l1/items/') && init?.method === 'POST') {
      outcomes.push({ url, body: JSON.parse(String(init.body)) });
      queue.shift();
      return json(200, { requeued: false });
    }
    if (url === '/api/v1/call-lists/l1') return json(200, { id: 'l1', name: 'Spring calls', object: 'contacts', status: 'active', callerIds: ['u1'], createdBy: 'u1', createdByName: 'Anna Manager', isCaller: true, progress: progress(outcomes.length) });
    return json(200, { data: [] });
  });
  return { fetchMock, outcomes };
}

afterEach(() => vi.unstubAllGlobals());

describe('call list work screen', () => {
  it('shows the record, posts the outcome with note and follow-up, then offers the next record', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server.fetchMock);
    setLocale('en');
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter initialEntries={['/call-lists/l1']}>
          <ToastProvider>
            <SessionProvider>
              <AppRoutes />
            </SessionProvider>
          </ToastProvider>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const events = userEvent.setup();
    expect(await screen.findByRole('link', { name: 'Smith Peter' })).toHaveAttribute('href', '/contacts/r-i1');
    expect(screen.getByText('Buyer')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await events.click(screen.getByRole('button', { name: 'Call back' }));
    expect((screen.getByLabelText('Follow-up task on') as HTMLInputElement).value).not.toBe('');
    await events.type(screen.getByLabelText('Note'), 'Call after lunch');
    await events.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('link', { name: 'Jones Olga' })).toBeInTheDocument();
    const [first] = server.outcomes as { url: string; body: { outcome: string; note: string; followUp: { dueAt: string } } }[];
    expect(first.url).toBe('/api/v1/call-lists/l1/items/i1/outcome');
    expect(first.body).toMatchObject({ outcome: 'callback', note: 'Call after lunch' });
    expect(Date.parse(first.body.followUp.dueAt)).toBeGreaterThan(Date.now());
    expect(await screen.findByText('1 of 2 done')).toBeInTheDocument();

    await events.click(screen.getByRole('button', { name: 'Not interested' }));
    await events.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Nothing left for you now.')).toBeInTheDocument();
  });
});
