/** Value type of a feature in the profile's `features` JSON. */
export type SegmentFeatureType = 'number' | 'string' | 'string[]';
/** Value type of a computed trait in the profile's `computed` JSON. */
export type SegmentComputedType = 'number' | 'string';

/**
 * The features and computed traits a segment rule may name, with their types. The profile builder owns it; a rule
 * naming anything not in it is rejected, so a typo cannot silently match nobody.
 */
export interface SegmentCatalog {
  readonly features: Readonly<Record<string, SegmentFeatureType>>;
  readonly computed: Readonly<Record<string, SegmentComputedType>>;
}

export const emptySegmentCatalog: SegmentCatalog = Object.freeze({
  features: Object.freeze({}),
  computed: Object.freeze({}),
});

/**
 * Later catalogs win on a name present in several.
 *
 * @example
 * mergeSegmentCatalogs(emptySegmentCatalog, { features: { spend_90d: 'number' } });
 */
export function mergeSegmentCatalogs(...catalogs: readonly Partial<SegmentCatalog>[]): SegmentCatalog {
  const features: Record<string, SegmentFeatureType> = {};
  const computed: Record<string, SegmentComputedType> = {};
  for (const c of catalogs) {
    Object.assign(features, c.features ?? {});
    Object.assign(computed, c.computed ?? {});
  }
  return Object.freeze({ features: Object.freeze(features), computed: Object.freeze(computed) });
}

/** The type of a catalog entry; own properties only, so `constructor` or `__proto__` are never "known". */
export function catalogType<T extends string>(entries: Readonly<Record<string, T>>, name: string): T | null {
  return Object.hasOwn(entries, name) ? (entries[name] ?? null) : null;
}

/**
 * A catalog from the profile builder's own (`ProfileService.featureCatalog()` and `.computedCatalog()`): features of
 * types rules cannot compare (maps) are left out.
 *
 * @example
 * createSegmentService({ store, clock, catalog: () => segmentCatalogFrom(profileService) });
 */
export function segmentCatalogFrom(source: {
  featureCatalog(): Readonly<Record<string, string>>;
  computedCatalog(): Readonly<Record<string, string>>;
}): SegmentCatalog {
  const pick = <T extends string>(entries: Readonly<Record<string, string>>, types: readonly T[]) =>
    Object.fromEntries(
      Object.entries(entries).filter((e): e is [string, T] => (types as readonly string[]).includes(e[1])),
    );
  return mergeSegmentCatalogs({
    features: pick(source.featureCatalog(), ['number', 'string', 'string[]'] as const),
    computed: pick(source.computedCatalog(), ['number', 'string'] as const),
  });
}
