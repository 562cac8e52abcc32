import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { datasetsDirectory } from './test-support/dataset-paths.js';
import { irisColumns, irisRows, irisSpecies } from './test-support/iris.js';

const groceries = join(datasetsDirectory, 'groceries.csv');
const directory = mkdtempSync(join(tmpdir(), 'svyaz-analytics-cli-'));

function run(...argv: string[]) {
  const output: string[] = [];
  const errors: string[] = [];
  const code = runCli(argv, (line) => output.push(line), (line) => errors.push(line));
  return { code, output: output.join('\n'), errors: errors.join('\n') };
}

describe('analytics CLI', () => {
  it('writes rules as CSV with itemsets in braces', () => {
    const out = join(directory, 'rules.csv');
    const result = run('rules', '--input', groceries, '--format', 'basket', '--min-support', '0.01', '--min-confidence', '0.5', '--out', out);
    expect(result.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('lhs,rhs,count,support,confidence,lift,leverage');
    expect(lines).toHaveLength(16);
    expect(lines[1]).toMatch(/^"\{citrus fruit,root vegetables\}",\{other vegetables\},102,/);
  });

  it('writes itemsets of each target and reads FIMI input', () => {
    const fimi = join(directory, 'tiny.dat');
    writeFileSync(fimi, '1 2 3\n1 2\n2 3\n1 2 3');
    const out = join(directory, 'itemsets.csv');
    expect(run('itemsets', '--input', fimi, '--format', 'fimi', '--min-support', '0.5', '--target', 'maximal', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual(['items,count,support', '"{1,2,3}",2,0.5']);
    const printed = run('itemsets', '--input', fimi, '--format', 'fimi', '--min-support', '2');
    expect(printed.output).toContain('7 itemsets from 4 baskets');
  });

  it('clusters a CSV and writes assignments', () => {
    const input = join(directory, 'iris.csv');
    writeFileSync(input, [[...irisColumns, 'species'].join(','), ...irisRows.map((row) => [...row.slice(0, 4), irisSpecies[row[4]]].join(','))].join('\n'));
    const out = join(directory, 'clusters.csv');
    const result = run('cluster', '--input', input, '--columns', irisColumns.join(','), '--k', '1..3', '--out', out);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/^3,-180\.18\d+,580\.8\d+,44,/m);
    expect(result.output).toContain('best k by BIC: 2');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(151);
  });

  it('evaluates models beside most-popular and writes a JSON report', () => {
    const input = join(directory, 'interactions.csv');
    const rows = ['customer,item,timestamp'];
    for (let c = 0; c < 40; c++) for (let i = 0; i < 4; i++) rows.push(`c${c},${c % 2 === 0 ? 'a' : 'b'}${(c + i) % 6},${i}`);
    writeFileSync(input, rows.join('\n'));
    const out = join(directory, 'report.json');
    const result = run('eval', '--interactions', input, '--split', 'leave-last', '--k', '3', '--models', 'item-knn,ease', '--out', out);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.results.map((entry: { model: string }) => entry.model)).toEqual(['popular', 'item-knn', 'ease']);
    expect(result.output).toContain('item-knn');
  });

  it.each([
    [['rules', '--input', groceries, '--format', 'basket', '--min-support', '0.01', '--min-confidence', '1.5'], 'INVALID_PARAMETER', 'minConfidence'],
    [['itemsets', '--input', groceries, '--format', 'basket', '--min-support', '0'], 'INVALID_PARAMETER', 'minSupport'],
    [['itemsets', '--input', groceries, '--format', 'basket', '--min-support', 'abc'], 'INVALID_PARAMETER', '--min-support'],
    [['itemsets', '--input', join(directory, 'missing.csv'), '--min-support', '0.1'], 'INPUT_NOT_FOUND', 'missing.csv'],
    [['itemsets', '--input', groceries, '--format', 'xml', '--min-support', '0.1'], 'INVALID_PARAMETER', '--format'],
    [['cluster', '--input', groceries, '--columns', 'nope', '--k', '2'], 'MALFORMED_INPUT', 'fields'],
    [['eval', '--interactions', groceries, '--split', 'leave-last'], 'MALFORMED_INPUT', 'fields'],
    [['frobnicate'], 'INVALID_PARAMETER', 'Unknown command'],
    [['rules', '--input', groceries, '--min-suport', '0.1'], 'INVALID_PARAMETER', '--min-suport'],
  ])('exits 1 with a coded message for %j', (argv, code, fragment) => {
    const result = run(...argv);
    expect(result.code).toBe(1);
    expect(result.errors).toContain(`error ${code}:`);
    expect(result.errors).toContain(fragment);
  });

  it('names unknown columns and non-numeric values in cluster input', () => {
    const input = join(directory, 'bad.csv');
    writeFileSync(input, 'a,b\n1,2\n3,x\n5,6\n');
    expect(run('cluster', '--input', input, '--columns', 'a,c', '--k', '2').errors).toContain('error UNKNOWN_COLUMN: Unknown column "c"');
    expect(run('cluster', '--input', input, '--columns', 'a,b', '--k', '2', '--model', 'gaussian-diag').errors).toContain(
      'error NON_NUMERIC_VALUE: Column "b" row 3 holds "x"',
    );
    expect(run('cluster', '--input', input, '--columns', 'a', '--k', '9').errors).toContain('error K_TOO_LARGE');
  });
});

describe('analytics CLI as a process', () => {
  it('exits with status 1 and prints the coded error on bad input, 0 on success', () => {
    const cli = join(dirname(fileURLToPath(import.meta.url)), 'cli.ts');
    const run = (...argv: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...argv], { encoding: 'utf8' });
    const bad = run('itemsets', '--input', groceries, '--format', 'basket', '--min-support', '1.5');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('error INVALID_PARAMETER: minSupport above 1 is an absolute count');
    const good = run('itemsets', '--input', groceries, '--format', 'basket', '--min-support', '0.05');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('31 itemsets from 9835 baskets');
  });
});
