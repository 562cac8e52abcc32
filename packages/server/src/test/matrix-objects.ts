// The owned objects the permission matrix and the fuzz suite exercise, with a valid payload each.
import type { TestWorld, UserKey } from './fixtures.js';

export interface MatrixObject {
  object: string;
  table: string;
  payload(world: TestWorld, owner: UserKey): Promise<Record<string, unknown>> | Record<string, unknown>;
  patch: Record<string, unknown>;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const matrixObjects: MatrixObject[] = [
  { object: 'companies', table: 'companies', payload: () => ({ name: `Компания ${unique()}`, city: 'Москва' }), patch: { industry: 'Retail' } },
  { object: 'contacts', table: 'contacts', payload: () => ({ lastName: `Петров${unique()}`, firstName: 'Пётр' }), patch: { position: 'CEO' } },
  { object: 'leads', table: 'leads', payload: () => ({ title: `Заявка ${unique()}`, companyName: 'ООО Лид' }), patch: { status: 'in_progress' } },
  { object: 'deals', table: 'deals', payload: () => ({ title: `Сделка ${unique()}`, amount: '150000.00' }), patch: { amount: 175000 } },
  { object: 'activities', table: 'activities', payload: () => ({ kind: 'note', body: `Заметка ${unique()}` }), patch: { subject: 'Итоги встречи' } },
  { object: 'tasks', table: 'tasks', payload: () => ({ title: `Задача ${unique()}`, dueAt: new Date(Date.now() + 86400_000).toISOString() }), patch: { priority: 'high' } },
];
