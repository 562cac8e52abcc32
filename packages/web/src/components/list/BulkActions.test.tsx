import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { BulkActions } from './BulkActions';

afterEach(() => vi.unstubAllGlobals());

function renderBar(refuse = false) {
  const posts: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = String(input);
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
      if (url.startsWith('/api/v1/users')) return json(200, { data: [{ id: 'u2', name: 'Борис', isActive: true }] });
      if (url.startsWith('/api/v1/tags')) return json(200, { data: [{ tag: 'vip', count: 3 }] });
      posts.push({ url, body: JSON.parse(String(init?.body)) });
      if (refuse) return json(403, { error: { code: 'FORBIDDEN', message: 'You may not change some of these records', details: [] } });
      return json(200, { updated: 2, data: [] });
    }),
  );
  const onDone = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ToastProvider>
        <BulkActions object="companies" ids={['a', 'b']} canAssign canTag canDelete={false} onDelete={vi.fn()} onDone={onDone} onClear={vi.fn()} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { posts, onDone };
}

describe('bulk actions on selected rows', () => {
  it('assigns an owner and adds a tag to all selected records', async () => {
    setLocale('ru');
    const { posts, onDone } = renderBar();
    expect(screen.getByText('Выбрано 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Назначить' })).toBeDisabled();
    await userEvent.selectOptions(await screen.findByLabelText('Ответственный…'), await screen.findByRole('option', { name: 'Борис' }));
    await userEvent.click(screen.getByRole('button', { name: 'Назначить' }));
    await waitFor(() => expect(posts[0]).toEqual({ url: '/api/v1/companies/bulk-assign', body: { ids: ['a', 'b'], ownerId: 'u2' } }));
    expect(await screen.findByText('2 записи переданы')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Метка'), ' vip ');
    await userEvent.click(screen.getByRole('button', { name: 'Добавить метку' }));
    await waitFor(() => expect(posts[1]).toEqual({ url: '/api/v1/companies/bulk-tag', body: { ids: ['a', 'b'], add: ['vip'] } }));
    expect(onDone).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('button', { name: 'Удалить' })).not.toBeInTheDocument();
  });

  it('shows the server’s reason when it refuses, and keeps the selection', async () => {
    setLocale('ru');
    const { onDone } = renderBar(true);
    await userEvent.type(screen.getByLabelText('Метка'), 'vip');
    await userEvent.click(screen.getByRole('button', { name: 'Добавить метку' }));
    expect(await screen.findByText('Недостаточно прав для этого действия')).toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();
  });
});
