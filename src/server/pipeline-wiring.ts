import { createQualityReportSource } from '../adapters/index.js';
import { clvScores, demandScores } from '../demand/index.js';
import {
  clvJob,
  demandJob,
  recommendJob,
  reviewSentimentJob,
  intentUpdates,
  readIntents,
  supportIntentJob,
  type IntentConversation,
  type TrainedSupportIntents,
  type ModelJob,
  type PipelineDeps,
  type TrainingDeps,
} from '../pipeline/index.js';
import type { Registration } from '../models/index.js';
import { refreshScoreSegments, scoresFirst } from '../scores/index.js';
import { customerIdScheme } from '../profiles/index.js';
import { parseTextModelArtifact, SUPPORT_INTENT_MODEL } from '../text/index.js';
import { codeVersion } from './code-version.js';
import type { Runtime } from './runtime.js';

/** The pipeline's dependencies over an opened runtime (the CLI's, or the pipeline worker's own). */
export function pipelineDepsFor(rt: Runtime): PipelineDeps {
  const settle = () => rt.stores.events.settle();
  return {
    clock: rt.clock,
    settle,
    data: rt.stores.dataFingerprint,
    quality: createQualityReportSource(rt.stores, rt.cipher),
    profiles: rt.profiles,
    models: rt.models,
    codeVersion: codeVersion(),
    training: trainingDepsFor(rt),
  };
}

/** What the model trainers read, over an opened runtime: the profile source, features, traits and clock. */
export function trainingDepsFor(rt: Runtime): TrainingDeps {
  return {
    source: rt.stores.profileSource,
    settle: () => rt.stores.events.settle(),
    features: rt.profiles.features,
    computedTraits: rt.profiles.computedTraits,
    scheme: customerIdScheme,
    clock: rt.clock,
    segments: () => readSegments(rt),
  };
}

/** Every segment with its members, as the recommender's popularity per segment reads them. */
async function readSegments(rt: Runtime) {
  const store = rt.stores.segments;
  const out: { id: string; name: string; members: string[] }[] = [];
  for (let afterId: string | undefined; ;) {
    const page = await store.list({ limit: 200, ...(afterId === undefined ? {} : { afterId }) });
    for (const segment of page) {
      const members: string[] = [];
      for (let after: string | undefined; ;) {
        const batch = await store.members(segment.id, {
          limit: 5_000,
          ...(after === undefined ? {} : { afterCustomerId: after }),
        });
        for (const m of batch) members.push(m.customerId);
        if (batch.length < 5_000) break;
        after = batch[batch.length - 1]?.customerId;
      }
      out.push({ id: segment.id, name: segment.name, members });
    }
    if (page.length < 200) return out;
    afterId = page[page.length - 1]?.id;
  }
}

/**
 * The model jobs the CLI and the pipeline worker run, each version's explained scores stored with it: the one place
 * where jobs are listed and wired to the runtime's stores.
 */
export function pipelineJobs(rt: Runtime): ModelJob[] {
  // A version that went live changes the answer of the segments on its score: they are refreshed.
  const afterRegistration = async (_trained: unknown, registration: Registration) =>
    registration.promoted
      ? { segmentsRefreshed: await refreshScoreSegments(rt.segments, registration.model.name) }
      : {};
  return [
    demandJob('propensity', {
      scoring: (t) => scoresFirst(rt.stores.scores, demandScores(t)),
      afterRegistration,
    }),
    demandJob('churn', { scoring: (t) => scoresFirst(rt.stores.scores, demandScores(t)), afterRegistration }),
    clvJob({ scoring: (t) => scoresFirst(rt.stores.scores, clvScores(t)), afterRegistration }),
    recommendJob(),
    reviewSentimentJob({ scoring: (t) => scoresFirst(rt.stores.scores, t.scores), afterRegistration }),
    supportIntentJob({
      afterRegistration: (t, r) => publishSupportIntents(rt, t, r),
      catchUp: (conversations) => readUnread(rt, conversations),
    }),
  ];
}

/**
 * What the support-intent job leaves behind once the registry decided. A version that went live records its reading of
 * every conversation; one that stayed a candidate leaves the live version's readings in place, and the live version
 * reads the conversations it has not read (new or changed since it was trained). An as-of run writes nothing: it read
 * the conversations as they were then. `changed` tells the pipeline that the profiles must be rebuilt.
 */
async function publishSupportIntents(
  rt: Runtime,
  trained: TrainedSupportIntents,
  registration: Registration,
) {
  if (trained.asOf !== null)
    return {
      changed: false,
      conversationsLabelled: 0,
      skipped: 'an as-of run does not write on conversations',
    };
  if (!registration.promoted) return readUnread(rt, trained.conversations);
  const model = `${registration.model.name} v${registration.model.version}`;
  const written = await rt.stores.conversations.setIntents(
    intentUpdates(model, trained.conversations, trained.intents),
  );
  return { changed: written > 0, conversationsLabelled: written, by: model };
}

/** The live support-intent version reads the conversations it has not read yet (none: nothing to do). */
async function readUnread(rt: Runtime, conversations: readonly IntentConversation[]) {
  const live = await rt.stores.models.active(SUPPORT_INTENT_MODEL);
  if (live === null || !live.modelType.startsWith('text_'))
    return { changed: false, conversationsLabelled: 0 };
  const model = `${live.name} v${live.version}`;
  const unread = conversations.filter((c) => c.intentModel !== model);
  if (unread.length === 0) return { changed: false, conversationsLabelled: 0, by: model };
  const liveModel = parseTextModelArtifact(await rt.stores.models.artifact(live.id));
  const written = await rt.stores.conversations.setIntents(
    intentUpdates(model, unread, readIntents(liveModel, unread)),
  );
  return { changed: written > 0, conversationsLabelled: written, by: model };
}
