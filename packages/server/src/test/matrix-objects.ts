// The owned objects the permission matrix and the fuzz suite exercise, with a valid payload each.
import type { TestWorld, UserKey } from './fixtures.js';

export interface MatrixObject {
  object: string;
  table: string;
  payload(world: TestWorld, owner: UserKey): Promise<Record<string, unknown>> | Record<string, unknown>;
  patch: Record<string, unknown>;
  /**
   * Written by administrators only (the catalogue): every role reads all of it, and records are created
   * by the admin on the owner's behalf. The custom 'team' role of the matrix still writes its team's.
   */
  adminWritten?: boolean;
  /** Has GET /:id/timeline. */
  timeline?: boolean;
  /** Text that global search finds this record by (the search type is the object name). */
  searchTerm?: (record: Record<string, unknown>) => string;
}

/** Who creates `owner`'s record in the suites: the owner, or the admin for admin-written objects. */
export function creatorOf(object: MatrixObject, owner: UserKey): UserKey {
  return object.adminWritten ? 'admin' : owner;
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export const matrixObjects: MatrixObject[] = [
  { object: 'companies', table: 'companies', payload: () => ({ name: `Компания ${unique()}`, city: 'Москва' }), patch: { industry: 'Retail' }, timeline: true, searchTerm: (record) => String(record.name) },
  { object: 'contacts', table: 'contacts', payload: () => ({ lastName: `Петров${unique()}`, firstName: 'Пётр' }), patch: { position: 'CEO' }, timeline: true, searchTerm: (record) => String(record.lastName) },
  { object: 'leads', table: 'leads', payload: () => ({ title: `Заявка ${unique()}`, companyName: 'ООО Лид' }), patch: { status: 'in_progress' }, timeline: true, searchTerm: (record) => String(record.title) },
  { object: 'deals', table: 'deals', payload: () => ({ title: `Сделка ${unique()}`, amount: '150000.00' }), patch: { amount: 175000 }, timeline: true, searchTerm: (record) => String(record.title) },
  { object: 'activities', table: 'activities', payload: () => ({ kind: 'note', body: `Заметка ${unique()}` }), patch: { subject: 'Итоги встречи' } },
  { object: 'tasks', table: 'tasks', payload: () => ({ title: `Задача ${unique()}`, dueAt: new Date(Date.now() + 86400_000).toISOString() }), patch: { priority: 'high' } },
  { object: 'cases', table: 'cases', payload: () => ({ subject: `Обращение ${unique()}`, category: 'complaint' }), patch: { priority: 'high' }, timeline: true, searchTerm: (record) => String(record.subject) },
  {
    object: 'service_contracts',
    table: 'service_contracts',
    payload: async (world, owner) => {
      const company = await world.as(owner, { method: 'POST', url: '/api/v1/companies?force=true', payload: { name: `Клиент договора ${unique()}` } });
      return { number: `SC-M${unique()}`, companyId: company.body.id, startDate: '2026-01-01', endDate: '2027-12-31', serviceLevel: 'Gold' };
    },
    patch: { visitsIncluded: 5 },
    timeline: true,
    searchTerm: (record) => String(record.number),
  },
  { object: 'orders', table: 'orders', payload: () => ({ notes: `Заказ ${unique()}`, currency: 'RUB' }), patch: { status: 'in_progress' }, timeline: true },
  {
    object: 'products',
    table: 'products',
    payload: (world, owner) => ({ sku: `SKU-${unique()}`, name: `Товар ${unique()}`, price: '990.00', ownerId: world.users[owner].id }),
    patch: { price: '1090.00' },
    adminWritten: true,
  },
];
