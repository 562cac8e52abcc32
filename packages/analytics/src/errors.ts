/** Error codes of the analytics package; the server maps them to HTTP statuses at its edge. */
export type AnalyticsErrorCode =
  | 'EMPTY_DATA'
  | 'TOO_FEW_ROWS'
  | 'DUPLICATE_ITEM'
  | 'INVALID_PARAMETER'
  | 'UNKNOWN_COLUMN'
  | 'NON_NUMERIC_VALUE'
  | 'K_TOO_LARGE'
  | 'UNKNOWN_CUSTOMER'
  | 'UNKNOWN_MODEL'
  | 'MALFORMED_INPUT'
  | 'NUMERICAL_FAILURE'
  | 'INPUT_NOT_FOUND';

export class AnalyticsError extends Error {
  readonly code: AnalyticsErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: AnalyticsErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AnalyticsError';
    this.code = code;
    this.details = details;
  }
}

export function isAnalyticsError(error: unknown): error is AnalyticsError {
  return error instanceof AnalyticsError;
}

/** A fraction in (0, 1]; names the parameter in the error. */
export function assertFraction(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new AnalyticsError('INVALID_PARAMETER', `${name} must be a number in (0, 1], got ${value}`, {
      parameter: name,
      value,
    });
  }
}

export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new AnalyticsError('INVALID_PARAMETER', `${name} must be a positive integer, got ${value}`, {
      parameter: name,
      value,
    });
  }
}

export function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new AnalyticsError('INVALID_PARAMETER', `${name} must be a non-negative number, got ${value}`, {
      parameter: name,
      value,
    });
  }
}
