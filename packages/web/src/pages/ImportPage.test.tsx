import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import { setLocale } from '../i18n';
import { ToastProvider } from '../components/Toasts';
import ImportPage from './ImportPage';

const headers = ['ФИО', 'Телефон', 'Откуда'];
const job = (mapping: Record<string, string | null>) => ({
  id: 'imp1',
  status: 'uploaded',
  object: 'contacts',
  fileName: 'клиенты.xlsx',
  fileFormat: 'xlsx',
  fileSize: 1000,
  sheet: 'Клиенты',
  headers,
  mapping,
  options: { duplicateStrategy: 'skip', matchBy: ['email', 'phone'] },
  progress: { totalRows: null, processedRows: 0, rowsPerSecond: null, secondsLeft: null },
  result: { created: 0, updated: 0, skipped: 0, failed: 0 },
  error: null,
  createdAt: '2026-11-29T10:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  links: { errors: '/api/v1/imports/imp1/errors.xlsx' },
});
const fields = [
  { target: 'contact.fullName', object: 'contact', kind: 'fullName', label: { ru: 'ФИО', en: 'Full name' } },
  { target: 'contact.phones', object: 'contact', kind: 'phones', label: { ru: 'Телефон', en: 'Phone' } },
  { target: 'contact.source', object: 'contact', kind: 'text', label: { ru: 'Источник', en: 'Source' } },
  { target: 'company.name', object: 'company', kind: 'text', label: { ru: 'Компания', en: 'Company' } },
];
const preview = (mapping: Record<string, string | null>) => ({
  headers,
  mapping,
  rows: [
    { row: 2, cells: ['Соколов Игорь', '8 916 111-22-33', 'Выставка'], action: 'create', contact: { lastName: 'Соколов', firstName: 'Игорь', phones: ['+79161112233'], source: mapping['2'] ? 'Выставка' : undefined }, company: null, deal: null, problems: [], matchedId: null },
    { row: 3, cells: ['Белов Пётр', 'позвонить позже', 'Сайт'], action: 'fail', contact: { lastName: 'Белов', firstName: 'Пётр' }, company: null, deal: null, problems: [{ field: 'contact.phones', column: 'Телефон', problem: '"позвонить позже" is not a phone number' }], matchedId: null },
  ],
});

afterEach(() => vi.unstubAllGlobals());

describe('import page', () => {
  it('saves a corrected mapping at once and shows the preview as stored, with the bad value marked in its cell', async () => {
    setLocale('ru');
    let mapping: Record<string, string | null> = { 0: 'contact.fullName', 1: 'contact.phones', 2: null };
    const puts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = String(input);
        if (url.startsWith('/api/v1/imports/imp1/mapping') && init?.method === 'PUT') {
          const body = JSON.parse(String(init.body));
          puts.push(body);
          mapping = body.mapping;
          return new Response(JSON.stringify(job(mapping)));
        }
        if (url.startsWith('/api/v1/imports/imp1/preview')) return new Response(JSON.stringify(preview(mapping)));
        if (url.startsWith('/api/v1/imports/imp1/fields')) return new Response(JSON.stringify({ data: fields }));
        if (url.startsWith('/api/v1/imports/presets')) return new Response(JSON.stringify({ data: [{ id: 'amocrm-contacts', name: 'amoCRM: контакты', object: 'contacts', columns: { Откуда: 'contact.source' }, options: {}, builtIn: true }] }));
        if (url.startsWith('/api/v1/imports/imp1')) return new Response(JSON.stringify(job(mapping)));
        return new Response(JSON.stringify({ data: [] }));
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <MemoryRouter initialEntries={['/imports/imp1']}>
            <Routes>
              <Route path="/imports/:id" element={<ImportPage />} />
            </Routes>
          </MemoryRouter>
        </ToastProvider>
      </QueryClientProvider>,
    );
    const source = await screen.findByRole('combobox', { name: 'Откуда' });
    expect(source).toHaveValue('');
    expect(await screen.findByText('Сопоставлено 2 столбца из 3')).toBeInTheDocument();
    // The bad value is marked in the cell it came from, in the user's language.
    const table = await screen.findByRole('table', { name: /Первые строки файла/ });
    const bad = within(table).getAllByRole('row')[2];
    expect(within(bad).getByText('«позвонить позже» — не номер телефона').closest('td')).toHaveClass('cell-problem');
    expect(within(bad).getByText('Ошибка')).toBeInTheDocument();

    await userEvent.selectOptions(source, 'contact.source');
    expect(puts.at(-1)).toEqual({ mapping: { 0: 'contact.fullName', 1: 'contact.phones', 2: 'contact.source' }, options: { duplicateStrategy: 'skip', matchBy: ['email', 'phone'] } });
    expect(await screen.findByRole('columnheader', { name: /Источник/ })).toHaveTextContent('из «Откуда»');
    expect(await within(screen.getByRole('table', { name: /Первые строки файла/ })).findByText('Выставка')).toBeInTheDocument();

    // Update existing records, matched by e-mail only.
    await userEvent.click(screen.getByRole('radio', { name: 'Обновить существующую' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Телефону' }));
    expect(puts.at(-1)).toMatchObject({ options: { duplicateStrategy: 'update', matchBy: ['email'] } });
  });

  it('saves the mapping as a preset and deletes an own preset, keeping the built-in ones', async () => {
    setLocale('ru');
    const calls: { method: string; url: string; body?: unknown }[] = [];
    const mapping = { 0: 'contact.fullName', 1: 'contact.phones', 2: null };
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = String(input);
        const method = init?.method ?? 'GET';
        if (method !== 'GET') calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
        if (url.startsWith('/api/v1/imports/presets/p-own') && method === 'DELETE') return new Response(JSON.stringify({ ok: true }));
        if (url.startsWith('/api/v1/imports/presets') && method === 'POST') return new Response(JSON.stringify({ id: 'p-new', name: 'Мой файл', object: 'contacts', columns: {}, builtIn: false }), { status: 201 });
        if (url.startsWith('/api/v1/imports/presets'))
          return new Response(JSON.stringify({ data: [{ id: 'amocrm-contacts', name: 'amoCRM: контакты', object: 'contacts', columns: {}, builtIn: true }, { id: 'p-own', name: 'Выгрузка склада', object: 'contacts', columns: {}, builtIn: false }] }));
        if (url.startsWith('/api/v1/imports/imp1/mapping')) return new Response(JSON.stringify(job(mapping)));
        if (url.startsWith('/api/v1/imports/imp1/preview')) return new Response(JSON.stringify(preview(mapping)));
        if (url.startsWith('/api/v1/imports/imp1/fields')) return new Response(JSON.stringify({ data: fields }));
        if (url.startsWith('/api/v1/imports/imp1')) return new Response(JSON.stringify(job(mapping)));
        return new Response(JSON.stringify({ data: [] }));
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <ToastProvider>
          <MemoryRouter initialEntries={['/imports/imp1']}>
            <Routes>
              <Route path="/imports/:id" element={<ImportPage />} />
            </Routes>
          </MemoryRouter>
        </ToastProvider>
      </QueryClientProvider>,
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Сохранить как шаблон' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).queryByRole('button', { name: 'Удалить шаблон «amoCRM: контакты»' })).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Удалить шаблон «Выгрузка склада»' }));
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/v1/imports/presets/p-own' });
    await userEvent.type(within(dialog).getByLabelText('Название шаблона'), 'Мой файл');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Сохранить' }));
    expect(await screen.findByText('Шаблон «Мой файл» сохранён')).toBeInTheDocument();
    // The mapping is saved first, then the preset is made from the import.
    const writes = calls.filter((call) => !call.url.includes('/preview'));
    expect(writes.slice(-2).map((call) => `${call.method} ${call.url}`)).toEqual(['PUT /api/v1/imports/imp1/mapping', 'POST /api/v1/imports/presets']);
    expect(writes.at(-1)).toMatchObject({ body: { name: 'Мой файл', fromImport: 'imp1' } });
  });
});
