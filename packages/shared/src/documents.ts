// Documents from templates (issue 11): the four kinds, the request that generates one, the supplier's
// details (the workspace's requisites) and the placeholders an uploaded DOCX template may use.
import { z } from 'zod';
import { isValidInn, isValidKpp, isValidOgrn } from './identifiers.js';

export const documentKinds = ['offer', 'invoice', 'contract', 'act'] as const;
export type DocumentKind = (typeof documentKinds)[number];
export const documentRecordTypes = ['deal', 'order'] as const;
export const documentFormats = ['pdf', 'docx'] as const;
export type DocumentFormat = (typeof documentFormats)[number];
export const vatModes = ['on_top', 'included', 'none'] as const;
export type VatMode = (typeof vatModes)[number];

export const generateDocumentSchema = z.strictObject({
  kind: z.enum(documentKinds, { message: `must be one of ${documentKinds.join(', ')}` }),
  recordType: z.enum(documentRecordTypes, { message: 'must be deal or order' }),
  recordId: z.string().uuid({ message: 'is not a valid id' }),
  format: z.enum(documentFormats, { message: 'must be pdf or docx' }).default('pdf'),
  /** The uploaded template's id, or 'default' for the built-in one; omitted: the uploaded one for a DOCX when there is one. */
  templateId: z.string().nullable().optional(),
  language: z.enum(['ru', 'en'], { message: 'must be ru or en' }).default('ru'),
});
export type GenerateDocumentInput = z.input<typeof generateDocumentSchema>;

/** БИК: 9 digits. */
export function isValidBik(value: string): boolean {
  return /^\d{9}$/.test(value);
}

/** The control key of a Russian bank account: weights 7,1,3 over 23 digits sum to a multiple of 10. */
function accountKeyValid(digits23: string): boolean {
  const weights = [7, 1, 3];
  let sum = 0;
  for (let index = 0; index < 23; index++) sum += ((Number(digits23[index]) * weights[index % 3]) % 10);
  return sum % 10 === 0;
}

/** Расчётный счёт: 20 digits whose control key agrees with the bank's БИК (its last three digits). */
export function isValidSettlementAccount(account: string, bik: string): boolean {
  return /^\d{20}$/.test(account) && isValidBik(bik) && accountKeyValid(bik.slice(-3) + account);
}

/** Корреспондентский счёт: 20 digits starting 301, control key with '0' + БИК's 5th–6th digits. */
export function isValidCorrespondentAccount(account: string, bik: string): boolean {
  return /^301\d{17}$/.test(account) && isValidBik(bik) && accountKeyValid(`0${bik.slice(4, 6)}${account}`);
}

const optionalText = (max: number) => z.string().trim().max(max, { message: `must be at most ${max} characters` }).nullable().optional();

export const documentSettingsSchema = z
  .strictObject({
    name: z.string().trim().max(300, { message: 'must be at most 300 characters' }).optional(),
    inn: optionalText(12).refine((value) => !value || isValidInn(value), { message: 'is not a valid INN (10 or 12 digits with a correct checksum)' }),
    kpp: optionalText(9).refine((value) => !value || isValidKpp(value), { message: 'is not a valid KPP (9 characters)' }),
    ogrn: optionalText(15).refine((value) => !value || isValidOgrn(value), { message: 'is not a valid OGRN' }),
    address: optionalText(500),
    phone: optionalText(100),
    bankName: optionalText(300),
    bik: optionalText(9).refine((value) => !value || isValidBik(value), { message: 'must be 9 digits' }),
    account: optionalText(20),
    corrAccount: optionalText(20),
    director: optionalText(200),
    accountant: optionalText(200),
    vatRate: z.coerce.number({ message: 'must be a number' }).min(0, { message: 'must be between 0 and 100' }).max(100, { message: 'must be between 0 and 100' }).optional(),
    vatMode: z.enum(vatModes, { message: 'must be on_top, included or none' }).optional(),
  })
  .superRefine((value, context) => {
    if (value.account && !/^\d{20}$/.test(value.account)) context.addIssue({ code: 'custom', path: ['account'], message: 'must be 20 digits' });
    else if (value.account && value.bik && isValidBik(value.bik) && !isValidSettlementAccount(value.account, value.bik)) context.addIssue({ code: 'custom', path: ['account'], message: 'does not match the BIK (control digit)' });
    if (value.corrAccount && !/^301\d{17}$/.test(value.corrAccount)) context.addIssue({ code: 'custom', path: ['corrAccount'], message: 'must be 20 digits starting with 301' });
    else if (value.corrAccount && value.bik && isValidBik(value.bik) && !isValidCorrespondentAccount(value.corrAccount, value.bik)) context.addIssue({ code: 'custom', path: ['corrAccount'], message: 'does not match the BIK (control digit)' });
  });
export type DocumentSettingsInput = z.input<typeof documentSettingsSchema>;

/** Placeholders of an uploaded DOCX template ({number}, {buyer.inn}, {#lines}{name}{/lines}…). */
export const documentPlaceholders = [
  'title', 'number', 'date', 'dateText', 'basis', 'currency', 'language',
  'supplier.name', 'supplier.inn', 'supplier.kpp', 'supplier.ogrn', 'supplier.address', 'supplier.phone', 'supplier.bankName', 'supplier.bik', 'supplier.account', 'supplier.corrAccount', 'supplier.director', 'supplier.accountant',
  'buyer.name', 'buyer.inn', 'buyer.kpp', 'buyer.ogrn', 'buyer.address', 'buyer.phone', 'buyer.bankName', 'buyer.bik', 'buyer.account', 'buyer.corrAccount',
  'contact.name', 'contact.position', 'contact.email', 'contact.phone',
  'subtotal', 'vatRate', 'vatLabel', 'vat', 'total', 'totalInWords', 'linesCount',
] as const;
/** Inside {#lines}…{/lines}. */
export const documentLinePlaceholders = ['index', 'name', 'sku', 'unit', 'quantity', 'price', 'discount', 'amount'] as const;
