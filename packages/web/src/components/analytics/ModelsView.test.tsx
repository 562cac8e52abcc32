import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { ModelsView } from './ModelsView';

const model = (version: number, status: string, extra: Record<string, unknown> = {}) => ({
  id: `m${version}`,
  version,
  status,
  metrics: status === 'ready' ? { interactions: 27759, customers: 2000, products: 300, rules: 42612, segments: 1 } : {},
  progress: { step: status === 'ready' ? 'done' : status === 'queued' ? 'queued' : 'training', done: status === 'ready' ? 4 : 1, total: 4 },
  error: null,
  startedAt: '2026-11-29T10:00:00.000Z',
  finishedAt: status === 'ready' ? '2026-11-29T10:00:08.700Z' : null,
  createdBy: null,
  ...extra,
});

afterEach(() => vi.unstubAllGlobals());

describe('analytics models', () => {
  it('queues a training with "Train now" and follows it by polling until it is ready', async () => {
    setLocale('ru');
    // The server's answers over time: v1 ready; after the click v2 queued, then training, then ready.
    const states = [[model(1, 'ready')], [model(2, 'queued'), model(1, 'ready')], [model(2, 'training'), model(1, 'ready')], [model(2, 'ready'), model(1, 'ready')]];
    let step = 0;
    const posts: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = String(input);
        if (init?.method === 'POST') {
          posts.push(url);
          step = 1;
          return new Response(JSON.stringify({ ...model(2, 'queued'), jobId: 'j1' }), { status: 202 });
        }
        if (url.startsWith('/api/v1/analytics/models')) {
          const body = { items: states[step] };
          if (step > 0 && step < states.length - 1) step++;
          return new Response(JSON.stringify(body), { status: 200 });
        }
        return new Response(JSON.stringify({ data: [] }), { status: 200 });
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <ModelsView />
        </ToastProvider>
      </QueryClientProvider>,
    );
    expect(await screen.findByText('Рекомендации даёт версия 1; она работает, пока обучается новая.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Обучить сейчас' }));
    expect(posts).toEqual(['/api/v1/analytics/models/train']);
    expect(await screen.findByText('Версия 2 поставлена в очередь на обучение')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Обучается…' })).toBeDisabled();
    const newest = () => screen.getAllByRole('row')[1];
    expect(await within(newest()).findByText('Обучается', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(await within(newest()).findByText('Готова', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(within(newest()).getByText('работает')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Обучить сейчас' })).toBeEnabled();
    expect(within(newest()).getByText('42 612')).toBeInTheDocument();
  });
});
