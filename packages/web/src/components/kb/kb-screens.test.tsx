// The case card's suggestions and the editor's conflict message, against a stubbed server.
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { SessionProvider, useSession } from '../../app/session';
import { SuggestedArticles } from './SuggestedArticles';
import ArticleEditor from './ArticleEditor';

const user = { id: 'u1', email: 'a@example.ru', name: 'Анна', locale: 'ru', isActive: true, teamId: null, managerId: null, roleKey: 'sales_manager', roleName: 'Sales manager' };
const article = {
  id: 'a1',
  slug: 'ne-prikhodit-sms',
  title: 'Не приходит SMS',
  summary: '',
  body: '<p>Проверьте <b>баланс</b>.</p>',
  categoryId: null,
  categoryName: null,
  tags: [],
  language: 'ru',
  status: 'published',
  visibility: 'public',
  authorId: 'u2',
  authorName: 'Ирина',
  updatedBy: 'u2',
  version: 3,
  resolvedCount: 2,
  publishedAt: '2026-12-01T10:00:00Z',
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  stats: { views: 1, resolutions: 2, notHelpful: 0, helpfulVotes: 0, unhelpfulVotes: 0, rating: null },
  attachments: [],
};

type Call = { method: string; url: string; body?: unknown };

function server(permissions: Record<string, unknown>, handle: (call: Call) => Response | undefined = () => undefined) {
  const calls: Call[] = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const call = { method: init?.method ?? 'GET', url: String(input), body: init?.body && typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
    calls.push(call);
    const handled = handle(call);
    if (handled) return handled;
    if (call.url.startsWith('/api/v1/auth/me')) return json(200, { user, permissions, csrfToken: 'c' });
    if (call.url === '/api/v1/kb/suggest') return json(200, { data: [{ id: 'a1', slug: article.slug, title: article.title, summary: '', language: 'ru', visibility: 'public', resolvedCount: 2, score: 1, snippet: 'Не <mark>приходит</mark> SMS <script>x</script>' }] });
    if (call.url === '/api/v1/kb/articles/a1' && call.method === 'GET') return json(200, article);
    if (call.url.startsWith('/api/v1/kb/cases/')) return json(200, { data: [] });
    if (call.url === '/api/v1/kb/portal') return json(200, { slug: 'help', enabled: true, title: '' });
    if (call.url === '/api/v1/kb/articles/a1/feedback') return json(200, { ok: true, created: true, stats: { ...article.stats, resolutions: 3 } });
    if (call.url.startsWith('/api/v1/emails/compose')) return json(200, { recipients: [{ address: 'client@example.ru', name: null, source: 'case' }], mailboxes: [{ id: 'm1', name: 'Поддержка', emailAddress: 'support@example.ru', shared: true }] });
    if (call.url === '/api/v1/email-templates') return json(200, { data: [] });
    if (call.url === '/api/v1/kb/categories') return json(200, { data: [] });
    if (call.url === '/api/v1/kb/articles/a1/versions') return json(200, { current: 3, data: [] });
    return json(404, { error: { code: 'NOT_FOUND', message: `No route ${call.url}` } });
  });
  return { fetchMock, calls };
}

function AfterLogin({ children }: { children: ReactNode }) {
  return useSession().me ? children : null;
}

function renderIn(element: ReactNode, path = '/') {
  setLocale('ru');
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[path]}>
        <ToastProvider>
          <SessionProvider>
            <AfterLogin>{element}</AfterLogin>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('suggested articles on a case', () => {
  const caseRecord = { id: 'c1', number: 'SD-000007', subject: 'Не приходит SMS с кодом', description: 'Клиент ждёт код' };

  it("asks for articles by the case's subject and description, shows the highlighted snippet only, and marks one as resolving this case", async () => {
    const { fetchMock, calls } = server({ cases: { read: 'own', update: 'own' } });
    vi.stubGlobal('fetch', fetchMock);
    renderIn(<SuggestedArticles record={caseRecord} />);
    const item = await screen.findByRole('listitem', { name: 'Не приходит SMS' });
    expect(calls.find((call) => call.url === '/api/v1/kb/suggest')?.body).toEqual({ text: 'Не приходит SMS с кодом\nКлиент ждёт код', limit: 5 });
    expect(within(item).getByText('приходит').tagName).toBe('MARK');
    expect(item.querySelector('script')).toBeNull();
    await userEvent.click(within(item).getByRole('button', { name: 'Помогла, обращение решено' }));
    expect(await screen.findByText('Отмечено: статья решила обращение')).toBeInTheDocument();
    expect(calls.find((call) => call.url === '/api/v1/kb/articles/a1/feedback')?.body).toEqual({ kind: 'resolved', caseId: 'c1' });
    expect(within(item).getByRole('status')).toHaveTextContent('Решила это обращение');
    expect(within(item).queryByRole('button', { name: 'Не помогла' })).not.toBeInTheDocument();
  });

  it('shows the marks stored on the case after a reload: the suggested article marked resolved, and one marked earlier that is no longer suggested', async () => {
    const stored = [
      { articleId: 'a1', title: article.title, slug: article.slug, visibility: 'public', kind: 'not_helpful', userId: 'u1', userName: 'Анна', createdAt: '2026-12-01T10:00:00Z' },
      { articleId: 'a1', title: article.title, slug: article.slug, visibility: 'public', kind: 'resolved', userId: 'u1', userName: 'Анна', createdAt: '2026-12-01T11:00:00Z' },
      { articleId: 'a9', title: 'Сброс пароля', slug: 'sbros', visibility: 'internal', kind: 'not_helpful', userId: 'u1', userName: 'Анна', createdAt: '2026-12-01T12:00:00Z' },
    ];
    const { fetchMock, calls } = server({ cases: { read: 'own', update: 'own' } }, (call) =>
      call.url === '/api/v1/kb/cases/c1/feedback' ? new Response(JSON.stringify({ data: stored }), { status: 200 }) : undefined,
    );
    vi.stubGlobal('fetch', fetchMock);
    renderIn(<SuggestedArticles record={caseRecord} />);
    const item = await screen.findByRole('listitem', { name: 'Не приходит SMS' });
    expect(await within(item).findByRole('status')).toHaveTextContent('Решила это обращение');
    expect(within(item).queryByRole('button', { name: 'Помогла, обращение решено' })).not.toBeInTheDocument();
    const earlier = screen.getByRole('list', { name: 'Отмечены ранее для этого обращения' });
    const old = within(earlier).getByRole('listitem', { name: 'Сброс пароля' });
    expect(within(old).getByRole('status')).toHaveTextContent('Отмечена: не помогла');
    expect(within(old).getByRole('link', { name: 'Сброс пароля' })).toHaveAttribute('href', '/kb/articles/a9');
    expect(calls.some((call) => call.url === '/api/v1/kb/articles/a1/feedback')).toBe(false);
  });

  it("opens the case's email with the article's text, its portal link and the case number in the subject", async () => {
    const { fetchMock } = server({ cases: { read: 'own', update: 'own' } });
    vi.stubGlobal('fetch', fetchMock);
    renderIn(<SuggestedArticles record={caseRecord} />);
    const item = await screen.findByRole('listitem', { name: 'Не приходит SMS' });
    await userEvent.click(within(item).getByRole('button', { name: 'Вставить в ответ' }));
    const dialog = await screen.findByRole('dialog', { name: 'Новое письмо' });
    const body = await within(dialog).findByRole('textbox', { name: 'Текст' });
    expect(body.innerHTML).toContain('<p>Проверьте <b>баланс</b>.</p>');
    expect(body.querySelector('a')?.getAttribute('href')).toBe(`${window.location.origin}/portal/help/articles/ne-prikhodit-sms`);
    expect(within(dialog).getByLabelText('Тема')).toHaveValue('Re: [SD-000007] Не приходит SMS с кодом');
  });

  it('shows nothing for a case without text', () => {
    vi.stubGlobal('fetch', server({}).fetchMock);
    const { container } = renderIn(<SuggestedArticles record={{ id: 'c2', subject: ' ' }} />);
    expect(container.querySelector('.kb-suggested')).toBeNull();
  });
});

describe('article editor', () => {
  const writer = { knowledge_base: { read: 'all', create: 'all', update: 'all' } };

  it('says plainly when someone saved in between (409) and keeps the text; sends the version it started from', async () => {
    const { fetchMock, calls } = server(writer, (call) =>
      call.method === 'PATCH' ? new Response(JSON.stringify({ error: { code: 'CONFLICT', message: 'Someone saved', details: [{ field: 'expectedVersion', problem: 'is 3, the article is at version 4' }] } }), { status: 409 }) : undefined,
    );
    vi.stubGlobal('fetch', fetchMock);
    renderIn(
      <Routes>
        <Route path="/kb/articles/:id/edit" element={<ArticleEditor />} />
      </Routes>,
      '/kb/articles/a1/edit',
    );
    const title = await screen.findByLabelText('Заголовок');
    await userEvent.clear(title);
    await userEvent.type(title, 'Новый заголовок');
    await userEvent.click(screen.getByRole('button', { name: 'Сохранить' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Статью уже сохранил кто-то другой');
    expect(calls.find((call) => call.method === 'PATCH')?.body).toMatchObject({ title: 'Новый заголовок', expectedVersion: 3 });
    expect(screen.getByLabelText('Заголовок')).toHaveValue('Новый заголовок');
    expect(screen.getByRole('button', { name: 'Загрузить новую версию' })).toBeInTheDocument();
  });

  it('shows no editor to a user without knowledge base rights', async () => {
    vi.stubGlobal('fetch', server({ knowledge_base: { read: 'none', create: 'none', update: 'none' } }).fetchMock);
    renderIn(
      <Routes>
        <Route path="/kb/new" element={<ArticleEditor />} />
      </Routes>,
      '/kb/new',
    );
    expect(await screen.findByText('У вас нет прав писать статьи базы знаний')).toBeInTheDocument();
    expect(screen.queryByLabelText('Заголовок')).not.toBeInTheDocument();
  });
});
