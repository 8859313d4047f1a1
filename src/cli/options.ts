import { parseAsOfDate } from '../profiles/rfm.js';
import { AppError } from '../shared/index.js';

/** A `YYYY-MM-DD` option as the start of that UTC day; anything else is a clear `invalid_request`. */
export function parseDayOption(text: string, option = '--as-of'): number {
  const ms = parseAsOfDate(text);
  if (ms === null)
    throw new AppError(
      'invalid_request',
      `${option} must be a date like 2026-06-01, not ${JSON.stringify(text)}`,
    );
  return ms;
}
