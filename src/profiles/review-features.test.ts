import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import type { ReviewRecord } from '../commerce/ports.js';
import { createRng } from '../shared/index.js';
import { scoreSentiment } from '../text/index.js';
import type { CustomerRecord, ProfileRecord } from './ports.js';

const DAY = 86_400_000;
const start = Date.parse('2026-03-01T00:00:00.000Z');
const asOf = start + 60 * DAY;

/** Review texts for the generated shoppers: praise, complaints, and remarks without an aspect. */
const bank = [
  'Fast delivery, love it',
  'Terrible quality, broke after a day',
  'Great price and excellent quality.',
  'Shipping took three weeks and nobody answered.',
  'The size runs small, had to return it.',
  'Nice colour.',
  'Awful. Would not buy again.',
  'Good value for money, arrived quickly.',
];

/** Named shoppers with hand-chosen reviews, and 40 generated ones with 0–4 reviews from the bank. */
function shop(): { customers: CustomerRecord[]; reviews: ReviewRecord[] } {
  const rng = createRng('review-features');
  const customers: CustomerRecord[] = [];
  const reviews: ReviewRecord[] = [];
  const customer = (userId: string) =>
    customers.push({
      id: `cus_imp_${userId}`,
      externalId: userId,
      traits: {},
      pii: null,
      emailHash: null,
      createdAt: start,
      updatedAt: start,
    });
  const review = (userId: string, body: string, rating: number | null, title: string | null = null) =>
    reviews.push({
      id: `rev_${reviews.length}`,
      customerId: `cus_imp_${userId}`,
      productId: 'sku-1',
      rating,
      title,
      body,
      createdAt: start + reviews.length * 3_600_000,
      source: 'test',
    });
  for (const u of ['mixed', 'happy', 'unhappy', 'silent']) customer(u);
  review('mixed', 'love it', 5, 'Fast delivery');
  review('mixed', 'Terrible quality, broke after a day', 1);
  review('happy', 'Fast delivery, love it', 5);
  review('unhappy', 'Terrible quality, broke after a day', 1);
  for (let u = 0; u < 40; u++) {
    customer(`gen${u}`);
    const n = Math.floor(rng.next() * 5);
    for (let k = 0; k < n; k++) review(`gen${u}`, rng.pick(bank), 1 + Math.floor(rng.next() * 5));
  }
  // A review written after the as-of time is not in the profile.
  reviews.push({ ...(reviews[0] as ReviewRecord), id: 'rev_late', body: 'Awful!', createdAt: asOf + DAY });
  return { customers, reviews };
}

let t: TestApp;
let profiles: ProfileRecord[];
const profileOf = (userId: string) => profiles.find((p) => p.userId === userId) as ProfileRecord;

beforeAll(async () => {
  t = await createTestApp({ env: { RAPPORT_PROFILES_LIVE: 'false' } });
  const { customers, reviews } = shop();
  await t.runtime.stores.customers.upsert(customers);
  await t.runtime.stores.reviews.upsert(reviews);
  await t.runtime.profiles.build({ asOf });
  profiles = await t.runtime.profiles.list({ limit: 1000 });
}, 30_000);

afterAll(async () => {
  await t.close();
});

describe('review text in rebuilt profiles', () => {
  it('gives each customer sentiment, negative share, aspect sentiment and topics', () => {
    expect(profiles).toHaveLength(44);
    const good = scoreSentiment('Fast delivery. love it').score;
    const bad = scoreSentiment('Terrible quality, broke after a day').score;
    const mixed = profileOf('mixed').features;
    expect(mixed.review_count).toBe(2); // the late review is left out
    expect(mixed.review_rating_avg).toBe(3);
    // "Terrible" and "broke" outweigh "love it": the mean is (barely) negative.
    expect(mixed.review_sentiment_avg).toBeCloseTo((good + bad) / 2, 4);
    expect(mixed.review_sentiment_avg).toBeLessThan(0);
    expect(mixed.review_negative_share).toBe(0.5);
    expect(Object.keys(mixed.review_aspects as object)).toEqual(['delivery', 'quality']);
    expect((mixed.review_aspects as Record<string, number>).delivery).toBeGreaterThan(0);
    expect((mixed.review_aspects as Record<string, number>).quality).toBeLessThan(0);
    expect(mixed.review_topics).toEqual(['delivery', 'quality']);
    expect(profileOf('silent').features).toMatchObject({
      review_count: 0,
      review_sentiment_avg: null,
      review_negative_share: null,
      review_aspects: {},
      review_topics: [],
    });
  });

  it('registers the features with source text, in the catalog segment rules are checked against', () => {
    const text = t.runtime.profiles.features
      .definitions()
      .filter((d) => d.source === 'text' && d.name.startsWith('review_'));
    expect(text.map((d) => [d.name, d.type])).toEqual([
      ['review_sentiment_avg', 'number'],
      ['review_negative_share', 'number'],
      ['review_aspects', 'map'],
      ['review_topics', 'string[]'],
    ]);
  });

  it('selects customers by review sentiment and review topics in SQL as the features say', async () => {
    const members = async (rule: unknown) => {
      const { count, sample } = await t.runtime.segments.preview(rule, { limit: 1000 });
      expect(sample).toHaveLength(count);
      return sample;
    };
    const ids = (keep: (p: ProfileRecord) => boolean) =>
      profiles
        .filter(keep)
        .map((p) => p.customerId)
        .sort();
    const avg = (p: ProfileRecord) => p.features.review_sentiment_avg;
    const topics = (p: ProfileRecord) => p.features.review_topics as string[];

    const negative = await members({ feature: 'review_sentiment_avg', op: 'lt', value: 0 });
    expect(negative).toEqual(ids((p) => typeof avg(p) === 'number' && (avg(p) as number) < 0));
    expect(negative).toContain(profileOf('mixed').customerId);
    expect(negative).toContain(profileOf('unhappy').customerId);
    expect(negative).not.toContain(profileOf('happy').customerId);
    expect(negative).not.toContain(profileOf('silent').customerId); // null is not below 0

    const delivery = await members({ feature: 'review_topics', op: 'contains', value: 'delivery' });
    expect(delivery).toEqual(ids((p) => topics(p).includes('delivery')));
    expect(delivery).toContain(profileOf('happy').customerId);
    expect(delivery).not.toContain(profileOf('unhappy').customerId);
    // Both splits are real: some generated shoppers fall on each side.
    expect(negative.length).toBeGreaterThan(2);
    expect(negative.length).toBeLessThan(profiles.length - 2);
    expect(delivery.length).toBeGreaterThan(2);

    const both = await members({
      all: [
        { feature: 'review_sentiment_avg', op: 'lt', value: 0 },
        { feature: 'review_topics', op: 'contains', value: 'delivery' },
      ],
    });
    expect(both).toEqual(negative.filter((id) => delivery.includes(id)));
    expect(both).toContain(profileOf('mixed').customerId);
  });

  it('rejects a segment rule on the aspect map: map features are not in the rule catalog', async () => {
    await expect(
      t.runtime.segments.preview({ feature: 'review_aspects', op: 'exists' }, { limit: 10 }),
    ).rejects.toThrow(/unknown feature "review_aspects"/);
  });

  it('keeps the review features of a profile stored before them through a live update', async () => {
    const store = t.runtime.stores.profiles;
    const before = profileOf('happy');
    const state = before.state as Record<string, unknown>;
    await store.put([{ ...before, state: { ...state, reviews: { count: 1, ratingSum: 5, rated: 1 } } }]);
    await t.runtime.profiles.update([
      {
        type: 'track',
        event: 'Product Viewed',
        userId: 'happy',
        anonymousId: null,
        previousId: null,
        timestamp: asOf - DAY,
        messageId: 'm-happy-1',
        properties: { category: 'Garden' },
        traits: {},
        context: {},
        pii: null,
        emailHash: null,
      },
    ]);
    const after = (await t.runtime.profiles.find('happy')) as ProfileRecord;
    expect(after.eventCount).toBe(before.eventCount + 1);
    expect(after.features).toMatchObject({
      review_count: 1,
      review_rating_avg: 5,
      review_sentiment_avg: null, // not analysed until the next rebuild
      review_topics: [],
    });
    expect((after.state as { reviews: unknown }).reviews).toMatchObject({ count: 1, scored: 0, aspects: {} });
  });
});
