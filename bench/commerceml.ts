// CommerceML import benchmark (issue 15). Writes bench/results/commerceml.json and the
// "## CommerceML import (issue 15)" section of BENCHMARKS.md.
//   npm run bench:commerceml   generates import.xml (windows-1251, groups, properties, N products) and
//                              offers.xml (UTF-8 with BOM, two price types, stock) as 1C writes them, then
//                              in child processes, alternately, BENCH_RUNS times each:
//                                parse  - the same files through the same streaming reader (saxes +
//                                         iconv-lite, element trees built) with nothing written: the reference
//                                import - importCommerceMl on a fresh embedded database (PGlite in a data
//                                         directory, as the server runs by default): products created
//                                         through the record engine with audit and outbox events, then the
//                                         offers applied (price, currency, stock) as updates
//                              Each child reports its time and peak RSS (sampled every 20 ms).
// Environment: BENCH_PRODUCTS (default 100000), BENCH_RUNS (default 3).
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TMP = path.join(os.tmpdir(), 'svyaz-bench-commerceml');
const RESULTS = path.resolve('bench/results/commerceml.json');
const GROUPS = 200;
/** pglite (a data directory, the default deployment) or postgres (DATABASE_URL_BENCH, the scaled one). */
const DATABASE = process.env.BENCH_DATABASE ?? 'postgres';

async function writeEncoded(file: string, encoding: 'windows-1251' | 'utf-8', parts: () => Generator<string>): Promise<void> {
  const out = createWriteStream(file);
  if (encoding === 'utf-8') out.write(Buffer.from([0xef, 0xbb, 0xbf]));
  let buffer = '';
  for (const part of parts()) {
    buffer += part;
    if (buffer.length > 1 << 20) {
      if (!out.write(iconv.encode(buffer, encoding))) await once(out, 'drain');
      buffer = '';
    }
  }
  out.write(iconv.encode(buffer, encoding));
  out.end();
  await once(out, 'finish');
}

const productId = (index: number) => `${String(index).padStart(8, '0')}-1c00-11ee-8c90-0242ac120002`;

async function generate(dir: string): Promise<void> {
  await writeEncoded(path.join(dir, 'import.xml'), 'windows-1251', function* () {
    yield '<?xml version="1.0" encoding="windows-1251"?>\r\n<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2026-12-01T10:00:00">\r\n<Классификатор><Ид>cls</Ид><Наименование>Классификатор</Наименование><Группы>\r\n';
    for (let group = 1; group <= GROUPS; group++) yield `<Группа><Ид>grp-${group}</Ид><Наименование>Группа товаров №${group}</Наименование></Группа>\r\n`;
    yield '</Группы><Свойства><Свойство><Ид>prop-brand</Ид><Наименование>Бренд</Наименование><ТипЗначений>Строка</ТипЗначений></Свойство></Свойства></Классификатор>\r\n';
    yield '<Каталог СодержитТолькоИзменения="false"><Ид>cat</Ид><ИдКлассификатора>cls</ИдКлассификатора><Наименование>Основной каталог</Наименование><Товары>\r\n';
    for (let index = 1; index <= PRODUCTS; index++) {
      yield `\t<Товар>\r\n\t\t<Ид>${productId(index)}</Ид>\r\n\t\t<Артикул>АРТ-${index}</Артикул>\r\n\t\t<Наименование>Товар «Тестовый» номер ${index}, упаковка ${index % 12} шт.</Наименование>\r\n` +
        `\t\t<БазоваяЕдиница Код="796" НаименованиеПолное="Штука" МеждународноеСокращение="PCE">шт</БазоваяЕдиница>\r\n\t\t<Группы><Ид>grp-${(index % GROUPS) + 1}</Ид></Группы>\r\n` +
        `\t\t<Описание>Описание товара ${index}: состав, размеры и условия хранения.</Описание>\r\n\t\t<ЗначенияСвойств><ЗначенияСвойства><Ид>prop-brand</Ид><Значение>Бренд ${index % 50}</Значение></ЗначенияСвойства></ЗначенияСвойств>\r\n` +
        `\t\t<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов>\r\n\t</Товар>\r\n`;
    }
    yield '</Товары></Каталог></КоммерческаяИнформация>\r\n';
  });
  await writeEncoded(path.join(dir, 'offers.xml'), 'utf-8', function* () {
    yield '<?xml version="1.0" encoding="UTF-8"?>\r\n<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2026-12-01T10:01:00">\r\n<ПакетПредложений СодержитТолькоИзменения="false"><Ид>cat#</Ид><Наименование>Пакет предложений</Наименование>\r\n';
    yield '<ТипыЦен><ТипЦены><Ид>pt-opt</Ид><Наименование>Оптовая</Наименование><Валюта>руб</Валюта></ТипЦены><ТипЦены><Ид>pt-ret</Ид><Наименование>Розничная</Наименование><Валюта>руб</Валюта></ТипЦены></ТипыЦен><Предложения>\r\n';
    for (let index = 1; index <= PRODUCTS; index++) {
      yield `\t<Предложение>\r\n\t\t<Ид>${productId(index)}</Ид>\r\n\t\t<Наименование>Товар «Тестовый» номер ${index}</Наименование>\r\n\t\t<Цены>\r\n` +
        `\t\t\t<Цена><Представление>${100 + (index % 900)} руб. за шт</Представление><ИдТипаЦены>pt-opt</ИдТипаЦены><ЦенаЗаЕдиницу>${100 + (index % 900)},50</ЦенаЗаЕдиницу><Валюта>руб</Валюта><Единица>шт</Единица><Коэффициент>1</Коэффициент></Цена>\r\n` +
        `\t\t\t<Цена><ИдТипаЦены>pt-ret</ИдТипаЦены><ЦенаЗаЕдиницу>${150 + (index % 900)}</ЦенаЗаЕдиницу><Валюта>руб</Валюта></Цена>\r\n\t\t</Цены>\r\n\t\t<Количество>${index % 300}</Количество>\r\n\t</Предложение>\r\n`;
    }
    yield '</Предложения></ПакетПредложений></КоммерческаяИнформация>\r\n';
  });
}

// ---------------------------------------------------------------- children

function samplePeak(): () => number {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function childParse(dir: string): Promise<void> {
  const { readXmlStream } = await import('../packages/server/src/modules/commerceml/xml-stream.js');
  const { CatalogueImport } = await import('../packages/server/src/modules/commerceml/catalogue-import.js');
  const peak = samplePeak();
  const started = performance.now();
  let items = 0;
  for (const file of ['import.xml', 'offers.xml']) {
    await readXmlStream(createReadStream(path.join(dir, file), { highWaterMark: 256 * 1024 }), {
      isItem: (elementPath) => CatalogueImport.paths.has(elementPath),
      onItem: () => void items++,
      drain: async () => {},
    });
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, peakRssMb: peak() / 2 ** 20, items }));
}

async function childImport(dir: string): Promise<void> {
  const { openPglite, openPostgres, migrateDatabase, rows } = await import('../packages/server/src/db/client.js');
  const { adminQuery, urlFor } = await import('./bench-db.js');
  const { createWorkspace } = await import('../packages/server/src/modules/workspaces/workspaces.service.js');
  const { loadActor } = await import('../packages/server/src/modules/auth/auth.service.js');
  const { importCommerceMl } = await import('../packages/server/src/modules/commerceml/commerceml-import.service.js');
  const { sql } = await import('drizzle-orm');
  const onPostgres = DATABASE === 'postgres';
  const dataDir = onPostgres ? '' : mkdtempSync(path.join(TMP, 'pglite-'));
  const databaseName = `svyaz_bench_cml_${process.pid}`;
  if (onPostgres) await adminQuery(`create database ${databaseName}`);
  const database = onPostgres ? await openPostgres(urlFor(databaseName)) : await openPglite(dataDir);
  await migrateDatabase(database);
  const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
  const { adminId } = await createWorkspace(database.db, { name: 'Bench', admin: { email: 'bench@bench.local', name: 'Bench', password: 'bench-password-1' } });
  const ctx = { db: database.db, actor: (await loadActor(database.db, adminId))! };
  const peak = samplePeak();
  const started = performance.now();
  const catalogue = await importCommerceMl(ctx, () => createReadStream(path.join(dir, 'import.xml'), { highWaterMark: 256 * 1024 }));
  const catalogueSeconds = (performance.now() - started) / 1000;
  const offers = await importCommerceMl(ctx, () => createReadStream(path.join(dir, 'offers.xml'), { highWaterMark: 256 * 1024 }));
  const seconds = (performance.now() - started) / 1000;
  const [check] = await rows<{ products: number; priced: number; audit: number }>(
    database.db,
    sql`select (select count(*)::int from products) as products, (select count(*)::int from products where price > 0) as priced, (select count(*)::int from audit_events where record_type = 'product') as audit`,
  );
  const peakRssMb = peak() / 2 ** 20;
  await database.close();
  if (onPostgres) await adminQuery(`drop database ${databaseName}`);
  else rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ seconds, catalogueSeconds, offersSeconds: seconds - catalogueSeconds, peakRssMb, baselineRssMb, created: catalogue.catalogue.productsCreated, offers: offers.catalogue.offers, check }));
}

// ---------------------------------------------------------------- parent

interface ChildResult {
  seconds: number;
  peakRssMb: number;
  catalogueSeconds?: number;
  offersSeconds?: number;
  created?: number;
  check?: { products: number; priced: number; audit: number };
}

function runChild(mode: 'parse' | 'import', dir: string): ChildResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/commerceml.ts', '--child', mode, dir], { encoding: 'utf8', maxBuffer: 1 << 24, env: process.env });
  if (child.status !== 0) throw new Error(`${mode} child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildResult;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(path.join(TMP, 'files-'));
  console.log(`generating ${PRODUCTS} products...`);
  await generate(dir);
  const sizes = { importMb: statSync(path.join(dir, 'import.xml')).size / 2 ** 20, offersMb: statSync(path.join(dir, 'offers.xml')).size / 2 ** 20 };
  const parses: ChildResult[] = [];
  const imports: ChildResult[] = [];
  for (let run = 1; run <= RUNS; run++) {
    parses.push(runChild('parse', dir));
    imports.push(runChild('import', dir));
    const last = imports[imports.length - 1];
    if (last.created !== PRODUCTS || last.check?.priced !== PRODUCTS) throw new Error(`the import wrote ${JSON.stringify(last)}`);
    console.log(`run ${run}: parse ${parses[run - 1].seconds.toFixed(2)} s, import ${last.seconds.toFixed(2)} s (catalogue ${last.catalogueSeconds!.toFixed(2)} s, offers ${last.offersSeconds!.toFixed(2)} s), peak RSS ${last.peakRssMb.toFixed(0)} MB vs ${parses[run - 1].peakRssMb.toFixed(0)} MB`);
  }
  rmSync(dir, { recursive: true, force: true });
  const importSeconds = median(imports.map((result) => result.seconds));
  const parseSeconds = median(parses.map((result) => result.seconds));
  const result = {
    measuredAt: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    products: PRODUCTS,
    runs: RUNS,
    files: sizes,
    database: DATABASE === 'postgres' ? 'PostgreSQL 15 (DATABASE_URL_BENCH)' : 'PGlite (a data directory)',
    import: {
      medianSeconds: importSeconds,
      productsPerSecond: PRODUCTS / importSeconds,
      catalogueSeconds: median(imports.map((entry) => entry.catalogueSeconds!)),
      offersSeconds: median(imports.map((entry) => entry.offersSeconds!)),
      peakRssMb: Math.max(...imports.map((entry) => entry.peakRssMb)),
      auditEvents: imports[0].check?.audit,
    },
    parseOnly: { medianSeconds: parseSeconds, productsPerSecond: PRODUCTS / parseSeconds, peakRssMb: Math.max(...parses.map((entry) => entry.peakRssMb)) },
    ratio: { time: importSeconds / parseSeconds, peakRss: Math.max(...imports.map((entry) => entry.peakRssMb)) / Math.max(...parses.map((entry) => entry.peakRssMb)) },
    targets: { productsPerSecond: 5000, peakRssMb: 400 },
    all: { imports, parses },
  };
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  writeSection(result);
  console.log(JSON.stringify({ import: result.import, parseOnly: result.parseOnly, ratio: result.ratio }, null, 2));
}

function writeSection(result: { database: string; products: number; runs: number; machine: string; files: { importMb: number; offersMb: number }; import: { medianSeconds: number; productsPerSecond: number; catalogueSeconds: number; offersSeconds: number; peakRssMb: number }; parseOnly: { medianSeconds: number; productsPerSecond: number; peakRssMb: number }; ratio: { time: number; peakRss: number } }): void {
  const file = path.resolve('BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const heading = '## CommerceML import (issue 15)';
  const pass = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const section = `${heading}

\`npm run bench:commerceml\` (bench/commerceml.ts, results in bench/results/commerceml.json). Generated as 1C writes
them: import.xml (windows-1251, ${result.files.importMb.toFixed(1)} MB: 200 groups, a property, ${result.products.toLocaleString('en')} products) and offers.xml
(UTF-8 with BOM, ${result.files.offersMb.toFixed(1)} MB: two price types, price and stock of every product). Each run in its own process,
import and parse alternating, median of ${result.runs}; ${result.machine}. The import writes into a fresh
database (${result.database}) through the record engine's batch paths (sets of 1,000: rights, validation,
audit event and outbox event per product), each file in one transaction. Peak RSS is the Node process's.
The reference is the same two files through the same streaming reader (saxes + iconv-lite, element trees)
with nothing written.

| | time (median) | products/s | peak RSS |
|---|---|---|---|
| import.xml + offers.xml imported | ${result.import.medianSeconds.toFixed(1)} s (catalogue ${result.import.catalogueSeconds.toFixed(1)} s, offers ${result.import.offersSeconds.toFixed(1)} s) | ${Math.round(result.import.productsPerSecond).toLocaleString('en')} | ${result.import.peakRssMb.toFixed(0)} MB |
| same files parsed only (reference) | ${result.parseOnly.medianSeconds.toFixed(1)} s | ${Math.round(result.parseOnly.productsPerSecond).toLocaleString('en')} | ${result.parseOnly.peakRssMb.toFixed(0)} MB |
| ratio import / parse | ${result.ratio.time.toFixed(1)}× | | ${result.ratio.peakRss.toFixed(1)}× |

Targets: ≥ 5,000 products/s (${pass(result.import.productsPerSecond >= 5000)}), peak RSS ≤ 400 MB (${pass(result.import.peakRssMb <= 400)}).
`;
  const start = text.indexOf(heading);
  let next = start >= 0 ? text.indexOf('\n## ', start + heading.length) : -1;
  if (next < 0) next = text.length;
  const updated = start >= 0 ? `${text.slice(0, start)}${section}${text.slice(next).replace(/^\n+/, '\n')}` : `${text.trimEnd()}\n\n${section}`;
  writeFileSync(file, updated.endsWith('\n') ? updated : `${updated}\n`);
}

if (process.argv[2] === '--section') {
  // Rewrites the BENCHMARKS.md section from the last recorded results.
  writeSection(JSON.parse(readFileSync(RESULTS, 'utf8')));
} else if (process.argv[2] === '--generate') {
  // Files only, for profiling a child by hand: --generate <dir>, then --child import <dir>.
  mkdirSync(process.argv[3], { recursive: true });
  void generate(process.argv[3]);
} else if (process.argv[2] === '--child') {
  const [mode, dir] = process.argv.slice(3);
  (mode === 'parse' ? childParse(dir) : childImport(dir)).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
