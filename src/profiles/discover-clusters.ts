import {
  applyStandardize,
  chooseK,
  createMatrix,
  kmeans,
  pca,
  pcaTransform,
  silhouetteScore,
  standardize,
  type Matrix,
} from '../ml/index.js';
import type { Rng } from '../shared/index.js';
import { describeClusters, type ClusterDescription } from './clusters.js';
import type { ProfileRecord } from './ports.js';

/** Numeric features clustering uses by default: behaviour, value and engagement, on comparable scales after log1p. */
export const defaultClusterFeatures = [
  'days_since_last_seen',
  'tenure_days',
  'order_count',
  'order_value_avg',
  'order_value_total',
  'discount_share',
  'session_count',
  'events_per_session',
  'product_views',
  'view_to_cart_rate',
  'email_click_count',
  'review_count',
] as const;

/** Counts and amounts are heavy-tailed: they are clustered on log(1 + x). Shares and ratios stay as they are. */
const LOG_SCALED = new Set([
  'days_since_last_seen',
  'tenure_days',
  'order_count',
  'order_value_avg',
  'order_value_total',
  'session_count',
  'events_per_session',
  'product_views',
  'email_click_count',
  'review_count',
]);

export interface DiscoveredCluster extends ClusterDescription {
  members: string[];
  /** The cluster centre in the original feature units (means of the members). */
  centre: Record<string, number>;
}

export interface ClusterDiscovery {
  k: number;
  /** Mean silhouette of the chosen clustering (sampled above 2,000 profiles). */
  silhouette: number;
  /** Silhouette per k tried, when k was chosen. */
  candidates: { k: number; silhouette: number }[];
  features: string[];
  profiles: number;
  clusters: DiscoveredCluster[];
  /** 2-D PCA projection of up to `maxPoints` profiles, for the scatter plot. */
  points: { customerId: string; x: number; y: number; cluster: number }[];
  explainedVariance: number[];
  /** What a saved cluster segment keeps to assign new profiles later: scaling and centroids. */
  model: {
    features: string[];
    logScaled: string[];
    /** Value used for a missing feature. */
    fill: number[];
    mean: number[];
    sd: number[];
    centroids: number[][];
  };
}

export interface DiscoverOptions {
  k?: number;
  kMin?: number;
  kMax?: number;
  features?: readonly string[];
  maxPoints?: number;
}

const numeric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * What a missing feature stands for: "days since" with nothing to count from (never seen, never ordered) is as long
 * ago as the longest among the others; every other feature is a count, amount or share of nothing, so 0.
 */
function missingValues(
  profiles: readonly Pick<ProfileRecord, 'features'>[],
  features: readonly string[],
): number[] {
  return features.map((f) => {
    if (!f.startsWith('days_since')) return 0;
    let max = 0;
    for (const p of profiles) max = Math.max(max, numeric(p.features[f]) ?? 0);
    return max;
  });
}

/**
 * k-means over standardized profile features (missing values filled as `missingValues` says), k chosen by
 * silhouette unless given, each cluster described by its most distinctive features and given a readable name.
 *
 * @example
 * const found = discoverClusters(profiles, createRng(7), { kMax: 6 });
 * found.clusters.map((c) => `${c.name}: ${c.size}`);
 */
export function discoverClusters(
  profiles: readonly Pick<ProfileRecord, 'customerId' | 'features'>[],
  rng: Rng,
  options: DiscoverOptions = {},
): ClusterDiscovery {
  const features = [...(options.features ?? defaultClusterFeatures)];
  const n = profiles.length;
  const kMax = Math.min(options.kMax ?? 8, Math.max(2, n - 1));
  if (n < 3) throw new RangeError(`clustering needs at least 3 profiles, got ${n}`);
  if (options.k !== undefined && (options.k < 2 || options.k > n - 1))
    throw new RangeError(`k must be between 2 and ${n - 1}`);
  const fill = missingValues(profiles, features);
  const raw = createMatrix(n, features.length);
  profiles.forEach((p, i) =>
    features.forEach((f, j) => {
      raw.data[i * features.length + j] = numeric(p.features[f]) ?? (fill[j] as number);
    }),
  );
  const transformed = createMatrix(
    n,
    features.length,
    raw.data.map((v, idx) => {
      const f = features[idx % features.length] as string;
      return LOG_SCALED.has(f) ? Math.log1p(Math.max(0, v)) : v;
    }),
  );
  const { data: z, mean, sd } = standardize(transformed);
  let labels: Int32Array;
  let centroids: Matrix;
  let silhouette: number;
  let candidates: { k: number; silhouette: number }[] = [];
  if (options.k !== undefined) {
    const result = kmeans(z, { k: options.k }, rng);
    labels = result.labels;
    centroids = result.centroids;
    silhouette = silhouetteScore(z, labels, rng.fork('silhouette'));
  } else {
    const chosen = chooseK(z, { kMin: options.kMin ?? 2, kMax }, rng);
    labels = chosen.clustering.labels;
    centroids = chosen.clustering.centroids;
    silhouette = chosen.silhouette;
    candidates = chosen.candidates.map((c) => ({ k: c.k, silhouette: c.silhouette }));
  }
  const k = centroids.rows;
  const described = describeClusters(transformed, features, labels);
  const clusters: DiscoveredCluster[] = described.map((d) => {
    const members: string[] = [];
    const sums = new Float64Array(features.length);
    labels.forEach((label, i) => {
      if (label !== d.cluster) return;
      members.push((profiles[i] as (typeof profiles)[number]).customerId);
      for (let j = 0; j < features.length; j++)
        sums[j] = (sums[j] as number) + (raw.data[i * features.length + j] as number);
    });
    const centre = Object.fromEntries(
      features.map((f, j) => [
        f,
        Math.round(((sums[j] as number) / Math.max(1, members.length)) * 100) / 100,
      ]),
    );
    return { ...d, members, centre };
  });
  const model = pca(z, { components: 2 });
  const projected = pcaTransform(model, z);
  const maxPoints = options.maxPoints ?? 2_000;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const points: ClusterDiscovery['points'] = [];
  for (let i = 0; i < n; i += step)
    points.push({
      customerId: (profiles[i] as (typeof profiles)[number]).customerId,
      x: Math.round((projected.data[i * 2] as number) * 1e4) / 1e4,
      y: Math.round((projected.data[i * 2 + 1] as number) * 1e4) / 1e4,
      cluster: labels[i] as number,
    });
  const rows = (m: Matrix) =>
    Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return {
    k,
    silhouette,
    candidates,
    features,
    profiles: n,
    clusters,
    points,
    explainedVariance: Array.from(model.explainedVarianceRatio),
    model: {
      features,
      logScaled: features.filter((f) => LOG_SCALED.has(f)),
      fill,
      mean: Array.from(mean),
      sd: Array.from(sd),
      centroids: rows(centroids),
    },
  };
}

/** Assigns new profiles to the nearest centroid of a saved model (same scaling as at discovery). */
export function assignToClusters(
  model: ClusterDiscovery['model'],
  profiles: readonly Pick<ProfileRecord, 'features'>[],
): number[] {
  const d = model.features.length;
  const m = createMatrix(profiles.length, d);
  profiles.forEach((p, i) =>
    model.features.forEach((f, j) => {
      const v = numeric(p.features[f]) ?? (model.fill[j] as number);
      m.data[i * d + j] = model.logScaled.includes(f) ? Math.log1p(Math.max(0, v)) : v;
    }),
  );
  const z = applyStandardize(m, { mean: Float64Array.from(model.mean), sd: Float64Array.from(model.sd) });
  return Array.from({ length: profiles.length }, (_, i) => {
    let best = 0;
    let bestDistance = Infinity;
    model.centroids.forEach((c, k) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((z.data[i * d + j] as number) - (c[j] as number)) ** 2;
      if (s < bestDistance) {
        bestDistance = s;
        best = k;
      }
    });
    return best;
  });
}
