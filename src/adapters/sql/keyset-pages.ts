/**
 * Keyset pagination (no OFFSET, so every page costs the same whatever the table size): `fetch` reads the page after
 * a key, ordered by that key; pages end with a short one.
 */
export async function* keysetPages<R, K>(
  start: K,
  fetch: (after: K) => Promise<R[]>,
  keyOf: (last: R) => K,
  pageSize: number,
): AsyncGenerator<R[]> {
  let after = start;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = keyOf(rows[rows.length - 1] as R);
  }
}
