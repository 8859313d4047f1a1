export type Category = number | string;

function compareCategories(a: Category, b: Category): number {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The most frequent value; ties go to the smallest (numbers before strings), as scikit-learn's `most_frequent`. */
export function modeOf(values: readonly Category[]): Category | undefined {
  const counts = new Map<Category, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: Category | undefined;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (
      count > bestCount ||
      (count === bestCount && best !== undefined && compareCategories(value, best) < 0)
    ) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
