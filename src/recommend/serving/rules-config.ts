/**
 * The shop's recommendation rules file: its zod schema, the defaults every missing key takes, and the parser that
 * turns untrusted JSON into `RecommendRules`, reporting every problem (with its path) at once.
 *
 * @example
 * const rules = parseRecommendRules(JSON.parse(await readFile(path, 'utf8')));
 * // { pinned: [{ itemId: 'sku_1', position: 1, slot: null }], banned: [], freshness: { days: 30, boost: 0.1 }, … }
 * parseRecommendRules({ diversity: 2 }); // throws AppError invalid_config, details.problems: ['diversity: …']
 */
import { z } from 'zod';
import { AppError } from '../../shared/index.js';
import type { RecommendRules, SlotDefaults } from './types.js';

/** No pinned or banned items, a gentle 30-day freshness boost, no diversity, no slots. Frozen: it is shared. */
export const defaultRecommendRules: RecommendRules = frozen({
  pinned: frozen([]),
  banned: frozen([]),
  freshness: frozen({ days: 30, boost: 0.1 }),
  diversity: 0,
  slots: frozen({}),
});

const SLOT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const itemId = z.string().min(1, 'an item id must not be empty');
const unit = z.number().min(0).max(1);
const price = z.number().min(0);

const slotDefaultsSchema = z.strictObject({
  k: z.number().int().min(1).max(100).optional(),
  categories: z.array(z.string().min(1, 'a category must not be empty')).min(1).optional(),
  minPrice: price.optional(),
  maxPrice: price.optional(),
  excludePurchased: z.boolean().optional(),
  excludeOutOfStock: z.boolean().optional(),
  excludeItems: z.array(itemId).optional(),
  diversity: unit.optional(),
});

const rulesSchema = z.strictObject({
  pinned: z
    .array(
      z.strictObject({
        item: itemId,
        position: z.number().int().min(1).default(1),
        slot: z.string().optional(),
      }),
    )
    .default(() => []),
  banned: z.array(itemId).default(() => []),
  freshness: z
    .strictObject({
      days: z.number().gt(0).max(3650).default(defaultRecommendRules.freshness.days),
      boost: unit.default(defaultRecommendRules.freshness.boost),
    })
    .default(() => ({ ...defaultRecommendRules.freshness })),
  diversity: unit.default(defaultRecommendRules.diversity),
  slots: z
    .record(z.string().regex(SLOT_NAME, '1 to 64 characters of A-Z, a-z, 0-9, _ and -'), slotDefaultsSchema)
    .default(() => ({})),
});

/**
 * Validates a rules file's parsed JSON and fills in the defaults. Throws `AppError('invalid_config')` whose
 * `details.problems` lists every problem as `path: message`.
 */
export function parseRecommendRules(json: unknown): RecommendRules {
  const parsed = rulesSchema.safeParse(json);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`);
  // Checks across keys run on the raw input so they are reported even when another part of the file is invalid.
  problems.push(...crossProblems(json));
  if (!parsed.success || problems.length > 0) {
    throw new AppError('invalid_config', `Invalid recommendation rules: ${problems.join('; ')}`, {
      problems,
    });
  }
  const data = parsed.data;
  return {
    pinned: data.pinned.map((p) => ({ itemId: p.item, position: p.position, slot: p.slot ?? null })),
    banned: data.banned,
    freshness: data.freshness,
    diversity: data.diversity,
    slots: Object.fromEntries(Object.entries(data.slots).map(([name, d]) => [name, slotDefaults(d)])),
  };
}

/** Copies only the keys the file set (`exactOptionalPropertyTypes`: an absent key is not an undefined one). */
function slotDefaults(d: z.infer<typeof slotDefaultsSchema>): SlotDefaults {
  const out: SlotDefaults = {};
  if (d.k !== undefined) out.k = d.k;
  if (d.categories !== undefined) out.categories = d.categories;
  if (d.minPrice !== undefined) out.minPrice = d.minPrice;
  if (d.maxPrice !== undefined) out.maxPrice = d.maxPrice;
  if (d.excludePurchased !== undefined) out.excludePurchased = d.excludePurchased;
  if (d.excludeOutOfStock !== undefined) out.excludeOutOfStock = d.excludeOutOfStock;
  if (d.excludeItems !== undefined) out.excludeItems = d.excludeItems;
  if (d.diversity !== undefined) out.diversity = d.diversity;
  return out;
}

/** A slot's price band upside down, a pin naming a slot that does not exist, and the reserved name `__proto__`. */
function crossProblems(json: unknown): string[] {
  if (!isRecord(json)) return [];
  const problems: string[] = [];
  const slots = json['slots'] === undefined ? {} : json['slots'];
  if (!isRecord(slots)) return problems; // the schema reports it; pins cannot be checked against it
  // zod drops a `__proto__` key from a record without a word; a slot by that name would silently vanish.
  if (Object.hasOwn(slots, '__proto__')) problems.push('slots.__proto__: a reserved name');
  for (const [name, d] of Object.entries(slots)) {
    if (!isRecord(d)) continue;
    const min = d['minPrice'];
    const max = d['maxPrice'];
    if (typeof min === 'number' && typeof max === 'number' && min > max) {
      problems.push(`slots.${name.slice(0, 100)}.minPrice: must not exceed maxPrice (${min} > ${max})`);
    }
  }
  const pinned = json['pinned'];
  if (Array.isArray(pinned)) {
    pinned.forEach((p: unknown, i) => {
      if (!isRecord(p)) return;
      const slot = p['slot'];
      if (typeof slot === 'string' && (slot === '__proto__' || !Object.hasOwn(slots, slot))) {
        problems.push(`pinned.${i}.slot: no slot ${JSON.stringify(slot.slice(0, 100))} in slots`);
      }
    });
  }
  return problems;
}

/** Freezes in place, keeping the mutable type the shared interfaces use. */
function frozen<T extends object>(value: T): T {
  Object.freeze(value);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
