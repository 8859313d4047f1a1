import { scoresNamedBy, type SegmentService } from '../profiles/index.js';

/**
 * Re-materialises the rule segments that name the score `name`, after the model's active version changed (a
 * promotion, a rollback): their members are stored, so without this they would keep the old version's answer.
 * Returns how many segments were refreshed.
 */
export async function refreshScoreSegments(
  segments: Pick<SegmentService, 'refreshAll'>,
  name: string,
): Promise<number> {
  return (await segments.refreshAll((rule) => scoresNamedBy(rule).has(name))).length;
}
