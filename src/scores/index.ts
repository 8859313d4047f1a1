/**
 * Model scores on profiles: each model version's score per customer, with the inputs that moved it most. The
 * active version's scores are the profile's (`scores.propensity_30d`, …), usable in segment rules; promoting or
 * rolling back a model switches them at once.
 *
 * @example
 * const scoring = scoresFirst(stores.scores, demandScores(trained));
 * await models.register(candidate, { actor: 'cli', ...scoring.options }); // scores stored before it can go live
 * await stores.scores.activeFor(customerId); // [{ name: 'propensity_30d', value: 0.41, detail: { contributions } }]
 */
export type { ActiveScore, ModelScore, ScoreDetail, ScoreStore } from './ports.js';
export { isScoreName, SCORE_NAME_PATTERN } from './score-names.js';
export { scoresFirst, SCORE_VERSIONS_KEPT } from './publish-scores.js';
export { refreshScoreSegments } from './refresh-score-segments.js';
