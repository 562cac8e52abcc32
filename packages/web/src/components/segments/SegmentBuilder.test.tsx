// The segment builder on the segments page against a stubbed server: adding a purchase condition sends the
// definition the API takes (the empty product dropped, the dates given) and shows the live count; a problem the
// server names (`conditions[0].to`) appears on that condition's row; saving posts the definition.
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { SessionProvider, useSession } from '../../app/session';
import SegmentsPage from '../../pages/SegmentsPage';
import { problemsByRow, toApiConditions } from '../../lib/segments';

const head = { id: 'h1', email: 'h@example.ru', name: 'Ирина', locale: 'ru', isActive: true, teamId: 't1', managerId: null, roleKey: 'head_of_sales', roleName: 'Head of sales' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

function server(previews: unknown[], saved: unknown[]) {
  return vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user: head, permissions: { contacts: { read: 'all', export: 'all' }, companies: { read: 'all' }, products: { read: 'all' } }, csrfToken: 'c' });
    if (url.startsWith('/api/v1/products')) return json(200, { data: [{ id: 'p1', name: 'Шина зимняя', sku: 'T1', category: 'Шины' }, { id: 'p2', name: 'Фургон', sku: 'V1', category: 'Фургоны' }], nextCursor: null });
    if (url.startsWith('/api/v1/custom-fields')) return json(200, { data: [] });
    if (url.startsWith('/api/v1/segments/preview')) {
      const body = JSON.parse(String(init?.body));
      previews.push(body);
      const purchase = body.conditions[0];
      if (purchase?.from && purchase?.to && purchase.to < purchase.from) return json(400, { error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ field: 'conditions[0].to', problem: 'must not be before from' }] } });
      return json(200, { object: 'contacts', count: purchase ? 1234 : 5000, data: [{ id: 'k1', fullName: 'Иванов Иван', emails: ['ivanov@alfa.test'], phones: [], city: 'Казань' }] });
    }
    if (url === '/api/v1/segments' && init?.method === 'POST') {
      saved.push(JSON.parse(String(init.body)));
      return json(201, { id: 's1', name: 'Шины весной', object: 'contacts', kind: 'dynamic', visibility: 'team', conditions: [], ownerId: 'h1', ownerName: 'Ирина', isOwner: true, createdAt: '', updatedAt: '' });
    }
    if (url.startsWith('/api/v1/segments')) return json(200, { data: [] });
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
                <Route path="segments/:id" element={<SegmentsPage />} />
                <Route path="segments" element={<SegmentsPage />} />
              </Routes>
            </AfterLogin>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('segment builder', () => {
  it('builds "bought category X between dates", shows the live count, the row\'s problem, and saves', async () => {
    const previews: { conditions: Record<string, unknown>[] }[] = [];
    const saved: Record<string, unknown>[] = [];
    vi.stubGlobal('fetch', server(previews, saved));
    renderAt('/segments/new');
    expect(await screen.findByText('Подходят 5 000 записей (с вашими правами)')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Название'), 'Шины весной');
    await userEvent.selectOptions(screen.getByLabelText('Добавить условие', { selector: 'select' }), 'purchased');
    const row = screen.getAllByRole('listitem').find((item) => within(item).queryByText('Купил'))!;
    await userEvent.selectOptions(await within(row).findByLabelText('Категория'), 'Шины');
    await userEvent.type(within(row).getByLabelText('с'), '2026-03-01');
    await userEvent.type(within(row).getByLabelText('по'), '2026-05-31');
    expect(await screen.findByText('Подходят 1 234 записи (с вашими правами)')).toBeInTheDocument();
    expect(previews[previews.length - 1].conditions).toEqual([{ kind: 'purchased', category: 'Шины', from: '2026-03-01', to: '2026-05-31', tz: expect.stringMatching(/^[+-]\d\d:\d\d$/) }]);
    expect(screen.getByText('Иванов Иван')).toBeInTheDocument();

    // Dates backwards: the server's problem shows on the condition's own row.
    await userEvent.clear(within(row).getByLabelText('по'));
    await userEvent.type(within(row).getByLabelText('по'), '2026-01-31');
    expect(await within(row).findByRole('alert')).toHaveTextContent('to: must not be before from');
    await userEvent.clear(within(row).getByLabelText('по'));
    await userEvent.type(within(row).getByLabelText('по'), '2026-05-31');
    await waitFor(() => expect(within(row).queryByRole('alert')).toBeNull());

    await userEvent.selectOptions(screen.getByLabelText('Видят'), 'team');
    await userEvent.click(screen.getByRole('button', { name: 'Сохранить сегмент' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ name: 'Шины весной', object: 'contacts', kind: 'dynamic', visibility: 'team', conditions: [{ kind: 'purchased', category: 'Шины', from: '2026-03-01', to: '2026-05-31' }] });
  });

  it('maps server problems to condition rows and drops empty purchase parts', () => {
    expect(problemsByRow([{ field: 'conditions[2].value', problem: 'is not a date' }, { field: 'name', problem: 'x' }, { field: 'conditions[0].conditions[1].field', problem: 'unknown field' }])).toEqual({ 2: 'value: is not a date', 0: 'conditions[1].field: unknown field' });
    expect(toApiConditions([{ kind: 'purchased', productId: 'p1', category: '', tz: '+03:00' }, { kind: 'any', conditions: [{ kind: 'purchased', category: ' Шины ', tz: '+03:00' }] }])).toEqual([
      { kind: 'purchased', productId: 'p1', tz: '+03:00' },
      { kind: 'any', conditions: [{ kind: 'purchased', category: 'Шины', tz: '+03:00' }] },
    ]);
  });
});
