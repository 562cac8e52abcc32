import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../i18n';
import { ToastProvider } from '../components/Toasts';
import { AppRoutes, createQueryClient } from './App';
import { SessionProvider, landingPath } from './session';
import { safeNext } from '../pages/LoginPage';

const manager = { id: 'u1', email: 'anna@example.ru', name: 'Анна Менеджер', locale: 'ru', isActive: true, teamId: null, managerId: null, roleKey: 'sales_manager', roleName: 'Sales manager' };
const permissions = { contacts: { read: 'own', create: 'own', update: 'own', delete: 'own' }, companies: { read: 'own' }, users: { read: 'all' } };

function fakeServer() {
  let loggedIn = false;
  const calls: string[] = [];
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url.startsWith('/api/v1/auth/me')) return loggedIn ? json(200, { user: manager, permissions, csrfToken: 'c1' }) : json(401, { error: { code: 'UNAUTHENTICATED', message: 'Log in first' } });
    if (url.startsWith('/api/v1/auth/login')) {
      const body = JSON.parse(String(init?.body));
      if (body.password !== 'right') return json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' } });
      loggedIn = true;
      return json(200, { user: manager, csrfToken: 'c1' });
    }
    if (url.startsWith('/api/v1/contacts')) return json(200, { data: [], nextCursor: null, total: 0 });
    return json(200, { data: [] });
  });
  return { fetchMock, calls };
}

function renderApp(path: string) {
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

afterEach(() => vi.unstubAllGlobals());

describe('the app shell', () => {
  it('sends a visitor to the login page, refuses a wrong password, then returns to the page asked for', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server.fetchMock);
    renderApp('/contacts?filter=1');
    await userEvent.type(await screen.findByLabelText('Эл. почта'), 'anna@example.ru');
    await userEvent.type(screen.getByLabelText('Пароль'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Неверная эл. почта или пароль');
    await userEvent.clear(screen.getByLabelText('Пароль'));
    await userEvent.type(screen.getByLabelText('Пароль'), 'right');
    await userEvent.click(screen.getByRole('button', { name: 'Войти' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Контакты' })).toBeInTheDocument();
    // The heading renders before the list's queries go out, so wait for them rather than race the render.
    await waitFor(() => {
      expect(server.calls).toContain('GET /api/v1/contacts?limit=100&sort=-createdAt&fields=id%2CfullName%2Cposition%2CcompanyId%2Cphones%2Cemails%2CownerId%2CcreatedAt%2ClastName%2CfirstName');
      expect(server.calls).toContain('GET /api/v1/contacts?limit=1&fields=id&count=true');
    });
    expect(await screen.findByTestId('list-count')).toHaveTextContent('0 записей');
    // A manager does not get the team dashboard in the menu.
    expect(screen.queryByRole('link', { name: 'Сводка' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Мои дела' })).toBeInTheDocument();
  });

  it('lands each role on its own screen and follows only same-site return addresses', () => {
    expect(landingPath({ roleKey: 'sales_manager' })).toBe('/my');
    expect(landingPath({ roleKey: 'head_of_sales' })).toBe('/dashboard');
    expect(landingPath({ roleKey: 'admin' })).toBe('/settings');
    expect(landingPath({ roleKey: 'read_only' })).toBe('/companies');
    expect(safeNext('/deals/1?x=2')).toBe('/deals/1?x=2');
    expect(safeNext('//evil.example')).toBeNull();
    expect(safeNext('https://evil.example')).toBeNull();
    expect(safeNext('/login')).toBeNull();
  });
});
