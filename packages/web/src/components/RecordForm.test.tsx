import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '../i18n';
import { setLocale } from '../i18n';
import { ApiError } from '../api/client';
import { objects } from '../objects/definitions';
import { RecordForm } from './RecordForm';

function renderForm(onSubmit: (body: Record<string, unknown>) => Promise<void>, initial?: Record<string, unknown>, onlyChanged = false) {
  setLocale('ru');
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <RecordForm object={objects.companies} initial={initial} onlyChanged={onlyChanged} submitLabel="Создать" onSubmit={onSubmit} />
    </QueryClientProvider>,
  );
}

describe('record form', () => {
  it('sends typed values (lists split by commas) and shows server problems beside their fields', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError(400, 'VALIDATION_FAILED', 'inn: bad', [{ field: 'inn', problem: 'is not a valid INN (10 or 12 digits with a correct checksum)' }]);
    });
    renderForm(onSubmit);
    await userEvent.type(screen.getByLabelText(/Название/), 'ООО «Ромашка»');
    await userEvent.type(screen.getByLabelText('ИНН'), '123');
    await userEvent.type(screen.getByLabelText('Телефоны'), '+7 916 000-00-01, 8 800 100-00-00');
    await userEvent.click(screen.getByRole('button', { name: 'Создать' }));
    expect(onSubmit).toHaveBeenCalledWith({ name: 'ООО «Ромашка»', inn: '123', phones: ['+7 916 000-00-01', '8 800 100-00-00'] });
    const inn = screen.getByLabelText('ИНН');
    expect(inn).toHaveAttribute('aria-invalid', 'true');
    expect(document.getElementById(inn.getAttribute('aria-describedby')!)).toHaveTextContent('Неверный ИНН: 10 или 12 цифр с верной контрольной суммой');
    expect(screen.getByLabelText(/Название/)).not.toHaveAttribute('aria-invalid');
  });

  it('sends only the changed fields when editing, and null for a cleared one', async () => {
    const onSubmit = vi.fn(async () => undefined);
    renderForm(onSubmit, { id: 'x', name: 'Альфа', city: 'Казань', phones: ['+79160000001'] }, true);
    await userEvent.clear(screen.getByLabelText('Город'));
    await userEvent.click(screen.getByRole('button', { name: 'Создать' }));
    expect(onSubmit).toHaveBeenCalledWith({ city: null });
  });

  it('asks for the required custom fields of a new record, marks every missing one, and shows the server\'s problem beside its field', async () => {
    setLocale('ru');
    const client = new QueryClient();
    client.setQueryData(['custom-fields', 'companies'], [
      { id: '1', key: 'contract', label: { ru: 'Договор', en: 'Contract' }, type: 'text', required: true },
      { id: '2', key: 'segment', label: { ru: 'Сегмент', en: 'Segment' }, type: 'select', options: ['A', 'B'], required: true },
      { id: '3', key: 'note', label: { ru: 'Примечание', en: 'Note' }, type: 'text', required: false },
      { id: '4', key: 'old', label: { ru: 'Старое', en: 'Old' }, type: 'text', required: true, isArchived: true },
    ]);
    const onSubmit = vi.fn(async (body: Record<string, unknown>) => {
      if ((body.custom as Record<string, unknown>).contract === 'плохой') throw new ApiError(400, 'VALIDATION_FAILED', 'custom.contract: bad', [{ field: 'custom.contract', problem: 'must be text of at most 5000 characters' }]);
    });
    render(
      <QueryClientProvider client={client}>
        <RecordForm object={objects.companies} submitLabel="Создать" onSubmit={onSubmit} requiredCustomFields />
      </QueryClientProvider>,
    );
    expect(screen.queryByLabelText('Примечание')).toBeNull();
    expect(screen.queryByLabelText('Старое')).toBeNull();
    await userEvent.type(screen.getByLabelText(/Название/), 'ООО «Ромашка»');
    await userEvent.click(screen.getByRole('button', { name: 'Создать' }));
    expect(onSubmit).not.toHaveBeenCalled();
    const contract = screen.getByLabelText(/Договор/);
    expect(contract).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Сегмент/)).toHaveAttribute('aria-invalid', 'true');
    expect(contract).toHaveFocus();
    await userEvent.type(contract, 'плохой');
    await userEvent.selectOptions(screen.getByLabelText(/Сегмент/), 'B');
    await userEvent.click(screen.getByRole('button', { name: 'Создать' }));
    expect(onSubmit).toHaveBeenLastCalledWith({ name: 'ООО «Ромашка»', custom: { contract: 'плохой', segment: 'B' } });
    expect(document.getElementById(contract.getAttribute('aria-describedby')!)).toHaveTextContent('must be text of at most 5000 characters');
    expect(screen.getByLabelText(/Сегмент/)).not.toHaveAttribute('aria-invalid');
  });
});
