// Validation at the boundary: zod issues become one VALIDATION_FAILED error naming every field.
import type { ZodType } from 'zod';
import { AppError } from './errors.js';

export interface FieldProblem {
  field: string;
  problem: string;
}

export function zodIssuesToProblems(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of issues) {
    const base = issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`)).join('');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) problems.push({ field: prefix + (base ? `${base}.${key}` : key), problem: 'is not a known field' });
      continue;
    }
    problems.push({ field: prefix + (base || '(body)'), problem: humanise(issue.message) });
  }
  return problems;
}

function humanise(message: string): string {
  return message.replace(/^Invalid input: expected (\w+), received (\w+)$/, 'must be $1, not $2');
}

export function validationError(problems: FieldProblem[]): AppError {
  const summary = problems
    .slice(0, 3)
    .map((problem) => `${problem.field} ${problem.problem}`)
    .join('; ');
  return new AppError('VALIDATION_FAILED', { message: summary || 'Invalid input', details: problems });
}

export function parseBody<T>(schema: ZodType<T>, body: unknown, prefix = ''): T {
  if (body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
    throw validationError([{ field: prefix ? prefix.replace(/\.$/, '') : '(body)', problem: 'must be a JSON object' }]);
  }
  const result = schema.safeParse(body);
  if (!result.success) throw validationError(zodIssuesToProblems(result.error.issues as never, prefix));
  return result.data;
}
