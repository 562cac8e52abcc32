import { readFileSync, writeFileSync } from 'node:fs';
import { assertKnownOptions, readChoiceOption, readNumberOption, requireOption, type CommandLine } from './cli-arguments.js';
import { clusterTable, parseKRange, type ClusterModelKind } from './clustering.js';
import { findColumnIndexes, formatCsv, parseCsvTable, type CsvTable } from './csv.js';
import { AnalyticsError } from './errors.js';
import { evaluateRecommenders, type EvaluationReport } from './evaluation.js';
import { parseSplitSpec } from './evaluation-splits.js';
import type { Interaction } from './interactions.js';
import { mineItemsets } from './itemset-mining.js';
import { describeItemsets, type ItemsetTarget } from './itemsets.js';
import { parseModelNames } from './recommender-models.js';
import { formatItemset, mineRules } from './rules.js';
import type { CustomerRecord } from './segments.js';
import { parseTransactions, type BasketFormat } from './transactions.js';

export type Print = (line: string) => void;

export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new AnalyticsError('INPUT_NOT_FOUND', `Cannot read input file "${path}"`, { path });
  }
}

function readTransactionsOption(line: CommandLine) {
  const format = readChoiceOption<BasketFormat>(line, 'format', ['basket', 'fimi'], 'basket');
  return parseTransactions(readInputFile(requireOption(line, 'input')), format);
}

export function runItemsetsCommand(line: CommandLine, print: Print): void {
  assertKnownOptions(line, ['input', 'format', 'min-support', 'target', 'min-len', 'max-len', 'out']);
  const database = readTransactionsOption(line);
  const started = performance.now();
  const table = mineItemsets(database, {
    minSupport: readNumberOption(line, 'min-support'),
    target: readChoiceOption<ItemsetTarget>(line, 'target', ['frequent', 'closed', 'maximal'], 'frequent'),
    minLen: readNumberOption(line, 'min-len', 1),
    maxLen: readNumberOption(line, 'max-len', 10),
  });
  const seconds = (performance.now() - started) / 1000;
  const rows = describeItemsets(table).map((entry) => [formatItemset(entry.items), entry.count, entry.support]);
  print(`${rows.length} itemsets from ${table.transactionCount} baskets in ${seconds.toFixed(3)} s`);
  writeOrPrint(line, formatCsv(['items', 'count', 'support'], rows), print);
}

export function runRulesCommand(line: CommandLine, print: Print): void {
  assertKnownOptions(line, ['input', 'format', 'min-support', 'min-confidence', 'min-len', 'max-len', 'out']);
  const database = readTransactionsOption(line);
  const ruleSet = mineRules(database, {
    minSupport: readNumberOption(line, 'min-support'),
    minConfidence: readNumberOption(line, 'min-confidence'),
    minLen: readNumberOption(line, 'min-len', 1),
    maxLen: readNumberOption(line, 'max-len', 10),
  });
  const names = (ids: number[]) => formatItemset(ids.map((id) => ruleSet.itemNames[id]));
  const rows = ruleSet.rules.map((rule) => [names(rule.lhs), names([rule.rhs]), rule.count, rule.support, rule.confidence, rule.lift, rule.leverage]);
  print(`${rows.length} rules from ${ruleSet.transactionCount} baskets`);
  writeOrPrint(line, formatCsv(['lhs', 'rhs', 'count', 'support', 'confidence', 'lift', 'leverage'], rows), print);
}

export function runClusterCommand(line: CommandLine, print: Print): void {
  assertKnownOptions(line, ['input', 'columns', 'k', 'model', 'seed', 'restarts', 'out']);
  const table = parseCsvTable(readInputFile(requireOption(line, 'input')));
  const columns = requireOption(line, 'columns').split(',').map((column) => column.trim());
  const model = readChoiceOption<ClusterModelKind>(line, 'model', ['gaussian-full', 'gaussian-diag', 'categorical', 'mixed'], 'gaussian-full');
  const result = clusterTable(table, columns, model, parseKRange(requireOption(line, 'k')), {
    seed: readNumberOption(line, 'seed', 42),
    restarts: readNumberOption(line, 'restarts', 5),
  });
  print('k,logLikelihood,bic,parameters,iterations');
  for (const fit of result.fits) print(`${fit.k},${fit.logLikelihood.toFixed(4)},${fit.bic.toFixed(4)},${fit.parameterCount},${fit.iterations}`);
  print(`best k by BIC: ${result.bestK}`);
  const indexes = findColumnIndexes(table.header, columns);
  const rows = table.rows.map((row, index) => [...indexes.map((column) => row[column]), result.assignments[index]]);
  const out = line.options.get('out');
  if (out !== undefined) writeFileSync(out, formatCsv([...columns, 'cluster'], rows));
}

export function runEvalCommand(line: CommandLine, print: Print): EvaluationReport {
  assertKnownOptions(line, ['interactions', 'customers', 'split', 'k', 'models', 'seed', 'out']);
  const interactions = readInteractionTable(parseCsvTable(readInputFile(requireOption(line, 'interactions'))));
  const customersPath = line.options.get('customers');
  const customers = customersPath === undefined ? [] : readCustomerTable(parseCsvTable(readInputFile(customersPath)));
  const report = evaluateRecommenders(interactions, customers, {
    split: parseSplitSpec(requireOption(line, 'split')),
    k: readNumberOption(line, 'k', 10),
    models: parseModelNames(line.options.get('models') ?? 'popular,item-knn'),
    seed: readNumberOption(line, 'seed', 42),
  });
  print(`split ${requireOption(line, 'split')}, k=${report.k}: ${report.testCustomers} test customers, ${report.catalogueSize} items`);
  print('model            precision  recall   ndcg     hit-rate coverage vs-popular');
  for (const result of report.results) {
    const cells = [result.precision, result.recall, result.ndcg, result.hitRate, result.coverage, result.ndcgVersusPopular].map((value) => value.toFixed(4).padEnd(8));
    print(`${result.model.padEnd(16)} ${cells.join(' ')}`);
  }
  const out = line.options.get('out');
  if (out !== undefined) writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  return report;
}

/** Columns customer,item and optionally timestamp (number or ISO date), weight, quantity, amount. */
export function readInteractionTable(table: CsvTable): Interaction[] {
  const [customerColumn, itemColumn] = findColumnIndexes(table.header, ['customer', 'item']);
  const optional = (name: string) => table.header.indexOf(name);
  const numericColumns = { timestamp: optional('timestamp'), weight: optional('weight'), quantity: optional('quantity'), amount: optional('amount') };
  if (table.rows.length === 0) throw new AnalyticsError('EMPTY_DATA', 'The interactions file has no rows');
  return table.rows.map((row, index) => {
    const interaction: Interaction = { customer: row[customerColumn], item: row[itemColumn] };
    for (const [name, column] of Object.entries(numericColumns)) {
      if (column < 0 || row[column].trim() === '') continue;
      const text = row[column];
      const value = name === 'timestamp' && !/^-?[0-9.]+$/.test(text) ? Date.parse(text) : Number(text);
      if (!Number.isFinite(value)) {
        throw new AnalyticsError('NON_NUMERIC_VALUE', `Column "${name}" row ${index + 2} holds "${text}", which is not a number${name === 'timestamp' ? ' or date' : ''}`, {
          column: name,
          row: index + 2,
        });
      }
      interaction[name as 'timestamp' | 'weight' | 'quantity' | 'amount'] = value;
    }
    return interaction;
  });
}

/** Column customer plus any metadata columns. */
export function readCustomerTable(table: CsvTable): CustomerRecord[] {
  const [idColumn] = findColumnIndexes(table.header, ['customer']);
  return table.rows.map((row) => ({
    id: row[idColumn],
    attributes: Object.fromEntries(table.header.map((name, index) => [name, row[index]]).filter(([name]) => name !== 'customer')),
  }));
}

function writeOrPrint(line: CommandLine, csv: string, print: Print): void {
  const out = line.options.get('out');
  if (out !== undefined) writeFileSync(out, csv);
  else print(csv.trimEnd());
}
