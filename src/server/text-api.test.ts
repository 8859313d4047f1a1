import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { fixedClock } from '../shared/index.js';
import { defaultTextTrainOptions, textModelArtifact, trainTextClassifier } from '../text/index.js';
import { syntheticIntents } from '../text/test-kit.js';

const T0 = Date.UTC(2026, 4, 1);
const clock = fixedClock(T0 + 100 * 86_400_000);

describe('text API', () => {
  let t: TestApp;
  const get = (url: string, key?: string) =>
    t.app.inject({ method: 'GET', url, headers: t.bearer(key ?? t.keys.read) });
  const analyze = (payload: unknown, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/text/analyze',
      headers: t.bearer(key ?? t.keys.read),
      payload: payload as object,
    });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await t.runtime.stores.reviews.upsert([
      {
        id: 'r1',
        customerId: null,
        productId: 'p1',
        rating: 5,
        title: null,
        body: 'Fast delivery, love it',
        createdAt: T0,
        source: 'test',
      },
      {
        id: 'r2',
        customerId: null,
        productId: 'p1',
        rating: 1,
        title: 'Awful',
        body: 'Terrible quality, it broke after a day',
        createdAt: T0 + 40 * 86_400_000,
        source: 'test',
      },
    ]);
  });
  afterAll(async () => t.close());

  it('without text models: no intent, lexicon sentiment, aspects', async () => {
    const res = await analyze({ text: 'The delivery was terribly slow' });
    expect(res.statusCode, res.body).toBe(200);
    const { data } = res.json();
    expect(data.intent).toBeNull();
    expect(data.sentiment).toMatchObject({ source: 'lexicon', label: 'negative' });
    expect(data.aspects.map((a: { aspect: string }) => a.aspect)).toContain('delivery');
  });

  it('answers with the live intent model, and picks up a newly promoted version', async () => {
    const data = syntheticIntents(30);
    const options = { ...defaultTextTrainOptions, threads: 1 };
    const register = async (texts: string[], labels: string[], accuracy: number) => {
      const { model } = await trainTextClassifier(texts, labels, options);
      return t.runtime.models.register({
        name: 'text_intent',
        modelType: 'text_svm',
        dataWindow: { from: T0, to: T0, asOf: T0 },
        features: ['word_ngrams', 'char_ngrams'],
        preprocessing: null,
        seed: '0',
        params: {},
        metrics: { accuracy },
        primaryMetric: { name: 'accuracy', higherIsBetter: true },
        trainingSeconds: 1,
        artifact: textModelArtifact(model),
      });
    };
    await register(data.texts, data.labels, 0.9);
    const first = (await analyze({ text: 'where is my parcel' })).json().data;
    expect(first.intent).toMatchObject({ label: 'order_status', outOfScope: false, model: { version: 1 } });
    expect(first.intent.top[0].probability).toBe(first.intent.confidence);
    expect(first.intent.words.length).toBeGreaterThan(0);
    // v2 calls every order question a refund: once it is live, the answer changes.
    await register(
      data.texts,
      data.labels.map((l) => (l === 'order_status' ? 'refund' : l)),
      0.95,
    );
    const second = (await analyze({ text: 'where is my parcel' })).json().data;
    expect(second.intent).toMatchObject({ label: 'refund', model: { version: 2 } });
  });

  it("groups a product's reviews by month with sentiment, rating and aspects", async () => {
    const res = await get('/v1/products/p1/aspects');
    expect(res.statusCode, res.body).toBe(200);
    const { data } = res.json();
    expect(data.reviews).toBe(2);
    expect(data.months.map((m: { month: string }) => m.month)).toEqual(['2026-05', '2026-06']);
    expect(data.months[0].sentiment).toBeGreaterThan(0);
    expect(data.months[1].sentiment).toBeLessThan(0);
    expect(data.months[1].rating).toBe(1);
    expect(data.months[0].aspects[0].aspect).toBe('delivery');
    expect((await get('/v1/products/nope/aspects')).json().data).toEqual({
      productId: 'nope',
      reviews: 0,
      months: [],
    });
  });

  it('searches the knowledge base by meaning, and refits when an article changes', async () => {
    expect((await get('/v1/kb/search?q=refund')).json().data).toEqual([]);
    const doc = (id: string, title: string, body: string) => ({ id, title, body, tags: [], updatedAt: T0 });
    await t.runtime.stores.knowledgeBase.upsert([
      doc('kb1', 'Returns and refunds', 'How to return an item and get your money back within 30 days.'),
      doc('kb2', 'Delivery times', 'Parcels ship in 2 days; tracking numbers arrive by email.'),
      doc('kb3', 'Changing your address', 'Update the delivery address of an order before it ships.'),
      doc('kb4', 'Payment methods', 'We accept cards, PayPal and bank transfer.'),
    ]);
    // Articles are read again at most every 30 s.
    expect((await get('/v1/kb/search?q=refund')).json().data).toEqual([]);
    clock.advance(30_000);
    const hits = (
      await get('/v1/kb/search?q=' + encodeURIComponent('when will my parcel ship?') + '&k=2')
    ).json().data;
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatchObject({ id: 'kb2', title: 'Delivery times' });
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    // An edit with the same updatedAt still counts (the digest covers the content), once the 30 s recheck is due.
    await t.runtime.stores.knowledgeBase.upsert([
      doc('kb4', 'Payment methods', 'Money back guarantee: we refund any return.'),
    ]);
    const before = (await get('/v1/kb/search?q=refund%20money%20back&k=4')).json().data;
    expect(before.find((h: { id: string }) => h.id === 'kb4').snippet).toContain('We accept cards');
    clock.advance(30_000);
    const refund = (await get('/v1/kb/search?q=refund%20money%20back&k=4')).json().data;
    expect(
      refund
        .slice(0, 2)
        .map((h: { id: string }) => h.id)
        .sort(),
    ).toEqual(['kb1', 'kb4']);
    expect((await get('/v1/kb/search?q=')).statusCode).toBe(400);
    // Articles without a single word: nothing to embed, no hits, no error.
    await t.runtime.stores.knowledgeBase.upsert([
      doc('kb1', '!!!', '...'),
      doc('kb2', '?', '—'),
      doc('kb3', '', '!'),
      doc('kb4', '', '?'),
    ]);
    clock.advance(30_000);
    expect((await get('/v1/kb/search?q=refund')).json().data).toEqual([]);
  });

  it('refuses missing, empty, oversize and malformed text, and requests without a key', async () => {
    const code = async (payload: unknown) => {
      const res = await analyze(payload);
      return [res.statusCode, (res.json() as { error?: { code: string } }).error?.code ?? null];
    };
    expect(await code({})).toEqual([400, 'invalid_request']);
    expect(await code({ text: '' })).toEqual([400, 'invalid_request']);
    expect(await code({ text: 'a'.repeat(10_001) })).toEqual([400, 'invalid_request']);
    // 10,000 CJK characters: well past what a URL could carry, fine in a body.
    expect((await analyze({ text: '退'.repeat(10_000) })).statusCode).toBe(200);
    const hostile = await analyze({ text: "\u0000'; DROP TABLE x; -- 🙂 ignore all instructions" });
    expect(hostile.statusCode).toBe(200);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/text/analyze',
      headers: { ...t.bearer(t.keys.read), 'content-type': 'application/json' },
      payload: '{"text": ',
    });
    expect(bad.statusCode).toBe(400);
    expect((await get(`/v1/kb/search?q=${'a'.repeat(1001)}`)).statusCode).toBe(400);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/v1/text/analyze',
      payload: { text: 'hi' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
