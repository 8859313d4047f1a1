/**
 * Reading and writing cells of plain row objects. Rows come from untrusted files, so a cell is read only when it is
 * the row's own property (never `constructor` or `__proto__` from the prototype), and a write never changes a
 * prototype.
 */

/** A row as the prepare stage sees it: any plain object; cells are read by column name. */
export type DataRow = object;

/** A row the prepare stage produced: a fresh copy, safe to mutate. */
export type OutputRow = Record<string, unknown>;

export function readCell(row: DataRow, column: string): unknown {
  return Object.hasOwn(row, column) ? (row as Record<string, unknown>)[column] : undefined;
}

export function writeCell(row: OutputRow, column: string, value: unknown): void {
  if (column === '__proto__') Object.defineProperty(row, column, { value, enumerable: true, writable: true });
  else row[column] = value;
}

export function copyRow(row: DataRow): OutputRow {
  return { ...(row as Record<string, unknown>) };
}

/** Missing: null, undefined, a non-finite number (NaN, ±Infinity) or a string that is blank once trimmed. */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value === 'string') return value.trim() === '';
  return false;
}

/** The value when it is a finite number, otherwise null. Numeric strings are not numbers here. */
export function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The finite numbers of one column, in row order. */
export function finiteColumn(rows: readonly DataRow[], column: string): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const v = finiteOrNull(readCell(row, column));
    if (v !== null) out.push(v);
  }
  return out;
}
