import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../i18n';
import { ToastProvider } from '../components/Toasts';
import { meQueryKey, SessionProvider } from './session';
import { NavMenu } from './NavMenu';

const user = { id: 'u1', email: 'anna@example.ru', name: 'Анна', locale: 'ru', isActive: true, teamId: null, managerId: null, roleKey: 'sales_manager', roleName: 'Sales manager', settings: { theme: 'light' } };
const links = [
  { to: '/companies', label: 'Компании' },
  { to: '/deals', label: 'Сделки' },
  { to: '/my', label: 'Мои дела' },
];

afterEach(() => vi.unstubAllGlobals());

function renderMenu(status: number) {
  const patches: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init?: RequestInit) => {
      patches.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify(status === 200 ? user : { error: { code: 'FORBIDDEN', message: 'no', details: [] } }), { status });
    }),
  );
  const client = new QueryClient();
  client.setQueryData(meQueryKey, { user, permissions: {}, csrfToken: 'c' });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <ToastProvider>
          <SessionProvider>
            <nav>
              <NavMenu links={links} />
            </nav>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return patches;
}

const order = (testId: string) => within(screen.getByTestId(testId)).getAllByRole('link').map((link) => link.textContent?.replace('★', '').trim());

describe('main menu', () => {
  it('starts in the role’s order; pins and moves with buttons, saving to the user’s settings', async () => {
    setLocale('ru');
    const patches = renderMenu(200);
    expect(order('nav-items')).toEqual(['Мои дела', 'Сделки', 'Компании']);
    expect(screen.queryByRole('button', { name: 'Закрепить «Компании»' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Настроить меню' }));
    await userEvent.click(screen.getByRole('button', { name: 'Закрепить «Компании»' }));
    expect(order('nav-pinned')).toEqual(['Компании']);
    expect(patches[0]).toEqual({ settings: { theme: 'light', nav: { pinned: ['/companies'], order: [] } } });
    expect(screen.getByRole('button', { name: 'Переместить «Мои дела» выше' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Переместить «Мои дела» ниже' }));
    expect(order('nav-items')).toEqual(['Сделки', 'Мои дела']);
    await waitFor(() => expect(patches[1]).toEqual({ settings: { theme: 'light', nav: { pinned: ['/companies'], order: ['/deals', '/my'] } } }));
    expect(screen.getByText('«Мои дела»: место 2 из 2')).toBeInTheDocument();
  });

  it('puts the menu back and says why when the server refuses to save', async () => {
    setLocale('ru');
    renderMenu(403);
    await userEvent.click(screen.getByRole('button', { name: 'Настроить меню' }));
    await userEvent.click(screen.getByRole('button', { name: 'Закрепить «Сделки»' }));
    expect(await screen.findByText('Недостаточно прав для этого действия')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-pinned')).not.toBeInTheDocument();
    expect(order('nav-items')).toEqual(['Мои дела', 'Сделки', 'Компании']);
  });
});
