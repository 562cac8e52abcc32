import { parseCsvRows, parseCsvTable } from '../packages/analytics/src/csv.js';
import { datasetsDirectory, readDataset, repoRoot } from '../packages/analytics/src/test-support/dataset-paths.js';

export { datasetsDirectory, readDataset, repoRoot };

/** Groceries as interactions: each basket is a customer, the position in the basket is the timestamp. */
export function convertGroceriesToInteractionCsv(): string {
  const lines = ['customer,item,timestamp'];
  parseCsvRows(readDataset('groceries.csv')).forEach((basket, index) => {
    basket.forEach((item, position) => lines.push(`b${index},"${item.replace(/"/g, '""')}",${position}`));
  });
  return lines.join('\n') + '\n';
}

const TELCO_SERVICES: [column: string, value: string, item: string][] = [
  ['phone_service', '1', 'phone'],
  ['multiple_lines', 'Yes', 'multiple_lines'],
  ['internet_service', 'DSL', 'internet_dsl'],
  ['internet_service', 'Fiber optic', 'internet_fiber'],
  ['online_security', 'Yes', 'online_security'],
  ['online_backup', 'Yes', 'online_backup'],
  ['device_protection', 'Yes', 'device_protection'],
  ['tech_support', 'Yes', 'tech_support'],
  ['streaming_tv', 'Yes', 'streaming_tv'],
  ['streaming_movies', 'Yes', 'streaming_movies'],
];

/** Demographics and contract only: charges are left out because they are a function of the services. */
const TELCO_METADATA = ['female', 'senior_citizen', 'partner', 'dependents', 'tenure', 'contract', 'paperless_billing', 'payment_method'];

/** Telco churn as services-as-items interactions plus a customer metadata table. */
export function convertTelcoToCsv(): { interactions: string; customers: string } {
  const table = parseCsvTable(readDataset('telco_churn.csv'));
  const column = (name: string) => table.header.indexOf(name);
  const interactions = ['customer,item'];
  const customers = ['customer,' + TELCO_METADATA.join(',')];
  table.rows.forEach((row, index) => {
    const id = `c${index}`;
    for (const [name, value, item] of TELCO_SERVICES) if (row[column(name)] === value) interactions.push(`${id},${item}`);
    customers.push([id, ...TELCO_METADATA.map((name) => `"${row[column(name)]}"`)].join(','));
  });
  return { interactions: interactions.join('\n') + '\n', customers: customers.join('\n') + '\n' };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** CPU seconds (user + system) of this process since a process.cpuUsage() snapshot. */
export function measureCpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}
