import { DecodeError, array, boolean, count, nullable, number, object, record, string } from '../api/decode';
import type { Decoder } from '../api/decode';

export type ModelStatus = 'candidate' | 'active' | 'retired';

export interface ModelHeader {
  id: string;
  name: string;
  version: number;
  status: ModelStatus;
  statusReason: string;
  modelType: string;
  primaryMetric: { name: string; higherIsBetter: boolean; value: number | null };
  createdAt: string;
}

export interface ModelSummary {
  name: string;
  activeVersion: number | null;
  latestVersion: number;
  /** Newest first. */
  versions: ModelHeader[];
}

export interface ModelEvent {
  version: number;
  from: ModelStatus | null;
  to: ModelStatus;
  reason: string;
  actor: string;
  at: string;
}

/** `binaryEvaluationReport` of src/ml: curves, calibration, confusion by threshold, gains. */
export interface BinaryReport {
  kind: 'binary';
  rows: number;
  positives: number;
  rocAuc: number;
  averagePrecision: number;
  roc: { fpr: number[]; tpr: number[] };
  pr: { recall: number[]; precision: number[] };
  calibration: { bins: number; probPred: number[]; probTrue: number[]; counts: number[] };
  /** thresholds[k] = k / 100; counts of rows with probability ≥ the threshold predicted positive. */
  confusion: { thresholds: number[]; tp: number[]; fp: number[]; tn: number[]; fn: number[] };
  gains: { fraction: number[]; gain: number[]; precision: number[]; lift: number[] };
}

export interface RegressionDecile {
  group: number;
  rows: number;
  predictedMean: number;
  actualMean: number;
  predictedMin: number;
  predictedMax: number;
}

/** `regressionEvaluationReport` of src/ml: predicted vs actual by decile, residual summary. */
export interface RegressionReport {
  kind: 'regression';
  rows: number;
  mae: number;
  rmse: number;
  r2: number;
  deciles: RegressionDecile[];
  residuals: Record<string, number>;
}

export interface ImportanceBar {
  feature: string;
  value: number;
  /** Spread over repeats (permutation importance). */
  std?: number;
}

/** One kind of feature importance, as the page draws it. */
export interface Importance {
  key: 'permutation' | 'gain' | 'coefficients';
  label: string;
  description: string;
  bars: ImportanceBar[];
}

export interface Evaluation {
  /** The evaluation's own kind when it names one (e.g. `recommender`, drawn on the Recommendations page). */
  kind: string | null;
  /** null for a report of a kind this page does not know. */
  report: BinaryReport | RegressionReport | null;
  importances: Importance[];
}

export interface ModelDetail extends ModelHeader {
  metrics: Record<string, number>;
  dataWindow: { from: string; to: string; asOf: string };
  features: string[];
  trainingSeconds: number;
  codeVersion: string;
  /** null for a version registered without one. */
  evaluation: Evaluation | null;
  history: ModelEvent[];
}

export const MODELS_PATH = '/v1/models';
export const modelPath = (name: string, version: number): string =>
  `/v1/models/${encodeURIComponent(`${name}@${version}`)}`;
export const historyPath = (name: string): string => `/v1/models/${encodeURIComponent(name)}/history`;

const status: Decoder<ModelStatus> = (value, path) => {
  if (value === 'candidate' || value === 'active' || value === 'retired') return value;
  throw new DecodeError(`${path}: expected a model status`);
};

const numbers = array(number);

const numberRecord: Decoder<Record<string, number>> = (value, path) => {
  const source = record(value, path);
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(source)) out[key] = number(v, `${path}.${key}`);
  return out;
};

const headerFields = {
  id: string,
  name: string,
  version: count,
  status,
  statusReason: string,
  modelType: string,
  primaryMetric: object<ModelHeader['primaryMetric']>({
    name: string,
    higherIsBetter: boolean,
    value: nullable(number),
  }),
  createdAt: string,
};

const decodeHeader = object<ModelHeader>(headerFields);

const decodeEvent = object<ModelEvent>({
  version: count,
  from: nullable(status),
  to: status,
  reason: string,
  actor: string,
  at: string,
});

export const decodeModels: Decoder<{ data: ModelSummary[] }> = object<{ data: ModelSummary[] }>({
  data: array(
    object<ModelSummary>({
      name: string,
      activeVersion: nullable(count),
      latestVersion: count,
      versions: array(decodeHeader),
    }),
  ),
});

export const decodeHistory: Decoder<{ data: ModelEvent[] }> = object<{ data: ModelEvent[] }>({
  data: array(decodeEvent),
});

const decodeBinaryReport = object<BinaryReport>({
  kind: () => 'binary',
  rows: count,
  positives: count,
  rocAuc: number,
  averagePrecision: number,
  roc: object({ fpr: numbers, tpr: numbers }),
  pr: object({ recall: numbers, precision: numbers }),
  calibration: object({ bins: count, probPred: numbers, probTrue: numbers, counts: numbers }),
  confusion: object({
    thresholds: numbers,
    tp: array(count),
    fp: array(count),
    tn: array(count),
    fn: array(count),
  }),
  gains: object({ fraction: numbers, gain: numbers, precision: numbers, lift: numbers }),
});

const decodeRegressionReport = object<RegressionReport>({
  kind: () => 'regression',
  rows: count,
  mae: number,
  rmse: number,
  r2: number,
  deciles: array(
    object<RegressionDecile>({
      group: count,
      rows: count,
      predictedMean: number,
      actualMean: number,
      predictedMin: number,
      predictedMax: number,
    }),
  ),
  residuals: numberRecord,
});

function decodeReport(value: unknown, path: string): BinaryReport | RegressionReport | null {
  if (value === null || value === undefined) return null;
  const kind = record(value, path).kind;
  if (kind === 'binary') return decodeBinaryReport(value, path);
  if (kind === 'regression') return decodeRegressionReport(value, path);
  return null;
}

const namedValues = array(object<{ feature: string; value: number }>({ feature: string, value: number }));

function decodeImportances(value: unknown, path: string): Importance[] {
  if (value === null || value === undefined) return [];
  const source = record(value, path);
  const out: Importance[] = [];
  if (source.permutation !== undefined && source.permutation !== null) {
    const p = object<{
      metric: string;
      repeats: number;
      rows: number | null;
      features: { feature: string; mean: number; std: number }[];
    }>({
      metric: string,
      repeats: count,
      rows: nullable(count),
      features: array(object({ feature: string, mean: number, std: number })),
    })(source.permutation, `${path}.permutation`);
    out.push({
      key: 'permutation',
      label: 'Permutation',
      description:
        `Drop in held-out ${p.metric} when one input is shuffled (mean of ${p.repeats} shuffles` +
        `${p.rows === null ? '' : ` on ${p.rows.toLocaleString()} rows`}).`,
      bars: p.features.map((f) => ({ feature: f.feature, value: f.mean, std: f.std })),
    });
  }
  if (source.gain !== undefined && source.gain !== null)
    out.push({
      key: 'gain',
      label: 'Gain',
      description:
        'Total loss reduction of the splits on each input, over the trees of the registered model.',
      bars: namedValues(source.gain, `${path}.gain`),
    });
  if (source.coefficients !== undefined && source.coefficients !== null)
    out.push({
      key: 'coefficients',
      label: 'Coefficients',
      description:
        'Standardized coefficients of the registered model: the change in log-odds per standard deviation of the ' +
        'input (indicators: name=category).',
      bars: namedValues(source.coefficients, `${path}.coefficients`),
    });
  return out;
}

function decodeEvaluation(value: unknown, path: string): Evaluation | null {
  if (value === null || value === undefined) return null;
  const source = record(value, path);
  return {
    kind: typeof source.kind === 'string' ? source.kind : null,
    report: source.report === undefined ? null : decodeReport(source.report, `${path}.report`),
    importances: decodeImportances(source.importance, `${path}.importance`),
  };
}

export const decodeModel: Decoder<{ data: ModelDetail }> = object<{ data: ModelDetail }>({
  data: object<ModelDetail>({
    ...headerFields,
    metrics: numberRecord,
    dataWindow: object({ from: string, to: string, asOf: string }),
    features: array(string),
    trainingSeconds: number,
    codeVersion: string,
    evaluation: decodeEvaluation,
    history: array(decodeEvent),
  }),
});
