// A supplier, a buyer and two lines with real-looking requisites (valid INN, KPP, BIK and account keys),
// for the render tests and the benchmark.
import type { DocumentKind } from '@svyaz/shared';
import type { DocumentData, Supplier } from './document-data.js';

export const sampleSupplier: Supplier = {
  name: 'ООО «Связь-Софт»',
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  address: '117997, г. Москва, ул. Вавилова, д. 19',
  phone: '+7 495 500-55-50',
  bankName: 'ПАО Сбербанк, г. Москва',
  bik: '044525225',
  account: '40702810938000012345',
  corrAccount: '30101810400000000225',
  director: 'Иванов И. И.',
  accountant: 'Петрова А. С.',
  vatRate: 22,
  vatMode: 'on_top',
};

export function sampleData(kind: DocumentKind, overrides: Partial<DocumentData> = {}): DocumentData {
  return {
    kind,
    language: 'ru',
    number: '17',
    date: '2026-12-07',
    recordType: 'deal',
    recordId: '00000000-0000-4000-8000-000000000001',
    basis: 'Поставка кофе для офиса',
    currency: 'RUB',
    supplier: sampleSupplier,
    buyer: { name: 'ООО «Ромашка»', inn: '7736207543', kpp: '770401001', ogrn: null, address: 'г. Москва, ул. Льва Толстого, д. 16', phone: null, bankName: 'АО «ТБанк»', bik: '044525974', account: null, corrAccount: '30101810145250000974' },
    contact: { name: 'Петров Иван Сергеевич', position: 'Директор', email: 'ivan@romashka.test', phone: null },
    lines: [
      { name: 'Кофе в зёрнах', sku: 'COF-1', unit: 'кг', quantity: '20.000', price: '1500.00', discountPercent: '0', amount: '30000.00' },
      { name: 'Техобслуживание кофемашины', sku: 'SRV-1', unit: 'усл', quantity: '1.000', price: '12000.00', discountPercent: '0', amount: '12000.00' },
    ],
    subtotal: '42000.00',
    vat: '9240.00',
    total: '51240.00',
    ...overrides,
  };
}

