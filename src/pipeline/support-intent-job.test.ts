import { describe, expect, it } from 'vitest';
import type { ConversationSourceRow } from '../profiles/index.js';
import { syntheticIntents } from '../text/test-kit.js';
import { JobNotApplicable, type TrainingDeps } from './index.js';
import { intentUpdates, MIN_LABELLED, MIN_PER_TOPIC, supportIntentJob } from './support-intent-job.js';

const T0 = Date.UTC(2026, 0, 1);

/**
 * Conversations over the synthetic intents: the first `labelled` carry their intent as the help desk's topic, the
 * rest none. Each row's text is what the customer wrote.
 */
function conversations(perIntent: number, labelled: number): ConversationSourceRow[] {
  const { texts, labels } = syntheticIntents(perIntent, 'support');
  return texts.map((text, i) => ({
    id: `conv_${String(i).padStart(4, '0')}`,
    customerId: `c${i % 40}`,
    startedAt: T0 + i * 3_600_000,
    topic: i < labelled ? labels[i]! : null,
    intent: null,
    intentModel: null,
    version: `h${i}`,
    text,
  }));
}

/** Only the conversation source is read by this job; it must ask for the text. */
const depsWith = (rows: ConversationSourceRow[]) =>
  ({
    source: {
      async *conversations(until: number, options?: { text?: boolean }) {
        if (options?.text !== true) throw new Error('the job must read the customer text');
        yield rows.filter((r) => r.startedAt <= until);
      },
    },
  }) as unknown as TrainingDeps;

const run = { seed: 's', onStage: () => {} };

describe('the support_intent pipeline job', () => {
  it('learns intents from labelled conversations, cross-validated, and reads the unlabelled ones', async () => {
    const rows = conversations(100, 200); // 4 intents × 100
    const { labels } = syntheticIntents(100, 'support');
    const trained = await supportIntentJob().train(depsWith(rows), run);
    const topics = new Set(labels.slice(0, 200)).size;
    expect(trained.summary).toMatchObject({
      conversations: rows.length,
      labelled: 200,
      topics,
      rareTopicsLeftOut: [],
    });
    expect(trained.summary.accuracy).toBeGreaterThan(0.85);
    expect(trained.candidate).toMatchObject({
      name: 'support_intent',
      modelType: 'text_svm',
      primaryMetric: { name: 'accuracy', higherIsBetter: true },
      params: { task: 'intent', model: 'svm', labels: topics },
    });
    // Every conversation gets a reading; on the unlabelled ones it mostly agrees with the truth.
    expect(trained.result.intents).toHaveLength(rows.length);
    expect(trained.result.conversations.map((c) => c.id)).toEqual(rows.map((r) => r.id));
    let right = 0;
    let read = 0;
    rows.slice(200).forEach((_, i) => {
      const p = trained.result.intents[200 + i];
      if (p === null || p === undefined) return;
      read++;
      if (p.intent === labels[200 + i]) right++;
      expect(p.confidence).toBeGreaterThan(0);
      expect(p.confidence).toBeLessThanOrEqual(1);
    });
    expect(read).toBeGreaterThan((rows.length - 200) * 0.7);
    expect(right / read).toBeGreaterThan(0.85);
  });

  it(`leaves out topics with fewer than ${MIN_PER_TOPIC} conversations, and text-less conversations`, async () => {
    const rows = conversations(30, 10_000);
    rows.push(
      ...Array.from({ length: MIN_PER_TOPIC - 1 }, (_, i) => ({
        id: `rare_${i}`,
        customerId: 'c1',
        startedAt: T0,
        topic: 'gift_wrapping',
        intent: null,
        intentModel: null,
        version: `r${i}`,
        text: 'can you wrap it as a gift',
      })),
      {
        id: 'empty',
        customerId: 'c2',
        startedAt: T0,
        topic: 'refund',
        intent: null,
        intentModel: null,
        version: 'e',
        text: '  ',
      },
    );
    const trained = await supportIntentJob().train(depsWith(rows), run);
    expect(trained.summary.rareTopicsLeftOut).toEqual([
      { topic: 'gift_wrapping', conversations: MIN_PER_TOPIC - 1 },
    ]);
    expect(trained.result.model.labels).not.toContain('gift_wrapping');
    const ids = trained.result.conversations.map((c) => c.id);
    expect(ids).not.toContain('empty');
    expect(ids).toContain('rare_0');
  });

  it(`is not applicable below ${MIN_LABELLED} labelled conversations or 2 topics, and reads only up to asOf`, async () => {
    await expect(
      supportIntentJob().train(depsWith(conversations(40, MIN_LABELLED - 1)), run),
    ).rejects.toBeInstanceOf(JobNotApplicable);
    const one = conversations(40, 400).map((r) => ({
      ...r,
      topic: r.topic === null ? null : 'order_status',
    }));
    await expect(supportIntentJob().train(depsWith(one), run)).rejects.toThrow(/1 topics/);
    // 400 labelled conversations, but only the first 30 started by asOf.
    const rows = conversations(40, 400);
    await expect(
      supportIntentJob().train(depsWith(rows), { ...run, asOf: rows[29]!.startedAt }),
    ).rejects.toBeInstanceOf(JobNotApplicable);
  });

  it('runs before the profiles, and records each reading on the conversation version it read', async () => {
    const job = supportIntentJob();
    expect(job).toMatchObject({ phase: 'enrich', usesProfiles: false });
    const rows = conversations(100, 200);
    const { result } = await job.train(depsWith(rows), run);
    const updates = intentUpdates('support_intent v7', result.conversations, result.intents);
    expect(updates.size).toBe(rows.length);
    const first = updates.get(rows[0]!.id)!;
    expect(first.version).toBe('h0');
    // Out-of-scope readings record the model too: the conversation counts as read.
    expect([...updates.values()].every((u) => u.model === 'support_intent v7')).toBe(true);
    expect(first.intent === null || first.intent.confidence > 0).toBe(true);
    const nulls = [...updates.values()].filter((u) => u.intent === null).length;
    expect(nulls).toBe(result.intents.filter((i) => i === null).length);
  });

  it('catches up through its hook with every conversation read now, and not on an as-of run', async () => {
    const seen: number[] = [];
    const job = supportIntentJob({
      catchUp: async (conversations) => {
        seen.push(conversations.length);
        return { changed: conversations.length > 0 };
      },
    });
    const rows = conversations(20, 0);
    expect(await job.catchUp!(depsWith(rows), { seed: 's' })).toEqual({ changed: true });
    expect(seen).toEqual([rows.length]);
    expect(await job.catchUp!(depsWith(rows), { seed: 's', asOf: T0 })).toMatchObject({ changed: false });
    expect(seen).toEqual([rows.length]);
    // A trained result remembers an as-of run, whose readings the wiring does not write.
    const trained = await job.train(depsWith(conversations(100, 200)), { ...run, asOf: T0 + 1e12 });
    expect(trained.result.asOf).toBe(T0 + 1e12);
  });

  it('records its settings, so that a change of them retrains', () => {
    expect(supportIntentJob().settings({} as TrainingDeps, { seed: 'x' })).toMatchObject({
      kind: 'support_intent',
      model: 'svm',
      minPerTopic: MIN_PER_TOPIC,
      seed: 'x',
      asOf: null,
    });
  });
});
