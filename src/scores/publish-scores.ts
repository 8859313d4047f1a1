import type { ModelScore, ScoreStore } from './ports.js';

/** Versions of a model name whose scores are kept (besides the active one), so a rollback has scores to switch to. */
export const SCORE_VERSIONS_KEPT = 4;

/**
 * Registry options that store a new version's scores before its status is decided (so a version never goes live
 * without them: promoting it later switches to them without rescoring), delete them if registering fails, and
 * count what was written.
 *
 * @example
 * const scoring = scoresFirst(stores.scores, demandScores(trained));
 * const registration = await models.register(candidate, { actor: 'cli', ...scoring.options });
 * await scoring.prune(registration.model.name); // { written, pruned }
 */
export function scoresFirst(store: ScoreStore, scores: readonly ModelScore[]) {
  let written = 0;
  return {
    options: {
      beforeDecision: async (id: string) => {
        written = await store.write(id, scores);
      },
      onAbort: async (id: string) => {
        await store.write(id, []);
      },
    },
    /** Drops the scores of versions older than the newest few of `name`. */
    async prune(name: string): Promise<{ written: number; pruned: number }> {
      return { written, pruned: await store.prune(name, SCORE_VERSIONS_KEPT) };
    },
  };
}
