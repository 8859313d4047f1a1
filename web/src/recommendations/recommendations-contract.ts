import { array, boolean, count, nullable, number, object, record, string } from '../api/decode';
import type { Decoder } from '../api/decode';

export interface Reason {
  /** `because_you_bought`, `because_you_viewed`, `buy_again`, `popular`, … */
  code: string;
  text: string;
  /** The history item behind the reason, when there is one. */
  itemId: string | null;
}

export interface RecommendedItem {
  id: string;
  name: string | null;
  category: string | null;
  price: number | null;
  score: number;
  reason: Reason;
}

export interface HistoryItem {
  id: string;
  name: string | null;
  category: string | null;
  /** Distinct orders that held it. */
  bought: number;
  /** Views and cart additions. */
  looked: number;
  lastAt: string;
}

/** `GET /v1/recommendations/:customerId` */
export interface Recommendations {
  customerId: string;
  model: { name: string; version: number; type: string };
  /** `personalized`, `new_customer` or `not_personalized` (kept as text: a newer server may add one). */
  strategy: string;
  items: RecommendedItem[];
  /** Most recent first; empty when the list is not personalized. */
  history: HistoryItem[];
  generatedAt: string;
  cached: boolean;
}

/** What the page asks for; null leaves the server's default (the shop's rules). */
export interface RecommendQuery {
  k: number;
  excludePurchased: boolean;
  category: string | null;
  diversity: number | null;
}

export const DEFAULT_QUERY: RecommendQuery = {
  k: 10,
  excludePurchased: false,
  category: null,
  diversity: null,
};

export function recommendationsPath(customer: string, query: RecommendQuery): string {
  const params = new URLSearchParams({ k: String(query.k) });
  if (query.excludePurchased) params.set('exclude', 'purchased');
  // The API splits the list on commas; one inside a category name is escaped.
  if (query.category !== null) params.set('category', query.category.replaceAll(',', '\\,'));
  if (query.diversity !== null) params.set('diversity', String(query.diversity));
  return `/v1/recommendations/${encodeURIComponent(customer)}?${params.toString()}`;
}

export const recommendationsHref = (customer: string): string =>
  `#/recommendations/${encodeURIComponent(customer)}`;

const optionalString: Decoder<string | null> = nullable(string);

export const decodeRecommendations: Decoder<{ data: Recommendations }> = object<{ data: Recommendations }>({
  data: object<Recommendations>({
    customerId: string,
    model: object<Recommendations['model']>({ name: string, version: count, type: string }),
    strategy: string,
    items: array(
      object<RecommendedItem>({
        id: string,
        name: optionalString,
        category: optionalString,
        price: nullable(number),
        score: number,
        reason: object<Reason>({ code: string, text: string, itemId: optionalString }),
      }),
    ),
    history: array(
      object<HistoryItem>({
        id: string,
        name: optionalString,
        category: optionalString,
        bought: count,
        looked: count,
        lastAt: string,
      }),
    ),
    generatedAt: string,
    cached: boolean,
  }),
});

/** A customer as the picker lists them (`GET /v1/profiles?q=`). */
export interface CustomerOption {
  customerId: string;
  userId: string | null;
  lastSeenAt: string | null;
  eventCount: number;
}

export const PICKER_SIZE = 8;

export function customersPath(prefix: string): string {
  const params = new URLSearchParams({ limit: String(PICKER_SIZE) });
  if (prefix !== '') params.set('q', prefix);
  return `/v1/profiles?${params.toString()}`;
}

export const decodeCustomers: Decoder<{ data: CustomerOption[] }> = object<{ data: CustomerOption[] }>({
  data: array(
    object<CustomerOption>({
      customerId: string,
      userId: optionalString,
      lastSeenAt: optionalString,
      eventCount: count,
    }),
  ),
});

/** One model's held-out result (a NaN metric arrives as null). */
export interface ModelComparison {
  model: string;
  /** The hyper-parameters or blend weights picked on the validation days, when there was a choice. */
  setting: string | null;
  validationNdcg: number | null;
  ndcg: number | null;
  recall: number | null;
  hr: number | null;
  precision: number | null;
  mrr: number | null;
  coverage: number | null;
  trainSeconds: number | null;
}

export interface RecommenderEvaluation {
  k: number;
  holdoutDays: number;
  holdoutFrom: string;
  chosen: string;
  comparison: ModelComparison[];
}

/** `GET /v1/models/recommendations`: the active version (else the latest) with its offline evaluation. */
export interface RecommenderVersion {
  name: string;
  version: number;
  status: string;
  statusReason: string;
  modelType: string;
  createdAt: string;
  dataWindow: { from: string; to: string; asOf: string };
  trainingSeconds: number;
  metrics: Record<string, number>;
  /** null when the version has no recommender evaluation. */
  evaluation: RecommenderEvaluation | null;
}

export const RECOMMENDER_PATH = '/v1/models/recommendations';

const metric = nullable(number);

const decodeComparison: Decoder<ModelComparison> = (value, path) => {
  const source = record(value, path);
  return {
    ...object<Omit<ModelComparison, 'setting'>>({
      model: string,
      validationNdcg: metric,
      ndcg: metric,
      recall: metric,
      hr: metric,
      precision: metric,
      mrr: metric,
      coverage: metric,
      trainSeconds: metric,
    })(value, path),
    setting: optionalString(source.chosen, `${path}.chosen`),
  };
};

function decodeEvaluation(value: unknown, path: string): RecommenderEvaluation | null {
  if (value === null || value === undefined) return null;
  if (record(value, path).kind !== 'recommender') return null;
  return object<RecommenderEvaluation>({
    k: count,
    holdoutDays: count,
    holdoutFrom: string,
    chosen: string,
    comparison: array(decodeComparison),
  })(value, path);
}

const numberRecord: Decoder<Record<string, number>> = (value, path) => {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(record(value, path))) out[key] = number(v, `${path}.${key}`);
  return out;
};

export const decodeRecommender: Decoder<{ data: RecommenderVersion }> = object<{ data: RecommenderVersion }>({
  data: object<RecommenderVersion>({
    name: string,
    version: count,
    status: string,
    statusReason: string,
    modelType: string,
    createdAt: string,
    dataWindow: object({ from: string, to: string, asOf: string }),
    trainingSeconds: number,
    metrics: numberRecord,
    evaluation: decodeEvaluation,
  }),
});
