import { AnalyticsError } from './errors.js';

/** Parsed command line: the command and its --name value options. */
export interface CommandLine {
  command: string;
  options: Map<string, string>;
}

export function parseCommandLine(argv: string[]): CommandLine {
  const [command = '', ...rest] = argv;
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) throw new AnalyticsError('INVALID_PARAMETER', `Unexpected argument "${token}"; options look like --name value`);
    const equals = token.indexOf('=');
    if (equals > 0) {
      options.set(token.slice(2, equals), token.slice(equals + 1));
      continue;
    }
    const value = rest[i + 1];
    if (value === undefined || value.startsWith('--')) throw new AnalyticsError('INVALID_PARAMETER', `Option ${token} needs a value`, { parameter: token.slice(2) });
    options.set(token.slice(2), value);
    i++;
  }
  return { command, options };
}

export function requireOption(line: CommandLine, name: string): string {
  const value = line.options.get(name);
  if (value === undefined) throw new AnalyticsError('INVALID_PARAMETER', `${line.command} needs --${name}`, { parameter: name });
  return value;
}

export function readNumberOption(line: CommandLine, name: string, fallback?: number): number {
  const text = line.options.get(name);
  if (text === undefined) {
    if (fallback === undefined) throw new AnalyticsError('INVALID_PARAMETER', `${line.command} needs --${name}`, { parameter: name });
    return fallback;
  }
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new AnalyticsError('INVALID_PARAMETER', `--${name} must be a number, got "${text}"`, { parameter: name, value: text });
  }
  return value;
}

export function readChoiceOption<T extends string>(line: CommandLine, name: string, choices: readonly T[], fallback: T): T {
  const text = line.options.get(name) ?? fallback;
  if (!(choices as readonly string[]).includes(text)) {
    throw new AnalyticsError('INVALID_PARAMETER', `--${name} must be one of ${choices.join(', ')}, got "${text}"`, { parameter: name, value: text });
  }
  return text as T;
}

/** Rejects options the command does not know, so typos do not pass silently. */
export function assertKnownOptions(line: CommandLine, known: string[]): void {
  for (const name of line.options.keys()) {
    if (!known.includes(name)) {
      throw new AnalyticsError('INVALID_PARAMETER', `${line.command} does not take --${name}; it takes ${known.map((option) => '--' + option).join(', ')}`, {
        parameter: name,
      });
    }
  }
}
