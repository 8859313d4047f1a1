import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ConsentDefaults } from '../../profiles/segment-consent.js';
import type {
  Comparison,
  EventCondition,
  EventCount,
  RfmField,
  SegmentRule,
} from '../../profiles/segment-rule.js';
import { columnField, segmentDialect, type Field, type SegmentDialect, type Sql } from './segment-json.js';
import type { SqlDialectName } from './schema.js';

export interface SegmentSqlContext {
  dialect: SqlDialectName;
  /** Epoch ms that `within` windows end at. */
  now: number;
  consentDefaults: ConsentDefaults;
}

const DAY_MS = 86_400_000;

/**
 * Compiles a validated rule into a boolean SQL expression over the row `profiles` of the enclosing query. The text
 * is built from constants only: names, values, event names and times are all bound parameters. Besides `profiles`
 * it reads `events`, `identities`, `consents`, `model_scores` and `models`, nothing else. Each condition is two-valued (`IS TRUE`), so NOT
 * of a condition on a missing value holds rather than being NULL.
 */
export function compileSegmentRule(rule: SegmentRule, context: SegmentSqlContext): RawBuilder<SqlBool> {
  const c = { ...context, d: segmentDialect(context.dialect) };
  return sql<SqlBool>`${compileNode(rule, c)}`;
}

type Ctx = SegmentSqlContext & { d: SegmentDialect };

const truth = (e: Sql): Sql => sql`((${e}) IS TRUE)`;
const not = (e: Sql): Sql => sql`(NOT ${truth(e)})`;
const text = (v: string): Sql => sql`CAST(${v} AS text)`;
const number = (v: number): Sql => sql`CAST(${v} AS double precision)`;
const integer = (v: number): Sql => sql`CAST(${Math.trunc(v)} AS bigint)`;

function compileNode(rule: SegmentRule, c: Ctx): Sql {
  if ('all' in rule)
    return sql`(${sql.join(
      rule.all.map((r) => compileNode(r, c)),
      sql` AND `,
    )})`;
  if ('any' in rule)
    return sql`(${sql.join(
      rule.any.map((r) => compileNode(r, c)),
      sql` OR `,
    )})`;
  if ('not' in rule) return sql`(NOT ${compileNode(rule.not, c)})`;
  if ('trait' in rule) return truth(compare(c.d.jsonField(sql.ref('profiles.traits'), rule.trait), rule, c));
  if ('computed' in rule)
    return truth(compare(c.d.jsonField(sql.ref('profiles.computed'), rule.computed), rule, c));
  if ('feature' in rule)
    return truth(compare(c.d.jsonField(sql.ref('profiles.features'), rule.feature), rule, c));
  if ('rfm' in rule) return truth(compare(rfmField(rule.rfm), rule, c));
  if ('score' in rule) return truth(compare(scoreField(rule.score), rule, c));
  if ('consent' in rule) {
    const fallback = c.consentDefaults[rule.consent] ? 1 : 0;
    return truth(
      sql`COALESCE((SELECT cs.granted FROM consents AS cs WHERE cs.customer_id = ${sql.ref('profiles.customer_id')} AND cs.purpose = ${text(rule.consent)}), ${integer(fallback)}) = ${integer(rule.granted ? 1 : 0)}`,
    );
  }
  if ('event' in rule) return truth(eventCondition(rule, c));
  throw new Error('segment compiler: unknown node');
}

const rfmColumns: Record<RfmField, [string, 'number' | 'string']> = {
  r: ['profiles.rfm_r', 'number'],
  f: ['profiles.rfm_f', 'number'],
  m: ['profiles.rfm_m', 'number'],
  recency: ['profiles.rfm_recency', 'number'],
  frequency: ['profiles.rfm_frequency', 'number'],
  monetary: ['profiles.rfm_monetary', 'number'],
  segment: ['profiles.rfm_segment', 'string'],
};

function rfmField(field: RfmField): Field {
  const [column, type] = rfmColumns[field];
  return columnField(sql.ref(column), type);
}

/** The customer's score from the active version of the model named `name`; NULL when there is none. */
function scoreField(name: string): Field {
  return columnField(
    sql`(SELECT ms.value FROM model_scores AS ms INNER JOIN models AS m ON m.id = ms.model_id WHERE m.name = ${text(name)} AND m.status = 'active' AND ms.customer_id = ${sql.ref('profiles.customer_id')})`,
    'number',
  );
}

function eq(f: Field, value: string | number | boolean): Sql {
  if (typeof value === 'number') return sql`${f.num()} = ${number(value)}`;
  if (typeof value === 'string') return sql`${f.str()} = ${text(value)}`;
  return f.isBool(value);
}

function oneOf(f: Field, values: readonly string[] | readonly number[]): Sql {
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (strings.length === values.length) return sql`${f.str()} IN (${sql.join(strings.map(text))})`;
  const numbers = values.filter((v): v is number => typeof v === 'number');
  return sql`${f.num()} IN (${sql.join(numbers.map(number))})`;
}

/** One comparison of a field; NULL where the value is missing or of another type. */
function compare(f: Field, cmp: Comparison, c: Ctx): Sql {
  switch (cmp.op) {
    case 'eq':
      return eq(f, cmp.value);
    case 'neq':
      return not(eq(f, cmp.value));
    case 'gt':
      return sql`${f.num()} > ${number(cmp.value)}`;
    case 'gte':
      return sql`${f.num()} >= ${number(cmp.value)}`;
    case 'lt':
      return sql`${f.num()} < ${number(cmp.value)}`;
    case 'lte':
      return sql`${f.num()} <= ${number(cmp.value)}`;
    case 'between':
      return sql`${f.num()} BETWEEN ${number(cmp.value[0])} AND ${number(cmp.value[1])}`;
    case 'in':
      return oneOf(f, cmp.value);
    case 'not_in':
      return not(oneOf(f, cmp.value));
    case 'contains':
      return sql`(${truth(c.d.includes(f.str(), text(cmp.value)))} OR ${truth(f.arrayHas(cmp.value))})`;
    case 'exists':
      return f.present();
    case 'not_exists':
      return not(f.present());
  }
}

function countTest(total: Sql, count: EventCount): Sql {
  if (count.op === 'between')
    return sql`${total} BETWEEN ${integer(count.value[0])} AND ${integer(count.value[1])}`;
  const op = { eq: sql`=`, neq: sql`<>`, gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` }[count.op];
  return sql`${total} ${op} ${integer(count.value)}`;
}

/**
 * The customer's matching events: an event is the customer's through the identity of its user_id when it has
 * one, else through the identity of its anonymous_id.
 */
function eventCondition(rule: EventCondition, c: Ctx): Sql {
  const filters: Sql[] = [sql`e.event = ${text(rule.event)}`];
  if (rule.type !== undefined) filters.push(sql`e.type = ${text(rule.type)}`);
  if (rule.within !== undefined) {
    const since = c.now - rule.within.days * DAY_MS;
    filters.push(sql`${sql.ref('e.timestamp')} >= ${integer(since)}`);
    filters.push(sql`${sql.ref('e.timestamp')} <= ${integer(c.now)}`);
  }
  for (const w of rule.where ?? [])
    filters.push(truth(compare(c.d.jsonField(sql.ref('e.properties'), w.property), w, c)));
  const where = sql.join(filters, sql` AND `);
  const owner = sql.ref('profiles.customer_id');
  const byUser = sql`FROM events AS e INNER JOIN identities AS i ON i.value = e.user_id WHERE i.kind = 'user_id' AND i.customer_id = ${owner} AND ${where}`;
  const byAnonymous = sql`FROM events AS e INNER JOIN identities AS i ON i.value = e.anonymous_id WHERE i.kind = 'anonymous_id' AND i.customer_id = ${owner} AND e.user_id IS NULL AND ${where}`;
  const count = rule.count ?? { op: 'gte', value: 1 };
  if ((count.op === 'gte' && count.value === 1) || (count.op === 'gt' && count.value === 0))
    return sql`(EXISTS (SELECT 1 ${byUser}) OR EXISTS (SELECT 1 ${byAnonymous}))`;
  return countTest(sql`((SELECT COUNT(*) ${byUser}) + (SELECT COUNT(*) ${byAnonymous}))`, count);
}
