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
];
