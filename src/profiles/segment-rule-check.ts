import type { z } from 'zod';
import { catalogType, type SegmentCatalog } from './segment-catalog.js';
import { isScoreName } from '../scores/score-names.js';
import {
  allSchema,
  anySchema,
  computedConditionSchema,
  consentConditionSchema,
  eventConditionSchema,
  featureConditionSchema,
  notSchema,
  propertyConditionSchema,
  rfmConditionSchema,
  scoreConditionSchema,
  segmentNodeKinds,
  segmentRuleLimits,
  traitConditionSchema,
  type Comparison,
  type PropertyCondition,
  type RfmField,
  type SegmentNodeKind,
  type SegmentRule,
} from './segment-rule.js';

export type SegmentRulePath = (string | number)[];

/** One thing wrong with a rule, at the path of the offending node or field. */
export interface SegmentRuleProblem {
  path: SegmentRulePath;
  message: string;
}

export type SegmentRuleResult =
  { ok: true; rule: SegmentRule } | { ok: false; problems: SegmentRuleProblem[] };

/** At most this many problems are reported; a rule this broken needs rewriting anyway. */
export const MAX_REPORTED_PROBLEMS = 100;
/** Nodes visited before giving up: bounds the work any input can cause. */
const MAX_NODES = segmentRuleLimits.maxConditions * segmentRuleLimits.maxDepth;

type FieldType = 'number' | 'string' | 'string[]' | 'any';

const rfmTypes: Record<RfmField, FieldType> = {
  r: 'number',
  f: 'number',
  m: 'number',
  recency: 'number',
  frequency: 'number',
  monetary: 'number',
  segment: 'string',
};

interface Walk {
  catalog: SegmentCatalog | null;
  problems: SegmentRuleProblem[];
  conditions: number;
  nodes: number;
  stopped: boolean;
}

/**
 * Validates untrusted input as a segment rule. Every problem is reported with its path; nothing is thrown.
 * With `catalog` null only the structure is checked (features and computed traits may have any name), which is how
 * a stored rule is re-checked before it is compiled.
 *
 * @example
 * const parsed = parseSegmentRule(JSON.parse(body), catalog);
 * if (!parsed.ok) return parsed.problems; // [{ path: ['all', 0, 'op'], message: '…' }, …]
 */
export function parseSegmentRule(input: unknown, catalog: SegmentCatalog | null): SegmentRuleResult {
  const walk: Walk = { catalog, problems: [], conditions: 0, nodes: 0, stopped: false };
  const rule = node(walk, input, [], 1);
  if (walk.problems.length > 0 || rule === null)
    return { ok: false, problems: walk.problems.slice(0, MAX_REPORTED_PROBLEMS) };
  return { ok: true, rule };
}

/** A problem as a JSON-pointer-like string: `/all/0/value`. */
export function formatRulePath(path: SegmentRulePath): string {
  return path.length === 0 ? '/' : path.map((p) => `/${String(p)}`).join('');
}

function problem(walk: Walk, path: SegmentRulePath, message: string): null {
  if (walk.problems.length < MAX_REPORTED_PROBLEMS) walk.problems.push({ path, message });
  return null;
}

function zodProblems(walk: Walk, path: SegmentRulePath, error: z.ZodError): null {
  for (const issue of error.issues)
    problem(
      walk,
      [...path, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
      issue.message,
    );
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function node(walk: Walk, input: unknown, path: SegmentRulePath, depth: number): SegmentRule | null {
  if (walk.stopped) return null;
  walk.nodes += 1;
  if (walk.nodes > MAX_NODES) {
    walk.stopped = true;
    return problem(walk, path, `the rule has more than ${MAX_NODES} nodes`);
  }
  if (depth > segmentRuleLimits.maxDepth)
    return problem(walk, path, `nested deeper than ${segmentRuleLimits.maxDepth} levels`);
  if (!isRecord(input)) return problem(walk, path, 'must be an object');
  const kinds = segmentNodeKinds.filter((k) => Object.hasOwn(input, k));
  const [kind] = kinds;
  if (kind === undefined || kinds.length > 1)
    return problem(
      walk,
      path,
      kind === undefined
        ? `must have one of the keys ${segmentNodeKinds.join(', ')}`
        : `has more than one of the keys ${kinds.join(', ')}`,
    );
  if (kind === 'all' || kind === 'any') return group(walk, input, path, depth, kind);
  if (kind === 'not') {
    const parsed = notSchema.safeParse(input);
    if (!parsed.success) return zodProblems(walk, path, parsed.error);
    const inner = node(walk, parsed.data.not, [...path, 'not'], depth + 1);
    return inner === null ? null : { not: inner };
  }
  walk.conditions += 1;
  if (walk.conditions > segmentRuleLimits.maxConditions) {
    walk.stopped = true;
    return problem(walk, path, `the rule has more than ${segmentRuleLimits.maxConditions} conditions`);
  }
  return condition(walk, input, path, kind);
}

function group(
  walk: Walk,
  input: Record<string, unknown>,
  path: SegmentRulePath,
  depth: number,
  kind: 'all' | 'any',
): SegmentRule | null {
  const parsed = (kind === 'all' ? allSchema : anySchema).safeParse(input);
  if (!parsed.success) return zodProblems(walk, path, parsed.error);
  const items = kind === 'all' ? (input.all as unknown[]) : (input.any as unknown[]);
  const children: SegmentRule[] = [];
  items.forEach((item, i) => {
    const child = node(walk, item, [...path, kind, i], depth + 1);
    if (child !== null) children.push(child);
  });
  if (children.length !== items.length) return null;
  return kind === 'all' ? { all: children } : { any: children };
}

function condition(
  walk: Walk,
  input: Record<string, unknown>,
  path: SegmentRulePath,
  kind: Exclude<SegmentNodeKind, 'all' | 'any' | 'not'>,
): SegmentRule | null {
  switch (kind) {
    case 'trait': {
      const parsed = traitConditionSchema.safeParse(input);
      return parsed.success ? parsed.data : zodProblems(walk, path, parsed.error);
    }
    case 'computed': {
      const parsed = computedConditionSchema.safeParse(input);
      if (!parsed.success) return zodProblems(walk, path, parsed.error);
      const c = parsed.data;
      const type = walk.catalog ? catalogType(walk.catalog.computed, c.computed) : 'any';
      if (type === null)
        return problem(walk, [...path, 'computed'], `unknown computed trait "${c.computed}"`);
      return typed(walk, c, path, type, `computed trait "${c.computed}"`) ? c : null;
    }
    case 'feature': {
      const parsed = featureConditionSchema.safeParse(input);
      if (!parsed.success) return zodProblems(walk, path, parsed.error);
      const c = parsed.data;
      const type = walk.catalog ? catalogType(walk.catalog.features, c.feature) : 'any';
      if (type === null) return problem(walk, [...path, 'feature'], `unknown feature "${c.feature}"`);
      return typed(walk, c, path, type, `feature "${c.feature}"`) ? c : null;
    }
    case 'rfm': {
      const parsed = rfmConditionSchema.safeParse(input);
      if (!parsed.success) return zodProblems(walk, path, parsed.error);
      const c = parsed.data;
      return typed(walk, c, path, rfmTypes[c.rfm], `rfm "${c.rfm}"`) ? c : null;
    }
    case 'score': {
      const parsed = scoreConditionSchema.safeParse(input);
      if (!parsed.success) return zodProblems(walk, path, parsed.error);
      const c = parsed.data;
      if (!isScoreName(c.score))
        return problem(
          walk,
          [...path, 'score'],
          `unknown score "${c.score}": scores are named propensity_<days>d, churn_<days>d, clv_<days>d or review_sentiment`,
        );
      return typed(walk, c, path, 'number', `score "${c.score}"`) ? c : null;
    }
    case 'consent': {
      const parsed = consentConditionSchema.safeParse(input);
      return parsed.success ? parsed.data : zodProblems(walk, path, parsed.error);
    }
    case 'event': {
      const parsed = eventConditionSchema.safeParse(input);
      if (!parsed.success) return zodProblems(walk, path, parsed.error);
      const { where, ...rest } = parsed.data;
      if (where === undefined) return rest;
      const checked: PropertyCondition[] = [];
      where.forEach((w, i) => {
        const p = propertyConditionSchema.safeParse(w);
        if (p.success) checked.push(p.data);
        else zodProblems(walk, [...path, 'where', i], p.error);
      });
      return checked.length === where.length ? { ...rest, where: checked } : null;
    }
  }
}

/** Whether the operator and value suit a field of this type; reports the mismatch when not. */
function typed(walk: Walk, c: Comparison, path: SegmentRulePath, type: FieldType, label: string): boolean {
  const message = mismatch(c, type, label);
  if (message === null) return true;
  problem(walk, [...path, message.at], message.text);
  return false;
}

function mismatch(
  c: Comparison,
  type: FieldType,
  label: string,
): { at: 'op' | 'value'; text: string } | null {
  if (type === 'any' || c.op === 'exists' || c.op === 'not_exists') return null;
  const numeric = c.op === 'gt' || c.op === 'gte' || c.op === 'lt' || c.op === 'lte' || c.op === 'between';
  if (type === 'string[]')
    return c.op === 'contains'
      ? null
      : { at: 'op', text: `${label} is a list of strings: use contains, exists or not_exists` };
  if (type === 'number') {
    if (c.op === 'contains') return { at: 'op', text: `contains does not apply to ${label}, a number` };
    if ((c.op === 'eq' || c.op === 'neq') && typeof c.value !== 'number')
      return { at: 'value', text: `${label} is a number: the value must be a number` };
    if ((c.op === 'in' || c.op === 'not_in') && typeof c.value[0] !== 'number')
      return { at: 'value', text: `${label} is a number: the values must be numbers` };
    return null;
  }
  if (numeric) return { at: 'op', text: `${c.op} compares numbers; ${label} is a string` };
  if ((c.op === 'eq' || c.op === 'neq') && typeof c.value !== 'string')
    return { at: 'value', text: `${label} is a string: the value must be a string` };
  if ((c.op === 'in' || c.op === 'not_in') && typeof c.value[0] !== 'string')
    return { at: 'value', text: `${label} is a string: the values must be strings` };
  return null;
}
