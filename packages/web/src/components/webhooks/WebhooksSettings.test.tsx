// Settings → Webhooks in English, against a fake of the server's answers: a refused URL is shown beside the
// field, the secret is shown once after saving, and the delivery log shows status, response code and answer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { AppRoutes, createQueryClient } from '../../app/App';
import { SessionProvider } from '../../app/session';

const user = { id: 'u1', email: 'anna@example.com', name: 'Anna Manager', locale: 'en', isActive: true, teamId: null, managerId: null, roleKey: 'sales_manager', roleName: 'Sales manager' };
const permissions = { deals: { read: 'own', create: 'own', update: 'own' }, users: { read: 'all' }, settings: { read: 'none', update: 'none' } };

function fakeServer() {
  const hooks: Record<string, unknown>[] = [];
  const posts: unknown[] = [];
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user, permissions, csrfToken: 'c1' });
    if (url === '/api/v1/webhooks' && init?.method === 'POST') {
      const body = JSON.parse(String(init.body));
      posts.push(body);
      if (String(body.url).includes('10.0.0.7')) {
        return json(400, { error: { code: 'VALIDATION_FAILED', message: 'url', details: [{ field: 'url', problem: 'points at 10.0.0.7, a private, loopback, link-local or reserved address' }] } });
      }
      const hook = { id: 'w1', ...body, ownerId: 'u1', ownerName: 'Anna Manager', isActive: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null, secretHint: 'Zx9q', createdAt: '2026-12-07T07:00:00.000Z' };
      hooks.push(hook);
      return json(201, { ...hook, secret: 'whsec_test-secret-Zx9q' });
    }
    if (url.startsWith('/api/v1/webhooks/w1/deliveries')) {
      return json(200, {
        data: [{ id: 'd1', webhookId: 'w1', eventType: 'record.created', object: 'deals', recordId: 'r1', status: 'succeeded', attempts: 1, nextAttemptAt: null, responseStatus: 200, error: null, lastAttemptAt: '2026-12-07T07:01:00.000Z', createdAt: '2026-12-07T07:01:00.000Z', responseExcerpt: 'received', durationMs: 12 }],
        nextCursor: null,
      });
    }
    if (url.startsWith('/api/v1/webhooks')) return json(200, { data: hooks });
    return json(200, { data: [] });
  });
  return { fetchMock, posts };
}

afterEach(() => vi.unstubAllGlobals());

describe('Settings → Webhooks', () => {
  it('names a refused URL beside the field, shows the secret once, and lists deliveries with their response code', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server.fetchMock);
    setLocale('en');
    render(
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter initialEntries={['/settings/webhooks']}>
          <ToastProvider>
            <SessionProvider>
              <AppRoutes />
            </SessionProvider>
          </ToastProvider>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const events = userEvent.setup();
    await events.click(await screen.findByRole('button', { name: 'Add webhook' }));
    await events.type(screen.getByLabelText('Name'), 'Accounting');
    await events.type(screen.getByLabelText('URL'), 'https://10.0.0.7/hook');
    expect(screen.getByRole('checkbox', { name: 'Record created' })).toBeChecked();
    await events.click(screen.getByRole('checkbox', { name: 'Deals' }));
    await events.click(screen.getByRole('checkbox', { name: 'Deal stage changed' }));
    await events.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/points at 10\.0\.0\.7/)).toHaveAttribute('id', 'webhook-url-error');
    // No owner choice for a non-administrator: the owner is the creator.
    expect(screen.queryByLabelText('Owner')).toBeNull();

    await events.clear(screen.getByLabelText('URL'));
    await events.type(screen.getByLabelText('URL'), 'https://erp.example.com/hook');
    await events.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('webhook-secret')).toHaveTextContent('whsec_test-secret-Zx9q');
    expect(server.posts[1]).toEqual({ name: 'Accounting', url: 'https://erp.example.com/hook', events: ['record.created', 'deal.stage_changed'], objects: ['deals'] });
    await events.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('webhook-secret')).toBeNull();

    const row = (await screen.findByText('https://erp.example.com/hook')).closest('tr')!;
    expect(within(row).getByText('on')).toBeInTheDocument();
    expect(within(row).getByText('secret …Zx9q')).toBeInTheDocument();
    await events.click(within(row).getByRole('button', { name: 'Delivery log of Accounting' }));
    const log = await screen.findByRole('region', { name: 'Deliveries of Accounting' });
    await waitFor(() => expect(within(log).getByText('delivered')).toBeInTheDocument());
    const delivery = within(log).getByText('received').closest('tr')!;
    expect(within(delivery).getByText('200')).toBeInTheDocument();
    expect(within(delivery).getByText('12 ms')).toBeInTheDocument();
    expect(within(delivery).getByRole('button', { name: /Redeliver Record created/ })).toBeInTheDocument();
  });
});
