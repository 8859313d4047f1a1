import { AppError } from '../shared/index.js';

/** Opaque page cursors: base64url of the last row's sequence number. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s:(\d{1,15})$/.exec(text);
  if (!match) throw new AppError('invalid_cursor', undefined, { cursor: cursor.slice(0, 50) });
  return Number(match[1]);
}
