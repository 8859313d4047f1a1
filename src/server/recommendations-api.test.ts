import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { recommenderCandidate, trainRecommender } from '../recommend/index.js';
import { shopProducts, shopStoredOrders, testShop } from '../recommend/serving/test-shop.js';
import { customerIdScheme } from '../profiles/index.js';

// A small demo shop's catalogue and orders in the stores, its customers known by an identify each, a recommender
// trained on the orders and registered; then the API over it.
const shop = testShop(300, 200, 21);

describe('recommendations API', () => {
  let t: TestApp;
  const get = (url: string, key?: string) =>
    t.app.inject({ method: 'GET', url, headers: t.bearer(key ?? t.keys.read) });
  const track = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/v1/track', headers: t.bearer(t.keys.write), payload });
  let buyer = '';
  let bought: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { RAPPORT_PROFILES_LIVE: 'false' } });
    const { stores } = t.runtime;
    await stores.products.upsert(shopProducts(shop, Date.now() - 400 * 86_400_000));
    await stores.orders.upsert(shopStoredOrders(shop));
    const users = [...new Set(shop.orderLines.map((l) => l.user_id))];
    for (let i = 0; i < users.length; i += 200) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: t.bearer(t.keys.write),
        payload: {
          batch: users
            .slice(i, i + 200)
            .map((userId) => ({ type: 'identify', userId, traits: { plan: 'x' } })),
        },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await t.runtime.profiles.build();
    // The one with the most distinct products bought.
    const byUser = new Map<string, Set<string>>();
    for (const l of shop.orderLines)
      if (l.kind === 'order') byUser.set(l.user_id, (byUser.get(l.user_id) ?? new Set()).add(l.product_id));
    [buyer, bought] = [...byUser.entries()]
      .map(([u, s]) => [u, [...s]] as [string, string[]])
      .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0] as [string, string[]];
  }, 120_000);
  afterAll(async () => t?.close());

  it('answers 503 recommender_not_trained until a recommender is registered', async () => {
    const res = await get(`/v1/recommendations/${buyer}`);
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().error.code).toBe('recommender_not_trained');
  });

  it('serves a trained recommender: k items with scores and reasons, the history beside them', async () => {
    const trained = await trainRecommender(
      {
        source: t.runtime.stores.profileSource,
        settle: () => t.runtime.stores.events.settle(),
        clock: t.runtime.clock,
      },
      { seed: 'api' },
    );
    const reg = await t.runtime.models.register(recommenderCandidate(trained, 'api'));
    expect(reg.promoted).toBe(true);

    const res = await get(`/v1/recommendations/${buyer}?k=5`);
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data).toMatchObject({
      customerId: customerIdScheme.forUserId(buyer),
      model: { name: 'recommendations', version: 1, type: trained.chosen },
      strategy: 'personalized',
      cached: false,
    });
    expect(data.items).toHaveLength(5);
    const scores = data.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const item of data.items) {
      expect(item.reason.text.length).toBeGreaterThan(5);
      if (item.reason.code === 'because_you_bought') expect(bought).toContain(item.reason.itemId);
    }
    expect(data.history.length).toBeGreaterThan(0);
    expect(data.history.every((h: { bought: number }) => h.bought >= 1)).toBe(true);
    // Served from cache the second time.
    const again = await get(`/v1/recommendations/${buyer}?k=5`);
    expect(again.json().data.cached).toBe(true);
    // A hit is sent as the body serialized at its first hit: the same document as the computed one, but the flag.
    expect(again.json()).toEqual({ data: { ...data, cached: true } });
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await get(`/v1/recommendations/${buyer}?k=5`)).body).toBe(again.body);
  }, 60_000);

  it('applies the request’s filters: exclude purchased, category, price band', async () => {
    const excl = (await get(`/v1/recommendations/${buyer}?k=20&exclude=purchased`)).json().data;
    expect(excl.items).toHaveLength(20);
    for (const item of excl.items) expect(bought).not.toContain(item.id);

    const category = shop.products[0]?.category as string;
    const inCat = (
      await get(`/v1/recommendations/${buyer}?k=5&category=${encodeURIComponent(category)}`)
    ).json().data;
    expect(inCat.items.length).toBeGreaterThan(0);
    for (const item of inCat.items) expect(item.category).toBe(category);

    const cheap = (await get(`/v1/recommendations/${buyer}?k=10&price=..20`)).json().data;
    for (const item of cheap.items) expect(item.price).toBeLessThanOrEqual(20);

    const one = excl.items[0].id as string;
    const without = (
      await get(`/v1/recommendations/${buyer}?k=20&exclude=purchased,item:${encodeURIComponent(one)}`)
    ).json().data;
    expect(without.items.map((i: { id: string }) => i.id)).not.toContain(one);
  });

  it('folds in new events at once: views change the list without retraining', async () => {
    // A customer who bought one product; they now look at a category they never bought from.
    const light = [...new Set(shop.orderLines.map((l) => l.user_id))]
      .sort()
      .find(
        (u) => new Set(shop.orderLines.filter((l) => l.user_id === u).map((l) => l.product_id)).size === 1,
      ) as string;
    const own = shop.orderLines.find((l) => l.user_id === light)?.product_id as string;
    const ownCategory = shop.products.find((p) => p.id === own)?.category;
    const elsewhere = shop.products
      .filter((p) => p.category !== ownCategory)
      .slice(0, 3)
      .map((p) => p.id);
    const before = (await get(`/v1/recommendations/${light}?k=10&exclude=purchased`)).json().data;
    expect(before.cached).toBe(false);
    expect(before.strategy).toBe('personalized');
    for (const [i, viewed] of elsewhere.entries()) {
      const res = await track({
        userId: light,
        event: 'Product Viewed',
        properties: { product_id: viewed },
        messageId: `view-${i}`,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    // Accepted events reach serving through the bus, a moment after the acknowledgement.
    await t.runtime.bus.drain();
    const after = (await get(`/v1/recommendations/${light}?k=10&exclude=purchased`)).json().data;
    expect(after.cached).toBe(false);
    expect(after.history).toHaveLength(4);
    expect(
      after.history
        .filter((h: { looked: number }) => h.looked === 1)
        .map((h: { id: string }) => h.id)
        .sort(),
    ).toEqual([...elsewhere].sort());
    expect(after.items.map((i: { id: string }) => i.id)).not.toEqual(
      before.items.map((i: { id: string }) => i.id),
    );
  });

  it('gives customers without personalization consent popular items, without reading their history', async () => {
    // A cached personal list is dropped the moment consent is withdrawn.
    await get(`/v1/recommendations/${buyer}?k=5&exclude=purchased`);
    expect((await get(`/v1/recommendations/${buyer}?k=5&exclude=purchased`)).json().data.cached).toBe(true);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/v1/profiles/${buyer}/consent`,
      headers: t.bearer(t.keys.admin),
      payload: { purposes: { personalization: false } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const data = (await get(`/v1/recommendations/${buyer}?k=5&exclude=purchased`)).json().data;
    expect(data.strategy).toBe('not_personalized');
    expect(data.history).toEqual([]);
    expect(data.items.every((i: { reason: { code: string } }) => i.reason.code === 'popular')).toBe(true);
  });

  it('gives a customer without history popular items', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/identify',
      headers: t.bearer(t.keys.write),
      payload: { userId: 'newcomer', traits: { plan: 'x' } },
    });
    expect(res.statusCode).toBe(200);
    await t.runtime.profiles.build();
    const data = (await get('/v1/recommendations/newcomer?k=3')).json().data;
    expect(data.strategy).toBe('new_customer');
    expect(data.items).toHaveLength(3);
    // Their first views make the list personal at once, explained by what they looked at.
    const looked = shop.products.slice(0, 2).map((p) => p.id);
    for (const [i, id] of looked.entries())
      await track({
        userId: 'newcomer',
        event: 'Product Viewed',
        properties: { product_id: id },
        messageId: `nv-${i}`,
      });
    await t.runtime.bus.drain();
    const next = (await get('/v1/recommendations/newcomer?k=5')).json().data;
    expect(next.strategy).toBe('personalized');
    const viewed = next.items.filter(
      (i: { reason: { code: string } }) => i.reason.code === 'because_you_viewed',
    );
    expect(viewed.length).toBeGreaterThan(0);
    for (const i of viewed) expect(looked).toContain(i.reason.itemId);
  });

  it('reads the orders of every customer an alias merged into the profile', async () => {
    const product = bought[0] as string;
    await t.runtime.stores.orders.upsert([
      {
        id: 'merged-order',
        customerId: customerIdScheme.forUserId('merged-x'),
        kind: 'order',
        placedAt: Date.now() - 86_400_000,
        currency: 'EUR',
        country: null,
        total: 10,
        discount: 0,
        channel: null,
        source: 'test',
        lines: [
          {
            orderId: 'merged-order',
            lineNo: 1,
            productId: product,
            description: null,
            quantity: 1,
            unitPrice: 10,
          },
        ],
      },
    ]);
    for (const [url, payload] of [
      ['/v1/identify', { userId: 'merged-x', traits: { plan: 'x' } }],
      ['/v1/identify', { userId: 'merged-p', traits: { plan: 'y' } }],
      ['/v1/alias', { userId: 'merged-p', previousId: 'merged-x' }],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url, headers: t.bearer(t.keys.write), payload });
      expect(res.statusCode, res.body).toBe(200);
    }
    await t.runtime.profiles.build();
    const data = (await get('/v1/recommendations/merged-x?k=10&exclude=purchased')).json().data;
    expect(data.customerId).not.toBe(customerIdScheme.forUserId('merged-x'));
    expect(data.strategy).toBe('personalized');
    expect(data.history).toEqual([expect.objectContaining({ id: product, bought: 1 })]);
    expect(data.items.map((i: { id: string }) => i.id)).not.toContain(product);
  });

  it('lists items bought together with an item', async () => {
    const res = await get(`/v1/items/${encodeURIComponent(bought[0] as string)}/similar?k=5`);
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data.item.id).toBe(bought[0]);
    expect(data.items).toHaveLength(5);
    expect(data.items.map((i: { id: string }) => i.id)).not.toContain(bought[0]);
    const sims = data.items.map((i: { similarity: number }) => i.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
  });

  it.each([
    ['/v1/recommendations/nobody-at-all', 404, 'profile_not_found'],
    ['/v1/items/no-such-item/similar', 404, 'item_not_found'],
    ['/v1/recommendations/BUYER?k=0', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?k=101', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?k=abc', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?price=20..10', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?price=cheap', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?exclude=everything', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?category=a,,b', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?diversity=2', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?slot=nope', 400, 'invalid_query'],
    ['/v1/recommendations/BUYER?kk=3', 400, 'invalid_query'],
    ['/v1/items/ITEM/similar?k=-1', 400, 'invalid_query'],
    ["/v1/recommendations/'%20OR%201=1--", 404, 'profile_not_found'],
  ])('%s → %i %s', async (url, status, code) => {
    const res = await get(url.replace('BUYER', buyer).replace('ITEM', bought[0] as string));
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('counts cache hits, computed lists and invalidations in /metrics', async () => {
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(res.body)?.[1] ?? NaN);
    expect(value('rapport_recommendations_cache_hits_total')).toBeGreaterThanOrEqual(1);
    expect(value('rapport_recommendations_computed_total')).toBeGreaterThanOrEqual(8);
    expect(value('rapport_recommendations_invalidated_total')).toBeGreaterThanOrEqual(1);
    expect(value('rapport_recommendations_cached_lists')).toBeGreaterThanOrEqual(1);
  });

  it('refuses to start on a rules file that is not valid, naming the problem', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rules-'));
    try {
      fs.writeFileSync(path.join(dir, 'broken.json'), '{ "banned": [');
      fs.writeFileSync(
        path.join(dir, 'wrong.json'),
        JSON.stringify({ pinned: [{ item: 'x', slot: 'nowhere' }] }),
      );
      await expect(
        createTestApp({ env: { RAPPORT_RECOMMEND_RULES_FILE: path.join(dir, 'broken.json') } }),
      ).rejects.toMatchObject({ code: 'invalid_config', message: /RAPPORT_RECOMMEND_RULES_FILE/ });
      await expect(
        createTestApp({ env: { RAPPORT_RECOMMEND_RULES_FILE: path.join(dir, 'wrong.json') } }),
      ).rejects.toMatchObject({ code: 'invalid_config', message: /nowhere/ });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('needs a read key', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/recommendations/${buyer}` });
    expect(res.statusCode).toBe(401);
  });
});
