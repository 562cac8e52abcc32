// The campaigns page against a stubbed server: a new campaign refuses an unknown placeholder before saving,
// inserts a placeholder at the caret, shows the segment's count with its exclusions and posts the body the
// API takes; the start dialog wants the count confirmed and sends it; a report shows its figures; the list
// hides "New campaign" from someone without the create right.
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { SessionProvider, useSession } from '../../app/session';
import CampaignsPage from '../../pages/CampaignsPage';
import { funnelOption, insertPlaceholder, problemsByField, toApiBody, unknownPlaceholdersByField, emptyCampaignDraft, type CampaignReport } from '../../lib/campaigns';

const user = { id: 'u1', email: 'marketer@example.ru', name: 'Мария', locale: 'ru', isActive: true, teamId: 't1', managerId: null, roleKey: 'head_of_sales', roleName: 'Head of sales' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const draftCampaign = {
  id: 'c1', name: 'Зима', mailboxId: 'm1', language: 'ru', subject: '{{contact.firstName}}, шины', subjectB: null, abTestPercent: null, abTestHours: null, abWinner: null, preheader: null,
  blocks: [{ type: 'text', text: 'Скидка' }], audience: { kind: 'segment', segmentId: 's1' }, status: 'draft', startAt: null, startedAt: null, finishedAt: null, audienceCount: null, lastError: null,
  cost: null, attributionDays: 30, sentCount: 0, pendingCount: 0, ownerId: 'u1', createdAt: '2026-12-01T10:00:00Z',
};
const report: CampaignReport = {
  status: 'sent', recipients: 3, pending: 0, sent: 2, delivered: 2, bounced: 0, failed: 0, skipped: 1, skippedNoConsent: 1, skippedSuppressed: 0, skippedNoEmail: 0, opened: 1, clicked: 1, unsubscribed: 0, opens: 2, clicks: 1, replies: 0,
  openRate: 0.5, clickRate: 0.5, unsubscribeRate: 0, bounceRate: 0, attributed: { deals: 1, dealRevenue: 25000, orders: 0, orderRevenue: 0, revenue: 25000, windowDays: 30 }, cost: 1000, roi: 24, links: [{ url: 'https://shop.example.com/winter', clicks: 1, people: 1 }], abTest: null,
};

function server(calls: { url: string; method: string; body: unknown }[], permissions: Record<string, Record<string, string>> = { campaigns: { read: 'all', create: 'all', update: 'all', delete: 'all' }, contacts: { read: 'all' } }) {
  return vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ url, method, body });
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user, permissions, csrfToken: 'c' });
    if (url.startsWith('/api/v1/mailboxes')) return json(200, { data: [{ id: 'm1', name: 'Рассылки', emailAddress: 'news@shop.test', displayName: 'Магазин' }] });
    if (url.startsWith('/api/v1/segments')) return json(200, { data: [{ id: 's1', name: 'Шины весной', object: 'contacts', kind: 'dynamic', visibility: 'private', conditions: [], isOwner: true }] });
    if (url === '/api/v1/campaigns/audience-summary') return json(200, { total: 120, sendable: 100, noConsent: 15, suppressed: 4, noEmail: 1, confirmRequired: false });
    if (url === '/api/v1/campaigns' && method === 'POST') return json(201, { ...draftCampaign, ...body, id: 'c1' });
    if (url.startsWith('/api/v1/campaigns/c1/preview')) return json(200, { contactId: 'k1', email: 'olga@client.test', subject: 'Ольга, шины', html: '<p>Скидка</p>', text: 'Скидка', links: [], emptyPlaceholders: [], sendable: true, skipReason: null });
    if (url === '/api/v1/campaigns/c1/start') return json(200, { ...draftCampaign, status: 'sending', audienceCount: 120 });
    if (/^\/api\/v1\/campaigns\/c[12]\/report/.test(url)) return json(200, report);
    if (url.startsWith('/api/v1/campaigns/c1/recipients')) return json(200, { data: [], nextCursor: null });
    if (url.startsWith('/api/v1/campaigns/c2')) return json(200, { ...draftCampaign, id: 'c2', status: 'sent', cost: '1000', audienceCount: 3 });
    if (url.startsWith('/api/v1/campaigns/c1')) return json(200, draftCampaign);
    if (url.startsWith('/api/v1/campaigns')) return json(200, { data: [{ ...draftCampaign, id: 'c2', name: 'Осень', status: 'sent', audienceCount: 3, sentCount: 2, openedCount: 1, clickedCount: 1, startedAt: '2026-12-01T10:00:00Z' }], nextCursor: null });
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
                <Route path="campaigns/:id" element={<CampaignsPage />} />
                <Route path="campaigns" element={<CampaignsPage />} />
              </Routes>
            </AfterLogin>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('campaign editor', () => {
  it('refuses an unknown placeholder, shows the audience with its exclusions and saves the body the API takes', async () => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', server(calls));
    renderAt('/campaigns/new');
    await userEvent.type(await screen.findByLabelText('Название рассылки'), 'Зима');
    const subject = screen.getByLabelText('Тема письма');
    await userEvent.type(subject, 'Скидка {{{{contact.discount}}');
    expect(screen.getByText('Неизвестная подстановка: {{contact.discount}}')).toBeInTheDocument();
    await userEvent.clear(subject);
    await userEvent.type(subject, ', шины к зиме');
    subject.focus();
    (subject as HTMLInputElement).setSelectionRange(0, 0);
    await userEvent.selectOptions(screen.getByLabelText('Подставить поле'), 'contact.firstName');
    expect(subject).toHaveValue('{{contact.firstName}}, шины к зиме');
    await userEvent.type(screen.getByLabelText('Текст 2'), 'Скидка 10%');
    await waitFor(() => expect(screen.getByLabelText('Отправитель (почтовый ящик)')).toHaveValue('m1'));
    await userEvent.selectOptions(screen.getByLabelText('Сегмент', { selector: 'select' }), 's1');
    const summary = await screen.findByTestId('audience-summary');
    expect(within(summary).getByText('Получат письмо: 100')).toBeInTheDocument();
    expect(within(summary).getByText('без согласия на рассылку — 15')).toBeInTheDocument();
    expect(within(summary).getByText('отписались или адрес недоступен — 4')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Сохранить' }));
    await waitFor(() => expect(calls.some((call) => call.url === '/api/v1/campaigns' && call.method === 'POST')).toBe(true));
    const posted = calls.find((call) => call.url === '/api/v1/campaigns' && call.method === 'POST')!.body;
    expect(posted).toMatchObject({ name: 'Зима', mailboxId: 'm1', language: 'ru', subject: '{{contact.firstName}}, шины к зиме', subjectB: null, audience: { kind: 'segment', segmentId: 's1' }, attributionDays: 30 });
    expect((posted as { blocks: unknown[] }).blocks[1]).toEqual({ type: 'text', text: 'Скидка 10%' });
  });

  it('starts only with the count confirmed and sends it', async () => {
    const calls: { url: string; method: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', server(calls));
    renderAt('/campaigns/c1');
    expect(await screen.findByTestId('preview-subject')).toHaveTextContent('Ольга, шины');
    await userEvent.click(screen.getByRole('button', { name: 'Запустить…' }));
    const dialog = await screen.findByRole('dialog');
    const go = within(dialog).getByRole('button', { name: 'Запустить рассылку' });
    expect(go).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText('Подтверждаю запуск на аудиторию из 120 контактов'));
    await userEvent.click(go);
    await waitFor(() => expect(calls.some((call) => call.url === '/api/v1/campaigns/c1/start')).toBe(true));
    expect(calls.find((call) => call.url === '/api/v1/campaigns/c1/start')!.body).toEqual({ confirmCount: 120 });
  });

  it('shows a sent campaign\'s report and hides the new button without the create right', async () => {
    vi.stubGlobal('fetch', server([]));
    renderAt('/campaigns/c2');
    expect(await screen.findByTestId('stat-opened')).toHaveTextContent('1');
    expect(screen.getByTestId('campaign-roi')).toHaveTextContent(/2\s400/);
    expect(screen.getByTestId('attributed-deals')).toHaveTextContent('1');
    vi.unstubAllGlobals();
    vi.stubGlobal('fetch', server([], { campaigns: { read: 'own' } }));
    renderAt('/campaigns');
    expect(await screen.findAllByText('Осень')).not.toHaveLength(0);
    expect(screen.queryByRole('link', { name: 'Новая рассылка' })).toBeNull();
  });
});

describe('campaign model', () => {
  it('drops empty optional parts, names unknown placeholders per field and maps server problems to blocks', () => {
    const draft = { ...emptyCampaignDraft('ru', 'm1'), name: 'x', subject: 'Привет {{deal.amount}}', blocks: [{ type: 'image' as const, url: ' https://cdn.test/a.png ', alt: '', link: '' }, { type: 'text' as const, text: '{{contact.firstName}} {{contact.discount}}' }], audience: { kind: 'all' as const } };
    expect(toApiBody(draft)).toMatchObject({ subjectB: null, preheader: null, blocks: [{ type: 'image', url: 'https://cdn.test/a.png' }, { type: 'text' }], audience: { kind: 'all' } });
    expect(toApiBody(draft)).not.toHaveProperty('cost');
    expect(toApiBody({ ...draft, subjectB: 'B', cost: '1500,50' })).toMatchObject({ subjectB: 'B', abTestPercent: 20, abTestHours: 4, cost: '1500.50' });
    expect(unknownPlaceholdersByField(draft)).toEqual({ subject: ['deal.amount'], 'blocks[1].text': ['contact.discount'] });
    expect(problemsByField([{ field: 'blocks[1].text', problem: 'unknown placeholder', placeholder: 'contact.discount' }, { field: 'audience.segmentId', problem: 'must be a UUID' }])).toEqual({ 'blocks.1': '{{contact.discount}}: unknown placeholder', audience: 'must be a UUID' });
    expect(insertPlaceholder('Привет, !', 'contact.firstName', 8)).toEqual({ text: 'Привет, {{contact.firstName}}!', caret: 29 });
    expect(insertPlaceholder('abc', 'today', null).text).toBe('abc{{today}}');
    const option = funnelOption(report, { sent: 's', delivered: 'd', opened: 'o', clicked: 'c', unsubscribed: 'u', bounced: 'b' }) as { series: { data: { value: number }[] }[] };
    expect(option.series[0].data.map((item) => item.value)).toEqual([2, 2, 1, 1, 0, 0]);
  });
});
