// Knowledge base suggestions (issue 12): suggestArticles() for case texts over 50,000 published articles on
// PostgreSQL and PGlite. Two corpora: "long tail" (everyday support words with inflected forms, Zipf-distributed,
// plus a long tail of rarer words and the words of each article's topic, as real articles have) and
// "everyday only" (just the ~160 everyday lexemes, so every word of a case text is in a third of the
// articles: the worst case for any word-based search). Reference in the same run: the bare SQL of the same
// statements (the lexeme counts, then the ranked candidates) over the driver alone. Quality: how often the
// first suggestion is an article of the case's topic. Writes bench/results/kb.json and the
// "## Knowledge base suggestions (issue 12)" section of BENCHMARKS.md.
//   npm run bench:kb     Environment: DATABASE_URL_BENCH, BENCH_ARTICLES (default 50000), BENCH_QUERIES (300).
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { migrateDatabase, openPglite, openPostgres, type Database } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { planSuggestion, suggestArticles, suggestionSql, termsSql, SUGGEST_TERMS, CANDIDATE_LIMIT, CANDIDATE_POSTINGS } from '../packages/server/src/modules/kb/kb-search.js';
import { articleReadCondition } from '../packages/server/src/modules/kb/kb-access.js';
import { adminQuery, urlFor } from './bench-db.js';
import { percentile, replaceSection, writeResult } from './bench-report.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 50_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const TOPICS = Math.max(1, Math.floor(ARTICLES / 5));

// Support-desk vocabulary with the forms a text really uses (the stemmer must bring them together).
const ru = `договор договора договоры договором поставка поставки поставку счёт счета счетов оплата оплаты оплатить оплатил заказ заказа заказы заказов доставка доставки доставку курьер курьера возврат возврата вернуть товар товара товары
  гарантия гарантии гарантийный ремонт ремонта сервис сервиса пароль пароля пароли вход входа войти кабинет кабинета личный личного приложение приложения телефон телефона номер номера код кода подтверждение подтверждения
  уведомление уведомления письмо письма почта почты рассылка рассылки скидка скидки скидку акция акции бонус бонусы баллы карта карты картой банк банка перевод перевода платёж платежа платежи ошибка ошибки ошибку
  сбой сбоя работает работать не не не загружается открывается страница страницы сайт сайта браузер браузера обновление обновления версия версии настройка настройки настроить интеграция интеграции выгрузка выгрузки
  отчёт отчёта отчеты документ документа документы акт акта акты накладная накладной счёт-фактура юридический юрлица ИНН КПП реквизиты реквизитов адрес адреса склад склада остатки остатков цена цены тариф тарифа тарифы
  подписка подписки продление продлить отмена отменить отменил клиент клиента клиенты менеджер менеджера поддержка поддержки обращение обращения жалоба жалобы срок сроки сроков неделя неделю день дня часов минут быстро долго
  как где почему что можно нужно если после перед через для при чтобы когда сколько какой какие`.split(/\s+/).filter(Boolean);
const en = `invoice invoices invoicing payment payments pay paid order orders ordered delivery deliveries deliver courier return returns refund refunds warranty repair repairs service password passwords login log sign account accounts
  app application phone number code codes verification notification notifications email emails mail newsletter discount discounts coupon promotion bonus points card cards bank transfer transfers error errors failure fails
  working loading page pages website browser update updates version settings configure integration integrations export exports report reports document documents contract contracts address warehouse stock price prices plan plans
  subscription subscriptions renew renewal cancel cancelled customer customers manager support ticket tickets complaint complaints deadline week day hours minutes quickly slow how where why what can need if after before
  for when which`.split(/\s+/).filter(Boolean);

// mulberry32 (32-bit integer arithmetic: a float LCG like seed * 1103515245 loses its low bits past 2^53 and
// falls into a short cycle, which made the word generator below loop for ever).
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/** Zipf-like pick: low indexes (the list is in no particular order, so frequent words are spread) much more often. */
const pickFrom = (words: string[], exponent = 1.8) => words[Math.floor(words.length * Math.pow(random(), exponent))]!;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Made-up words from syllables: the long tail (product names, features, rarer terms) a real KB has. */
function madeUpWords(count: number, consonants: string, vowels: string, endings: string[]): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    let word = '';
    for (let syllable = 0, n = 2 + Math.floor(random() * 3); syllable < n; syllable++) word += consonants[Math.floor(random() * consonants.length)]! + vowels[Math.floor(random() * vowels.length)]!;
    out.add(word + endings[Math.floor(random() * endings.length)]!);
  }
  return [...out];
}
const ruTail = madeUpWords(20_000, 'бвгдзклмнпрстфх', 'аеиоу', ['', 'ка', 'ник', 'ость', 'ация', 'ер']);
const enTail = madeUpWords(12_000, 'bcdfgklmnprstvz', 'aeiou', ['', 'er', 'ion', 'ing', 'ity', 'or']);
// Each topic owns three words of the tail (a product, a feature, an error) that its five articles share.
const topicWords = (topic: number, language: 'ru' | 'en') => {
  const tail = language === 'ru' ? ruTail : enTail;
  return [0, 1, 2].map((k) => tail[(topic * 3 + k) % tail.length]!);
};
const topicLanguage = (topic: number): 'ru' | 'en' => (topic % 10 < 7 ? 'ru' : 'en');

type Corpus = 'long-tail' | 'everyday';

/** A text of `count` words: everyday words, with rarer tail words and the topic's words mixed in (long tail). */
function phrase(corpus: Corpus, language: 'ru' | 'en', count: number, topic: string[], topicShare: number): string {
  const everyday = language === 'ru' ? ru : en;
  const tail = language === 'ru' ? ruTail : enTail;
  return Array.from({ length: count }, () => {
    if (corpus === 'everyday') return pickFrom(everyday);
    const roll = random();
    if (roll < topicShare) return topic[Math.floor(random() * topic.length)]!;
    if (roll < topicShare + 0.15) return pickFrom(tail, 3);
    return pickFrom(everyday);
  }).join(' ');
}

function articleRow(corpus: Corpus, index: number) {
  const topic = index % TOPICS;
  const language = corpus === 'everyday' ? (random() < 0.7 ? 'ru' : 'en') : topicLanguage(topic);
  const words = topicWords(topic, language);
  const title = corpus === 'everyday' ? capital(phrase(corpus, language, 4 + Math.floor(random() * 4), words, 0)) : capital(`${words[index % 3]} ${words[(index + 1) % 3]} ${phrase(corpus, language, 2 + Math.floor(random() * 3), words, 0)}`);
  const paragraphs = Array.from({ length: 3 + Math.floor(random() * 4) }, () => `<p>${capital(phrase(corpus, language, 25 + Math.floor(random() * 30), words, 0.05))}.</p>`).join('');
  return { slug: `article-${index}`, title, summary: capital(phrase(corpus, language, 12, words, 0.1)), body: paragraphs, body_text: paragraphs.replace(/<[^>]+>/g, '\n'), language, resolved_count: random() < 0.1 ? Math.floor(random() * 30) : 0 };
}

/** A case text: a subject and 30-70 words; on the long-tail corpus one or two of them name the case's topic. */
function caseText(corpus: Corpus): { text: string; language: 'ru' | 'en'; topic: number } {
  const topic = Math.floor(random() * TOPICS);
  const language = corpus === 'everyday' ? (random() < 0.7 ? 'ru' : 'en') : topicLanguage(topic);
  const words = topicWords(topic, language);
  const subject = corpus === 'everyday' ? phrase(corpus, language, 6, words, 0) : `${phrase(corpus, language, 4, words, 0)} ${words[Math.floor(random() * 3)]}`;
  return { text: `${capital(subject)}. ${capital(phrase(corpus, language, 30 + Math.floor(random() * 40), words, 0.03))}.`, language, topic };
}

const summary = (values: number[]) => ({ p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99) });

interface Run {
  database: 'postgres' | 'pglite';
  corpus: Corpus;
  articles: number;
  queries: number;
  loadSeconds: number;
  averageResults: number;
  topicFirst: number | null;
  service: ReturnType<typeof summary>;
  bare: ReturnType<typeof summary>;
  ratio: number;
}

async function measure(database: Database, kind: 'postgres' | 'pglite', corpus: Corpus, bareQuery: (statement: SQL) => Promise<Array<Record<string, unknown>>>): Promise<Run> {
  const db = database.db;
  const { workspaceId, adminId } = await createWorkspace(db, { name: `KB bench ${corpus}`, admin: { email: `bench-kb-${corpus}@bench.local`, name: 'Bench', password: 'bench-password-1' } });
  const actor = (await loadActor(db, adminId))!;
  const started = Date.now();
  for (let offset = 0; offset < ARTICLES; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, ARTICLES - offset) }, (_, index) => articleRow(corpus, offset + index));
    await db.execute(sql`insert into kb_articles (workspace_id, slug, title, summary, body, body_text, language, status, visibility, author_id, resolved_count, published_at)
      select ${workspaceId}::uuid, x.slug, x.title, x.summary, x.body, x.body_text, x.language, 'published', 'internal', ${adminId}::uuid, x.resolved_count, now()
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(slug text, title text, summary text, body text, body_text text, language text, resolved_count int)`);
  }
  await db.execute(sql`vacuum analyze kb_articles`);
  await db.execute(sql`analyze kb_lexeme_stats`);
  const loadSeconds = (Date.now() - started) / 1000;
  const texts = Array.from({ length: QUERIES }, () => caseText(corpus));
  const ctx = { db, actor };
  for (const input of texts.slice(0, 30)) await suggestArticles(ctx, { text: input.text, language: input.language, limit: 5 });
  const service: number[] = [];
  const bare: number[] = [];
  let found = 0;
  let topicFirst = 0;
  // Interleaved, so both see the same cache and load.
  for (const input of texts) {
    let t = performance.now();
    const result = await suggestArticles(ctx, { text: input.text, language: input.language, limit: 5 });
    service.push(performance.now() - t);
    found += result.data.length;
    const first = result.data[0];
    if (first && Number(first.slug.slice('article-'.length)) % TOPICS === input.topic) topicFirst += 1;
    t = performance.now();
    const counted = await bareQuery(termsSql(workspaceId, input.text, input.language));
    const plan = planSuggestion(counted.map((row) => ({ lexeme: String(row.lexeme), tf: Number(row.tf), df: Number(row.df) })), Number(counted[0]?.total ?? 0));
    if (plan) await bareQuery(suggestionSql(articleReadCondition(actor, 'a'), plan, 5));
    bare.push(performance.now() - t);
  }
  const service95 = summary(service);
  const bare95 = summary(bare);
  const run: Run = { database: kind, corpus, articles: ARTICLES, queries: QUERIES, loadSeconds, averageResults: found / QUERIES, topicFirst: corpus === 'long-tail' ? topicFirst / QUERIES : null, service: service95, bare: bare95, ratio: service95.p95 / bare95.p95 };
  console.log(JSON.stringify(run));
  return run;
}

async function onPostgres(corpus: Corpus): Promise<Run> {
  const name = `svyaz_bench_kb_${corpus.replace('-', '_')}_${process.pid}`;
  await adminQuery(`drop database if exists ${name}`);
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(urlFor(name));
  const client = new pg.Client({ connectionString: urlFor(name) });
  const dialect = new PgDialect();
  try {
    await migrateDatabase(database);
    await client.connect();
    return await measure(database, 'postgres', corpus, async (statement) => {
      const query = dialect.sqlToQuery(statement);
      return (await client.query(query.sql, query.params as unknown[])).rows;
    });
  } finally {
    await client.end().catch(() => undefined);
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

async function onPglite(corpus: Corpus): Promise<Run> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'svyaz-bench-kb-'));
  const database = await openPglite(directory);
  const dialect = new PgDialect();
  try {
    await migrateDatabase(database);
    return await measure(database, 'pglite', corpus, async (statement) => {
      const query = dialect.sqlToQuery(statement);
      return (await database.pglite!.query<Record<string, unknown>>(query.sql, query.params as unknown[])).rows;
    });
  } finally {
    await database.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function main() {
  const loadBefore = os.loadavg()[0];
  const runs: Run[] = [];
  runs.push(await onPostgres('long-tail'));
  runs.push(await onPostgres('everyday'));
  if (process.env.BENCH_PGLITE !== '0') runs.push(await onPglite('long-tail'));
  const result = { date: new Date().toISOString(), articles: ARTICLES, queries: QUERIES, terms: SUGGEST_TERMS, candidatePostings: CANDIDATE_POSTINGS, candidateLimit: CANDIDATE_LIMIT, runs, target: { p95: 50 }, load: { before: loadBefore, after: os.loadavg()[0] } };
  writeResult('kb.json', result);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, PostgreSQL 15 and PGlite (in a directory)`;
  const f = (value: number, digits = 1) => value.toFixed(digits);
  const corpusName = (corpus: Corpus) => (corpus === 'long-tail' ? 'long tail' : 'everyday words only');
  const rowsOut = runs.map(
    (run) =>
      `| ${run.database === 'postgres' ? 'PostgreSQL' : 'PGlite'} | ${corpusName(run.corpus)} | p50 ${f(run.service.p50)} ms, p95 ${f(run.service.p95)} ms, p99 ${f(run.service.p99)} ms | p50 ${f(run.bare.p50)} ms, p95 ${f(run.bare.p95)} ms | ${f(run.ratio, 2)} | ${run.service.p95 <= 50 ? 'met' : 'missed'} (${f(run.service.p95 / 50, 2)} of 50 ms) | ${run.topicFirst === null ? '—' : `${f(run.topicFirst * 100, 0)} %`} | ${f(run.loadSeconds, 0)} s |`,
  );
  replaceSection(
    '## Knowledge base suggestions (issue 12)',
    [
      '## Knowledge base suggestions (issue 12)',
      '',
      `\`npm run bench:kb\` on ${machine}. ${result.date.slice(0, 10)}. 1-minute load ${f(loadBefore)} before, ${f(result.load.after)} after (the machine is shared).`,
      '',
      `suggestArticles() (rights, the case text's lexeme counts, the ${SUGGEST_TERMS} lexemes with the highest tf × idf, candidates through the GIN index by the rarest of them — at most ${CANDIDATE_LIMIT.toLocaleString('en')} — ranked by Σ idf × ts_rank × the resolutions boost, top 5 with ts_headline snippets) for ${QUERIES} case texts (subject + 30-70 words) over ${ARTICLES.toLocaleString('en')} published articles. Reference: the bare SQL of the same two statements over the driver alone (pg client, PGlite's query()).`,
      '',
      '| database | corpus | suggestArticles() | reference (same run) | ratio p95 | target p95 ≤ 50 ms | first suggestion on the case\'s topic | loading the articles |',
      '|---|---|---|---|---|---|---|---|',
      ...rowsOut,
    ].join('\n'),
  );
}

await main();
