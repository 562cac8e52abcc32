// The built-in default of each kind, as a list of blocks that both the PDF and the DOCX renderer draw:
// a Russian invoice (bank details grid, supplier, buyer, lines, VAT, total in words, signatures), a
// commercial offer, a contract with its specification and the parties' requisites, and an act.
import type { DocumentKind } from '@svyaz/shared';
import { amountInWords } from './amount-in-words.js';
import { documentTitle, vatLabel, type DocumentData, type Language, type Party } from './document-data.js';
import { formatDateLong, formatMoney, formatQuantity, formatRate } from './document-money.js';

export type Align = 'left' | 'right' | 'center';
export type Block =
  | { type: 'grid'; widths: number[]; rows: string[][]; boldFirstLine?: boolean }
  | { type: 'title'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string; bold?: boolean; small?: boolean }
  | { type: 'fields'; rows: [string, string][] }
  | { type: 'table'; header: string[]; widths: number[]; align: Align[]; rows: string[][] }
  | { type: 'totals'; rows: [string, string][] }
  | { type: 'columns'; columns: { title: string; lines: string[] }[] }
  | { type: 'signatures'; items: { role: string; name: string }[] }
  | { type: 'rule' };

const words = {
  ru: {
    no: '№', from: 'от', bankOfRecipient: 'Банк получателя', bik: 'БИК', account: 'Сч. №', recipient: 'Получатель', inn: 'ИНН', kpp: 'КПП', ogrn: 'ОГРН', phone: 'тел.',
    supplier: 'Поставщик', buyer: 'Покупатель', basis: 'Основание', goods: 'Товары (работы, услуги)', works: 'Наименование работ, услуг', quantity: 'Кол-во', unit: 'Ед.', price: 'Цена', amount: 'Сумма',
    subtotal: 'Итого', totalToPay: 'Всего к оплате', total: 'Всего', itemsTotal: (count: number, sum: string, currency: string) => `Всего наименований ${count}, на сумму ${sum} ${currency}`,
    director: 'Руководитель', accountant: 'Бухгалтер', to: 'Кому', contactPerson: 'Контактное лицо', sender: 'От кого',
    offerIntro: 'Благодарим за интерес к нашей компании. Предлагаем Вам следующие товары и услуги:',
    offerValidity: 'Предложение действительно в течение 10 рабочих дней. Цены указаны с учётом НДС по ставке, действующей на дату предложения.',
    executor: 'Исполнитель', customer: 'Заказчик', actTotal: (count: number, sum: string, currency: string) => `Всего оказано услуг ${count}, на сумму ${sum} ${currency}`,
    actStatement: 'Вышеперечисленные работы (услуги) выполнены полностью и в срок. Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.',
    bankLabel: 'Банк', corrAccount: 'К/с', settlementAccount: 'Р/с', payDue: 'Оплатить не позднее 5 банковских дней с даты счёта.',
    contractSubtitle: 'на поставку товаров (оказание услуг)',
    specification: '5. Спецификация', requisites: '6. Реквизиты и подписи сторон',
  },
  en: {
    no: 'No.', from: 'of', bankOfRecipient: "Recipient's bank", bik: 'BIK', account: 'Account', recipient: 'Recipient', inn: 'INN', kpp: 'KPP', ogrn: 'OGRN', phone: 'tel.',
    supplier: 'Supplier', buyer: 'Buyer', basis: 'Reference', goods: 'Goods (works, services)', works: 'Works and services', quantity: 'Qty', unit: 'Unit', price: 'Price', amount: 'Amount',
    subtotal: 'Subtotal', totalToPay: 'Total due', total: 'Total', itemsTotal: (count: number, sum: string, currency: string) => `${count} item${count === 1 ? '' : 's'}, total ${sum} ${currency}`,
    director: 'Director', accountant: 'Accountant', to: 'To', contactPerson: 'Contact person', sender: 'From',
    offerIntro: 'Thank you for your interest in our company. We are pleased to offer you the following goods and services:',
    offerValidity: 'This offer is valid for 10 working days. Prices include VAT at the rate in force on the date of the offer.',
    executor: 'Contractor', customer: 'Customer', actTotal: (count: number, sum: string, currency: string) => `${count} service${count === 1 ? '' : 's'} rendered, total ${sum} ${currency}`,
    actStatement: 'The works (services) above have been rendered in full and on time. The customer has no claims as to their scope, quality or timing.',
    bankLabel: 'Bank', corrAccount: 'Corr. account', settlementAccount: 'Account', payDue: 'Payable within 5 banking days of the invoice date.',
    contractSubtitle: 'for the supply of goods (services)',
    specification: '5. Specification', requisites: '6. Details and signatures of the parties',
  },
};

const currencyLabel = (currency: string, language: Language) => (currency === 'RUB' ? (language === 'ru' ? 'руб.' : 'RUB') : currency);

/** «ООО Ромашка, ИНН 7707083893, КПП 770701001, г. Москва, ул. Ленина, 1, тел. +7 495 …» */
export function describeParty(party: Party, language: Language): string {
  const w = words[language];
  return [party.name, party.inn && `${w.inn} ${party.inn}`, party.kpp && `${w.kpp} ${party.kpp}`, party.address, party.phone && `${w.phone} ${party.phone}`].filter(Boolean).join(', ');
}

function requisiteLines(party: Party, language: Language): string[] {
  const w = words[language];
  return [
    party.name,
    [party.inn && `${w.inn} ${party.inn}`, party.kpp && `${w.kpp} ${party.kpp}`].filter(Boolean).join(' '),
    party.ogrn ? `${w.ogrn} ${party.ogrn}` : '',
    party.address ?? '',
    party.bankName ? `${w.bankLabel}: ${party.bankName}` : '',
    party.bik ? `${w.bik} ${party.bik}` : '',
    party.account ? `${w.settlementAccount} ${party.account}` : '',
    party.corrAccount ? `${w.corrAccount} ${party.corrAccount}` : '',
  ].filter(Boolean);
}

function linesTable(data: DocumentData, header: string): Block {
  const w = words[data.language];
  return {
    type: 'table',
    header: [w.no, header, w.quantity, w.unit, w.price, w.amount],
    widths: [0.06, 0.44, 0.1, 0.08, 0.16, 0.16],
    align: ['center', 'left', 'right', 'center', 'right', 'right'],
    rows: data.lines.map((line, index) => [
      String(index + 1),
      Number(line.discountPercent) ? `${line.name} (${data.language === 'ru' ? 'скидка' : 'discount'} ${formatRate(Number(line.discountPercent), data.language)} %)` : line.name,
      formatQuantity(line.quantity, data.language),
      line.unit,
      formatMoney(line.price, data.language),
      formatMoney(line.amount, data.language),
    ]),
  };
}

function totalsBlock(data: DocumentData, finalLabel: string): Block {
  const money = (value: string) => formatMoney(value, data.language);
  const vat = vatLabel(data);
  const none = data.supplier.vatMode === 'none' || data.supplier.vatRate === 0;
  return {
    type: 'totals',
    rows: [[`${words[data.language].subtotal}:`, money(data.supplier.vatMode === 'included' ? data.total : data.subtotal)], [`${vat}:`, none ? '—' : money(data.vat)], [`${finalLabel}:`, money(data.total)]],
  };
}

function titleLine(data: DocumentData, title = documentTitle(data.kind, data.language)): string {
  const w = words[data.language];
  return `${title} ${w.no} ${data.number} ${w.from} ${formatDateLong(data.date, data.language)}`;
}

function signatures(data: DocumentData): Block {
  const w = words[data.language];
  return { type: 'signatures', items: [{ role: w.director, name: data.supplier.director ?? '' }, { role: w.accountant, name: data.supplier.accountant ?? data.supplier.director ?? '' }] };
}

function invoice(data: DocumentData): Block[] {
  const w = words[data.language];
  const s = data.supplier;
  const currency = currencyLabel(data.currency, data.language);
  return [
    {
      type: 'grid',
      widths: [0.56, 0.12, 0.32],
      rows: [
        [`${s.bankName ?? ''}\n${w.bankOfRecipient}`, `${w.bik}\n${w.account}`, `${s.bik ?? ''}\n${s.corrAccount ?? ''}`],
        [`${w.inn} ${s.inn ?? ''}    ${w.kpp} ${s.kpp ?? ''}\n${s.name}\n${w.recipient}`, w.account, s.account ?? ''],
      ],
    },
    { type: 'title', text: titleLine(data) },
    { type: 'rule' },
    { type: 'fields', rows: [[`${w.supplier}:`, describeParty(s, data.language)], [`${w.buyer}:`, describeParty(data.buyer, data.language)], [`${w.basis}:`, data.basis]] },
    linesTable(data, w.goods),
    totalsBlock(data, w.totalToPay),
    { type: 'paragraph', text: w.itemsTotal(data.lines.length, formatMoney(data.total, data.language), currency) },
    { type: 'paragraph', text: amountInWords(data.total, data.language, data.currency), bold: true },
    { type: 'paragraph', text: w.payDue, small: true },
    { type: 'rule' },
    signatures(data),
  ];
}

function offer(data: DocumentData): Block[] {
  const w = words[data.language];
  const rows: [string, string][] = [[`${w.to}:`, describeParty(data.buyer, data.language)]];
  if (data.contact) rows.push([`${w.contactPerson}:`, [data.contact.name, data.contact.position].filter(Boolean).join(', ')]);
  rows.push([`${w.sender}:`, describeParty(data.supplier, data.language)], [`${w.basis}:`, data.basis]);
  return [
    { type: 'title', text: titleLine(data) },
    { type: 'fields', rows },
    { type: 'paragraph', text: w.offerIntro },
    linesTable(data, w.goods),
    totalsBlock(data, w.total),
    { type: 'paragraph', text: amountInWords(data.total, data.language, data.currency), bold: true },
    { type: 'paragraph', text: w.offerValidity, small: true },
    { type: 'signatures', items: [{ role: w.director, name: data.supplier.director ?? '' }] },
  ];
}

function contract(data: DocumentData): Block[] {
  const w = words[data.language];
  const s = data.supplier;
  const b = data.buyer;
  const total = `${formatMoney(data.total, data.language)} ${currencyLabel(data.currency, data.language)} (${amountInWords(data.total, data.language, data.currency)})`;
  const vat = data.supplier.vatMode === 'none' || data.supplier.vatRate === 0 ? (data.language === 'ru' ? 'НДС не облагается' : 'not subject to VAT') : `${vatLabel(data).replace(/^В том числе /, 'в том числе ').replace(/^Including /, 'including ')}: ${formatMoney(data.vat, data.language)}`;
  const paragraphs =
    data.language === 'ru'
      ? [
          `${s.name}, именуемое в дальнейшем «Поставщик», в лице руководителя ${s.director ?? '____________'}, с одной стороны, и ${b.name}, именуемое в дальнейшем «Покупатель», с другой стороны, заключили настоящий договор о нижеследующем.`,
          { heading: '1. Предмет договора' },
          '1.1. Поставщик обязуется передать Покупателю товары (оказать услуги), указанные в спецификации (раздел 5), а Покупатель — принять и оплатить их.',
          { heading: '2. Цена и порядок расчётов' },
          `2.1. Цена договора составляет ${total}, ${vat}.`,
          '2.2. Покупатель оплачивает счёт Поставщика в течение 5 (пяти) банковских дней с даты его выставления.',
          { heading: '3. Сроки и порядок передачи' },
          '3.1. Поставщик передаёт товары (оказывает услуги) в течение 10 (десяти) рабочих дней после оплаты. Передача подтверждается актом или товарной накладной.',
          { heading: '4. Ответственность сторон и разрешение споров' },
          '4.1. За неисполнение обязательств стороны отвечают в соответствии с законодательством Российской Федерации. Споры разрешаются в арбитражном суде по месту нахождения Поставщика.',
        ]
      : [
          `${s.name} (the "Supplier"), represented by its director ${s.director ?? '____________'}, and ${b.name} (the "Buyer") have concluded this contract as follows.`,
          { heading: '1. Subject' },
          '1.1. The Supplier shall deliver the goods (render the services) listed in the specification (section 5), and the Buyer shall accept and pay for them.',
          { heading: '2. Price and payment' },
          `2.1. The contract price is ${total}, ${vat}.`,
          "2.2. The Buyer pays the Supplier's invoice within 5 (five) banking days of its date.",
          { heading: '3. Delivery' },
          '3.1. The Supplier delivers within 10 (ten) working days of payment; delivery is confirmed by a certificate of completion or a delivery note.',
          { heading: '4. Liability and disputes' },
          '4.1. The parties are liable under the laws of the Russian Federation. Disputes go to the arbitration court at the Supplier\'s location.',
        ];
  return [
    { type: 'title', text: `${documentTitle('contract', data.language)} ${w.no} ${data.number}` },
    { type: 'paragraph', text: `${w.contractSubtitle} — ${formatDateLong(data.date, data.language)}` },
    ...paragraphs.map((item): Block => (typeof item === 'string' ? { type: 'paragraph', text: item } : { type: 'heading', text: item.heading })),
    { type: 'heading', text: w.specification },
    linesTable(data, w.goods),
    totalsBlock(data, w.total),
    { type: 'heading', text: w.requisites },
    { type: 'columns', columns: [{ title: `${w.supplier}:`, lines: requisiteLines(s, data.language) }, { title: `${w.buyer}:`, lines: requisiteLines(b, data.language) }] },
    { type: 'signatures', items: [{ role: w.supplier, name: s.director ?? '' }, { role: w.buyer, name: data.contact?.name ?? '' }] },
  ];
}

function act(data: DocumentData): Block[] {
  const w = words[data.language];
  return [
    { type: 'title', text: titleLine(data, data.language === 'ru' ? 'Акт' : 'Certificate of completion') },
    { type: 'rule' },
    { type: 'fields', rows: [[`${w.executor}:`, describeParty(data.supplier, data.language)], [`${w.customer}:`, describeParty(data.buyer, data.language)], [`${w.basis}:`, data.basis]] },
    linesTable(data, w.works),
    totalsBlock(data, w.total),
    { type: 'paragraph', text: w.actTotal(data.lines.length, formatMoney(data.total, data.language), currencyLabel(data.currency, data.language)) },
    { type: 'paragraph', text: amountInWords(data.total, data.language, data.currency), bold: true },
    { type: 'paragraph', text: w.actStatement },
    { type: 'rule' },
    { type: 'signatures', items: [{ role: w.executor, name: data.supplier.director ?? '' }, { role: w.customer, name: data.contact?.name ?? '' }] },
  ];
}

const layouts: Record<DocumentKind, (data: DocumentData) => Block[]> = { invoice, offer, contract, act };

export function layoutDocument(data: DocumentData): Block[] {
  return layouts[data.kind](data);
}
