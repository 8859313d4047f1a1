import { AppError } from '../shared/index.js';
import { isBlank } from './field-reader.js';
import { setOwn } from './safe-json.js';

/** A source row in canonical terms: the known fields, and every other column under its own name. */
export interface MappedRow {
  fields: Record<string, unknown>;
  extras: Record<string, unknown>;
}

export interface RowMapperOptions {
  /** Whether a name is a canonical field of the type being imported. */
  isCanonical(name: string): boolean;
  /** Source column → canonical field (the preset's, overridden by the user's). */
  map: Readonly<Record<string, string>>;
  defaults?: Readonly<Record<string, string>> | undefined;
  derive?: ((fields: Record<string, unknown>) => void) | undefined;
}

export type RowMapper = (raw: Readonly<Record<string, unknown>>) => MappedRow;

/** Checks a `--map` before any row is read: every target must be a field of the type. */
export function checkMapTargets(
  map: Readonly<Record<string, string>>,
  isCanonical: (name: string) => boolean,
  fields: readonly string[],
): void {
  const unknown = Object.entries(map).filter(([, target]) => !isCanonical(target));
  if (unknown.length > 0) {
    throw new AppError(
      'invalid_import_options',
      `--map targets must be fields of the import type (${fields.join(', ')}); unknown: ${unknown.map(([s, t]) => `${s}=${t}`).join(', ')}.`,
      { unknown: Object.fromEntries(unknown), fields },
    );
  }
}

/**
 * Renames source columns to canonical fields. Blank cells (empty CSV fields, JSON nulls) are dropped, so a
 * field is either present with a value or absent. A column named like a canonical field is that field unless
 * another column is mapped onto it.
 */
export function createRowMapper(options: RowMapperOptions): RowMapper {
  const map = new Map(Object.entries(options.map));
  const mappedTargets = new Set(map.values());
  const targetOf = (key: string): string | null => {
    const mapped = map.get(key);
    if (mapped !== undefined) return mapped;
    return options.isCanonical(key) && !mappedTargets.has(key) ? key : null;
  };
  const defaults = Object.entries(options.defaults ?? {});
  return (raw) => {
    const fields: Record<string, unknown> = {};
    const extras: Record<string, unknown> = {};
    for (const key of Object.keys(raw)) {
      const value = raw[key];
      if (isBlank(value) || key === '') continue;
      const target = targetOf(key);
      if (target === null) setOwn(extras, key, value);
      else setOwn(fields, target, value);
    }
    for (const [field, value] of defaults) if (isBlank(fields[field])) fields[field] = value;
    options.derive?.(fields);
    return { fields, extras };
  };
}
