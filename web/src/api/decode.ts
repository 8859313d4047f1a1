// Minimal decoders: API responses stay `unknown` until they pass through one of these.

export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

export type Decoder<T> = (value: unknown, path: string) => T;

export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw new DecodeError(`${path}: expected an object`);
}

export function string(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  throw new DecodeError(`${path}: expected a string`);
}

export function count(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  throw new DecodeError(`${path}: expected a non-negative number`);
}

/** Any finite number (negative too). */
export function number(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new DecodeError(`${path}: expected a number`);
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new DecodeError(`${path}: expected a boolean`);
}

/** Passes the value through unchecked, for free-form JSON (traits, properties) that is only displayed. */
export function unknown(value: unknown): unknown {
  return value;
}

export function nullable<T>(item: Decoder<T>): Decoder<T | null> {
  return (value, path) => (value === null || value === undefined ? null : item(value, path));
}

export function array<T>(item: Decoder<T>): Decoder<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new DecodeError(`${path}: expected an array`);
    return value.map((entry, index) => item(entry, `${path}[${index}]`));
  };
}

export function object<T>(fields: { [K in keyof T]: Decoder<T[K]> }): Decoder<T> {
  return (value, path) => {
    const source = record(value, path);
    const result: Partial<T> = {};
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      result[key] = fields[key](source[key], `${path}.${key}`);
    }
    return result as T;
  };
}
