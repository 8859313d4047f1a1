import type { NumericSummary } from './distribution.js';

/** One row a rule touched, shown in a report. Values are display strings, cut to a readable length. */
export interface RuleExample {
  row: number;
  id?: string;
  column?: string;
  before?: string;
  after?: string;
  note?: string;
}

export interface RuleReport {
  /** Stable snake_case name, prefixed by the column it applies to when it has one: `email:multiple_at`. */
  rule: string;
  touched: number;
  examples: RuleExample[];
}

export interface ColumnShift {
  column: string;
  before: NumericSummary;
  after: NumericSummary;
}

/** What one prepare step did: per rule, how many rows it touched and a few examples; per numeric column, before/after. */
export interface QualityReport {
  stage: string;
  rowsIn: number;
  rowsOut: number;
  rules: RuleReport[];
  columns: ColumnShift[];
}

const maxDisplay = 80;

/** A short, printable rendering of any cell: strings quoted (so whitespace shows), long values cut with `…`. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') {
    const chars = Array.from(value.slice(0, maxDisplay * 2));
    const cut = chars.length > maxDisplay || value.length > maxDisplay * 2;
    return JSON.stringify(chars.slice(0, maxDisplay).join('')) + (cut ? '…' : '');
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null || value === undefined) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = `[${typeof value}]`;
  }
  return text.length > maxDisplay ? `${text.slice(0, maxDisplay)}…` : text;
}

export interface ReportBuilder {
  /** Makes a rule appear in the report even when it touches nothing. */
  declare(rule: string): void;
  touch(rule: string, example: RuleExample): void;
  column(column: string, before: NumericSummary, after: NumericSummary): void;
  build(rowsIn: number, rowsOut: number): QualityReport;
}

/** Collects rule counts and the first `maxExamples` examples of each rule, in the order rules were declared. */
export function createReportBuilder(stage: string, maxExamples = 5): ReportBuilder {
  const rules = new Map<string, RuleReport>();
  const columns: ColumnShift[] = [];
  const ruleOf = (rule: string): RuleReport => {
    let entry = rules.get(rule);
    if (!entry) {
      entry = { rule, touched: 0, examples: [] };
      rules.set(rule, entry);
    }
    return entry;
  };
  return {
    declare: (rule) => void ruleOf(rule),
    touch: (rule, example) => {
      const entry = ruleOf(rule);
      entry.touched++;
      if (entry.examples.length < maxExamples) entry.examples.push(example);
    },
    column: (column, before, after) => void columns.push({ column, before, after }),
    build: (rowsIn, rowsOut) => ({ stage, rowsIn, rowsOut, rules: [...rules.values()], columns }),
  };
}

/** The touched count of one rule, 0 when absent. */
export function touchedBy(report: QualityReport, rule: string): number {
  return report.rules.find((r) => r.rule === rule)?.touched ?? 0;
}
