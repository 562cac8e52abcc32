// The catalogue (import.xml: Классификатор groups and properties, Каталог products) and the offers
// (offers.xml: price types, prices and stock) of a CommerceML 2 file, written as products through the
// record engine's batch paths (createRecordsInTransaction, applyUpdates) in sets of BATCH, so rights,
// validation, audit and outbox events are those of any product write. Products are keyed by 1C's Ид,
// kept as the product's externalId.
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../db/client.js';
import type { Ctx } from '../../core/context.js';
import { MAX_BULK, applyUpdates, createRecordsInTransaction } from '../../core/records/record-service.js';
import type { Values } from '../../core/records/definition.js';
import { pgArrayLiteral } from '../../core/sql-values.js';
import { productDefinition } from '../products/products.definition.js';
import { booleanOf, currencyCode, decimalOf, productIdOf } from './commerceml-values.js';
import { child, childrenIn, childrenOf, textOf, xmlProblem, type XmlNode } from './xml-stream.js';

export const importLimits = { batch: MAX_BULK };

export interface CatalogueCounts {
  groups: number;
  properties: number;
  productsCreated: number;
  productsUpdated: number;
  offers: number;
  /** Properties with no product custom field of the same name: their values are not kept. */
  skippedProperties: string[];
}

interface Property {
  name: string;
  customKey: string | null;
  customType: string | null;
  values: Map<string, string>;
}

interface PendingProduct {
  externalId: string;
  values: Values;
  prefix: string;
}

interface PendingOffer {
  externalId: string;
  price: string | null;
  currency: string | null;
  quantity: string | null;
  prefix: string;
  path: string;
  line: number;
}

const at = (path: string, node: XmlNode) => `${path} (line ${node.line})`;

export class CatalogueImport {
  readonly counts: CatalogueCounts = { groups: 0, properties: 0, productsCreated: 0, productsUpdated: 0, offers: 0, skippedProperties: [] };
  private groups = new Map<string, string>();
  private properties = new Map<string, Property>();
  private priceTypes = new Map<string, { name: string; currency: string | null }>();
  private chosenPriceType: string | null = null;
  private products: { node: XmlNode; path: string }[] = [];
  private propertiesMatched = false;
  private offers: PendingOffer[] = [];
  private customFields: Promise<{ key: string; type: string; labels: string[] }[]> | null = null;

  constructor(
    private readonly ctx: Ctx,
    private readonly tx: Db,
    private readonly options: { priceType?: string } = {},
  ) {}

  static readonly paths = new Set([
    'КоммерческаяИнформация/Классификатор/Группы/Группа',
    'КоммерческаяИнформация/Классификатор/Свойства/Свойство',
    'КоммерческаяИнформация/Классификатор/Свойства/СвойствоНоменклатуры',
    'КоммерческаяИнформация/Классификатор/ТипыЦен/ТипЦены',
    'КоммерческаяИнформация/ПакетПредложений/ТипыЦен/ТипЦены',
    'КоммерческаяИнформация/Каталог/Товары/Товар',
    'КоммерческаяИнформация/ПакетПредложений/Предложения/Предложение',
  ]);

  /** Takes one element tree; properties wait for the custom fields, products and offers for the next drain. */
  take(node: XmlNode, path: string): void {
    switch (node.name) {
      case 'Группа':
        this.takeGroup(node);
        return;
      case 'Свойство':
      case 'СвойствоНоменклатуры':
        this.takeProperty(node, path);
        return;
      case 'ТипЦены':
        this.takePriceType(node, path);
        return;
      case 'Товар':
        this.products.push({ node, path });
        return;
      case 'Предложение':
        this.offers.push(this.offerOf(node, path));
    }
  }

  async drain(final = false): Promise<void> {
    const limit = final ? 1 : importLimits.batch;
    while (this.products.length >= limit) await this.writeProducts(this.products.splice(0, importLimits.batch));
    while (this.offers.length >= limit) await this.writeOffers(this.offers.splice(0, importLimits.batch));
  }

  private takeGroup(node: XmlNode): void {
    const id = textOf(node, 'Ид');
    if (id) {
      this.groups.set(id, textOf(node, 'Наименование').slice(0, 100));
      this.counts.groups++;
    }
    for (const nested of childrenIn(node, 'Группы', 'Группа')) this.takeGroup(nested);
  }

  private takeProperty(node: XmlNode, path: string): void {
    const id = textOf(node, 'Ид');
    if (!id) throw xmlProblem(`${path}/Ид`, node.line, 'a property needs its Ид');
    const values = new Map<string, string>();
    for (const option of childrenIn(node, 'ВариантыЗначений', 'Справочник')) values.set(textOf(option, 'ИдЗначения'), textOf(option, 'Значение'));
    this.properties.set(id, { name: textOf(node, 'Наименование'), customKey: null, customType: null, values });
    this.counts.properties++;
  }

  private takePriceType(node: XmlNode, path: string): void {
    const id = textOf(node, 'Ид');
    const name = textOf(node, 'Наименование');
    const currencyText = textOf(node, 'Валюта');
    const currency = currencyText ? currencyCode(currencyText) : null;
    if (currencyText && !currency) throw xmlProblem(`${path}/Валюта`, node.line, `the currency "${currencyText}" is unknown`);
    this.priceTypes.set(id, { name, currency });
    const wanted = this.options.priceType;
    if (wanted ? wanted === id || wanted.toLowerCase() === name.toLowerCase() : this.chosenPriceType === null) this.chosenPriceType = id;
  }

  private productOf(node: XmlNode, path: string): PendingProduct {
    const place = at(path, node);
    const externalId = productIdOf(textOf(node, 'Ид'));
    if (!externalId) throw xmlProblem(`${path}/Ид`, node.line, 'a product without Ид: 1C gives every product one');
    const name = textOf(node, 'Наименование');
    if (!name) throw xmlProblem(`${path}/Наименование`, node.line, `the product ${externalId} has no Наименование`);
    const values: Values = { externalId, name: name.slice(0, 300), sku: (textOf(node, 'Артикул') || externalId).slice(0, 100) };
    const unit = child(node, 'БазоваяЕдиница');
    const unitText = unit ? unit.text || unit.attributes['НаименованиеКраткое'] || unit.attributes['МеждународноеСокращение'] || '' : '';
    if (unitText) values.unit = unitText.slice(0, 20);
    const groupId = childrenIn(node, 'Группы', 'Ид')[0]?.text;
    if (groupId && this.groups.has(groupId)) values.category = this.groups.get(groupId) || null;
    const description = textOf(node, 'Описание');
    if (description) values.description = description.slice(0, 5000);
    const deleted = booleanOf(textOf(node, 'ПометкаУдаления')) === true || node.attributes['Статус'] === 'Удален';
    values.isActive = !deleted;
    const custom: Values = {};
    for (const value of childrenIn(node, 'ЗначенияСвойств', 'ЗначенияСвойства')) {
      const property = this.properties.get(textOf(value, 'Ид'));
      if (!property?.customKey) continue;
      const text = property.values.get(textOf(value, 'Значение')) ?? textOf(value, 'Значение');
      if (text) custom[property.customKey] = this.customValueOf(property, text);
    }
    if (Object.keys(custom).length) values.custom = custom;
    return { externalId, values, prefix: `${place}/` };
  }

  private customValueOf(property: Property, text: string): unknown {
    if (property.customType === 'number' || property.customType === 'money') return decimalOf(text) ?? text;
    if (property.customType === 'boolean') return booleanOf(text) ?? text;
    if (property.customType === 'multi_select') return [text];
    return text.slice(0, 5000);
  }

  private offerOf(node: XmlNode, path: string): PendingOffer {
    const externalId = productIdOf(textOf(node, 'Ид'));
    if (!externalId) throw xmlProblem(`${path}/Ид`, node.line, 'an offer without Ид: it cannot be matched to a product');
    const prices = childrenIn(node, 'Цены', 'Цена');
    const chosen = prices.find((price) => textOf(price, 'ИдТипаЦены') === this.chosenPriceType) ?? (this.chosenPriceType === null || this.priceTypes.size === 0 ? prices[0] : undefined);
    let price: string | null = null;
    let currency: string | null = null;
    if (chosen) {
      const pricePath = `${path}/Цены/Цена`;
      price = decimalOf(textOf(chosen, 'ЦенаЗаЕдиницу'));
      if (price === null || Number(price) < 0) throw xmlProblem(`${pricePath}/ЦенаЗаЕдиницу`, chosen.line, `"${textOf(chosen, 'ЦенаЗаЕдиницу')}" is not a price`);
      const currencyText = textOf(chosen, 'Валюта');
      currency = currencyText ? currencyCode(currencyText) : (this.priceTypes.get(textOf(chosen, 'ИдТипаЦены'))?.currency ?? null);
      if (currencyText && !currency) throw xmlProblem(`${pricePath}/Валюта`, chosen.line, `the currency "${currencyText}" is unknown`);
    }
    return { externalId, price, currency, quantity: this.quantityOf(node, path), prefix: `${at(path, node)}/`, path, line: node.line };
  }

  /** Количество of the offer, or the sum over warehouses (Остатки, or Склад КоличествоНаСкладе in 2.04+). */
  private quantityOf(node: XmlNode, path: string): string | null {
    const direct = child(node, 'Количество');
    const parts = direct
      ? [direct]
      : [...childrenIn(node, 'Остатки', 'Остаток').flatMap((rest) => [child(rest, 'Количество'), ...childrenOf(rest, 'Склад').map((store) => child(store, 'Количество'))]), ...childrenOf(node, 'Склад')].filter((part): part is XmlNode => Boolean(part));
    if (parts.length === 0) return null;
    let total = 0;
    for (const part of parts) {
      const text = part.name === 'Склад' ? (part.attributes['КоличествоНаСкладе'] ?? '') : part.text;
      const value = decimalOf(text);
      if (value === null) throw xmlProblem(`${path}/${part.name}`, part.line, `"${text}" is not a quantity`);
      total += Number(value);
    }
    return String(Math.round(total * 1000) / 1000);
  }

  /** Product custom fields whose label (ru or en) or key is a property's name receive its values. */
  private async matchProperties(): Promise<void> {
    this.customFields ??= rows<{ key: string; type: string; labels: string[] }>(
      this.tx,
      sql`select key, type, array[lower(key), lower(label->>'ru'), lower(label->>'en')] as labels from custom_field_defs
          where workspace_id = ${this.ctx.actor.workspaceId} and object = 'products' and not is_archived`,
    );
    const fields = await this.customFields;
    for (const property of this.properties.values()) {
      if (property.customKey || this.counts.skippedProperties.includes(property.name)) continue;
      const field = fields.find((candidate) => candidate.labels.includes(property.name.toLowerCase()));
      if (field) {
        property.customKey = field.key;
        property.customType = field.type;
      } else this.counts.skippedProperties.push(property.name);
    }
  }

  private async existingIds(externalIds: string[]): Promise<Map<string, string>> {
    const found = await rows<{ id: string; externalId: string }>(
      this.tx,
      sql`select id, external_id as "externalId" from products where workspace_id = ${this.ctx.actor.workspaceId} and deleted_at is null and external_id = any(${pgArrayLiteral(externalIds)}::text[])`,
    );
    return new Map(found.map((row) => [row.externalId, row.id]));
  }

  private async writeProducts(nodes: { node: XmlNode; path: string }[]): Promise<void> {
    // Properties come before the products in the file; their custom fields are looked up once, here.
    if (!this.propertiesMatched) await this.matchProperties();
    this.propertiesMatched = true;
    const batch = nodes.map(({ node, path }) => this.productOf(node, path));
    // The same Ид twice in one set (characteristics of one product): the later element wins.
    const byId = new Map<string, PendingProduct>();
    for (const item of batch) byId.set(item.externalId, { ...item, values: { ...byId.get(item.externalId)?.values, ...item.values } });
    const items = Array.from(byId.values());
    const existing = await this.existingIds(items.map((item) => item.externalId));
    const creates = items.filter((item) => !existing.has(item.externalId));
    const updates = items.filter((item) => existing.has(item.externalId));
    const txCtx = { ...this.ctx, db: this.tx };
    await createRecordsInTransaction(txCtx, this.tx, productDefinition, creates.map((item) => item.values), { prefixes: creates.map((item) => item.prefix) });
    await applyUpdates(txCtx, this.tx, productDefinition, updates.map((item) => ({ id: existing.get(item.externalId)!, patch: { ...item.values } })), { prefixes: updates.map((item) => item.prefix) });
    this.counts.productsCreated += creates.length;
    this.counts.productsUpdated += updates.length;
  }

  private async writeOffers(batch: PendingOffer[]): Promise<void> {
    const existing = await this.existingIds(Array.from(new Set(batch.map((offer) => offer.externalId))));
    // Offers of one product's characteristics: their stock adds up, the first price stands.
    const patches = new Map<string, { patch: Values; prefix: string }>();
    for (const offer of batch) {
      const id = existing.get(offer.externalId);
      if (!id) throw xmlProblem(`${offer.path}/Ид`, offer.line, `no product has the Ид ${offer.externalId}: load the catalogue (import.xml) first`);
      const entry = patches.get(id);
      if (!entry) {
        const patch: Values = {};
        if (offer.price !== null) patch.price = offer.price;
        if (offer.currency !== null) patch.currency = offer.currency;
        if (offer.quantity !== null) patch.stockQuantity = offer.quantity;
        patches.set(id, { patch, prefix: offer.prefix });
      } else if (offer.quantity !== null) entry.patch.stockQuantity = String(Number(entry.patch.stockQuantity ?? 0) + Number(offer.quantity));
    }
    const items = Array.from(patches, ([id, { patch }]) => ({ id, patch }));
    await applyUpdates({ ...this.ctx, db: this.tx }, this.tx, productDefinition, items, { prefixes: Array.from(patches.values(), (entry) => entry.prefix) });
    this.counts.offers += batch.length;
  }
}
