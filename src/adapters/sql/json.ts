import { createHash } from 'node:crypto';

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? {});
}

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** Content hash of a row, used to skip writes that would change nothing. */
export function rowHash(values: readonly unknown[]): string {
  return createHash('sha1').update(JSON.stringify(values)).digest('base64url');
}

/** Number from a driver value: PostgreSQL returns COUNT(*) as a string. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
