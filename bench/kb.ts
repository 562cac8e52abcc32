// Knowledge base suggestions on PostgreSQL (issue 12): suggestArticles() for case texts over 50,000 published
// articles (Russian and English, generated from support-desk word lists with inflected forms, Zipf-distributed),
// the OR-query of the text's significant lexemes ranked by ts_rank_cd and boosted by resolutions, with snippets.
// Reference in the same run: the bare SQL of the same statement over a plain pg client. Writes
// bench/results/kb.json and the "## Knowledge base suggestions (issue 12)" section of BENCHMARKS.md.
//   npm run bench:kb     Environment: DATABASE_URL_BENCH, BENCH_ARTICLES (default 50000), BENCH_QUERIES (300).
import os from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { migrateDatabase, openPostgres } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { suggestArticles, suggestionSql } from '../packages/server/src/modules/kb/kb-search.js';
import { articleReadCondition } from '../packages/server/src/modules/kb/kb-access.js';
import { adminQuery, urlFor } from './bench-db.js';
import { percentile, replaceSection, writeResult } from './bench-report.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 50_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);

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

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
/** Zipf-like pick: low indexes (the list is in no particular order, so frequent words are spread) much more often. */
const pick = (words: string[]) => words[Math.floor(words.length * Math.pow(random(), 1.8))]!;
const phrase = (words: string[], count: number) => Array.from({ length: count }, () => pick(words)).join(' ');
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function articleRow(index: number) {
  const words = random() < 0.7 ? ru : en;
  const language = words === ru ? 'ru' : 'en';
  const title = capital(phrase(words, 4 + Math.floor(random() * 4)));
  const paragraphs = Array.from({ length: 3 + Math.floor(random() * 4) }, () => `<p>${capital(phrase(words, 25 + Math.floor(random() * 30)))}.</p>`).join('');
  const body = paragraphs;
  return { slug: `article-${index}`, title, summary: capital(phrase(words, 12)), body, body_text: body.replace(/<[^>]+>/g, '\n'), language, resolved_count: random() < 0.1 ? Math.floor(random() * 30) : 0 };
}

function caseText(): { text: string; language: 'ru' | 'en' } {
  const words = random() < 0.7 ? ru : en;
  return { text: `${capital(phrase(words, 6))}. ${capital(phrase(words, 30 + Math.floor(random() * 40)))}.`, language: words === ru ? 'ru' : 'en' };
}

async function main() {
  const name = `svyaz_bench_kb_${process.pid}`;
  await adminQuery(`drop database if exists ${name}`);
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(urlFor(name));
  const client = new pg.Client({ connectionString: urlFor(name) });
  try {
    await migrateDatabase(database);
    const db = database.db;
    const { workspaceId, adminId } = await createWorkspace(db, { name: 'KB bench', admin: { email: 'bench-kb@bench.local', name: 'Bench', password: 'bench-password-1' } });
    const actor = (await loadActor(db, adminId))!;
    const started = Date.now();
    for (let offset = 0; offset < ARTICLES; offset += 1000) {
      const batch = Array.from({ length: Math.min(1000, ARTICLES - offset) }, (_, index) => articleRow(offset + index));
      await db.execute(sql`insert into kb_articles (workspace_id, slug, title, summary, body, body_text, language, status, visibility, author_id, resolved_count, published_at)
        select ${workspaceId}::uuid, x.slug, x.title, x.summary, x.body, x.body_text, x.language, 'published', 'internal', ${adminId}::uuid, x.resolved_count, now()
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(slug text, title text, summary text, body text, body_text text, language text, resolved_count int)`);
    }
    await db.execute(sql`vacuum analyze kb_articles`);
    const loadSeconds = (Date.now() - started) / 1000;
    await client.connect();
    const dialect = new PgDialect();
    const texts = Array.from({ length: QUERIES }, caseText);
    const ctx = { db, actor };
    // Warm-up.
    for (const input of texts.slice(0, 30)) await suggestArticles(ctx, { ...input, limit: 5 });
    const service: number[] = [];
    const bare: number[] = [];
    let found = 0;
    // Interleaved, so both see the same cache and load.
    for (const input of texts) {
      let t = performance.now();
      const result = await suggestArticles(ctx, { ...input, limit: 5 });
      service.push(performance.now() - t);
      found += result.data.length;
      const query = dialect.sqlToQuery(suggestionSql(workspaceId, articleReadCondition(actor, 'a'), input.text, input.language, 5));
      t = performance.now();
      await client.query(query.sql, query.params as unknown[]);
      bare.push(performance.now() - t);
    }
    const summary = (values: number[]) => ({ p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99) });
    const svyaz = summary(service);
    const reference = summary(bare);
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, PostgreSQL`;
    const result = { date: new Date().toISOString(), articles: ARTICLES, queries: QUERIES, loadSeconds, averageResults: found / QUERIES, service: svyaz, bare: reference, ratio: svyaz.p95 / reference.p95, target: { p95: 50 }, load: os.loadavg()[0] };
    writeResult('kb.json', result);
    console.log(JSON.stringify(result, null, 2));
    const f = (value: number, digits = 1) => value.toFixed(digits);
    replaceSection(
      '## Knowledge base suggestions (issue 12)',
      [
        '## Knowledge base suggestions (issue 12)',
        '',
        `\`npm run bench:kb\` on ${machine}. ${result.date.slice(0, 10)}.`,
        '',
        '| what | measured | reference (same run) | ratio | target |',
        '|---|---|---|---|---|',
        `| suggestArticles() for ${QUERIES} case texts (subject + 30-70 words, 70 % Russian) over ${ARTICLES.toLocaleString('en')} published articles: OR-query of the text's 16 significant lexemes, ts_rank_cd boosted by resolutions, top 5 with ts_headline snippets | p50 ${f(svyaz.p50)} ms, p95 ${f(svyaz.p95)} ms, p99 ${f(svyaz.p99)} ms | the bare SQL of the same statement over a plain pg client: p50 ${f(reference.p50)} ms, p95 ${f(reference.p95)} ms | ${f(result.ratio, 2)} | p95 ≤ 50 ms (${f(svyaz.p95 / 50, 2)} of it) |`,
        '',
        `Articles generated from support-desk word lists (Russian with inflected forms, English), Zipf-like word frequencies; ${f(result.averageResults)} suggestions per text on average. Loading the ${ARTICLES.toLocaleString('en')} articles took ${f(loadSeconds, 0)} s. 1-minute load at the end: ${f(result.load)} (the machine is shared).`,
      ].join('\n'),
    );
  } finally {
    await client.end().catch(() => undefined);
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
