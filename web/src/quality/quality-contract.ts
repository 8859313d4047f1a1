import { array, count, nullable, number, object, record, string } from '../api/decode';
import type { Decoder } from '../api/decode';

export interface Example {
  row: number;
  id: string | null;
  column: string | null;
  before: string | null;
  after: string | null;
  note: string | null;
}

export interface Rule {
  rule: string;
  touched: number;
  definition: string;
  examples: Example[];
}

export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface Summary {
  count: number;
  missing: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  histogram: Histogram | null;
}

export interface Column {
  column: string;
  before: Summary;
  after: Summary;
}

export interface Section {
  source: string;
  rows: number;
  rules: Rule[];
  columns: Column[];
  notes: string[];
}

/** `GET /v1/quality/report`: examples are masked by the server. */
export interface QualityReport {
  generatedAt: string;
  examplesPerRule: number;
  sources: Record<string, unknown>;
}

export const QUALITY_REPORT_PATH = '/v1/quality/report';

/** The sources in the order the page shows them; others the server adds follow. */
export const SOURCE_ORDER = ['customers', 'products', 'orderLines', 'events'];

const optionalString: Decoder<string | null> = nullable(string);

const decodeSummary: Decoder<Summary> = object<Summary>({
  count,
  missing: count,
  mean: nullable(number),
  min: nullable(number),
  max: nullable(number),
  histogram: nullable(object<Histogram>({ edges: array(number), counts: array(count) })),
});

export const decodeSection: Decoder<Section> = object<Section>({
  source: string,
  rows: count,
  rules: array(
    object<Rule>({
      rule: string,
      touched: count,
      definition: string,
      examples: array(
        object<Example>({
          row: count,
          id: optionalString,
          column: optionalString,
          before: optionalString,
          after: optionalString,
          note: optionalString,
        }),
      ),
    }),
  ),
  columns: array(object<Column>({ column: string, before: decodeSummary, after: decodeSummary })),
  notes: array(string),
});

export interface DecodedReport {
  generatedAt: string;
  examplesPerRule: number;
  sections: Section[];
}

export const decodeQualityReport: Decoder<DecodedReport> = (value, path) => {
  const top = object<QualityReport>({ generatedAt: string, examplesPerRule: count, sources: record })(
    value,
    path,
  );
  const keys = Object.keys(top.sources).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return {
    generatedAt: top.generatedAt,
    examplesPerRule: top.examplesPerRule,
    sections: keys.map((key) => decodeSection(top.sources[key], `${path}.sources.${key}`)),
  };
};

function rank(source: string): number {
  const index = SOURCE_ORDER.indexOf(source);
  return index === -1 ? SOURCE_ORDER.length : index;
}
