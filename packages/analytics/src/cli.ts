import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './cli-arguments.js';
import { runClusterCommand, runEvalCommand, runItemsetsCommand, runRulesCommand, type Print } from './cli-commands.js';
import { AnalyticsError } from './errors.js';

const USAGE = `usage: npm run analytics -- <command> [options]
  itemsets --input FILE --format basket|fimi --min-support S [--target frequent|closed|maximal] [--min-len N] [--max-len N] [--out FILE.csv]
  rules    --input FILE --format basket|fimi --min-support S --min-confidence C [--min-len N] [--max-len N] [--out FILE.csv]
  cluster  --input FILE.csv --columns a,b,c --k 2..8 [--model gaussian-full|gaussian-diag|categorical|mixed] [--seed N] [--out FILE.csv]
  eval     --interactions FILE.csv [--customers FILE.csv] --split random:0.25|leave-last|cold-start:0.2 --k 10 --models popular,... [--seed N] [--out report.json]`;

/** Runs one command; returns the process exit code (0 ok, 1 bad input). */
export function runCli(argv: string[], print: Print = console.log, printError: Print = console.error): number {
  try {
    const line = parseCommandLine(argv);
    switch (line.command) {
      case 'itemsets':
        runItemsetsCommand(line, print);
        return 0;
      case 'rules':
        runRulesCommand(line, print);
        return 0;
      case 'cluster':
        runClusterCommand(line, print);
        return 0;
      case 'eval':
        runEvalCommand(line, print);
        return 0;
      case '':
      case 'help':
      case '--help':
        print(USAGE);
        return line.command === '' ? 1 : 0;
      default:
        throw new AnalyticsError('INVALID_PARAMETER', `Unknown command "${line.command}"\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof AnalyticsError) {
      printError(`error ${error.code}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (invokedDirectly) process.exitCode = runCli(process.argv.slice(2));
