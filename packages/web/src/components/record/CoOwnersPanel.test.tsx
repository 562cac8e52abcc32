import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { addableUsers, CoOwnersPanel } from './CoOwnersPanel';

const user = (id: string, name: string, isActive = true) => ({ id, name, email: `${id}@x.ru`, locale: 'ru' as const, isActive, teamId: null, managerId: null, roleKey: 'sales_manager' as const, roleName: 'Менеджер' });
const users = [user('head', 'Борис Руководитель'), user('m1', 'Анна Менеджер'), user('m2', 'Вера Продажи'), user('gone', 'Уволенный', false)];

afterEach(() => vi.unstubAllGlobals());

function renderPanel(canUpdate: boolean, record = { id: 'c1', ownerId: 'head', collaboratorIds: ['m2'] }) {
  const onSaved = vi.fn();
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (String(url).includes('/users')) return new Response(JSON.stringify({ data: users }), { status: 200 });
    return new Response(JSON.stringify({ ...record, ...JSON.parse(String(init?.body ?? '{}')) }), { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  render(
    <QueryClientProvider client={new QueryClient()}>
      <CoOwnersPanel object="companies" record={record} canUpdate={canUpdate} onSaved={onSaved} />
    </QueryClientProvider>,
  );
  return { onSaved, fetch };
}

describe('co-owners on a card', () => {
  it('shows the owner and co-owners and adds a picked person with one PATCH of collaboratorIds', async () => {
    setLocale('ru');
    const { onSaved, fetch } = renderPanel(true);
    expect(await screen.findByText('Борис Руководитель')).toBeInTheDocument();
    expect(screen.getByText('Вера Продажи')).toBeInTheDocument();
    const picker = screen.getByLabelText('Добавить соисполнителя');
    // The owner, the co-owner already there and inactive users are not offered.
    expect(Array.from((picker as HTMLSelectElement).options).map((option) => option.text)).toEqual(['Выберите сотрудника', 'Анна Менеджер']);
    await userEvent.selectOptions(picker, 'm1');
    await userEvent.click(screen.getByRole('button', { name: 'Добавить' }));
    const patch = fetch.mock.calls.find(([, init]) => (init as RequestInit | undefined)?.method === 'PATCH');
    expect(String(patch?.[0])).toContain('/api/v1/companies/c1');
    expect(JSON.parse(String((patch?.[1] as RequestInit).body))).toEqual({ collaboratorIds: ['m2', 'm1'] });
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ collaboratorIds: ['m2', 'm1'] }));
  });

  it('removes a co-owner, and offers no editing without update rights', async () => {
    setLocale('en');
    const { fetch } = renderPanel(true);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove co-owner Вера Продажи' }));
    const patch = fetch.mock.calls.find(([, init]) => (init as RequestInit | undefined)?.method === 'PATCH');
    expect(JSON.parse(String((patch?.[1] as RequestInit).body))).toEqual({ collaboratorIds: [] });
  });

  it('is read-only for a user who may not update', async () => {
    setLocale('en');
    renderPanel(false);
    expect(await screen.findByText('Вера Продажи')).toBeInTheDocument();
    expect(screen.queryByLabelText('Add a co-owner')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove co-owner/ })).not.toBeInTheDocument();
  });

  it('offers active users other than the owner and current co-owners, by name', () => {
    expect(addableUsers(users, 'head', ['m2']).map((item) => item.id)).toEqual(['m1']);
    expect(addableUsers(users, null, []).map((item) => item.id)).toEqual(['m1', 'head', 'm2']);
  });
});
