import type { ConversationIntent, IntentUpdate } from '../commerce/ports.js';
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
import { JobNotApplicable, type ModelJob, type TrainingDeps } from './model-job.js';

/** Labelled conversations a topic needs to be learned; rarer topics are left out (and reported). */
export const MIN_PER_TOPIC = 10;
/** Labelled conversations (of topics kept) below which no model is trained. */
export const MIN_LABELLED = 50;
const FOLDS = 5;

/** A conversation with customer text, as the job read it. */
export interface IntentConversation {
  id: string;
  text: string;
  topic: string | null;
  startedAt: number;
  /** The model version of its recorded intent, if any. */
  intentModel: string | null;
  version: string;
}

export interface TrainedSupportIntents {
  model: TextClassifier;
  /** Set on an as-of run: its readings are of the conversations as they were then, not to be written on them now. */
  asOf: number | null;
  conversations: IntentConversation[];
  /** The trained model's reading of every conversation (same order): recorded when the version goes live. */
  intents: (Omit<ConversationIntent, 'model'> | null)[];
}

/**
 * A model's intent for each conversation, or null where it reads the text as out of scope (below its confidence
 * threshold).
 */
export function readIntents(
  model: TextClassifier,
  conversations: readonly { text: string }[],
): (Omit<ConversationIntent, 'model'> | null)[] {
  return predictTexts(
    model,
    conversations.map((c) => c.text),
    1,
  ).map((p) => (p.outOfScope ? null : { intent: p.label, confidence: Math.round(p.confidence * 1e4) / 1e4 }));
}

/**
 * The updates that record the readings of `model` (named e.g. `support_intent v3`) on the conversations they were
 * read from: an out-of-scope reading records the model with no intent, so the conversation counts as read.
 */
export function intentUpdates(
  model: string,
  conversations: readonly IntentConversation[],
  intents: readonly (Omit<ConversationIntent, 'model'> | null)[],
): Map<string, IntentUpdate> {
  return new Map(
    conversations.map((c, i) => [c.id, { version: c.version, model, intent: intents[i] ?? null }] as const),
  );
}

/**
 * The support-intent model as a pipeline job, supervised by the help desk's own labels (`topic` on imported
 * conversations, e.g. the ticket type an agent chose). A linear SVM over the customer's messages (agents and bots
 * left out), evaluated by 5-fold cross-validation (accuracy decides promotion), refitted on every labelled
 * conversation and registered as `support_intent`. An enrichment job (`phase: 'enrich'`): the pipeline runs it before
 * the profiles, so that what the live version reads (`afterRegistration`, see server/pipeline-wiring.ts) is in the
 * `support_*` features of the profiles built next (the label first). Topics with fewer than 10 conversations are left
 * out; skipped below 50 labelled conversations or 2 topics.
 */
/** Every conversation with customer text started up to `until`. */
async function readConversations(deps: TrainingDeps, until: number): Promise<IntentConversation[]> {
  const conversations: IntentConversation[] = [];
  for await (const page of deps.source.conversations(until, { text: true }))
    for (const c of page) {
      const text = c.text?.trim() ?? '';
      if (text === '') continue;
      conversations.push({
        id: c.id,
        text,
        topic: conversationIntent({ topic: c.topic, intent: null }),
        startedAt: c.startedAt,
        intentModel: c.intentModel,
        version: c.version,
      });
    }
  return conversations;
}

export function supportIntentJob(
  hooks: JobHooks<TrainedSupportIntents> & {
    /** What `catchUp` does with the conversations (with text) when the job is up to date. */
    catchUp?(conversations: IntentConversation[]): Promise<{ changed: boolean } & Record<string, unknown>>;
  } = {},
): ModelJob<TrainedSupportIntents> {
  const job: ModelJob<TrainedSupportIntents> = {
    name: SUPPORT_INTENT_MODEL,
    usesProfiles: false,
    phase: 'enrich',
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
      run.onStage('reading conversations');
      const conversations = await readConversations(deps, run.asOf ?? Number.MAX_SAFE_INTEGER);
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
      const intents = readIntents(trained.model, conversations);
      const outOfScope = intents.filter((i) => i === null).length;
      let from = Infinity;
      let to = -Infinity;
      for (const c of labelled) {
        from = Math.min(from, c.startedAt);
        to = Math.max(to, c.startedAt);
      }
      return {
        result: { model: trained.model, asOf: run.asOf ?? null, conversations, intents },
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
  const { catchUp } = hooks;
  if (catchUp)
    job.catchUp = async (deps, run) =>
      run.asOf === undefined
        ? catchUp(await readConversations(deps, Number.MAX_SAFE_INTEGER))
        : { changed: false, skipped: 'an as-of run does not write on conversations' };
  return job;
}
