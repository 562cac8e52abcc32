/**
 * Recommendation quality through the eval command: basket completion on Groceries (each basket a
 * customer; leave-last, random:0.25 and time:0.2 on the position in the basket) and cold start on telco_churn (services as items,
 * demographics and contract as metadata), every model beside most-popular.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine } from '../packages/analytics/src/cli-arguments.js';
import { runEvalCommand } from '../packages/analytics/src/cli-commands.js';
import { convertGroceriesToInteractionCsv, convertTelcoToCsv, repoRoot } from './analytics-datasets.js';

const directory = mkdtempSync(join(tmpdir(), 'svyaz-analytics-quality-'));
const groceries = join(directory, 'groceries-interactions.csv');
writeFileSync(groceries, convertGroceriesToInteractionCsv());
const telco = convertTelcoToCsv();
const telcoInteractions = join(directory, 'telco-interactions.csv');
const telcoCustomers = join(directory, 'telco-customers.csv');
writeFileSync(telcoInteractions, telco.interactions);
writeFileSync(telcoCustomers, telco.customers);

const BASKET_MODELS = 'popular,user-knn,item-knn,als,ease,rules,hybrid';
const ALL_MODELS = 'popular,user-knn,item-knn,als,ease,rules,cluster-popular,hybrid';
const scenarios = [
  { name: 'groceries basket completion', args: ['--interactions', groceries, '--split', 'leave-last', '--k', '10', '--models', BASKET_MODELS] },
  { name: 'groceries basket completion', args: ['--interactions', groceries, '--split', 'random:0.25', '--k', '10', '--models', BASKET_MODELS] },
  // Groceries has no dates; its timestamp is the position in the basket, so "after the cut-off" is the tail of the longer baskets.
  { name: 'groceries basket tail (timestamp = position in the basket)', args: ['--interactions', groceries, '--split', 'time:0.2', '--k', '10', '--models', BASKET_MODELS] },
  { name: 'telco cold start', args: ['--interactions', telcoInteractions, '--customers', telcoCustomers, '--split', 'cold-start:0.2', '--k', '3', '--models', ALL_MODELS] },
  { name: 'telco service completion', args: ['--interactions', telcoInteractions, '--customers', telcoCustomers, '--split', 'random:0.25', '--k', '3', '--models', ALL_MODELS] },
];

const reports = scenarios.map((scenario, index) => {
  const out = join(directory, `report-${index}.json`);
  console.log(`\n${scenario.name}`);
  runEvalCommand(parseCommandLine(['eval', ...scenario.args, '--seed', '42', '--out', out]), console.log);
  return { scenario: scenario.name, ...JSON.parse(readFileSync(out, 'utf8')) };
});
writeFileSync(join(repoRoot, 'bench', 'results', 'analytics-quality.json'), JSON.stringify({ measuredAt: new Date().toISOString(), reports }, null, 2) + '\n');
