/** Stable codes of rows rejected by the importer itself (the ingestor adds its own for events). */
export const rowRejectCodes = [
  'missing_field',
  'invalid_number',
  'invalid_time',
  'invalid_value',
  'out_of_range',
  'invalid_json',
  'not_an_object',
  'invalid_csv',
  'line_too_long',
] as const;
export type RowRejectCode = (typeof rowRejectCodes)[number];

export interface RowIssue {
  /** A `RowRejectCode`, or an ingest error code for events. */
  code: string;
  reason: string;
}

/** Ids longer than this are not ids (the Segment spec caps them at 255 too). */
export const MAX_ID_LENGTH = 255;
/** Larger magnitudes are typos or overflow, and would lose precision as doubles. */
export const MAX_MAGNITUDE = 1e15;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell's value for messages: JSON, cut to 80 characters. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Empty cells, JSON nulls and missing keys all mean "no value". */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export interface NumberRule {
  required?: boolean;
  integer?: boolean;
  min?: number;
  max?: number;
}

/**
 * Reads typed canonical fields off one row and remembers the first problem, so a mapper reads every field
 * and then checks `issue` once: rejects are values, never exceptions.
 */
export interface FieldReader {
  readonly issue: RowIssue | null;
  /**
   * A string or number id, kept exactly as written (`47503J ` and `47503J` are two ids: cleaning is the job of
   * prep/, and events keep their ids verbatim too); blank or whitespace-only is missing.
   */
  id(name: string, required: boolean): string | null;
  /** Text as given; blank is null, and a required text must hold more than whitespace. */
  text(name: string, required?: boolean): string | null;
  number(name: string, rule?: NumberRule): number | null;
  /** Epoch ms, see `parseImportTime`. */
  time(name: string, required: boolean): number | null;
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  fail(code: RowRejectCode, reason: string): null;
}

const hasNul = (text: string) => text.includes('\u0000');

/** A class so that its methods are shared by the millions of rows a file may have, not re-created for each. */
class RowFieldReader implements FieldReader {
  issue: RowIssue | null = null;

  constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    private readonly parseTime: (value: unknown) => number | null,
  ) {}

  fail(code: RowRejectCode, reason: string): null {
    this.issue ??= { code, reason };
    return null;
  }

  private missing(name: string): null {
    return this.fail('missing_field', `${name} is required`);
  }

  id(name: string, required: boolean): string | null {
    const value = this.fields[name];
    if (isBlank(value)) return required ? this.missing(name) : null;
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
    else return this.fail('invalid_value', `${name} must be a string or a number, got ${show(value)}`);
    if (text.trim() === '') return required ? this.missing(name) : null;
    if (text.length > MAX_ID_LENGTH)
      return this.fail('invalid_value', `${name} is longer than ${MAX_ID_LENGTH} characters`);
    if (hasNul(text)) return this.fail('invalid_value', `${name} contains a NUL character`);
    return text;
  }

  text(name: string, required = false): string | null {
    const value = this.fields[name];
    if (isBlank(value)) return required ? this.missing(name) : null;
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
    else return this.fail('invalid_value', `${name} must be text, got ${show(value)}`);
    if (required && text.trim() === '') return this.missing(name);
    if (hasNul(text)) return this.fail('invalid_value', `${name} contains a NUL character`);
    return text;
  }

  number(name: string, rule: NumberRule = {}): number | null {
    const value = this.fields[name];
    if (isBlank(value)) return rule.required ? this.missing(name) : null;
    let n: number;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string' && DECIMAL.test(value.trim())) n = Number(value.trim());
    else return this.fail('invalid_number', `${name} is not a number: ${show(value)}`);
    if (!Number.isFinite(n) || Math.abs(n) > MAX_MAGNITUDE)
      return this.fail('invalid_number', `${name} is out of the representable range: ${show(value)}`);
    if (rule.integer && !Number.isInteger(n))
      return this.fail('invalid_number', `${name} must be a whole number: ${show(value)}`);
    if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
      return this.fail(
        'out_of_range',
        `${name} must be between ${rule.min ?? '-∞'} and ${rule.max ?? '∞'}: ${show(value)}`,
      );
    }
    return n === 0 ? 0 : n; // normalise -0
  }

  time(name: string, required: boolean): number | null {
    const value = this.fields[name];
    if (isBlank(value)) return required ? this.missing(name) : null;
    const ms = this.parseTime(value);
    return ms === null ? this.fail('invalid_time', `${name} is not a date-time: ${show(value)}`) : ms;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.fields[name];
    if (isBlank(value)) return fallback;
    const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
    const found = values.find((v) => v === text);
    if (found === undefined) {
      this.fail('invalid_value', `${name} must be one of ${values.join(', ')}: ${show(value)}`);
      return fallback;
    }
    return found;
  }
}

export function createFieldReader(
  fields: Readonly<Record<string, unknown>>,
  parseTime: (value: unknown) => number | null,
): FieldReader {
  return new RowFieldReader(fields, parseTime);
}
