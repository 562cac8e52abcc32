import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { setLocale } from '../../i18n';
import { ApiError } from '../../api/client';
import { CustomFieldsForm, groupBySection, moveSection } from './CustomFieldsForm';

const definitions = [
  { id: '1', key: 'segment', label: { ru: 'Сегмент', en: 'Segment' }, type: 'select', options: ['A', 'B'] },
  { id: '2', key: 'employees', label: { ru: 'Сотрудников', en: 'Employees' }, type: 'number' },
  { id: '3', key: 'old', label: { ru: 'Старое', en: 'Old' }, type: 'text', isArchived: true },
];

afterEach(() => vi.unstubAllGlobals());

describe('custom fields on a card', () => {
  it('shows the defined fields, sends only changed values typed for the API, and shows a refusal beside its field', async () => {
    setLocale('ru');
    vi.stubGlobal('fetch', vi.fn(async (url: string) => new Response(JSON.stringify({ data: String(url).includes('/custom-fields') ? definitions : [] }), { status: 200 })));
    const onSave = vi.fn(async () => {
      throw new ApiError(400, 'VALIDATION_FAILED', 'custom.employees: must be number', [{ field: 'custom.employees', problem: 'must be a decimal number' }]);
    });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <CustomFieldsForm object="companies" custom={{ segment: 'A' }} onSave={onSave} />
      </QueryClientProvider>,
    );
    expect(await screen.findByLabelText('Сегмент')).toHaveValue('A');
    expect(screen.queryByLabelText('Старое')).not.toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Сегмент'), 'B');
    await userEvent.type(screen.getByLabelText('Сотрудников'), '1 200');
    await userEvent.click(screen.getByRole('button', { name: 'Сохранить' }));
    expect(onSave).toHaveBeenCalledWith({ segment: 'B', employees: 1200 });
    expect(screen.getByLabelText('Сотрудников')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Введите число')).toBeInTheDocument();
  });

  it('shows the fields of each section together under its name, the fields without a section first', async () => {
    setLocale('en');
    const bank = { ru: 'Банк', en: 'Bank' };
    const sectioned = [
      { id: 'a', key: 'bik', label: { ru: 'БИК', en: 'BIC' }, type: 'text', section: bank },
      { id: 'b', key: 'segment', label: { ru: 'Сегмент', en: 'Segment' }, type: 'text' },
      { id: 'c', key: 'account', label: { ru: 'Счёт', en: 'Account' }, type: 'text', section: bank },
      { id: 'd', key: 'size', label: { ru: 'Размер', en: 'Size' }, type: 'text', section: { ru: 'Профиль', en: 'Profile' } },
    ];
    expect(groupBySection(sectioned, 'en').map((group) => [group.title, group.fields.map((field) => field.key)])).toEqual([
      [null, ['segment']],
      ['Bank', ['bik', 'account']],
      ['Profile', ['size']],
    ]);
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ data: sectioned }), { status: 200 })));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <CustomFieldsForm object="companies" custom={{ bik: '044525225' }} onSave={vi.fn()} />
      </QueryClientProvider>,
    );
    const section = await screen.findByRole('group', { name: 'Bank' });
    expect(within(section).getByLabelText('BIC')).toHaveValue('044525225');
    expect(within(section).getByLabelText('Account')).toBeInTheDocument();
    expect(within(section).queryByLabelText('Segment')).not.toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'Profile' })).getByLabelText('Size')).toBeInTheDocument();
    setLocale('ru');
  });

  it('moves a whole section one place among the named sections, its fields together and in order, the unnamed ones first', () => {
    const bank = { ru: 'Банк', en: 'Bank' };
    const profile = { ru: 'Профиль', en: 'Profile' };
    const fields = [
      { id: 'a', key: 'bik', label: { ru: 'БИК', en: 'BIC' }, type: 'text', section: bank },
      { id: 'b', key: 'segment', label: { ru: 'Сегмент', en: 'Segment' }, type: 'text' },
      { id: 'c', key: 'size', label: { ru: 'Размер', en: 'Size' }, type: 'text', section: profile },
      { id: 'd', key: 'account', label: { ru: 'Счёт', en: 'Account' }, type: 'text', section: bank },
      { id: 'e', key: 'region', label: { ru: 'Регион', en: 'Region' }, type: 'text', section: profile },
    ];
    const keys = (list: typeof fields) => list.map((field) => field.key);
    expect(keys(moveSection(fields, 'ru', 'Профиль', -1))).toEqual(['segment', 'size', 'region', 'bik', 'account']);
    expect(keys(moveSection(fields, 'en', 'Bank', 1))).toEqual(['segment', 'size', 'region', 'bik', 'account']);
    expect(groupBySection(moveSection(fields, 'en', 'Bank', 1), 'en').map((group) => group.title)).toEqual([null, 'Profile', 'Bank']);
    // Past either end, or a section that does not exist: the order is left as it was.
    expect(moveSection(fields, 'en', 'Bank', -1)).toBe(fields);
    expect(moveSection(fields, 'en', 'Profile', 1)).toBe(fields);
    expect(moveSection(fields, 'en', 'Nowhere', 1)).toBe(fields);
  });
});
