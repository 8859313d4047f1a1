/**
 * Names a score can have: a model kind and its horizon in days (`propensity_30d`, `churn_60d`, `clv_90d`). Segment
 * rules may only name these, so a typo is rejected rather than silently matching nobody.
 */
export const SCORE_NAME_PATTERN = /^(propensity|churn|clv)_([1-9]\d{0,2})d$/;

export function isScoreName(name: string): boolean {
  const m = SCORE_NAME_PATTERN.exec(name);
  return m !== null && Number(m[2]) <= 365;
}
