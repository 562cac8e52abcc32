// One entry point for every CommerceML file 1C sends: the content decides what it is (a catalogue,
// offers, orders), not the file name, so import.xml, import0_1.xml and offers.xml all work. A file is
// imported in ONE transaction: the first problem anywhere (broken XML, an unknown schema version, a
// product without Ид, a price in an unknown currency) rolls back everything written from it.
import { requirePermission } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import type { Db } from '../../db/client.js';
import { CatalogueImport, type CatalogueCounts } from './catalogue-import.js';
import { isKnownSchemaVersion } from './commerceml-values.js';
import { OrderStatusImport, type OrderImportCounts } from './orders-import.js';
import { readXmlStream, xmlProblem } from './xml-stream.js';

export type FileSource = (db: Db) => AsyncIterable<Buffer | Uint8Array | string>;

export interface ImportResult {
  kinds: string[];
  schemaVersion: string;
  catalogue: CatalogueCounts;
  orders: OrderImportCounts;
}

const ROOT = 'КоммерческаяИнформация';

export async function importCommerceMl(ctx: Ctx, source: FileSource, options: { priceType?: string } = {}): Promise<ImportResult> {
  requirePermission(ctx.actor, 'products', 'read');
  return ctx.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const catalogue = new CatalogueImport(ctx, tx, options);
    const orders = new OrderStatusImport(ctx, tx);
    const kinds = new Set<string>();
    let schemaVersion = '';
    await readXmlStream(source(tx), {
      isItem: (path) => CatalogueImport.paths.has(path) || OrderStatusImport.paths.has(path),
      onItem(node, path) {
        if (OrderStatusImport.paths.has(path)) {
          kinds.add('orders');
          orders.take(node, path);
        } else catalogue.take(node, path);
      },
      onOpen(name, attributes, path, line) {
        if (path === name) {
          if (name !== ROOT) throw xmlProblem(name, line, `this is not a CommerceML file: the root element must be ${ROOT}`);
          schemaVersion = attributes['ВерсияСхемы'] ?? '';
          if (!isKnownSchemaVersion(schemaVersion)) throw xmlProblem(`${ROOT}/@ВерсияСхемы`, line, `the schema version "${schemaVersion}" is not supported (CommerceML 2.0x is)`);
        }
        if (path === `${ROOT}/Классификатор`) kinds.add('classifier');
        if (path === `${ROOT}/Каталог`) {
          kinds.add('catalogue');
          requirePermission(ctx.actor, 'products', 'create');
          requirePermission(ctx.actor, 'products', 'update');
        }
        if (path === `${ROOT}/ПакетПредложений`) {
          kinds.add('offers');
          requirePermission(ctx.actor, 'products', 'update');
        }
      },
      async drain() {
        await catalogue.drain();
        await orders.drain();
      },
    });
    await catalogue.drain(true);
    await orders.drain();
    if (!schemaVersion) throw xmlProblem(ROOT, 1, 'the file has no КоммерческаяИнформация element');
    return { kinds: Array.from(kinds), schemaVersion, catalogue: catalogue.counts, orders: orders.counts };
  });
}
