import type { ConversationIntent } from '../commerce/ports.js';
import { conversationIntent } from '../profiles/index.js';
import {
  defaultTextTrainOptions,
  evaluateTextClassifier,
  predictTexts,
  SUPPORT_INTENT_MODEL,
  textModelCandidate,
  trainTextClassifier,
  type TextClassifier,
} from '../text/index.js';
import type { JobHooks } from './demand-jobs.js';
import { JobNotApplicable, type ModelJob } from './model-job.js';

/** Labelled conversations a topic needs to be learned; rarer topics are left out (and reported). */
export const MIN_PER_TOPIC = 10;
/** Labelled conversations (of topics kept) below which no model is trained. */
export const MIN_LABELLED = 50;
const FOLDS = 5;

export interface TrainedSupportIntents {
  model: TextClassifier;
  /**
   * Every conversation with customer text → the model's intent, or null where the model reads it as out of scope
   * (below its confidence threshold): written to the conversations when the version goes live.
   */
  intents: Map<string, Omit<ConversationIntent, 'model'> | null>;
}

interface Conversation {
  id: string;
  text: string;
  topic: string | null;
  startedAt: number;
}

/**
 * The support-intent model as a pipeline job, supervised by the help desk's own labels (`topic` on imported
 * conversations, e.g. the ticket type an agent chose). A linear SVM over the customer's messages (agents and bots
 * left out), evaluated by 5-fold cross-validation (accuracy decides promotion), refitted on every labelled
 * conversation and registered as `support_intent`. Every conversation with customer text then gets the model's
 * intent and confidence (null when out of scope); they are written to the conversations once the version is live, and
 * profiles read them (the label first) as `support_*` features at their next rebuild. Topics with fewer than 10
 * conversations are left out; skipped below 50 labelled conversations or 2 topics.
 */
export function supportIntentJob(
  hooks: JobHooks<TrainedSupportIntents> = {},
): ModelJob<TrainedSupportIntents> {
  const job: ModelJob<TrainedSupportIntents> = {
    name: SUPPORT_INTENT_MODEL,
    usesProfiles: false,
    settings: (_deps, run) => ({
      kind: 'support_intent',
      labels: 'conversation topic',
      model: 'svm',
      minPerTopic: MIN_PER_TOPIC,
      folds: FOLDS,
      seed: run.seed,
      asOf: run.asOf ?? null,
    }),
    async train(deps, run) {
      const until = run.asOf ?? Number.MAX_SAFE_INTEGER;
      const conversations: Conversation[] = [];
      run.onStage('reading conversations');
      for await (const page of deps.source.conversations(until, { text: true }))
        for (const c of page) {
          const text = c.text?.trim() ?? '';
          if (text === '') continue;
          conversations.push({
            id: c.id,
            text,
            topic: conversationIntent({ topic: c.topic, intent: null }),
            startedAt: c.startedAt,
          });
        }
      const perTopic = new Map<string, number>();
      for (const c of conversations)
        if (c.topic !== null) perTopic.set(c.topic, (perTopic.get(c.topic) ?? 0) + 1);
      const kept = new Set([...perTopic].filter(([, n]) => n >= MIN_PER_TOPIC).map(([t]) => t));
      const rare = [...perTopic]
        .filter(([t]) => !kept.has(t))
        .map(([t, n]) => ({ topic: t, conversations: n }));
      const labelled = conversations.filter((c) => c.topic !== null && kept.has(c.topic));
      if (kept.size < 2 || labelled.length < MIN_LABELLED)
        throw new JobNotApplicable(
          `${labelled.length} conversations with customer text carry one of ${kept.size} topics with ` +
            `${MIN_PER_TOPIC} or more conversations; a support-intent model needs ${MIN_LABELLED} over 2 topics ` +
            `(import conversations with a topic)`,
        );
      const texts = labelled.map((c) => c.text);
      const labels = labelled.map((c) => c.topic as string);
      const options = { ...defaultTextTrainOptions, model: 'svm' as const, seed: run.seed };
      run.onStage(`cross-validating on ${labels.length} conversations`);
      const evaluation = await evaluateTextClassifier(
        { texts, labels },
        { kind: 'split', spec: { kind: 'cv', k: FOLDS, seed: run.seed } },
        options,
      );
      run.onStage('training on every labelled conversation');
      const trained = await trainTextClassifier(texts, labels, options);
      run.onStage(`reading the intent of ${conversations.length} conversations`);
      const predictions = predictTexts(
        trained.model,
        conversations.map((c) => c.text),
        1,
      );
      const intents: TrainedSupportIntents['intents'] = new Map();
      let outOfScope = 0;
      conversations.forEach((c, i) => {
        const p = predictions[i]!;
        if (p.outOfScope) outOfScope++;
        intents.set(
          c.id,
          p.outOfScope ? null : { intent: p.label, confidence: Math.round(p.confidence * 1e4) / 1e4 },
        );
      });
      const from = Math.min(...labelled.map((c) => c.startedAt));
      const to = Math.max(...labelled.map((c) => c.startedAt));
      return {
        result: { model: trained.model, intents },
        candidate: textModelCandidate(SUPPORT_INTENT_MODEL, trained.model, evaluation, {
          task: 'intent',
          choice: 'svm',
          data: 'support conversations (help-desk topics)',
          seed: run.seed,
          seconds: trained.report.seconds,
          window: { from, to, asOf: Math.max(run.asOf ?? to, to) },
        }),
        summary: {
          conversations: conversations.length,
          labelled: labelled.length,
          topics: kept.size,
          rareTopicsLeftOut: rare,
          accuracy: evaluation.summary.accuracy.mean,
          macroF1: evaluation.summary.macroF1.mean,
          unlabelled: conversations.length - conversations.filter((c) => c.topic !== null).length,
          outOfScope,
        },
      };
    },
  };
  if (hooks.scoring) job.scoring = hooks.scoring;
  if (hooks.afterRegistration) job.afterRegistration = hooks.afterRegistration;
  return job;
}
