import { errorCodes, type ErrorCode } from './error-codes.js';

/** The one error type that crosses module boundaries. Its code is stable; its message is for humans. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message ?? errorCodes[code].message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = details;
  }

  toBody(): { error: { code: ErrorCode; message: string; details: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, details: this.details ?? {} } };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
