// Errors carry codes; the HTTP status is decided at the edge (http/error-handler.ts).
export interface ErrorDetail {
  field?: string;
  problem: string;
  [key: string]: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, options: { message?: string; details?: unknown; cause?: unknown } = {}) {
    super(options.message ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

/** A validation failure naming the field(s) and the problem. */
export function invalid(field: string, problem: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('VALIDATION_FAILED', {
    message: `${field}: ${problem}`,
    details: [{ field, problem, ...extra }],
  });
}

export function notFound(object: string, id?: string): AppError {
  return new AppError('NOT_FOUND', { message: `${object} not found`, details: { object, id } });
}
