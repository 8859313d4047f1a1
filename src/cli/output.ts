import { AppError, isAppError } from '../shared/index.js';

/** Machine output goes to stdout as one JSON document; everything for humans goes to stderr or plain stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** One clear line on stderr (and the error body on stdout under --json), then a non-zero exit. */
export function failAndExit(error: unknown, json: boolean): never {
  const appError = isAppError(error)
    ? error
    : new AppError('internal_error', error instanceof Error ? error.message : String(error));
  process.stderr.write(`rapport: error [${appError.code}] ${appError.message}\n`);
  if (json) printJson(appError.toBody());
  process.exit(appError.code === 'internal_error' ? 70 : 1);
}

export function table(rows: readonly (readonly (string | number)[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(cell).length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          typeof cell === 'number'
            ? String(cell).padStart(widths[i] ?? 0)
            : String(cell).padEnd(widths[i] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}
