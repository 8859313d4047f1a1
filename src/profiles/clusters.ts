import { assertFinite, columnStats, type Matrix } from '../ml/index.js';

export interface DistinctiveFeature {
  feature: string;
  column: number;
  direction: 'high' | 'low';
  /** (cluster mean − population mean) / population sd: how many population sds the cluster sits off. */
  effect: number;
  clusterMean: number;
  populationMean: number;
}

export interface ClusterDescription {
  cluster: number;
  size: number;
  /** size / rows. */
  share: number;
  /** Readable and unique within one result, e.g. "High order value, frequent buyers". */
  name: string;
  /** The features with the largest |effect|, largest first; constant or exactly average features never appear. */
  features: DistinctiveFeature[];
}

export interface DescribeClustersOptions {
  /** Features listed per cluster. Default 3. */
  topFeatures?: number;
  /** Features a name is built from (more only to tell two clusters apart). Default 2. */
  nameFeatures?: number;
  /** |effect| a feature needs to be named. Default 0.25 sd. */
  minEffect?: number;
}

/** Friendly phrases [high, low] by normalized feature name; anything else falls back to "high <feature>". */
const PHRASES = new Map<string, readonly [high: string, low: string]>();
const define = (names: string[], high: string, low: string): void => {
  for (const name of names) PHRASES.set(name, [high, low]);
};
define(
  ['recency_days', 'recency', 'days_since_last_order', 'days_since_last_purchase'],
  'lapsed',
  'recently active',
);
define(['order_count', 'orders', 'frequency', 'purchase_count'], 'frequent buyers', 'infrequent buyers');
define(['monetary', 'total_spend', 'revenue', 'spend', 'order_value_total'], 'high spenders', 'low spenders');
define(['days_since_last_seen'], 'dormant', 'recently seen');
define(['product_views', 'views'], 'keen browsers', 'light browsers');
define(['view_to_cart_rate', 'add_to_cart_rate'], 'quick to add to cart', 'window shoppers');
define(['events_per_session', 'session_depth'], 'deep sessions', 'short sessions');
define(['email_click_count'], 'email clickers', 'email non-clickers');
define(
  ['avg_order_value', 'aov', 'average_order_value', 'order_value_avg'],
  'high order value',
  'low order value',
);
define(['discount_share', 'discount_rate', 'discount_ratio'], 'discount seekers', 'full-price buyers');
define(
  ['tenure_days', 'tenure', 'customer_age_days', 'days_since_signup'],
  'long-standing customers',
  'newcomers',
);
define(['return_rate', 'return_share', 'returns'], 'frequent returners', 'rare returners');
define(['items_per_order', 'basket_size', 'avg_items'], 'big baskets', 'small baskets');
define(['category_count', 'distinct_categories', 'categories'], 'broad shoppers', 'narrow shoppers');
define(['session_count', 'sessions', 'visits'], 'frequent visitors', 'rare visitors');
define(['email_open_rate', 'open_rate'], 'email readers', 'email ignorers');
define(['email_click_rate', 'click_rate'], 'frequent clickers', 'rare clickers');
define(['review_count', 'reviews'], 'active reviewers', 'silent reviewers');
define(['lifetime_value', 'clv', 'ltv'], 'high lifetime value', 'low lifetime value');

/** "avgBasketSize" / "avg-basket_size" → "avg basket size". */
export function humanizeFeatureName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.\s]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The phrase for a feature being high or low in a cluster, e.g. ("order_count", "high") → "frequent buyers". */
export function featurePhrase(feature: string, direction: 'high' | 'low'): string {
  const human = humanizeFeatureName(feature);
  const known = PHRASES.get(human.replace(/ /g, '_'));
  if (known) return direction === 'high' ? known[0] : known[1];
  return `${direction} ${human}`;
}

/**
 * Describes each non-empty cluster of a labelling: its size, its share, the features on which its mean differs
 * most from the population mean (in population sds), and a name built from those. Clusters come in label order.
 */
export function describeClusters(
  data: Matrix,
  featureNames: readonly string[],
  labels: ArrayLike<number>,
  options: DescribeClustersOptions = {},
): ClusterDescription[] {
  const { topFeatures = 3, nameFeatures = 2, minEffect = 0.25 } = options;
  const { rows: n, cols: d, data: x } = data;
  if (featureNames.length !== d)
    throw new RangeError(`${featureNames.length} feature names for ${d} columns`);
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows`);
  assertFinite(data, 'cluster data');
  // Cluster ids in ascending order, each mapped to a dense slot (ids need not be contiguous).
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0)
      throw new RangeError(`label ${l} at row ${i} is not a non-negative integer`);
    seen.add(l);
  }
  const ids = [...seen].sort((a, b) => a - b);
  const slot = new Map(ids.map((id, index) => [id, index]));
  const counts = new Int32Array(ids.length);
  const sums = new Float64Array(ids.length * d);
  for (let i = 0; i < n; i++) {
    const c = slot.get(labels[i]!)!;
    counts[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += x[i * d + j]!;
  }
  const { mean, sd } = columnStats(data);

  const out: ClusterDescription[] = [];
  const nameable: DistinctiveFeature[][] = [];
  ids.forEach((cluster, c) => {
    const size = counts[c]!;
    const features: DistinctiveFeature[] = [];
    for (let j = 0; j < d; j++) {
      const clusterMean = sums[c * d + j]! / size;
      const effect = sd[j]! > 0 ? (clusterMean - mean[j]!) / sd[j]! : 0;
      if (effect === 0) continue;
      const feature = featureNames[j]!;
      const direction = effect > 0 ? 'high' : 'low';
      features.push({ feature, column: j, direction, effect, clusterMean, populationMean: mean[j]! });
    }
    features.sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || a.column - b.column);
    const top = features.slice(0, topFeatures);
    out.push({ cluster, size, share: size / n, name: '', features: top });
    nameable.push(top.filter((f) => Math.abs(f.effect) >= minEffect));
  });
  const names = uniqueNames(nameable, nameFeatures);
  out.forEach((desc, i) => (desc.name = names[i]!));
  return out;
}

function nameFrom(features: readonly DistinctiveFeature[]): string {
  const phrases = [...new Set(features.map((f) => featurePhrase(f.feature, f.direction)))];
  const text = phrases.length > 0 ? phrases.join(', ') : 'typical customers';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Names from the first `perName` features; clashing clusters use all their features, then a " (2)" suffix. */
function uniqueNames(nameable: readonly DistinctiveFeature[][], perName: number): string[] {
  const base = nameable.map((features) => nameFrom(features.slice(0, perName)));
  const seen = new Map<string, number>();
  for (const name of base) seen.set(name, (seen.get(name) ?? 0) + 1);
  const extended = base.map((name, i) => ((seen.get(name) ?? 0) > 1 ? nameFrom(nameable[i]!) : name));
  const used = new Set<string>();
  return extended.map((name) => {
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name} (${n})`;
    used.add(unique);
    return unique;
  });
}
