import { emailLookupHash, type FieldCipher } from '../privacy/index.js';
import { AppError, anonymousCustomerIdFor, customerIdFor, type Clock } from '../shared/index.js';
import { buildProfiles, type BuildProfilesOptions, type BuildProfilesSummary } from './build-profiles.js';
import { computedTraitsSchema, type ComputedTraitDefinition } from './computed-traits.js';
import { defaultFeatures } from './default-features.js';
import { reviewTextFeatures } from './review-features.js';
import { supportFeatures } from './support-features.js';
import { createFeatureRegistry, type FeatureRegistry, type FeatureType } from './feature-registry.js';
import type { ConsentService } from './consent-service.js';
import type { CustomerIdScheme } from './identity-graph.js';
import {
  createProfileUpdater,
  type ApplyOptions,
  type IncomingEvent,
  type ProfileUpdaterOptions,
  type UpdateSummary,
} from './profile-updater.js';
import type {
  ProfileCore,
  ProfileQuery,
  ProfileRecord,
  ProfileSource,
  ProfileStore,
  ShardedProfileBuild,
} from './ports.js';

export interface ProfileServiceDeps {
  consent: ConsentService;
  profiles: ProfileStore;
  source: ProfileSource;
  /** The event store's settle: waits until acknowledged events are readable. */
  settle: () => Promise<void>;
  cipher: FieldCipher;
  clock: Clock;
}

export interface ProfileService {
  build(options?: BuildProfilesOptions): Promise<BuildProfilesSummary>;
  /**
   * Incremental upkeep: applies a batch of accepted events to the profiles they touch. With `defer`, the touched
   * profiles may wait in memory for a later call (one without `defer`, even with no events, writes them).
   */
  update(events: readonly IncomingEvent[], options?: ApplyOptions): Promise<UpdateSummary>;
  /** A profile by customer id, userId or anonymousId. */
  find(id: string): Promise<ProfileRecord | null>;
  /** `find`, reading only the profile's ids and computed traits. */
  locate(id: string): Promise<ProfileCore | null>;
  /** A profile by email, through the keyed email hash (no decryption). */
  findByEmail(email: string): Promise<ProfileRecord | null>;
  list(query: ProfileQuery): Promise<ProfileRecord[]>;
  count(): Promise<number>;
  merges(customerId: string): ReturnType<ProfileStore['mergesOf']>;
  /** Feature name → type, for segment rules. */
  featureCatalog(): Record<string, FeatureType>;
  computedCatalog(): Record<string, 'number' | 'string'>;
  readonly features: FeatureRegistry;
  readonly computedTraits: readonly ComputedTraitDefinition[];
}

/** Rapport's customer ids: the importer's for userIds, a namespaced hash for anonymous profiles. */
export const customerIdScheme: CustomerIdScheme = {
  forUserId: customerIdFor,
  forAnonymous: anonymousCustomerIdFor,
};

/** Validates computed-trait definitions read from a config file. */
export function parseComputedTraits(json: unknown): ComputedTraitDefinition[] {
  const parsed = computedTraitsSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('invalid_config', `Invalid computed traits: ${problems.join('; ')}`, { problems });
  }
  return parsed.data;
}

function computedType(def: ComputedTraitDefinition): 'number' | 'string' {
  switch (def.aggregate) {
    case 'count':
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
    case 'distinct_count':
      return 'number';
    default:
      return 'string';
  }
}

interface SealedEventPii {
  traits?: Record<string, unknown>;
}

/** The built-in features: behaviour, review text and support conversations. */
export function builtInFeatures(): FeatureRegistry {
  return createFeatureRegistry([...defaultFeatures, ...reviewTextFeatures, ...supportFeatures]);
}

/** Turns an identify call's sealed PII (`{ traits, contextTraits, ip }`) into the profile's sealed PII traits, or null. */
export function profilePiiFromEvent(cipher: FieldCipher): (sealed: string) => string | null {
  return (sealed) => {
    const opened = cipher.openJson<SealedEventPii>(sealed);
    return opened.traits && Object.keys(opened.traits).length > 0 ? cipher.sealJson(opened.traits) : null;
  };
}

/**
 * @example
 * const profiles = createProfileService(deps, { computedTraits: defaultComputedTraits });
 * await profiles.build();
 * await profiles.find('u_00042');
 */
export function createProfileService(
  deps: ProfileServiceDeps,
  options: {
    computedTraits: readonly ComputedTraitDefinition[];
    features?: FeatureRegistry;
    /** The incremental updater's memory: profiles kept between batches, deferred writes. */
    updater?: ProfileUpdaterOptions;
    /**
     * Splits full rebuilds by customer over threads. The threads compute the built-in features, so it is used only
     * without `features`.
     */
    shards?: ShardedProfileBuild;
  },
): ProfileService {
  const features = options.features ?? builtInFeatures();
  const piiFromEvent = profilePiiFromEvent(deps.cipher);
  const updater = createProfileUpdater(
    {
      store: deps.profiles,
      recordConsent: (decisions) => deps.consent.record(decisions),
      features,
      computedTraits: options.computedTraits,
      scheme: customerIdScheme,
      piiFromEvent,
      clock: deps.clock,
    },
    options.updater,
  );
  /** The profile `id` names (a customer id, userId or anonymousId), read by `get`. */
  const findWith = async <P>(id: string, get: (customerId: string) => Promise<P | null>) => {
    const direct = await get(id);
    if (direct) return direct;
    for (const kind of ['user_id', 'anonymous_id'] as const) {
      const customerId = await deps.profiles.resolve(kind, id);
      if (customerId) return get(customerId);
    }
    // An identifier never linked to another one has no identity row after a rebuild: its profile has the id the
    // scheme gives it.
    return (
      (await get(customerIdScheme.forUserId(id))) ?? get(customerIdScheme.forAnonymous('anonymous_id', id))
    );
  };
  const find = (id: string) => findWith(id, (customerId) => deps.profiles.get(customerId));
  return {
    features,
    computedTraits: options.computedTraits,
    build: (buildOptions) => {
      updater.reset();
      return buildProfiles(
        {
          source: deps.source,
          store: deps.profiles,
          settle: deps.settle,
          features,
          computedTraits: options.computedTraits,
          scheme: customerIdScheme,
          piiFromEvent,
          recordConsent: (decisions) => deps.consent.record(decisions),
          clock: deps.clock,
          ...(options.shards && !options.features ? { shards: options.shards } : {}),
        },
        buildOptions,
      );
    },
    update: (events, updateOptions) => updater.apply(events, updateOptions),
    find,
    locate: (id) => findWith(id, (customerId) => deps.profiles.getCore(customerId)),
    async findByEmail(email) {
      const hash = emailLookupHash(deps.cipher, email);
      const customerId =
        (await deps.profiles.resolve('email_hash', hash)) ?? (await deps.profiles.findByEmailHash(hash));
      return customerId ? deps.profiles.get(customerId) : null;
    },
    list: (query) => deps.profiles.list(query),
    count: () => deps.profiles.count(),
    merges: (customerId) => deps.profiles.mergesOf(customerId),
    featureCatalog: () => features.catalog(),
    computedCatalog: () => Object.fromEntries(options.computedTraits.map((d) => [d.name, computedType(d)])),
  };
}
