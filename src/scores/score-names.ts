/**
 * Names a score can have: a demand model's kind and its horizon in days (`propensity_30d`, `churn_60d`,
 * `clv_90d`), or a text model that scores customers (`review_sentiment`). Segment rules may only name these, so a
 * typo is rejected rather than silently matching nobody.
 */
export const SCORE_NAME_PATTERN = /^(propensity|churn|clv)_([1-9]\d{0,2})d$/;

/** Text models whose versions score customers. */
export const TEXT_SCORE_NAMES: readonly string[] = ['review_sentiment'];

export function isScoreName(name: string): boolean {
  if (TEXT_SCORE_NAMES.includes(name)) return true;
  const m = SCORE_NAME_PATTERN.exec(name);
  return m !== null && Number(m[2]) <= 365;
}
