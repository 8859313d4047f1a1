import { bump } from './profile-state.js';
import { featuresOf, type FeatureContext, type FeatureDefinition } from './feature-registry.js';

const DAY = 86_400_000;
const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const days = (from: number | null, to: number): number | null =>
  from === null ? null : round(Math.max(0, to - from) / DAY, 2);

/** Shares of a count map, rounded, keys sorted. */
function shares(map: Record<string, number>): Record<string, number> {
  const total = Object.values(map).reduce((s, v) => s + v, 0);
  const out: Record<string, number> = {};
  if (total === 0) return out;
  for (const key of Object.keys(map).sort()) out[key] = round((map[key] ?? 0) / total);
  return out;
}

/** The key with the largest count (ties: the smallest key), or null. */
function top(map: Record<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [key, count] of Object.entries(map))
    if (count > bestCount || (count === bestCount && best !== null && key < best)) {
      best = key;
      bestCount = count;
    }
  return best;
}

function argmax(values: readonly number[]): number | null {
  let best = -1;
  let bestValue = 0;
  values.forEach((v, i) => {
    if (v > bestValue) {
      best = i;
      bestValue = v;
    }
  });
  return best < 0 ? null : best;
}

const dayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const feature = featuresOf('profiles');

const orderValueStd = ({ orders: o }: FeatureContext): number | null => {
  if (o.orders < 2) return null;
  const mean = o.sum / o.orders;
  return round(Math.sqrt(Math.max(0, o.sumSq / o.orders - mean * mean)), 2);
};

/** The behavioural features every profile gets. Times are UTC; "days" are fractional days to the as-of time. */
export const defaultFeatures: readonly FeatureDefinition[] = [
  feature('days_since_last_seen', 'number', 'Days from the last event to the as-of time.', (c) =>
    days(c.state.lastSeen, c.asOf),
  ),
  feature('days_since_last_order', 'number', 'Days from the last order to the as-of time.', (c) =>
    days(c.orders.lastAt, c.asOf),
  ),
  feature(
    'tenure_days',
    'number',
    'Days since the customer became known (sign-up, first event or order).',
    (c) => {
      const starts = [c.createdAt, c.state.firstSeen, c.orders.firstAt].filter(
        (x): x is number => x !== null,
      );
      return starts.length === 0 ? null : days(Math.min(...starts), c.asOf);
    },
  ),
  feature('event_count', 'number', 'Events received.', (c) => c.state.events),
  feature('order_count', 'number', 'Orders (cancellation documents excluded).', (c) => c.orders.orders),
  feature('order_value_total', 'number', 'Sum of order values.', (c) => round(c.orders.sum, 2)),
  feature('order_value_avg', 'number', 'Mean order value.', (c) =>
    c.orders.orders === 0 ? null : round(c.orders.sum / c.orders.orders, 2),
  ),
  feature('order_value_min', 'number', 'Smallest order value.', (c) => c.orders.min),
  feature('order_value_max', 'number', 'Largest order value.', (c) => c.orders.max),
  feature('order_value_std', 'number', 'Population standard deviation of order values.', orderValueStd),
  feature('items_per_order', 'number', 'Mean items per order.', (c) =>
    c.orders.orders === 0 ? null : round(c.orders.items / c.orders.orders, 2),
  ),
  feature('discount_share', 'number', 'Share of orders with a discount.', (c) =>
    c.orders.orders === 0 ? null : round(c.orders.discounted / c.orders.orders),
  ),
  feature(
    'price_ratio_vs_category',
    'number',
    "Mean of unit price paid / the category's average list price over purchased lines (below 1: buys cheap).",
    (c) => (c.orders.priceRatioLines === 0 ? null : round(c.orders.priceRatioSum / c.orders.priceRatioLines)),
  ),
  feature('cancellation_rate', 'number', 'Cancellation and return documents per order.', (c) =>
    c.orders.orders === 0 ? null : round(c.orders.cancellations / c.orders.orders),
  ),
  feature(
    'category_affinity',
    'map',
    'Shares of weighted interactions per category (view 1, cart 3, order 5).',
    (c) => shares(categoryWeights(c)),
  ),
  feature('favourite_category', 'string', 'Category with the most weighted interactions.', (c) =>
    top(categoryWeights(c)),
  ),
  feature('top_categories', 'string[]', 'Up to three categories by weighted interactions.', (c) =>
    Object.entries(categoryWeights(c))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 3)
      .map(([k]) => k),
  ),
  feature('dow_mix', 'map', 'Shares of events per weekday (UTC).', (c) =>
    shares(Object.fromEntries(c.state.dow.map((v, i) => [dayNames[i] as string, v]))),
  ),
  feature('preferred_dow', 'string', 'Weekday with the most events (UTC).', (c) => {
    const i = argmax(c.state.dow);
    return i === null ? null : (dayNames[i] as string);
  }),
  feature('preferred_hour', 'number', 'Hour of day (UTC) with the most events.', (c) => argmax(c.state.hour)),
  feature('device_mix', 'map', 'Shares of events per device type.', (c) => shares(c.state.device)),
  feature('primary_device', 'string', 'Device type with the most events.', (c) => top(c.state.device)),
  feature('channel_mix', 'map', 'Shares of web (pages) and app (screens) activity and orders.', (c) =>
    shares(mergeCounts(c.state.channel, c.orders.channel, 1)),
  ),
  feature(
    'session_count',
    'number',
    'Sessions (30 minutes of inactivity end one).',
    (c) => c.state.session.count,
  ),
  feature(
    'sessions_30d',
    'number',
    'Sessions started in the 30 days before the as-of time.',
    (c) => c.state.session.recentStarts.filter((t) => t > c.asOf - 30 * DAY && t <= c.asOf).length,
  ),
  feature('events_per_session', 'number', 'Mean events per session.', (c) =>
    c.state.session.count === 0 ? null : round(c.state.session.events / c.state.session.count, 2),
  ),
  feature('session_minutes_avg', 'number', 'Mean session length in minutes.', (c) =>
    c.state.session.count === 0
      ? null
      : round(c.state.session.durationMs / c.state.session.count / 60_000, 2),
  ),
  feature(
    'product_views',
    'number',
    'Product Viewed events.',
    (c) => c.state.counts['track:Product Viewed'] ?? 0,
  ),
  feature('cart_adds', 'number', 'Product Added events.', (c) => c.state.counts['track:Product Added'] ?? 0),
  feature('view_to_cart_rate', 'number', 'Product Added per Product Viewed.', (c) => {
    const views = c.state.counts['track:Product Viewed'] ?? 0;
    return views === 0 ? null : round((c.state.counts['track:Product Added'] ?? 0) / views);
  }),
  feature(
    'email_open_count',
    'number',
    'Email Opened events.',
    (c) => c.state.counts['track:Email Opened'] ?? 0,
  ),
  feature(
    'email_click_count',
    'number',
    'Email Link Clicked events.',
    (c) => c.state.counts['track:Email Link Clicked'] ?? 0,
  ),
  feature('review_count', 'number', 'Reviews written.', (c) => c.reviews.count),
  feature('review_rating_avg', 'number', 'Mean star rating of the reviews written.', (c) =>
    c.reviews.rated === 0 ? null : round(c.reviews.ratingSum / c.reviews.rated, 2),
  ),
];

/** Weighted interactions per category (orders weigh 5), computed once per profile for the three features using them. */
const categoryWeightsOf = new WeakMap<FeatureContext, Record<string, number>>();
function categoryWeights(c: FeatureContext): Record<string, number> {
  let weights = categoryWeightsOf.get(c);
  if (weights === undefined) {
    weights = mergeCounts(c.state.categories, c.orders.categories, 5);
    categoryWeightsOf.set(c, weights);
  }
  return weights;
}

function mergeCounts(
  a: Record<string, number>,
  b: Record<string, number>,
  weightB: number,
): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) bump(out, key, value * weightB);
  return out;
}
