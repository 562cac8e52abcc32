// The workspace's case categories in the web: a category field offers the active ones by their names (a switched-off
// one only when it is the current value), cells show names rather than keys (falling back to the built-in
// translation, then to the key), a low CSAT score's audit entry reads as what it did to the case, and the survey
// editor sends a CSAT survey's after-resolution settings with nothing of the row it does not edit.
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { SessionProvider, useSession } from '../../app/session';
import { objects } from '../../objects/definitions';
import { FieldInput } from '../FieldInput';
import { FieldValue } from '../FieldValue';
import { describeItem } from '../record/Timeline';
import { SurveysSettings } from '../surveys/SurveysSettings';
import { categoryLabel, categoryNames } from '../../lib/case-categories';
import i18n from '../../i18n';

const user = { id: 'u1', email: 'a@example.ru', name: 'Админ', locale: 'ru', isActive: true, teamId: null, managerId: null, roleKey: 'admin', roleName: 'Admin' };
const categories = [
  { id: 'k1', key: 'question', nameRu: 'Вопрос', nameEn: 'Question', isComplaint: false, isActive: true, onPortal: true, position: 1 },
  { id: 'k2', key: 'delivery', nameRu: 'Жалоба на доставку', nameEn: 'Delivery complaint', isComplaint: true, isActive: true, onPortal: true, position: 2 },
  { id: 'k3', key: 'old_kind', nameRu: 'Старая категория', nameEn: 'Old kind', isComplaint: false, isActive: false, onPortal: false, position: 3 },
];
const survey = {
  id: 's1', kind: 'csat', name: 'CSAT поддержки', isActive: true, language: 'ru', subject: { ru: 'Как мы?', en: '' }, intro: { ru: '', en: '' }, question: { ru: 'Оцените', en: '' }, thanks: { ru: '', en: '' },
  questions: [], lowScoreThreshold: null, mailboxId: null, expiresDays: 30, resurveyDays: 90, schedule: null, lastScheduledAt: null, sendAfterResolution: true, lowScoreAction: 'flag',
  createdBy: 'u1', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', invitations: 3, responses: 1,
};

function server() {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  const fetchMock = vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user, permissions: { settings: { read: 'all', update: 'all' }, cases: { read: 'all' } }, csrfToken: 'c' });
    if (url.startsWith('/api/v1/case-categories')) return json(200, { data: categories });
    if (url.startsWith('/api/v1/surveys/s1') && method === 'PATCH') return json(200, { ...survey, ...(calls.at(-1)!.body as object) });
    if (url.startsWith('/api/v1/surveys')) return json(200, { data: [survey] });
    if (url.startsWith('/api/v1/mailboxes')) return json(200, { data: [] });
    return json(404, { error: { code: 'NOT_FOUND', message: `No route ${url}` } });
  });
  return { fetchMock, calls };
}

function AfterLogin({ children }: { children: ReactNode }) {
  return useSession().me ? children : null;
}

function renderInApp(node: ReactNode) {
  setLocale('ru');
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter>
        <ToastProvider>
          <SessionProvider>
            <AfterLogin>{node}</AfterLogin>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const categoryField = objects.cases.fields.find((field) => field.name === 'category')!;

afterEach(() => vi.unstubAllGlobals());

describe('case categories in the web', () => {
  it('offers the active categories by name, and a switched-off one only as the current value', async () => {
    const { fetchMock } = server();
    vi.stubGlobal('fetch', fetchMock);
    const { unmount } = renderInApp(<FieldInput objectKey="cases" field={categoryField} value="" onChange={() => undefined} />);
    const select = await screen.findByLabelText(i18n.t('fields.cases.category'));
    expect(await within(select).findByRole('option', { name: 'Жалоба на доставку' })).toHaveValue('delivery');
    expect(within(select).getAllByRole('option').map((option) => option.textContent)).toEqual(['—', 'Вопрос', 'Жалоба на доставку']);
    unmount();
    renderInApp(<FieldInput objectKey="cases" field={categoryField} value="old_kind" onChange={() => undefined} />);
    const current = await screen.findByLabelText(i18n.t('fields.cases.category'));
    expect(await within(current).findByRole('option', { name: 'Старая категория' })).toBeInTheDocument();
  });

  it('shows names, not keys: the workspace name, else the built-in translation, else the key', () => {
    setLocale('ru');
    const names = categoryNames(categories as never, 'ru');
    render(<FieldValue field={categoryField} record={{ category: 'delivery' }} context={{ userNames: new Map(), stageNames: new Map(), enumNames: { caseCategory: names } }} />);
    expect(screen.getByText('Жалоба на доставку')).toBeInTheDocument();
    expect(categoryNames(categories as never, 'en').get('delivery')).toBe('Delivery complaint');
    expect(categoryLabel('claim', names)).toBe('Претензия');
    expect(categoryLabel('made_up', names)).toBe('made_up');
  });

  it('tells on the timeline what a low score did to the case', () => {
    setLocale('ru');
    const t = i18n.t.bind(i18n) as never;
    const reopened = describeItem({ kind: 'audit', id: 'a1', occurredAt: '2026-01-01T00:00:00Z', data: { action: 'update', changes: { status: {} }, meta: { lowScore: { score: 1, threshold: 2 } } } }, t, 'cases');
    expect(reopened.title).toBe('Оценка 1 (порог 2): обращение открыто снова');
    const flagged = describeItem({ kind: 'audit', id: 'a2', occurredAt: '2026-01-01T00:00:00Z', data: { action: 'update', meta: { lowScore: { score: 3, threshold: 3, flagged: true } } } }, t, 'cases');
    expect(flagged.title).toBe('Оценка 3 (порог 3): отмечено для руководителя');
    const plain = describeItem({ kind: 'audit', id: 'a3', occurredAt: '2026-01-01T00:00:00Z', data: { action: 'update', changes: { subject: {} } } }, t, 'cases');
    expect(plain.title).not.toContain('Оценка');
  });

  it('edits a CSAT survey’s low-score action and sends only what the editor edits', async () => {
    const { fetchMock, calls } = server();
    vi.stubGlobal('fetch', fetchMock);
    renderInApp(<SurveysSettings />);
    const row = (await screen.findByText('CSAT поддержки')).closest('tr')!;
    expect(row).toHaveTextContent('после решения · отмечает обращение для руководителя');
    await userEvent.click(within(row).getByRole('button', { name: 'Изменить' }));
    const editor = screen.getByRole('form', { name: 'Опрос' });
    expect(within(editor).getByLabelText('Отправлять клиенту, когда обращение решено')).toBeChecked();
    await userEvent.selectOptions(within(editor).getByLabelText('Низкая оценка'), 'reopen');
    await userEvent.click(within(editor).getByLabelText('Отправлять клиенту, когда обращение решено'));
    await userEvent.click(within(editor).getByRole('button', { name: 'Сохранить' }));
    expect(await screen.findByText('Опрос сохранён')).toBeInTheDocument();
    const patch = calls.find((call) => call.method === 'PATCH')!;
    expect(patch.url).toBe('/api/v1/surveys/s1');
    expect(patch.body).toMatchObject({ lowScoreAction: 'reopen', sendAfterResolution: false, name: 'CSAT поддержки' });
    for (const key of ['id', 'kind', 'createdAt', 'updatedAt', 'createdBy', 'invitations', 'responses', 'lastScheduledAt']) expect(patch.body).not.toHaveProperty(key);
  });
});
