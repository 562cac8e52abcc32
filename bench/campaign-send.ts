// Campaign sending benchmark (issue 14) on PostgreSQL: N personalised messages (BENCH_CAMPAIGN_MESSAGES, default
// 100,000) expanded from a consenting audience, rendered per recipient (placeholders, signed open/click/unsubscribe
// links) and sent by the campaign sender (runCampaign, as the campaign-send job runs it) through the mailbox's pooled
// nodemailer transport to an smtp-server on loopback in a child process; against nodemailer alone sending N
// prerendered messages of the same size to the same server with the same pool (8 connections), in the same run.
// Writes bench/results/campaign-send.json and the "## Campaign sending (issue 14)" section of BENCHMARKS.md.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { createMailbox } from '../packages/server/src/modules/email/mailboxes.service.js';
import { closeMailTransports } from '../packages/server/src/modules/email/email-delivery.js';
import { createRecord } from '../packages/server/src/core/records/record-service.js';
import { campaignDefinition } from '../packages/server/src/modules/campaigns/campaigns.definition.js';
import { runCampaign } from '../packages/server/src/modules/campaigns/campaign-sender.js';
import type { JobQueue } from '../packages/server/src/jobs/job-runner.js';
import { startCampaign } from '../packages/server/src/modules/campaigns/campaigns.service.js';
import { adminQuery, urlFor } from './bench-db.js';
import { replaceSection, writeResult } from './bench-report.js';

const MESSAGES = Number(process.env.BENCH_CAMPAIGN_MESSAGES ?? 100_000);
const CONCURRENCY = 8;
const USER = 'bench@campaign.test';

function ask<T>(child: ChildProcess, question: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: Record<string, T>) => {
      if (key in message) {
        child.off('message', listener);
        resolve(message[key]);
      }
    };
    child.on('message', listener);
    if (question) child.send({ ask: question });
  });
}

const blocks = [
  { type: 'heading', text: 'Здравствуйте, {{contact.firstName}}!' },
  { type: 'text', text: 'Зимние шины для {{company.name}} со скидкой 15 % до конца месяца. Шиномонтаж в подарок при покупке комплекта.\n\nВаш менеджер {{owner.name}} ответит на любые вопросы.' },
  { type: 'image', url: 'https://cdn.example.com/tyres.png', alt: 'Шины', link: 'https://shop.example.com/tyres' },
  { type: 'button', text: 'Выбрать шины', url: 'https://shop.example.com/winter?utm_source=mail' },
  { type: 'divider' },
  { type: 'text', text: 'Адреса шиномонтажа: Москва, Санкт-Петербург, Казань.' },
];

async function main() {
  const name = `svyaz_bench_campaign_${process.pid}`;
  await adminQuery(`drop database if exists ${name}`);
  await adminQuery(`create database ${name}`);
  const database = await openPostgres(urlFor(name), { max: 4 });
  const child = fork(fileURLToPath(new URL('./campaign-smtp-child.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  try {
    await migrateDatabase(database);
    const port = await ask<number>(child, '', 'port');
    const db = database.db;
    const { workspaceId, adminId } = await createWorkspace(db, { name: 'Campaign bench', admin: { email: 'bench@bench.local', name: 'Анна Маркетолог', password: 'bench-password-1' } });
    const actor = (await loadActor(db, adminId))!;
    const ctx = { db, actor };
    const mailbox = await createMailbox(ctx, { name: 'Рассылки', emailAddress: USER, shared: true, smtp: { host: '127.0.0.1', port, security: 'none', login: USER, password: 'secret' } });
    await db.execute(sql`insert into campaign_sending_domains (workspace_id, domain, per_minute) values (${workspaceId}, 'campaign.test', 100000000)`);
    const loadStart = performance.now();
    await db.execute(sql`alter table contacts disable trigger contacts_words_insert`);
    await db.execute(sql`insert into companies (id, workspace_id, name, owner_id, created_by) select md5('co' || i)::uuid, ${workspaceId}::uuid, 'ООО Компания ' || i, ${adminId}::uuid, ${adminId}::uuid from generate_series(1, 1000) as i`);
    await db.execute(sql`insert into contacts (id, workspace_id, first_name, last_name, emails, company_id, marketing_consent, marketing_consent_at, owner_id, created_by)
      select md5('c' || i)::uuid, ${workspaceId}::uuid, 'Имя' || i, 'Фамилия ' || i, array['client' || i || '@mail.test'], md5('co' || (1 + i % 1000))::uuid, true, now(), ${adminId}::uuid, ${adminId}::uuid
      from generate_series(1, ${MESSAGES}) as i`);
    await db.execute(sql`alter table contacts enable trigger contacts_words_insert`);
    await db.execute(sql`vacuum analyze contacts`);
    const loadSeconds = (performance.now() - loadStart) / 1000;

    // Reference: nodemailer alone, prerendered messages of the same size, same pool, same server.
    const sample = await rows<{ html: string }>(db, sql`select 1 as html`);
    void sample;
    const html = `<html><body>${'<p>Здравствуйте, Имя1! Зимние шины для ООО Компания 1 со скидкой 15 %.</p>'.repeat(30)}</body></html>`;
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: USER, pass: 'secret' }, pool: true, maxConnections: CONCURRENCY, maxMessages: 1000 });
    const referenceStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < MESSAGES) {
          const index = next++;
          await transport.sendMail({ from: USER, to: `client${index}@mail.test`, subject: `Имя${index}, шины к зиме`, html, text: html.replace(/<[^>]+>/g, ' ') });
        }
      }),
    );
    const referenceSeconds = (performance.now() - referenceStart) / 1000;
    transport.close();

    // Svyaz: the campaign, started through the service (audience counted with the starter's rights), sent by the sender.
    const campaign = await createRecord(ctx, campaignDefinition, { name: 'Зимние шины', mailboxId: mailbox.id, subject: '{{contact.firstName}}, шины к зиме', blocks, audience: { kind: 'all' } });
    const queue: JobQueue = { enqueue: async () => null, stop: async () => undefined };
    await startCampaign(ctx, campaign.id as string, { confirmCount: MESSAGES }, queue);
    const before = await ask<number>(child, 'count', 'count');
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 200);
    const start = performance.now();
    const run = await runCampaign(database, campaign.id as string);
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const received = (await ask<number>(child, 'count', 'count')) - before;
    const [{ sent }] = await rows<{ sent: number }>(db, sql`select count(*)::int as sent from campaign_recipients where campaign_id = ${campaign.id as string}::uuid and status = 'sent'`);
    if (run.state !== 'sent' || received !== MESSAGES || sent !== MESSAGES) throw new Error(`expected ${MESSAGES} sent, got state ${run.state}, ${sent} rows sent, ${received} received`);
    const result = {
      date: new Date().toISOString(),
      messages: MESSAGES,
      loadSeconds,
      campaign: { seconds, perSecond: MESSAGES / seconds, peakRssMb: peakRss / 1024 / 1024, rssBeforeMb: rssBefore / 1024 / 1024 },
      nodemailerAlone: { seconds: referenceSeconds, perSecond: MESSAGES / referenceSeconds },
      ratio: MESSAGES / seconds / (MESSAGES / referenceSeconds),
      target: { perSecond: 500, peakRssMb: 300 },
      load: os.loadavg()[0],
    };
    writeResult('campaign-send.json', result);
    console.log(JSON.stringify(result, null, 2));
    const f = (value: number, digits = 0) => value.toFixed(digits);
    replaceSection(
      '## Campaign sending (issue 14)',
      [
        '## Campaign sending (issue 14)',
        '',
        `\`npm run bench:campaign-send\` on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, PostgreSQL. ${result.date.slice(0, 10)}.`,
        '',
        '| what | result | reference (same run) | ratio | target |',
        '|---|---|---|---|---|',
        `| ${MESSAGES.toLocaleString('en')} personalised messages: audience expanded into campaign_recipients, each rendered (placeholders, signed open/click/unsubscribe links, List-Unsubscribe headers), sent through the mailbox's pool (8 connections) to smtp-server on loopback in a child process, outcomes written per batch | ${f(result.campaign.perSecond)} msg/s (${f(seconds, 1)} s) | nodemailer alone, ${MESSAGES.toLocaleString('en')} prerendered messages of similar size, same pool and server: ${f(result.nodemailerAlone.perSecond)} msg/s | ${f(result.ratio, 2)} | ≥ 500 msg/s |`,
        `| peak RSS of the sending process during the campaign | ${f(result.campaign.peakRssMb)} MB (${f(result.campaign.rssBeforeMb)} MB before) | | | ≤ 300 MB |`,
        '',
        `One run of each (a 100,000-message run takes minutes on this shared 2-core machine). The counts were checked: ${MESSAGES.toLocaleString('en')} rows sent and as many messages received. Contacts loaded with one INSERT … SELECT in ${f(loadSeconds)} s. 1-minute load at the end: ${f(result.load, 1)}.`,
      ].join('\n'),
    );
  } finally {
    child.send({ ask: 'stop' });
    closeMailTransports();
    await database.close();
    await adminQuery(`drop database if exists ${name}`);
  }
}

await main();
