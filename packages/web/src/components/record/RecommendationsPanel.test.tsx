import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { SessionProvider, useSession } from '../../app/session';
import { RecommendationsPanel } from './RecommendationsPanel';

const user = { id: 'u1', email: 'a@example.ru', name: 'Анна', locale: 'ru', isActive: true, teamId: null, managerId: null, roleKey: 'sales_manager', roleName: 'Sales manager' };
const allRights = { read: 'own', create: 'own', update: 'own' };
const recommendations = {
  modelVersion: 3,
  companyId: 'c1',
  coldStart: false,
  items: [
    { productId: 'p1', sku: 'SKU-1', name: 'Картридж', price: '1200.00', currency: 'RUB', score: 2, explanation: { kind: 'bought-together' }, explanationText: 'Часто покупают вместе с «Принтер»: достоверность 0,62, лифт 3,1' },
    { productId: 'p2', sku: 'SKU-2', name: 'Бумага', price: '300.00', currency: 'RUB', score: 1, explanation: { kind: 'popular' }, explanationText: 'Популярно у всех клиентов (40%)' },
  ],
};

function server(permissions: Record<string, unknown>, recommendationsStatus = 200) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user, permissions, csrfToken: 'c' });
    if (url.includes('/recommendations'))
      return recommendationsStatus === 200 ? json(200, recommendations) : json(404, { error: { code: 'NOT_FOUND', message: 'No analytics model has been trained yet', details: { object: 'analytics_model' } } });
    if (url.startsWith('/api/v1/companies/c1/deals')) return json(200, { data: [{ id: 'd1', title: 'Поставка картриджей' }], nextCursor: null });
    if (url.startsWith('/api/v1/companies/c1/orders')) return json(200, { data: [{ id: 'o1', number: 'ORD-000007', status: 'new', shipmentStatus: 'not_shipped' }], nextCursor: null });
    if (url === '/api/v1/deals/d1/products' && method === 'GET') return json(200, { lines: [{ productId: 'p9', quantity: '2.000', price: '10.00', discountPercent: '0.00' }], total: '20.00' });
    if (url === '/api/v1/deals/d1/products' && method === 'PUT') return json(200, { lines: [], total: '0' });
    if (url === '/api/v1/orders' && method === 'POST') return json(201, { id: 'o2', number: 'ORD-000008' });
    return json(404, { error: { code: 'NOT_FOUND', message: `No route ${url}` } });
  });
  return { fetchMock, calls };
}

/** As inside the app's shell: the card renders once the session is known. */
function AfterLogin({ children }: { children: ReactNode }) {
  return useSession().me ? children : null;
}

function renderPanel() {
  setLocale('ru');
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter>
        <ToastProvider>
          <SessionProvider>
            <AfterLogin>
              <RecommendationsPanel object="contacts" id="k1" record={{ id: 'k1', fullName: 'Иван Петров' }} />
            </AfterLogin>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('recommended products on a card', () => {
  it('shows each product with its explanation and score, and adds one to an open deal of the customer in one click', async () => {
    const { fetchMock, calls } = server({ deals: allRights, orders: allRights, products: { read: 'all' } });
    vi.stubGlobal('fetch', fetchMock);
    renderPanel();
    expect(await screen.findByText('Картридж')).toBeInTheDocument();
    expect(screen.getByText('Часто покупают вместе с «Принтер»: достоверность 0,62, лифт 3,1')).toBeInTheDocument();
    expect(screen.getByText('Модель v3')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Добавить «Картридж» в сделку или заказ' }));
    const menu = await screen.findByRole('menu');
    // The contact's company decides which deals and orders are offered.
    expect(await within(menu).findByRole('menuitem', { name: 'В сделку «Поставка картриджей»' })).toBeInTheDocument();
    expect(within(menu).getByRole('menuitem', { name: 'В заказ ORD-000007' })).toBeInTheDocument();
    expect(within(menu).getByRole('menuitem', { name: 'Новый заказ' })).toBeInTheDocument();
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'В сделку «Поставка картриджей»' }));
    expect(await screen.findByText('«Картридж» добавлен в сделку «Поставка картриджей»')).toBeInTheDocument();
    const put = calls.find((call) => call.method === 'PUT');
    expect(put).toEqual({ method: 'PUT', url: '/api/v1/deals/d1/products', body: { lines: [{ productId: 'p9', quantity: '2.000', price: '10.00', discountPercent: '0.00' }, { productId: 'p1', quantity: '1' }] } });
    expect(calls.some((call) => call.url.startsWith('/api/v1/companies/c1/deals?') && call.url.includes('stageKind'))).toBe(true);
  });

  it('creates a new order for the contact and its company', async () => {
    const { fetchMock, calls } = server({ deals: allRights, orders: allRights, products: { read: 'all' } });
    vi.stubGlobal('fetch', fetchMock);
    renderPanel();
    await userEvent.click(await screen.findByRole('button', { name: 'Добавить «Бумага» в сделку или заказ' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Новый заказ' }));
    expect(await screen.findByText('Создан заказ ORD-000008 с «Бумага»')).toBeInTheDocument();
    expect(calls.find((call) => call.method === 'POST' && call.url === '/api/v1/orders')?.body).toEqual({ companyId: 'c1', contactId: 'k1', status: 'new', lines: [{ productId: 'p2', quantity: '1' }] });
  });

  it('offers no add button to a user who may not change deals or orders, and explains when no model exists', async () => {
    const readOnly = server({ products: { read: 'all' }, deals: { read: 'all' }, orders: { read: 'all' } });
    vi.stubGlobal('fetch', readOnly.fetchMock);
    const { unmount } = renderPanel();
    expect(await screen.findByText('Картридж')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Добавить/ })).not.toBeInTheDocument();
    unmount();
    vi.stubGlobal('fetch', server({ products: { read: 'all' } }, 404).fetchMock);
    renderPanel();
    expect(await screen.findByText(/Рекомендации появятся, когда администратор обучит модель/)).toBeInTheDocument();
  });
});
