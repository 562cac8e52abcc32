// Import and export benchmarks on PostgreSQL (issue 5). Writes bench/results/import-export.json and the
// "## Import and export (issue 5)" section of BENCHMARKS.md.
//   npm run bench:import            100k-row contacts CSV import (3 runs) vs psql \copy of the same rows,
//                                   then a child process: 1M-row import (peak RSS) and 1M-row CSV/XLSX export.
// Environment: DATABASE_URL_BENCH (default postgres://postgres@127.0.0.1:5432/postgres; a database is created and dropped).
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openPostgres, rows, type Database } from '../packages/server/src/db/client.js';
import { createWorkspace } from '../packages/server/src/modules/workspaces/workspaces.service.js';
import { loadActor } from '../packages/server/src/modules/auth/auth.service.js';
import { createImport, registerImportRunner, updateImportMapping } from '../packages/server/src/modules/imports/imports.service.js';
import { runImport } from '../packages/server/src/modules/imports/import-runner.js';
import { planExport } from '../packages/server/src/modules/exports/export-rows.js';
import { csvStream, xlsxStream } from '../packages/server/src/modules/exports/export-formats.js';
import { contactDefinition } from '../packages/server/src/modules/contacts/contacts.definition.js';
import { adminQuery as admin, urlFor } from './bench-db.js';

const RESULTS = path.resolve('bench/results/import-export.json');
const TMP = path.join(os.tmpdir(), 'svyaz-bench-import');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
registerImportRunner(() => {}); // the benchmark runs imports itself, awaited

/** A contacts CSV as Russian Excel writes it: ФИО, phone in a local format, email, position, city. */
function writeContactsCsv(file: string, count: number): void {
  const lines = ['ФИО;Телефон;E-mail;Должность;Город'];
  let chunk = '';
  writeFileSync(file, lines[0] + '\r\n');
  for (let index = 1; index <= count; index++) {
    const phone = `8 (9${String(10 + (index % 80)).padStart(2, '0')}) ${String(index).padStart(7, '0').replace(/(\d{3})(\d{2})(\d{2})/, '$1-$2-$3')}`;
    chunk += `Фамилия${index} Имя${index % 700} Отчество${index % 90};${phone};user${index}@bench.test;Менеджер ${index % 40};Город ${index % 60}\r\n`;
    if (index % 20000 === 0) {
      writeFileSync(file, chunk, { flag: 'a' });
      chunk = '';
    }
  }
  writeFileSync(file, chunk, { flag: 'a' });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function newWorkspace(database: Database, label: string) {
  const suffix = Math.random().toString(36).slice(2, 8);
  const { workspaceId, adminId } = await createWorkspace(database.db, { name: label, admin: { email: `bench-${suffix}@bench.local`, name: 'Bench', password: 'bench-password-1' } });
  const actor = (await loadActor(database.db, adminId))!;
  return { workspaceId, actor, ctx: { db: database.db, actor } };
}

/** Existing contacts that every 10th row of the file matches by email (duplicate matching does real work). */
async function seedExisting(database: Database, workspaceId: string, ownerId: string, count: number, every: number) {
  await database.db.execute(sql`insert into contacts (workspace_id, last_name, first_name, emails, owner_id, created_by)
    select ${workspaceId}::uuid, 'Существующий' || g, 'Имя', array['user' || (g * ${every}) || '@bench.test'], ${ownerId}::uuid, ${ownerId}::uuid from generate_series(1, ${count}) g`);
}

async function importFile(database: Database, ctx: { db: Database['db']; actor: NonNullable<Awaited<ReturnType<typeof loadActor>>> }, file: string) {
  const uploadStart = performance.now();
  const job = (await createImport(ctx, { fileName: path.basename(file), stream: createReadStream(file) })) as { id: string };
  await updateImportMapping(ctx, job.id, { options: { duplicateStrategy: 'skip', matchBy: ['email', 'phone'] } });
  await database.db.execute(sql`update import_jobs set status = 'queued' where id = ${job.id}`);
  const uploadSeconds = (performance.now() - uploadStart) / 1000;
  const start = performance.now();
  await runImport(database.db, job.id);
  const seconds = (performance.now() - start) / 1000;
  const [result] = await rows<{ status: string; created: number; skipped: number; failed: number; error: string | null }>(
    database.db,
    sql`select status, created_count as created, skipped_count as skipped, failed_count as failed, error from import_jobs where id = ${job.id}`,
  );
  if (result.status !== 'done') throw new Error(`import ${result.status}: ${result.error}`);
  return { seconds, uploadSeconds, ...result };
}

function copyReference(url: string, file: string): number {
  execFileSync('psql', [url, '-q', '-c', 'drop table if exists bare_contacts; create table bare_contacts (full_name text, phone text, email text, position text, city text)']);
  const start = performance.now();
  execFileSync('psql', [url, '-q', '-c', `\\copy bare_contacts from '${file}' with (format csv, header true, delimiter ';')`]);
  return (performance.now() - start) / 1000;
}

async function countingSink(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  await pipeline(stream, new Writable({ write(chunk, _encoding, done) { bytes += chunk.length; done(); } }));
  return bytes;
}

async function million(url: string, file: string): Promise<void> {
  const database = await openPostgres(url, { max: 4 });
  const { workspaceId, actor, ctx } = await newWorkspace(database, 'million');
  await seedExisting(database, workspaceId, actor.userId, 10000, 100);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const imported = await importFile(database, ctx, file);
  const importPeakMb = Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1024 / 1024);
  const exports: Record<string, { seconds: number; rows: number; bytes: number }> = {};
  for (const format of ['csv', 'xlsx'] as const) {
    const start = performance.now();
    const plan = await planExport(ctx, contactDefinition, { fields: 'lastName,firstName,middleName,phones,emails,position,city,createdAt' });
    const bytes = await countingSink(format === 'csv' ? csvStream(plan.columns, plan.pages, ';') : xlsxStream(plan.columns, plan.pages, 'contacts'));
    exports[format] = { seconds: (performance.now() - start) / 1000, rows: 1_010_000 - imported.skipped, bytes };
  }
  clearInterval(sampler);
  const exportPeakMb = Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1024 / 1024);
  await database.close();
  process.stdout.write(`MILLION ${JSON.stringify({ imported, importPeakMb, exports, exportPeakMb })}\n`);
}

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  const name = `svyaz_bench_import_${process.pid}`;
  const url = urlFor(name);
  if (process.argv[2] === '--million') return million(process.argv[3], process.argv[4]);
  await admin(`create database ${name}`);
  try {
    const database = await openPostgres(url, { max: 4 });
    await migrateDatabase(database);
    const small = path.join(TMP, 'contacts-100k.csv');
    writeContactsCsv(small, Number(process.env.BENCH_ROWS ?? 100_000));
    const runs: { importSeconds: number; copySeconds: number; created: number; skipped: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { workspaceId, actor, ctx } = await newWorkspace(database, `bench ${run}`);
      await seedExisting(database, workspaceId, actor.userId, 10_000, 10);
      const imported = await importFile(database, ctx, small);
      const copySeconds = copyReference(url, small);
      runs.push({ importSeconds: imported.seconds, copySeconds, created: imported.created, skipped: imported.skipped });
      console.log(`run ${run + 1}: import ${imported.seconds.toFixed(2)} s (${Math.round(100000 / imported.seconds)} rows/s, created ${imported.created}, skipped ${imported.skipped}), COPY ${copySeconds.toFixed(2)} s`);
    }
    await database.close();
    let millionResult: Record<string, unknown> | null = null;
    if (process.env.BENCH_SKIP_MILLION !== '1') {
      const big = path.join(TMP, 'contacts-1m.csv');
      if (!existsSync(big) || statSync(big).size < 50_000_000) writeContactsCsv(big, 1_000_000);
      const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/import-export.ts', '--million', url, big], { encoding: 'utf8', maxBuffer: 10_000_000 });
      const line = child.stdout.split('\n').find((candidate) => candidate.startsWith('MILLION '));
      if (!line) throw new Error(`million run failed: ${child.stderr.slice(-2000)}`);
      millionResult = JSON.parse(line.slice('MILLION '.length));
      console.log('1M:', line);
    }
    const importSeconds = median(runs.map((run) => run.importSeconds));
    const copySeconds = median(runs.map((run) => run.copySeconds));
    const result = {
      date: new Date().toISOString().slice(0, 10),
      node: process.version,
      load: os.loadavg()[0].toFixed(1),
      small: { rows: 100_000, runs, importRowsPerSecond: Math.round(100_000 / importSeconds), copyRowsPerSecond: Math.round(100_000 / copySeconds), ratioToCopy: +(importSeconds / copySeconds).toFixed(1) },
      million: millionResult,
    };
    mkdirSync(path.dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, JSON.stringify(result, null, 2) + '\n');
    writeSection(result);
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function writeSection(result: { date: string; node: string; load: string; small: Record<string, unknown> & { importRowsPerSecond: number; copyRowsPerSecond: number; ratioToCopy: number }; million: Record<string, any> | null }): void {
  const m = result.million;
  const lines = [
    '## Import and export (issue 5)',
    '',
    `Written by \`npm run bench:import\` (bench/import-export.ts, JSON in bench/results/import-export.json) on the local PostgreSQL, ${result.date}, Node ${result.node}, 2 cores shared with other engineers (1-minute load ${result.load}).`,
    `The contacts CSV is what Russian Excel writes (ФИО, phone as 8 (9xx) xxx-xx-xx, e-mail, position, city; \`;\`-separated); 10 % of its rows match an existing contact by e-mail, with duplicate matching on e-mail and phone (strategy skip). Import time is the background run (row count pass, conversion, validation, matching, inserts, audit events, undo records, checkpoint per 1,000-row batch), after the upload.`,
    '',
    '| what | measured | reference (same run) | ratio |',
    '|---|---|---|---|',
    `| Import 100,000 contacts (median of ${RUNS}) | ${result.small.importRowsPerSecond.toLocaleString('en')} rows/s | psql \`\\copy\` of the same file into a bare 5-column table: ${result.small.copyRowsPerSecond.toLocaleString('en')} rows/s | ${result.small.ratioToCopy}x the COPY time |`,
  ];
  if (m) {
    lines.push(`| Import 1,000,000 contacts (one run, separate process) | ${Math.round(1_000_000 / m.imported.seconds).toLocaleString('en')} rows/s, ${m.imported.seconds.toFixed(0)} s; peak RSS ${m.importPeakMb} MB | target <= 512 MB | ${(m.importPeakMb / 512).toFixed(2)} of the budget |`);
    lines.push(`| Export ${m.exports.csv.rows.toLocaleString('en')} contacts to CSV (8 columns, streamed) | ${Math.round(m.exports.csv.rows / m.exports.csv.seconds).toLocaleString('en')} rows/s (${(m.exports.csv.bytes / 1e6).toFixed(0)} MB) | target 50,000 rows/s | ${(m.exports.csv.rows / m.exports.csv.seconds / 50000).toFixed(2)} |`);
    lines.push(`| Export the same to XLSX (exceljs streaming writer) | ${Math.round(m.exports.xlsx.rows / m.exports.xlsx.seconds).toLocaleString('en')} rows/s (${(m.exports.xlsx.bytes / 1e6).toFixed(0)} MB) | target 20,000 rows/s | ${(m.exports.xlsx.rows / m.exports.xlsx.seconds / 20000).toFixed(2)} |`);
    lines.push('', `Peak RSS of the process while exporting: ${m.exportPeakMb} MB (keyset pages of 5,000 rows; nothing holds the whole result).`);
  }
  lines.push('');
  const file = path.resolve('BENCHMARKS.md');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = lines.join('\n');
  const pattern = /## Import and export \(issue 5\)[\s\S]*?(?=\n## |$)/;
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, section.trimEnd() + '\n') : current.trimEnd() + '\n\n' + section);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
