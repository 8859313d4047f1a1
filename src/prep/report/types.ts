import type { ColumnShift, RuleReport } from '../quality-report.js';

/** Outlier fences of a rule, in the units of what it judges (a quantity, a price, a price ratio). */
export interface RuleFences {
  /** Always `mad` here: Iglewicz–Hoaglin modified z-score on log10 values (prep's `outlierFences`). */
  method: 'mad';
  scale: 'log10';
  threshold: number;
  /** The fences are never closer to the median than this factor (MAD is 0 when most values tie). */
  minFactor: number;
  /** What the fences apply to, e.g. `unit_price / catalog price`. */
  of: string;
  lower: number | null;
  upper: number | null;
  /** Values the fences were fitted on. */
  fittedOn: number;
  /** Fences fitted per group (e.g. per category) where a group is large enough; the fences above apply to the rest. */
  groups?: {
    by: string;
    fences: Record<string, { lower: number | null; upper: number | null; fittedOn: number }>;
  };
}

/** One check over one source: how many rows it touched, the first examples (ids, no PII in clear) and what it means. */
export interface QualityRule extends RuleReport {
  definition: string;
  fences?: RuleFences;
  /** Further tallies, e.g. the batches the touched events arrived in. */
  counts?: Record<string, number>;
}

export type QualitySourceName = 'customers' | 'products' | 'orderLines' | 'events';

/** The report of one stored source: a `QualityReport`-like list of rules and before/after distributions. */
export interface SourceQualityReport {
  source: QualitySourceName;
  /** Rows examined. */
  rows: number;
  rules: QualityRule[];
  /** Numeric columns before the report's cleaning and after it (flagged values left out). */
  columns: ColumnShift[];
  notes: string[];
}

export interface DataQualityReport {
  generatedAt: string;
  examplesPerRule: number;
  /** The threshold under which an event is not "before the shop existed", and where it came from. */
  shopStart: { at: string | null; from: 'option' | 'earliest_record' | 'none' };
  sources: Record<QualitySourceName, SourceQualityReport>;
}

export interface QualityReportOptions {
  /** Examples kept per rule; 5 by default. */
  examples?: number;
  /** Epoch ms the shop opened; default: the earliest product, customer or order stored. */
  shopStart?: number;
  /** How many of the newest events the near-duplicate scan and the arrival-delay distribution cover. */
  recentEvents?: number;
  now: number;
  /** Rows read so far, over all sources. */
  onProgress?: (rows: number) => void;
}
