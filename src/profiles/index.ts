/**
 * Profiles: identity resolution, the profile builder, computed traits, features and RFM.
 *
 * @example
 * const profiles = createProfileService(deps, { computedTraits: defaultComputedTraits });
 * const summary = await profiles.build();
 */
export {
  builtInFeatures,
  createProfileService,
  customerIdScheme,
  profilePiiFromEvent,
  parseComputedTraits,
  type ProfileService,
  type ProfileServiceDeps,
} from './profile-service.js';
export type { IncomingEvent, UpdateSummary } from './profile-updater.js';
export {
  accumulateProfiles,
  accumulateProfilesAt,
  accumulateShard,
  importedCustomerIdsAt,
  buildProfiles,
  rfmTotalsOf,
  type AccumulatedShard,
  type AccumulatedProfiles,
  type BuildProfilesSummary,
  type BuildStage,
} from './build-profiles.js';
export { toProfileRecord, type ProfileAccumulator } from './profile-accumulator.js';
export type { AspectStats, ReviewStats } from './review-stats.js';
export {
  computedTraitSchema,
  defaultComputedTraits,
  emptyTraitState,
  traitStateOf,
  traitValue,
  type ComputedTraitDefinition,
} from './computed-traits.js';
export { defaultFeatures } from './default-features.js';
export { reviewTextFeatures } from './review-features.js';
export { supportFeatures } from './support-features.js';
export { conversationIntent } from './support-stats.js';
export {
  createFeatureRegistry,
  type FeatureDefinition,
  type FeatureRegistry,
  type FeatureType,
  type FeatureValue,
} from './feature-registry.js';
export {
  identifierKey,
  resolveIdentities,
  type CustomerIdScheme,
  type IdentityResolution,
} from './identity-graph.js';
export { presentProfile } from './present-profile.js';
export { createConsentService, type ConsentService } from './consent-service.js';
export {
  consentFromPreferences,
  consentStates,
  parseConsentPolicy,
  type ConsentDecision,
  type ConsentState,
} from './consent.js';
export type * from './ports.js';
export {
  createSegmentService,
  segmentDefinitionSchema,
  segmentPatchSchema,
  type RefreshSummary,
  type SegmentService,
  type SegmentServiceDeps,
} from './segment-service.js';
export {
  emptySegmentCatalog,
  mergeSegmentCatalogs,
  segmentCatalogFrom,
  type SegmentCatalog,
  type SegmentComputedType,
  type SegmentFeatureType,
} from './segment-catalog.js';
export {
  consentPurposes,
  defaultConsentPolicy,
  type ConsentDefaults,
  type ConsentPurpose,
} from './segment-consent.js';
export {
  formatRulePath,
  parseSegmentRule,
  type SegmentRuleProblem,
  type SegmentRuleResult,
} from './segment-rule-check.js';
export {
  scoresNamedBy,
  segmentOperators,
  segmentRuleLimits,
  SEGMENT_NAME_PATTERN,
  type SegmentCondition,
  type SegmentRule,
} from './segment-rule.js';
export {
  assignToClusters,
  defaultClusterFeatures,
  discoverClusters,
  type ClusterDiscovery,
  type DiscoveredCluster,
} from './discover-clusters.js';
export { describeClusters, type ClusterDescription } from './clusters.js';
