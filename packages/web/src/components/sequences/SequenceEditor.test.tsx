// The sequences page and the contact card's panel against a stubbed server: a sequence "on a purchase of the
// category, thank-you email, wait 2 days, task" is built step by step, reordered, and sent as the API takes
// it; the server's problem with a step (`steps[1].days`) shows on that step; the card shows the enrolment's
// current step and its Stop button stops that enrolment.
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ToastProvider } from '../Toasts';
import { SessionProvider, useSession } from '../../app/session';
import SequencesPage from '../../pages/SequencesPage';
import { ContactSequencesPanel } from './ContactSequencesPanel';
import { sequenceProblems, toApiSequence, emptyDraft } from '../../lib/sequences';

const admin = { id: 'u1', email: 'a@example.ru', name: 'Анна', locale: 'ru', isActive: true, teamId: null, managerId: null, roleKey: 'admin', roleName: 'Administrator' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const all = { read: 'all', create: 'all', update: 'all', delete: 'all', export: 'all' };

function server(posted: { url: string; body: unknown }[]) {
  let stopped = false;
  return vi.fn(async (input: string, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    if (url.startsWith('/api/v1/auth/me')) return json(200, { user: admin, permissions: { contacts: all, campaigns: all, products: all, orders: all }, csrfToken: 'c' });
    if (url.startsWith('/api/v1/mailboxes')) return json(200, { data: [{ id: 'm1', name: 'Маркетинг', emailAddress: 'hello@svyaz.test' }] });
    if (url.startsWith('/api/v1/pipelines')) return json(200, { data: [] });
    if (url === '/api/v1/sequences' && method === 'POST') {
      const body = JSON.parse(String(init!.body));
      posted.push({ url, body });
      if (body.steps[1]?.kind === 'wait' && body.steps[1].days === 0) return json(400, { error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ field: 'steps[1]', problem: 'must wait at least one hour or one day' }] } });
      return json(201, { id: 's1', ...body, running: 0, finished: 0, stopped: 0, enrolled: 0, ownerId: 'u1', ownerName: 'Анна', createdAt: '', updatedAt: '' });
    }
    if (url.startsWith('/api/v1/sequences')) return json(200, { data: [] });
    if (url.startsWith('/api/v1/contacts/k1/sequences'))
      return json(200, {
        data: [
          {
            id: 'e1',
            sequenceId: 's1',
            sequenceName: 'Спасибо за заказ',
            status: stopped ? 'stopped' : 'running',
            stepIndex: 1,
            stepCount: 3,
            currentStep: stopped ? null : { kind: 'wait', days: 2 },
            nextRunAt: stopped ? null : '2026-12-10T09:00:00.000Z',
            enrolledAt: '2026-12-08T09:00:00.000Z',
            finishedAt: stopped ? '2026-12-08T10:00:00.000Z' : null,
            stopReason: stopped ? 'stopped by hand' : null,
            canStop: !stopped,
            history: [{ kind: 'enrolled', stepIndex: null, stepKind: null, outcome: null, detail: {}, occurredAt: '2026-12-08T09:00:00.000Z' }],
          },
        ],
      });
    if (url === '/api/v1/sequence-enrolments/e1/stop' && method === 'POST') {
      posted.push({ url, body: null });
      stopped = true;
      return json(200, { stopped: 1 });
    }
    return json(404, { error: { code: 'NOT_FOUND', message: url } });
  });
}

function AfterLogin({ children }: { children: ReactNode }) {
  return useSession().me ? children : null;
}

function renderWith(path: string, routes: ReactNode) {
  setLocale('ru');
  return render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[path]}>
        <ToastProvider>
          <SessionProvider>
            <AfterLogin>
              <Routes>{routes}</Routes>
            </AfterLogin>
          </SessionProvider>
        </ToastProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('sequence editor', () => {
  it('builds "bought the category → email → wait → task", shows a step\'s problem on the step, and saves', async () => {
    const posted: { url: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', server(posted));
    renderWith('/sequences/new', [<Route key="a" path="sequences/:id" element={<SequencesPage />} />, <Route key="b" path="sequences" element={<SequencesPage />} />]);
    await userEvent.type(await screen.findByLabelText('Название'), 'Спасибо за заказ');
    await userEvent.selectOptions(screen.getByLabelText('Почтовый ящик отправителя'), 'm1');
    await userEvent.type(screen.getByLabelText('Категория'), 'Шины');
    const email = screen.getByRole('listitem', { name: 'Шаг 1: Письмо' });
    await userEvent.type(within(email).getByLabelText('Тема'), 'Спасибо, {{{{contact.firstName}}');
    await userEvent.type(within(email).getByLabelText('Текст письма'), 'Ваш заказ принят.');
    // Task first, then the wait; the wait moved up above the task.
    await userEvent.click(screen.getByRole('button', { name: '+ Задача' }));
    await userEvent.click(screen.getByRole('button', { name: '+ Пауза' }));
    await userEvent.click(within(screen.getByRole('listitem', { name: 'Шаг 3: Пауза' })).getByRole('button', { name: 'Поднять шаг' }));
    const wait = screen.getByRole('listitem', { name: 'Шаг 2: Пауза' });
    await userEvent.clear(within(wait).getByLabelText('Дней'));
    await userEvent.type(within(wait).getByLabelText('Дней'), '0');
    await userEvent.type(within(screen.getByRole('listitem', { name: 'Шаг 3: Задача' })).getByLabelText('Задача для ответственного'), 'Позвонить {{{{contact.fullName}}');

    await userEvent.click(screen.getByRole('button', { name: 'Сохранить цепочку' }));
    expect(await within(screen.getByRole('listitem', { name: 'Шаг 2: Пауза' })).findByRole('alert')).toHaveTextContent('must wait at least one hour or one day');

    await userEvent.clear(within(wait).getByLabelText('Дней'));
    await userEvent.type(within(wait).getByLabelText('Дней'), '2');
    await userEvent.click(screen.getByRole('button', { name: 'Сохранить цепочку' }));
    await waitFor(() => expect(posted).toHaveLength(2));
    expect(posted[1].body).toEqual({
      name: 'Спасибо за заказ',
      isActive: true,
      mailboxId: 'm1',
      reenrolment: 'never',
      trigger: { kind: 'purchase', category: 'Шины' },
      steps: [
        { kind: 'email', subject: 'Спасибо, {{contact.firstName}}', body: 'Ваш заказ принят.' },
        { kind: 'wait', days: 2 },
        { kind: 'task', title: 'Позвонить {{contact.fullName}}', dueInDays: 1 },
      ],
    });
  });

  it('sorts the server\'s problems to steps and fields, and sends a mailbox only when it is needed', () => {
    expect(sequenceProblems([{ field: 'steps[2].subject', problem: 'uses the unknown placeholder' }, { field: 'trigger.productId', problem: 'is not a product' }, { field: 'steps', problem: 'must contain an email or task step' }])).toEqual({
      steps: { 2: ['subject: uses the unknown placeholder'] },
      fields: { trigger: ['trigger.productId: is not a product'], steps: ['steps: must contain an email or task step'] },
    });
    const onlyTask = { ...emptyDraft(), name: ' Звонок ', trigger: { ...emptyDraft().trigger, kind: 'manual' as const }, steps: [{ kind: 'task' as const, title: 'Позвонить', dueInDays: '' }] };
    expect(toApiSequence(onlyTask)).toEqual({ name: 'Звонок', isActive: true, mailboxId: null, reenrolment: 'never', trigger: { kind: 'manual' }, steps: [{ kind: 'task', title: 'Позвонить' }] });
  });
});

describe('contact card sequences', () => {
  it('shows the current step and stops the enrolment', async () => {
    const posted: { url: string; body: unknown }[] = [];
    vi.stubGlobal('fetch', server(posted));
    renderWith('/contacts/k1', [<Route key="c" path="contacts/:id" element={<ContactSequencesPanel contactId="k1" />} />]);
    const row = await screen.findByTestId('contact-sequence');
    expect(row).toHaveTextContent('Спасибо за заказ');
    expect(row).toHaveTextContent('Шаг 2 из 3: пауза 2 дня');
    await userEvent.click(within(row).getByRole('button', { name: 'Остановить' }));
    await waitFor(() => expect(screen.getByTestId('contact-sequence')).toHaveTextContent('остановлена'));
    expect(posted.map((entry) => entry.url)).toEqual(['/api/v1/sequence-enrolments/e1/stop']);
    expect(screen.getByTestId('contact-sequence')).toHaveTextContent('Остановлена');
    expect(screen.getByTestId('contact-sequence')).toHaveTextContent('вручную');
    expect(within(screen.getByTestId('contact-sequence')).queryByRole('button', { name: 'Остановить' })).toBeNull();
  });
});
