import { z } from 'zod';
import { AppError, newId, type Clock } from '../shared/index.js';
import type {
  SegmentMember,
  SegmentMembership,
  SegmentRecord,
  SegmentRefreshResult,
  SegmentStore,
  SegmentWriteResult,
} from './ports.js';
import type { SegmentCatalog } from './segment-catalog.js';
import { formatRulePath, parseSegmentRule } from './segment-rule-check.js';
import type { SegmentRule } from './segment-rule.js';

const name = z.string({ error: 'must be a string' }).trim().min(1).max(100);
const description = z.string({ error: 'must be a string or null' }).max(1000).nullable();

/** A segment as clients send it: the rule is checked separately, so its problems get their own paths. */
export const segmentDefinitionSchema = z.strictObject({
  name,
  description: description.optional(),
  rule: z.unknown().refine((v) => v !== undefined, { error: 'is required' }),
});
export const segmentPatchSchema = z
  .strictObject({ name: name.optional(), description: description.optional(), rule: z.unknown().optional() })
  .refine((p) => p.name !== undefined || p.description !== undefined || p.rule !== undefined, {
    error: 'change at least one of name, description, rule',
  });

export interface SegmentServiceDeps {
  store: SegmentStore;
  clock: Clock;
  /** The features and computed traits rules may name; read at each validation, so it may grow at runtime. */
  catalog: () => SegmentCatalog;
}

export interface RefreshSummary {
  added: number;
  removed: number;
  size: number;
}

export interface SegmentService {
  /** Checks untrusted input as a rule; throws `invalid_segment_rule` listing every problem. */
  parseRule(input: unknown): SegmentRule;
  /** Creates a rule segment from `{ name, description?, rule }` and materialises its members. */
  create(definition: unknown): Promise<SegmentRecord>;
  get(id: string): Promise<SegmentRecord>;
  list(query: { limit: number; afterId?: string }): Promise<SegmentRecord[]>;
  /** Changes name, description or rule; a new rule is materialised at once. */
  update(id: string, patch: unknown): Promise<SegmentRecord>;
  delete(id: string): Promise<void>;
  preview(rule: unknown, options: { limit: number }): Promise<{ count: number; sample: string[] }>;
  refresh(id: string): Promise<RefreshSummary>;
  /** Saves a segment with a fixed member list (e.g. a discovered cluster) and the definition that produced it. */
  saveFixed(input: {
    name: string;
    description: string | null;
    kind: 'cluster';
    definition: unknown;
    members: readonly string[];
  }): Promise<SegmentRecord>;
  /** Live upkeep: re-evaluates every rule segment for these customers only. */
  refreshForCustomers(customerIds: readonly string[]): Promise<void>;
  /** Refreshes every rule segment (those whose rule `only` accepts, when given), oldest first. */
  refreshAll(
    only?: (rule: SegmentRule) => boolean,
  ): Promise<(RefreshSummary & { id: string; name: string })[]>;
  /** Members ordered by customer id; throws `segment_not_found` for an unknown segment. */
  members(id: string, query: { limit: number; afterCustomerId?: string }): Promise<SegmentMember[]>;
  /** One size per UTC day, oldest first; throws `segment_not_found` for an unknown segment. */
  sizes(id: string): Promise<{ at: number; size: number }[]>;
  /** The segments a customer belongs to, by name. */
  membershipsOf(customerId: string): Promise<SegmentMembership[]>;
}

function shapeError(error: z.ZodError): AppError {
  const problems = error.issues.map((i) => ({
    path: formatRulePath(i.path.map(String)),
    message: i.message,
  }));
  const first = problems[0];
  return new AppError(
    'invalid_request',
    first ? `${first.path}: ${first.message}` : 'The segment is invalid.',
    { problems },
  );
}

/**
 * Segments over profiles: validates definitions against the catalog, keeps memberships current and turns the
 * store's outcomes into coded errors.
 *
 * @example
 * const segments = createSegmentService({ store: stores.segments, clock, catalog: () => emptySegmentCatalog });
 * await segments.create({ name: 'DE', rule: { trait: 'country', op: 'eq', value: 'DE' } });
 */
export function createSegmentService(deps: SegmentServiceDeps): SegmentService {
  const { store, clock } = deps;

  const parseRule = (input: unknown): SegmentRule => {
    const parsed = parseSegmentRule(input, deps.catalog());
    if (parsed.ok) return parsed.rule;
    const problems = parsed.problems.map((p) => ({ path: formatRulePath(p.path), message: p.message }));
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new AppError(
      'invalid_segment_rule',
      `The segment rule is invalid: ${first?.path ?? '/'} ${first?.message ?? ''}${more}.`,
      { problems },
    );
  };

  const written = (result: SegmentWriteResult, id: string, segmentName?: string): SegmentRecord => {
    switch (result.status) {
      case 'ok':
        return result.segment;
      case 'name_taken':
        throw new AppError('segment_name_taken', `A segment named "${segmentName ?? ''}" already exists.`, {
          name: segmentName,
        });
      case 'not_found':
        throw new AppError('segment_not_found', `No segment ${id}.`, { id });
      case 'not_rule_based':
        throw new AppError('segment_not_rule_based', `Segment ${id} is not defined by a rule.`, { id });
    }
  };

  const refreshed = (result: SegmentRefreshResult, id: string): RefreshSummary => {
    if (result.status === 'not_found') throw new AppError('segment_not_found', `No segment ${id}.`, { id });
    if (result.status === 'not_rule_based')
      throw new AppError('segment_not_rule_based', `Segment ${id} is not defined by a rule.`, { id });
    return { added: result.added, removed: result.removed, size: result.size };
  };

  const get = async (id: string) => {
    const segment = await store.get(id);
    if (!segment) throw new AppError('segment_not_found', `No segment ${id}.`, { id });
    return segment;
  };

  return {
    parseRule,
    async create(definition) {
      const parsed = segmentDefinitionSchema.safeParse(definition);
      if (!parsed.success) throw shapeError(parsed.error);
      const rule = parseRule(parsed.data.rule);
      const now = clock.now();
      const id = newId('seg', now);
      const result = await store.create({
        id,
        name: parsed.data.name,
        description: parsed.data.description ?? null,
        rule,
        now,
      });
      written(result, id, parsed.data.name);
      refreshed(await store.refresh(id, now), id);
      return get(id);
    },
    get,
    list: (query) => store.list(query),
    async update(id, patch) {
      const parsed = segmentPatchSchema.safeParse(patch);
      if (!parsed.success) throw shapeError(parsed.error);
      const { name: newName, description: newDescription, rule: input } = parsed.data;
      const rule = input === undefined ? undefined : parseRule(input);
      const now = clock.now();
      const result = await store.update(
        id,
        {
          ...(newName !== undefined ? { name: newName } : {}),
          ...(newDescription !== undefined ? { description: newDescription } : {}),
          ...(rule !== undefined ? { rule } : {}),
        },
        now,
      );
      written(result, id, newName);
      if (rule !== undefined) refreshed(await store.refresh(id, now), id);
      return get(id);
    },
    async delete(id) {
      if (!(await store.delete(id))) throw new AppError('segment_not_found', `No segment ${id}.`, { id });
    },
    async preview(input, { limit }) {
      return store.preview(parseRule(input), { limit, now: clock.now() });
    },
    async refresh(id) {
      return refreshed(await store.refresh(id, clock.now()), id);
    },
    async saveFixed(input) {
      const now = clock.now();
      const id = newId('seg', now);
      return written(await store.saveFixed({ id, ...input, now }), id, input.name);
    },
    async refreshForCustomers(customerIds) {
      if (customerIds.length === 0) return;
      let afterId: string | undefined;
      for (;;) {
        const page = await store.list({ limit: 100, ...(afterId !== undefined ? { afterId } : {}) });
        for (const segment of page)
          if (segment.kind === 'rule') await store.refreshForCustomers(segment.id, customerIds, clock.now());
        if (page.length < 100) return;
        afterId = page[page.length - 1]?.id;
      }
    },
    async refreshAll(only) {
      const out: (RefreshSummary & { id: string; name: string })[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await store.list({ limit: 100, ...(afterId !== undefined ? { afterId } : {}) });
        for (const segment of page) {
          if (segment.kind !== 'rule' || segment.rule === null) continue;
          if (only && !only(segment.rule)) continue;
          const result = await store.refresh(segment.id, clock.now());
          if (result.status === 'refreshed')
            out.push({ id: segment.id, name: segment.name, ...refreshed(result, segment.id) });
        }
        if (page.length < 100) return out;
        afterId = page[page.length - 1]?.id;
      }
    },
    async members(id, query) {
      await get(id);
      return store.members(id, query);
    },
    async sizes(id) {
      await get(id);
      return store.sizes(id);
    },
    membershipsOf: (customerId) => store.membershipsOf(customerId),
  };
}
