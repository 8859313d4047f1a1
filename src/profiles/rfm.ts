import { rfmSegment, type RfmSegment } from './rfm-segments.js';

/** What RFM needs of one customer: their orders summed up (see `OrderStore.rfmInputs`). */
export interface RfmInput {
  /** The shop's customer id: sorts the customers and breaks ties. */
  customerId: string;
  /** Epoch ms of the customer's last order. */
  lastOrderAt: number;
  /** Distinct orders, at least 1. */
  frequency: number;
  /** Σ quantity × unit price over the lines with positive quantity and price. */
  monetary: number;
}

export interface RfmRow {
  customerId: string;
  /** Calendar days (UTC) from the day of the last order to the as-of day: 1 for an order the day before. */
  recency: number;
  frequency: number;
  /** Rounded to 1e-6, which removes floating-point noise of the sum and nothing else for prices in cents. */
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

const DAY_MS = 86_400_000;
const SCORES = 5;

/** Epoch ms of the UTC midnight starting the day that `ms` falls in. */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The default as-of day: the UTC calendar day after the last order, as the epoch ms of its midnight. */
export function defaultAsOf(lastOrderAt: number): number {
  return utcDayStart(lastOrderAt) + DAY_MS;
}

/** `YYYY-MM-DD` (a real calendar date) to the epoch ms of its UTC midnight, or null. */
export function parseAsOfDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  const valid =
    back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day;
  return valid ? ms : null;
}

/** The UTC calendar day of `ms` as `YYYY-MM-DD`. */
export function formatUtcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function numericValue(id: string): number | null {
  if (!DECIMAL.test(id)) return null;
  const n = Number(id);
  return Number.isFinite(n) ? n : null;
}

const byCodePoint = (a: string, b: string): number => {
  // Code point order; JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF.
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
};

/**
 * The order of shop customer ids: two ids that both read as finite decimal numbers (`13085`, `-1.5e3`) compare as
 * numbers, with equal numbers (`7`, `7.0`) then by code point; any other pair by code point, except that a numeric
 * id always sorts before a non-numeric one (without that rule `9`, `10`, `1a` would sort in a circle).
 */
export function compareCustomerIds(a: string, b: string): number {
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== null && y !== null && x !== y) return x < y ? -1 : 1;
  if ((x === null) !== (y === null)) return x !== null ? -1 : 1;
  return byCodePoint(a, b);
}

/**
 * The score bin 1..5 of rank `rank` (1..n) among `n`: pandas `qcut(ranks, 5)`, i.e. bin j holds the ranks r with
 * e(j−1) < r ≤ e(j), e(j) = 1 + (j/5)(n − 1), and rank 1 is in bin 1. In integers: the least j with
 * 5(r − 1) ≤ j(n − 1), so no edge is ever misplaced by floating point.
 */
export function scoreBin(rank: number, n: number): number {
  if (n <= 1 || rank <= 1) return 1;
  return Math.min(SCORES, Math.ceil((SCORES * (rank - 1)) / (n - 1)));
}

const roundMicro = (x: number): number => Math.round(x * 1e6) / 1e6 + 0;

/**
 * Ranks (1..n) of `values` ascending, ties in the order of the positions as given: pandas `rank(method="first")`.
 */
function rankFirst(values: readonly number[]): number[] {
  const positions = values.map((_, i) => i);
  positions.sort((i, j) => (values[i] as number) - (values[j] as number) || i - j);
  const ranks = new Array<number>(values.length);
  positions.forEach((position, index) => (ranks[position] = index + 1));
  return ranks;
}

/**
 * RFM scores and segments, exactly as docs/rfm.md defines them. `asOf` is the as-of day, as any epoch ms within it
 * (usually its UTC midnight: `defaultAsOf(lastOrderAt)` or `parseAsOfDate`). Rows come back sorted by customer id,
 * whatever the order of `inputs`.
 *
 * @example
 * computeRfm([{ customerId: '1', lastOrderAt: Date.UTC(2010, 11, 9, 12), frequency: 3, monetary: 120 }], {
 *   asOf: Date.UTC(2010, 11, 10),
 * });
 * // → [{ customerId: '1', recency: 1, frequency: 3, monetary: 120, r: 5, f: 1, m: 1, segment: 'New' }]
 */
export function computeRfm(inputs: readonly RfmInput[], options: { asOf: number }): RfmRow[] {
  const asOfDay = utcDayStart(options.asOf);
  const measured = inputs.map((input) => ({
    customerId: input.customerId,
    recency: (asOfDay - utcDayStart(input.lastOrderAt)) / DAY_MS,
    frequency: input.frequency,
    monetary: roundMicro(input.monetary),
  }));
  // Sorted by customer id; the rest only orders duplicate ids, so that the output never depends on input order.
  measured.sort(
    (a, b) =>
      compareCustomerIds(a.customerId, b.customerId) ||
      a.recency - b.recency ||
      a.frequency - b.frequency ||
      a.monetary - b.monetary,
  );
  const n = measured.length;
  const recencyRanks = rankFirst(measured.map((x) => x.recency));
  const frequencyRanks = rankFirst(measured.map((x) => x.frequency));
  const monetaryRanks = rankFirst(measured.map((x) => x.monetary));
  return measured.map((x, i) => {
    const r = SCORES + 1 - scoreBin(recencyRanks[i] as number, n);
    const f = scoreBin(frequencyRanks[i] as number, n);
    const m = scoreBin(monetaryRanks[i] as number, n);
    return { ...x, r, f, m, segment: rfmSegment(r, f, m) };
  });
}
