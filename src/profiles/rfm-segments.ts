/** The named RFM segments, in the order reports list them (best customers first). */
export const rfmSegments = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose",
  'Hibernating',
  'Lost',
] as const;

export type RfmSegment = (typeof rfmSegments)[number];

/**
 * The FM score: the mean of the F and M scores rounded half up, so F 4 and M 5 give 5 and F 1 and M 2 give 2.
 * Both scores are integers 1..5, so this is ⌊(F + M + 1) / 2⌋.
 */
export function fmScore(f: number, m: number): number {
  return Math.floor((f + m + 1) / 2);
}

/**
 * Segment by R (rows, 5 first) and FM (columns 1..5). This is the widely used R×F segment map
 * (`[1-2][1-2]` Hibernating, `[1-2][3-4]` At Risk, `[1-2]5` Can't Lose, `3[1-2]` About to Sleep, `33` Need
 * Attention, `[3-4][4-5]` Loyal, `41` Promising, `51` New, `[4-5][2-3]` Potential Loyalist, `5[4-5]` Champions)
 * read on FM instead of F, with its Hibernating block split by recency: R 1 is Lost. docs/rfm.md shows it as a table.
 */
const grid: Readonly<Record<number, readonly RfmSegment[]>> = {
  5: ['New', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions'],
  4: ['Promising', 'Potential Loyalist', 'Potential Loyalist', 'Loyal', 'Loyal'],
  3: ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal', 'Loyal'],
  2: ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', "Can't Lose"],
  1: ['Lost', 'Lost', 'At Risk', 'At Risk', "Can't Lose"],
};

/** The segment of scores R, F and M, each an integer 1..5. */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const segment = grid[r]?.[fmScore(f, m) - 1];
  if (segment === undefined) throw new RangeError(`RFM scores must be integers 1..5, got ${r}, ${f}, ${m}`);
  return segment;
}
