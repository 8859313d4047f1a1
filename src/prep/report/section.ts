import type { NumericSummary } from '../distribution.js';
import { createReportBuilder, type RuleExample } from '../quality-report.js';
import type { QualityRule, QualitySourceName, SourceQualityReport } from './types.js';

export type RuleDefinitions = Readonly<Record<string, string>>;

export interface SectionBuilder {
  touch(rule: string, example: RuleExample): void;
  column(column: string, before: NumericSummary, after: NumericSummary): void;
  build(
    rows: number,
    /** Per rule: fences, counts, or a tally made elsewhere (touched and examples) in place of `touch` calls. */
    extras?: Readonly<Record<string, Omit<Partial<QualityRule>, 'rule'>>>,
    notes?: readonly string[],
  ): SourceQualityReport;
}

/** A source's report, with every defined rule present (touched 0 when nothing matched), in definition order. */
export function createSection(
  source: QualitySourceName,
  maxExamples: number,
  definitions: RuleDefinitions,
): SectionBuilder {
  const builder = createReportBuilder(source, maxExamples);
  for (const rule of Object.keys(definitions)) builder.declare(rule);
  return {
    touch: (rule, example) => {
      if (!Object.hasOwn(definitions, rule)) throw new Error(`undefined quality rule ${rule}`);
      builder.touch(rule, example);
    },
    column: (column, before, after) => builder.column(column, before, after),
    build(rows, extras = {}, notes = []) {
      const report = builder.build(rows, rows);
      const rules = report.rules.map((r): QualityRule => ({
        ...r,
        definition: definitions[r.rule] ?? '',
        ...(extras[r.rule] ?? {}),
      }));
      return { source, rows, rules, columns: report.columns, notes: [...notes] };
    },
  };
}

/** The touched count of one rule of a source, 0 when absent. */
export function touchedIn(section: SourceQualityReport, rule: string): number {
  return section.rules.find((r) => r.rule === rule)?.touched ?? 0;
}
