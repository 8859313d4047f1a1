import { sql, type RawBuilder } from 'kysely';
import { SEGMENT_NAME_PATTERN } from '../../profiles/segment-rule.js';
import type { SqlDialectName } from './schema.js';

export type Sql = RawBuilder<unknown>;

/**
 * How one value is read for a comparison. Every accessor is total: a value of another type, a missing key or JSON
 * null reads as SQL NULL, never as an error, so a rule cannot fail on odd data.
 */
export interface Field {
  /** The value when it is a number, else NULL. */
  num(): Sql;
  /** The value when it is a string, else NULL. */
  str(): Sql;
  /** Whether the value is this boolean. */
  isBool(value: boolean): Sql;
  /** Present and not JSON null. */
  present(): Sql;
  /** Whether the value is an array holding this string. */
  arrayHas(value: string): Sql;
}

/** The only parts of segment SQL that differ between the dialects: JSON access and substring search. */
export interface SegmentDialect {
  jsonField(doc: Sql, key: string): Field;
  /** Whether `needle` occurs in `haystack` (case-sensitive, no wildcards). */
  includes(haystack: Sql, needle: Sql): Sql;
}

/** A key goes into SQL only as a bound parameter; the pattern check is a second line of defence. */
function checkedKey(key: string): string {
  if (!SEGMENT_NAME_PATTERN.test(key))
    throw new Error(`segment compiler: unsafe JSON key ${JSON.stringify(key)}`);
  return key;
}

const sqlite: SegmentDialect = {
  jsonField(doc, key) {
    const path = `$."${checkedKey(key)}"`;
    const type = sql`json_type(${doc}, ${path})`;
    const value = sql`json_extract(${doc}, ${path})`;
    return {
      num: () => sql`(CASE WHEN ${type} IN ('integer', 'real') THEN ${value} END)`,
      str: () => sql`(CASE WHEN ${type} = 'text' THEN ${value} END)`,
      isBool: (v) => sql`(${type} = CAST(${v ? 'true' : 'false'} AS text))`,
      present: () => sql`(COALESCE(${type}, 'null') <> 'null')`,
      arrayHas: (v) =>
        sql`(${type} = 'array' AND EXISTS (SELECT 1 FROM json_each(${doc}, ${path}) AS j WHERE j.type = 'text' AND j.value = CAST(${v} AS text)))`,
    };
  },
  includes: (haystack, needle) => sql`(instr(${haystack}, ${needle}) > 0)`,
};

const postgres: SegmentDialect = {
  jsonField(doc, key) {
    const k = checkedKey(key);
    const json = () => sql`(CAST(${doc} AS jsonb) -> CAST(${k} AS text))`;
    const type = () => sql`jsonb_typeof(${json()})`;
    return {
      num: () => sql`(CASE WHEN ${type()} = 'number' THEN CAST(${json()} AS double precision) END)`,
      str: () =>
        sql`(CASE WHEN ${type()} = 'string' THEN (CAST(${doc} AS jsonb) ->> CAST(${k} AS text)) END)`,
      isBool: (v) => sql`(${json()} = CAST(${v ? 'true' : 'false'} AS jsonb))`,
      present: () => sql`(COALESCE(${type()}, 'null') <> 'null')`,
      arrayHas: (v) => sql`(${type()} = 'array' AND ${json()} @> jsonb_build_array(CAST(${v} AS text)))`,
    };
  },
  includes: (haystack, needle) => sql`(strpos(${haystack}, ${needle}) > 0)`,
};

export function segmentDialect(name: SqlDialectName): SegmentDialect {
  return name === 'postgres' ? postgres : sqlite;
}

/** A plain column of `profiles` (the RFM columns): a number or a text column, NULL when unknown. */
export function columnField(column: Sql, type: 'number' | 'string'): Field {
  const never = sql`(1 = 0)`;
  return {
    num: () => (type === 'number' ? column : sql`CAST(NULL AS double precision)`),
    str: () => (type === 'string' ? column : sql`CAST(NULL AS text)`),
    isBool: () => never,
    present: () => sql`(${column} IS NOT NULL)`,
    arrayHas: () => never,
  };
}
