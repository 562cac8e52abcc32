// What a document says, read from a deal or an order: its lines (or the deal's amount as one line), the
// company as buyer, the workspace's requisites as supplier, VAT and totals in exact kopecks.
import { sql } from 'drizzle-orm';
import type { DocumentKind, VatMode } from '@svyaz/shared';
import { firstRow, rows, type Db } from '../../db/client.js';
import { accessCondition } from '../../core/access.js';
import type { Actor } from '../../core/context.js';
import { AppError, notFound } from '../../core/errors.js';
import { amountInWords } from './amount-in-words.js';
import { computeTotals, formatDateLong, formatDateShort, formatMoney, formatQuantity, formatRate, kopecksToDecimal, toKopecks } from './document-money.js';

export type Language = 'ru' | 'en';
export type RecordType = 'deal' | 'order';
export const recordObjects = { deal: 'deals', order: 'orders' } as const;

export interface Party {
  name: string;
  inn: string | null;
  kpp: string | null;
  ogrn: string | null;
  address: string | null;
  phone: string | null;
  bankName: string | null;
  bik: string | null;
  account: string | null;
  corrAccount: string | null;
}

export interface Supplier extends Party {
  director: string | null;
  accountant: string | null;
  vatRate: number;
  vatMode: VatMode;
}

export interface DocumentLine {
  name: string;
  sku: string | null;
  unit: string;
  quantity: string;
  price: string;
  discountPercent: string;
  amount: string;
}

export interface DocumentData {
  kind: DocumentKind;
  language: Language;
  number: string;
  date: string;
  recordType: RecordType;
  recordId: string;
  /** The deal's title or «Заказ № ORD-000123». */
  basis: string;
  currency: string;
  supplier: Supplier;
  buyer: Party;
  contact: { name: string; position: string | null; email: string | null; phone: string | null } | null;
  lines: DocumentLine[];
  subtotal: string;
  vat: string;
  total: string;
}

const emptyParty: Party = { name: '', inn: null, kpp: null, ogrn: null, address: null, phone: null, bankName: null, bik: null, account: null, corrAccount: null };

/** The supplier: this workspace's requisites (Settings → Documents), 22 % VAT on top until an admin says otherwise. */
export async function loadSupplier(db: Db, workspaceId: string): Promise<Supplier> {
  const row = await firstRow<Record<string, string | null>>(
    db,
    sql`select coalesce(nullif(r.name, ''), w.name) as name, r.inn, r.kpp, r.ogrn, r.address, r.phone, r.bank_name as "bankName", r.bik, r.account, r.corr_account as "corrAccount",
      r.director, r.accountant, coalesce(r.vat_rate, 22)::text as "vatRate", coalesce(r.vat_mode, 'on_top') as "vatMode"
      from workspaces w left join workspace_requisites r on r.workspace_id = w.id where w.id = ${workspaceId}::uuid`,
  );
  return {
    ...emptyParty,
    ...(row as unknown as Party),
    name: row?.name ?? '',
    director: row?.director ?? null,
    accountant: row?.accountant ?? null,
    vatRate: Number(row?.vatRate ?? 22),
    vatMode: (row?.vatMode ?? 'on_top') as VatMode,
  };
}

interface RecordRow {
  basisTitle: string;
  currency: string;
  amount: string;
  companyId: string | null;
  contactId: string | null;
}

/** The deal or order the actor may read (404 otherwise, as everywhere), with what a document needs. */
export async function loadRecordForDocument(db: Db, actor: Actor, recordType: RecordType, recordId: string): Promise<RecordRow> {
  const object = recordObjects[recordType];
  const row =
    recordType === 'deal'
      ? await firstRow<RecordRow>(db, sql`select r.title as "basisTitle", r.currency, r.amount::text as amount, r.company_id::text as "companyId", r.contact_id::text as "contactId" from deals r where r.id = ${recordId}::uuid and ${accessCondition(actor, object, 'read', 'r')}`)
      : await firstRow<RecordRow>(db, sql`select r.number as "basisTitle", r.currency, r.total::text as amount, r.company_id::text as "companyId", r.contact_id::text as "contactId" from orders r where r.id = ${recordId}::uuid and ${accessCondition(actor, object, 'read', 'r')}`);
  if (!row) throw notFound(recordType, recordId);
  return row;
}

/** 404 when invisible (as loadRecordForDocument), 403 when visible but not the actor's to change. */
export async function requireRecordWritable(db: Db, actor: Actor, recordType: RecordType, recordId: string): Promise<void> {
  const object = recordObjects[recordType];
  const row = await firstRow(db, sql`select 1 as ok from ${sql.raw(object)} r where r.id = ${recordId}::uuid and ${accessCondition(actor, object, 'update', 'r')}`);
  if (!row) throw new AppError('FORBIDDEN', { message: `You may read this ${recordType} but not change it`, details: { object, action: 'update' } });
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

export async function loadDocumentData(db: Db, actor: Actor, input: { kind: DocumentKind; language: Language; recordType: RecordType; recordId: string; number: string; date: string }): Promise<DocumentData> {
  const record = await loadRecordForDocument(db, actor, input.recordType, input.recordId);
  const supplier = await loadSupplier(db, actor.workspaceId);
  // The buyer's and contact's details go on the document as they are stored: the document belongs to the
  // record, which the actor reads, and a customer's requisites are what the record is about.
  const company = record.companyId
    ? await firstRow<Record<string, unknown>>(db, sql`select name, legal_form as "legalForm", inn, kpp, ogrn, address, city, phones, custom from companies where id = ${record.companyId}::uuid and workspace_id = ${actor.workspaceId}::uuid and deleted_at is null`)
    : undefined;
  const contactRow = record.contactId
    ? await firstRow<Record<string, unknown>>(db, sql`select concat_ws(' ', last_name, first_name, middle_name) as name, position, emails, phones from contacts where id = ${record.contactId}::uuid and workspace_id = ${actor.workspaceId}::uuid and deleted_at is null`)
    : undefined;
  const custom = (company?.custom ?? {}) as Record<string, unknown>;
  const companyName = company ? [text(company.legalForm) && !String(company.name).startsWith(String(company.legalForm)) ? company.legalForm : null, company.name].filter(Boolean).join(' ') : '';
  const buyer: Party = company
    ? {
        name: companyName,
        inn: text(company.inn),
        kpp: text(company.kpp),
        ogrn: text(company.ogrn),
        address: text(company.address) ?? text(company.city),
        phone: (company.phones as string[] | null)?.[0] ?? null,
        bankName: text(custom.bankName) ?? text(custom.bank),
        bik: text(custom.bik),
        account: text(custom.account) ?? text(custom.bankAccount) ?? text(custom.settlementAccount),
        corrAccount: text(custom.corrAccount) ?? text(custom.correspondentAccount),
      }
    : { ...emptyParty, name: String(contactRow?.name ?? '') };
  const contact = contactRow
    ? { name: String(contactRow.name), position: text(contactRow.position), email: (contactRow.emails as string[] | null)?.[0] ?? null, phone: (contactRow.phones as string[] | null)?.[0] ?? null }
    : null;

  const lineTable = input.recordType === 'deal' ? sql`deal_products l` : sql`order_lines l`;
  const lineOwner = input.recordType === 'deal' ? sql`l.deal_id` : sql`l.order_id`;
  let lines = await rows<DocumentLine>(
    db,
    sql`select p.name, p.sku, p.unit, l.quantity::text as quantity, l.price::text as price, l.discount_percent::text as "discountPercent", l.amount::text as amount
      from ${lineTable} join products p on p.id = l.product_id where ${lineOwner} = ${input.recordId}::uuid and l.workspace_id = ${actor.workspaceId}::uuid order by l.id`,
  );
  if (lines.length === 0) {
    // A deal without product lines is sold as one line: its title at its amount.
    lines = [{ name: record.basisTitle, sku: null, unit: input.language === 'ru' ? 'усл' : 'service', quantity: '1', price: record.amount, discountPercent: '0', amount: record.amount }];
  }
  const totals = computeTotals(lines.map((line) => toKopecks(line.amount)), supplier.vatRate, supplier.vatMode);
  const basis = input.recordType === 'order' ? (input.language === 'ru' ? `Заказ № ${record.basisTitle}` : `Order No. ${record.basisTitle}`) : record.basisTitle;
  return {
    kind: input.kind,
    language: input.language,
    number: input.number,
    date: input.date,
    recordType: input.recordType,
    recordId: input.recordId,
    basis,
    currency: record.currency || 'RUB',
    supplier,
    buyer,
    contact,
    lines,
    subtotal: kopecksToDecimal(totals.subtotal),
    vat: kopecksToDecimal(totals.vat),
    total: kopecksToDecimal(totals.total),
  };
}

const titles: Record<DocumentKind, Record<Language, string>> = {
  offer: { ru: 'Коммерческое предложение', en: 'Commercial offer' },
  invoice: { ru: 'Счёт на оплату', en: 'Invoice' },
  contract: { ru: 'Договор', en: 'Contract' },
  act: { ru: 'Акт', en: 'Certificate of completion' },
};
export const documentTitle = (kind: DocumentKind, language: Language) => titles[kind][language];

export function vatLabel(data: Pick<DocumentData, 'supplier' | 'language'>): string {
  const { vatMode, vatRate } = data.supplier;
  const rate = formatRate(vatRate, data.language);
  if (vatMode === 'none' || vatRate === 0) return data.language === 'ru' ? 'Без НДС' : 'No VAT';
  if (vatMode === 'included') return data.language === 'ru' ? `В том числе НДС ${rate} %` : `Including VAT ${rate}%`;
  return data.language === 'ru' ? `НДС ${rate} %` : `VAT ${rate}%`;
}

/** The flat values an uploaded DOCX template fills its placeholders with (documentPlaceholders in @svyaz/shared). */
export function placeholderValues(data: DocumentData): Record<string, unknown> {
  const { language } = data;
  const party = (value: Party) => Object.fromEntries(Object.entries(value).map(([key, item]) => [key, item ?? ''])) as Record<string, string>;
  const money = (value: string) => formatMoney(value, language);
  return {
    title: documentTitle(data.kind, language),
    number: data.number,
    date: formatDateShort(data.date, language),
    dateText: formatDateLong(data.date, language),
    basis: data.basis,
    currency: data.currency,
    language,
    supplier: party(data.supplier),
    buyer: party(data.buyer),
    contact: { name: data.contact?.name ?? '', position: data.contact?.position ?? '', email: data.contact?.email ?? '', phone: data.contact?.phone ?? '' },
    subtotal: money(data.subtotal),
    vatRate: formatRate(data.supplier.vatRate, language),
    vatLabel: vatLabel(data),
    vat: money(data.vat),
    total: money(data.total),
    totalInWords: amountInWords(data.total, language, data.currency),
    linesCount: String(data.lines.length),
    lines: data.lines.map((line, index) => ({
      index: String(index + 1),
      name: line.name,
      sku: line.sku ?? '',
      unit: line.unit,
      quantity: formatQuantity(line.quantity, language),
      price: money(line.price),
      discount: Number(line.discountPercent) ? `${formatRate(Number(line.discountPercent), language)} %` : '',
      amount: money(line.amount),
    })),
  };
}
