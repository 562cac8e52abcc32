// The product catalogue and two years of orders. Baskets follow the customer's industry
// (preferred categories), items come in pairs that are often bought together, and each
// customer re-orders a few favourites: the structure analytics should discover.
import { productGroups, industryPreferences } from './demo-vocabulary.js';
import { firstContactByCompany } from './seed-sales.js';
import { pastMoment, type SeedContext } from './seed.service.js';

export interface ProductRef {
  id: string;
  category: string;
  item: number;
  price: number;
}

const variants = ['', ' стандарт', ' премиум', ' эконом', ' большой', ' малый', ' PRO', ' Lite'];

export async function seedCatalogue(context: SeedContext, count: number): Promise<ProductRef[]> {
  const { workspaceId, random, writer } = context;
  const products: ProductRef[] = [];
  for (let index = 0; index < count; index++) {
    const group = productGroups[index % productGroups.length];
    const round = Math.floor(index / productGroups.length);
    const item = round % group.items.length;
    const variant = variants[Math.floor(round / group.items.length) % variants.length];
    const generation = Math.floor(round / (group.items.length * variants.length));
    const price = Math.round(group.priceRange[0] + random.next() * (group.priceRange[1] - group.priceRange[0]));
    const id = random.uuid();
    products.push({ id, category: group.category, item, price });
    const createdAt = pastMoment(context, 900);
    await writer.add('products', {
      id, workspaceId, sku: `${group.category.slice(0, 3).toUpperCase()}-${String(index + 1).padStart(5, '0')}`,
      name: `${group.items[item]}${variant}${generation ? ` ${generation + 1}` : ''}`, description: null, category: group.category, unit: group.unit,
      price: price.toFixed(2), currency: 'RUB', stockQuantity: String(random.int(0, 500)), isActive: true, isRepeatPurchase: group.repeat,
      ownerId: context.adminId, teamId: null, collaboratorIds: [], tags: [], custom: {}, createdBy: context.adminId, createdAt, updatedAt: createdAt,
    });
  }
  await writer.flush();
  return products;
}

interface Customer {
  id: string;
  ownerId: string;
  teamId: string | null;
  industry: string;
  weight: number;
}

export async function seedOrders(context: SeedContext, count: number, companies: Customer[], contacts: { id: string; companyId: string | null }[], products: ProductRef[]): Promise<void> {
  const { workspaceId, random, writer } = context;
  if (companies.length === 0 || products.length === 0) return;
  const byCategory = new Map<string, ProductRef[]>();
  for (const product of products) byCategory.set(product.category, [...(byCategory.get(product.category) ?? []), product]);
  const cumulative: number[] = [];
  let total = 0;
  for (const company of companies) cumulative.push((total += company.weight));
  const pickCustomer = () => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return companies[low];
  };
  const contactOf = firstContactByCompany(contacts);
  const favourites = new Map<string, ProductRef[]>();
  const pickFromCategory = (industry: string) => {
    const preferences = industryPreferences[industry] ?? {};
    const categories = Object.keys(preferences).filter((category) => byCategory.has(category));
    const category = categories.length && random.chance(0.85) ? random.weighted(categories, categories.map((name) => preferences[name])) : random.pick([...byCategory.keys()]);
    return random.pick(byCategory.get(category)!);
  };
  const partnerOf = (product: ProductRef) => {
    const partnerItem = product.item % 2 === 0 ? product.item + 1 : product.item - 1;
    return byCategory.get(product.category)!.find((candidate) => candidate.item === partnerItem) ?? null;
  };
  for (let index = 0; index < count; index++) {
    const customer = pickCustomer();
    if (!favourites.has(customer.id)) favourites.set(customer.id, [pickFromCategory(customer.industry), pickFromCategory(customer.industry)]);
    const basket = new Map<string, ProductRef>();
    const lines = random.weighted([1, 2, 3, 4, 5], [3, 4, 3, 2, 1]);
    while (basket.size < lines) {
      const product = random.chance(0.35) ? random.pick(favourites.get(customer.id)!) : pickFromCategory(customer.industry);
      basket.set(product.id, product);
      const partner = partnerOf(product);
      if (partner && random.chance(0.55)) basket.set(partner.id, partner);
    }
    const orderId = random.uuid();
    const orderedAt = pastMoment(context, 730);
    const ageDays = (context.now - Date.parse(orderedAt)) / 86400_000;
    const status = ageDays > 30 ? random.weighted(['done', 'cancelled', 'problem'], [92, 5, 3]) : random.weighted(['new', 'in_progress', 'done', 'problem'], [3, 4, 2, 1]);
    let orderTotal = 0;
    for (const product of basket.values()) {
      const quantity = random.int(1, 20);
      const discount = random.weighted([0, 5, 10], [6, 3, 1]);
      const amount = Math.round(quantity * product.price * (100 - discount)) / 100;
      orderTotal += amount;
      await writer.add('order_lines', { id: random.uuid(), workspaceId, orderId, productId: product.id, quantity: String(quantity), price: product.price.toFixed(2), discountPercent: String(discount), amount: amount.toFixed(2) });
    }
    const paid = status === 'done' ? orderTotal : status === 'in_progress' && random.chance(0.5) ? Math.round(orderTotal * 50) / 100 : 0;
    if (paid > 0) await writer.add('payments', { id: random.uuid(), workspaceId, orderId, amount: paid.toFixed(2), paidAt: orderedAt, method: random.pick(['bank_transfer', 'card']), reference: `П/П ${index + 1}`, createdBy: customer.ownerId, createdAt: orderedAt });
    const shipped = status === 'done';
    if (shipped) await writer.add('shipments', { id: random.uuid(), workspaceId, orderId, shippedAt: orderedAt, carrier: random.pick(['СДЭК', 'Деловые Линии', 'ПЭК', 'Собственная доставка']), trackingNumber: random.digits(10), status: 'delivered', createdBy: customer.ownerId, createdAt: orderedAt });
    await writer.add('orders', {
      id: orderId, workspaceId, number: `ORD-${String(index + 1).padStart(6, '0')}`, companyId: customer.id, contactId: contactOf.get(customer.id)?.id ?? null, dealId: null,
      status, paymentStatus: paid === 0 ? 'unpaid' : paid >= orderTotal ? 'paid' : 'partial', shipmentStatus: shipped ? 'shipped' : 'not_shipped',
      orderedAt, dueAt: new Date(Date.parse(orderedAt) + 14 * 86400_000).toISOString(), total: orderTotal.toFixed(2), paidTotal: paid.toFixed(2), currency: 'RUB', notes: null,
      ownerId: customer.ownerId, teamId: customer.teamId, collaboratorIds: [], tags: [], custom: {}, createdBy: customer.ownerId, createdAt: orderedAt, updatedAt: orderedAt,
    });
  }
  await writer.flush();
}
