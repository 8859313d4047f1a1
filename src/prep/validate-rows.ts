import { copyRow, isMissing, readCell, writeCell, type DataRow, type OutputRow } from './cells.js';
import type { Checked } from './checked.js';
import { validateCountry } from './country.js';
import { validateCurrency } from './currency.js';
import { validateEmail } from './email.js';
import { validatePhone } from './phone.js';
import { createReportBuilder, displayValue, type QualityReport } from './quality-report.js';
import { checkTimestamp, parseTimestamp, type TimestampWindow } from './timestamp.js';

export type FieldKind = 'email' | 'phone' | 'country' | 'currency' | 'timestamp';

export interface ValidateRowsOptions extends TimestampWindow {
  /** Column → what it holds. */
  fields: Readonly<Record<string, FieldKind>>;
  /** The column whose (normalized) country is the default region for national phone numbers. */
  countryField?: string;
  /** Region used when the row has no valid country. */
  defaultRegion?: string;
  /** Stricter phone validation (full numbering-plan patterns). */
  strictPhones?: boolean;
  /** What replaces an invalid value: null (default) or the value as it was. */
  onInvalid?: 'null' | 'keep';
  /** Column to quote as the row's id in examples. */
  idField?: string;
  maxExamples?: number;
}

export interface RowProblem {
  row: number;
  column: string;
  /** `<column>:<reason>`, e.g. `email:multiple_at`. */
  rule: string;
  message: string;
}

export interface ValidateRowsResult {
  rows: OutputRow[];
  problems: RowProblem[];
  report: QualityReport;
}

function checkCell(kind: FieldKind, value: unknown, region: string | null, options: ValidateRowsOptions) {
  switch (kind) {
    case 'email':
      return validateEmail(value);
    case 'phone':
      return validatePhone(value, { defaultRegion: region, strict: options.strictPhones ?? false });
    case 'country':
      return validateCountry(value);
    case 'currency':
      return validateCurrency(value);
    case 'timestamp': {
      const parsed = parseTimestamp(value);
      if (!parsed.ok) return parsed;
      const checked = checkTimestamp(parsed.value, options);
      // The value keeps its form (number or ISO string); only its plausibility is checked.
      return checked.ok ? { ok: true as const, value, changed: false } : checked;
    }
  }
}

/**
 * Validates and normalizes the named columns of every row: emails trimmed and lower-cased, phones to E.164 (national
 * numbers read in the row's country), countries to ISO 3166-1 alpha-2, currencies to ISO 4217, timestamps checked
 * against `now` + tolerance and `shopStart`. Missing cells are counted and left alone; invalid ones become null (or
 * stay, with `onInvalid: 'keep'`) and are listed in `problems`. Rows are copied, never mutated.
 */
export function validateRows(rows: readonly DataRow[], options: ValidateRowsOptions): ValidateRowsResult {
  const report = createReportBuilder('validate', options.maxExamples);
  const entries = Object.entries(options.fields);
  const countryField = options.countryField ?? entries.find(([, kind]) => kind === 'country')?.[0];
  for (const [column] of entries) {
    report.declare(`${column}:normalized`);
    report.declare(`${column}:missing`);
  }
  const problems: RowProblem[] = [];
  const out = rows.map((row, index) => {
    const copy = copyRow(row);
    const idCell = options.idField === undefined ? undefined : readCell(row, options.idField);
    const id = typeof idCell === 'string' || typeof idCell === 'number' ? { id: String(idCell) } : {};
    const country = countryField === undefined ? null : validateCountry(readCell(row, countryField));
    const region = country?.ok ? country.value : (options.defaultRegion ?? null);
    for (const [column, kind] of entries) {
      const before = readCell(row, column);
      const example = { row: index, ...id, column, before: displayValue(before) };
      if (isMissing(before)) {
        report.touch(`${column}:missing`, example);
        continue;
      }
      const verdict: Checked<unknown, string> = checkCell(kind, before, region, options);
      if (verdict.ok) {
        if (verdict.changed) {
          writeCell(copy, column, verdict.value);
          report.touch(`${column}:normalized`, { ...example, after: displayValue(verdict.value) });
        }
        continue;
      }
      const rule = `${column}:${verdict.reason}`;
      problems.push({ row: index, column, rule, message: verdict.message });
      if ((options.onInvalid ?? 'null') === 'null') writeCell(copy, column, null);
      report.touch(rule, { ...example, note: verdict.message });
    }
    return copy;
  });
  return { rows: out, problems, report: report.build(rows.length, out.length) };
}
