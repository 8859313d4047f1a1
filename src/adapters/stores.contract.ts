import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_ANALYSIS_VERSION } from '../text/index.js';
import type { EventRecord } from '../ingest/event-types.js';
import type { OrderWithLines, ReviewAnalysis } from '../commerce/ports.js';
import type { Stores } from './open-stores.js';

let counter = 0;
export function makeEvent(overrides: Partial<EventRecord> = {}): EventRecord {
  counter += 1;
  return {
    id: `evt_contract_${counter}_${Math.random().toString(36).slice(2)}`,
    messageId: `msg-${counter}-${Math.random().toString(36).slice(2)}`,
    type: 'track',
    event: 'Product Viewed',
    name: null,
    userId: 'u1',
    anonymousId: null,
    groupId: null,
    previousId: null,
    timestamp: Date.UTC(2026, 0, 1),
    originalTimestamp: null,
    sentAt: null,
    receivedAt: Date.UTC(2026, 0, 1),
    properties: { product_id: 'p1', price: 9.5 },
    traits: {},
    context: { library: { name: 'contract' } },
    integrations: {},
    pii: null,
    emailHash: null,
    source: 'test',
    ...overrides,
  };
}

function order(id: string, lines: number, overrides: Partial<OrderWithLines> = {}): OrderWithLines {
  return {
    id,
    customerId: 'cus_1',
    kind: 'order',
    placedAt: Date.UTC(2026, 0, 2),
    currency: 'EUR',
    country: 'DE',
    total: lines * 2,
    discount: 0,
    channel: 'web',
    source: 'test',
    lines: Array.from({ length: lines }, (_, i) => ({
      orderId: id,
      lineNo: i,
      productId: `p${i}`,
      description: `Product ${i}`,
      quantity: 1,
      unitPrice: 2,
    })),
    ...overrides,
  };
}

/** The behaviour every database adapter must show. Run by the SQLite and the PostgreSQL test files. */
export function runStoresContract(
  name: string,
  open: () => Promise<{ stores: Stores; cleanup(): Promise<void> }>,
): void {
  describe(`stores contract: ${name}`, () => {
    let stores: Stores;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ stores, cleanup } = await open());
    });
    afterAll(async () => {
      await stores.close();
      await cleanup();
    });

    describe('events', () => {
      it('appends once per messageId and reports how many were new', async () => {
        const a = makeEvent({ messageId: 'dup-1' });
        const b = makeEvent({ messageId: 'dup-1', event: 'Other' });
        const c = makeEvent();
        const before = await stores.events.count();
        const first = await stores.events.append([a, c]);
        const second = await stores.events.append([b]);
        // A direct store knows at once; a journaled one says null and deduplicates while indexing.
        expect([first.inserted, second.inserted]).toEqual(first.inserted === null ? [null, null] : [2, 0]);
        expect(await stores.events.count()).toBe(before + 2);
        const stored = await stores.events.getByMessageId('dup-1');
        expect(stored?.event).toBe('Product Viewed');
        expect(stored?.properties).toEqual({ product_id: 'p1', price: 9.5 });
        expect(stored?.context).toEqual({ library: { name: 'contract' } });
      });

      it('counts the duplicates it drops, in a durable counter', async () => {
        expect(stores.events.duplicatesDropped).toBeTypeOf('function');
        const dropped = () => stores.events.duplicatesDropped?.() ?? Promise.resolve(-1);
        const before = await dropped();
        const first = makeEvent();
        const again = (n: number) => makeEvent({ messageId: first.messageId, event: `retry ${n}` });
        await stores.events.append([first]);
        expect(await dropped()).toBe(before);
        await stores.events.append([again(1)]);
        expect(await dropped()).toBe(before + 1);
        // A retry within one append, beside a new event: only the retries count.
        await stores.events.append([again(2), makeEvent(), again(3)]);
        expect(await dropped()).toBe(before + 3);
        expect((await stores.events.getByMessageId(first.messageId))?.event).toBe('Product Viewed');
      });

      it('feeds the quality report: event times, readable after settle', async () => {
        const skewed = makeEvent({
          timestamp: Date.UTC(2026, 0, 3),
          originalTimestamp: Date.UTC(2026, 0, 3, 2),
        });
        await stores.events.append([skewed]);
        await stores.events.settle();
        const times = [];
        for await (const page of stores.quality.eventTimings()) times.push(...page);
        expect(times.find((t) => t.id === skewed.id)).toEqual({
          id: skewed.id,
          messageId: skewed.messageId,
          timestamp: Date.UTC(2026, 0, 3),
          originalTimestamp: Date.UTC(2026, 0, 3, 2),
          sentAt: null,
          receivedAt: skewed.receivedAt,
          source: 'test',
        });
      });

      it('round-trips odd Unicode and SQL-like strings unchanged', async () => {
        const weird = "Robert'); DROP TABLE events;-- 🎉 \u200b naïve \u0000 end";
        const e = makeEvent({ event: 'x', properties: { note: weird, nested: { deep: [1, 'é', null] } } });
        await stores.events.append([e]);
        const got = await stores.events.getByMessageId(e.messageId);
        expect(got?.properties).toEqual({ note: weird, nested: { deep: [1, 'é', null] } });
      });

      it('filters by user, type, event and time and pages with a cursor in both directions', async () => {
        const base = Date.UTC(2026, 1, 1);
        const batch = Array.from({ length: 25 }, (_, i) =>
          makeEvent({
            userId: 'pager',
            timestamp: base + i * 3_600_000,
            event: i % 2 === 0 ? 'Even' : 'Odd',
          }),
        );
        await stores.events.append(batch);
        const seen: string[] = [];
        let afterSeq: number | undefined;
        for (;;) {
          const page = await stores.events.list({
            userId: 'pager',
            limit: 10,
            order: 'asc',
            ...(afterSeq ? { afterSeq } : {}),
          });
          seen.push(...page.map((e) => e.messageId));
          if (page.length < 10) break;
          afterSeq = page[page.length - 1]?.seq;
        }
        expect(seen).toEqual(batch.map((e) => e.messageId));
        const desc = await stores.events.list({ userId: 'pager', limit: 3, order: 'desc' });
        expect(desc.map((e) => e.messageId)).toEqual(
          batch
            .slice(-3)
            .reverse()
            .map((e) => e.messageId),
        );
        const evens = await stores.events.list({
          userId: 'pager',
          event: 'Even',
          type: 'track',
          limit: 100,
          order: 'asc',
        });
        expect(evens).toHaveLength(13);
        const window = await stores.events.list({
          userId: 'pager',
          since: base + 5 * 3_600_000,
          until: base + 10 * 3_600_000,
          limit: 100,
          order: 'asc',
        });
        expect(window.map((e) => e.timestamp)).toEqual([5, 6, 7, 8, 9].map((h) => base + h * 3_600_000));
      });

      it('computes per-day and per-type statistics', async () => {
        const day = Date.UTC(2027, 5, 10);
        await stores.events.append([
          makeEvent({ userId: 'stats', timestamp: day + 1000, type: 'page', event: null, name: 'Home' }),
          makeEvent({ userId: 'stats', timestamp: day + 2000, event: 'Signed Up' }),
          makeEvent({ userId: 'stats', timestamp: day + 86_400_000 + 5, event: 'Signed Up' }),
        ]);
        const stats = await stores.events.stats({ since: day, until: day + 2 * 86_400_000 });
        expect((await stores.events.timeRange())?.max).toBe(day + 86_400_000 + 5);
        expect(stats.total).toBe(3);
        expect(stats.perDay).toEqual([
          { day: '2027-06-10', count: 2 },
          { day: '2027-06-11', count: 1 },
        ]);
        expect(stats.byType).toEqual([
          { type: 'page', count: 1 },
          { type: 'track', count: 2 },
        ]);
        expect(stats.topEvents).toEqual([{ event: 'Signed Up', count: 2 }]);
      });

      it('appends a large batch in one call', async () => {
        const many = Array.from({ length: 1_234 }, () => makeEvent({ userId: 'bulk' }));
        const before = await stores.events.count();
        expect([1_234, null]).toContain((await stores.events.append(many)).inserted);
        expect(await stores.events.count()).toBe(before + 1_234);
      });
    });

    describe('dead letters', () => {
      it('keeps rejected input with its reason, newest first, filterable by code', async () => {
        await stores.deadLetters.add([
          {
            id: 'dlq_1',
            receivedAt: 1,
            source: 'api:/v1/batch',
            code: 'invalid_event',
            message: 'm1',
            details: { index: 3 },
            payload: '{"bad":1}',
          },
          {
            id: 'dlq_2',
            receivedAt: 2,
            source: 'import:x.csv',
            code: 'missing_identity',
            message: 'm2',
            details: {},
            payload: 'a,b',
          },
        ]);
        const all = await stores.deadLetters.list({ limit: 10 });
        expect(all.map((d) => d.id)).toEqual(['dlq_2', 'dlq_1']);
        expect(all[1]?.details).toEqual({ index: 3 });
        const onlyInvalid = await stores.deadLetters.list({ limit: 10, code: 'invalid_event' });
        expect(onlyInvalid.map((d) => d.id)).toEqual(['dlq_1']);
        const next = await stores.deadLetters.list({ limit: 10, afterSeq: all[0]!.seq });
        expect(next.map((d) => d.id)).toEqual(['dlq_1']);
        expect(await stores.deadLetters.countByCode()).toEqual([
          { code: 'invalid_event', count: 1 },
          { code: 'missing_identity', count: 1 },
        ]);
      });
    });

    describe('customers and identities', () => {
      it('upserts by content: unchanged rows are not rewritten', async () => {
        const c = {
          id: 'cus_a',
          externalId: 'ext-a',
          traits: { plan: 'gold' },
          pii: 'sealed',
          emailHash: 'h1',
          createdAt: 1,
          updatedAt: 1,
        };
        expect(await stores.customers.upsert([c])).toEqual({ inserted: 1, updated: 0 });
        expect(await stores.customers.upsert([c])).toEqual({ inserted: 0, updated: 0 });
        expect(await stores.customers.upsert([{ ...c, traits: { plan: 'silver' }, updatedAt: 2 }])).toEqual({
          inserted: 0,
          updated: 1,
        });
        expect((await stores.customers.get('cus_a'))?.traits).toEqual({ plan: 'silver' });
      });

      it("notices a PII change through the caller's digest, though the sealed value always differs", async () => {
        const c = {
          id: 'cus_p',
          externalId: 'ext-p',
          traits: {},
          pii: 'sealed-1',
          piiDigest: 'd1',
          emailHash: null,
          createdAt: 1,
          updatedAt: 1,
        };
        await stores.customers.upsert([c]);
        expect(await stores.customers.upsert([{ ...c, pii: 'sealed-2' }])).toEqual({
          inserted: 0,
          updated: 0,
        });
        expect(await stores.customers.upsert([{ ...c, pii: 'sealed-3', piiDigest: 'd2' }])).toEqual({
          inserted: 0,
          updated: 1,
        });
        expect((await stores.customers.get('cus_p'))?.pii).toBe('sealed-3');
      });

      it('links identities; the first link of an identity wins', async () => {
        await stores.customers.upsert([
          {
            id: 'cus_b',
            externalId: 'ext-b',
            traits: {},
            pii: null,
            emailHash: null,
            createdAt: 1,
            updatedAt: 1,
          },
        ]);
        expect(
          await stores.customers.link([
            { customerId: 'cus_b', kind: 'user_id', value: 'ext-b', createdAt: 1 },
            { customerId: 'cus_b', kind: 'anonymous_id', value: 'anon-1', createdAt: 1 },
          ]),
        ).toEqual({ inserted: 2 });
        expect(
          await stores.customers.link([
            { customerId: 'cus_a', kind: 'anonymous_id', value: 'anon-1', createdAt: 2 },
          ]),
        ).toEqual({ inserted: 0 });
        expect((await stores.customers.findByIdentity('anonymous_id', 'anon-1'))?.id).toBe('cus_b');
        expect(await stores.customers.findByIdentity('anonymous_id', 'nobody')).toBeNull();
        expect((await stores.customers.identitiesOf('cus_b')).map((l) => `${l.kind}:${l.value}`)).toEqual([
          'anonymous_id:anon-1',
          'user_id:ext-b',
        ]);
      });
    });

    describe('products, orders, reviews, conversations, knowledge base', () => {
      it('products: update or keep on conflict', async () => {
        const p = {
          id: 'sku-1',
          name: 'Mug',
          description: null,
          category: 'kitchen',
          price: 4.5,
          currency: 'EUR',
          stock: 3,
          attributes: { color: 'red' },
          createdAt: 1,
          updatedAt: 1,
        };
        expect(await stores.products.upsert([p])).toEqual({ inserted: 1, updated: 0 });
        expect(await stores.products.upsert([{ ...p, name: 'Big mug' }], { onConflict: 'keep' })).toEqual({
          inserted: 0,
          updated: 0,
        });
        expect((await stores.products.get('sku-1'))?.name).toBe('Mug');
        expect(await stores.products.upsert([{ ...p, price: 5 }])).toEqual({ inserted: 0, updated: 1 });
        expect(await stores.products.get('sku-1')).toMatchObject({
          price: 5,
          attributes: { color: 'red' },
          stock: 3,
        });
        expect((await stores.products.list({ limit: 10, category: 'kitchen' })).map((x) => x.id)).toEqual([
          'sku-1',
        ]);
      });

      it('orders: lines travel with their order; re-import changes nothing; a change replaces the lines', async () => {
        const o = order('inv-1', 3);
        expect(
          await stores.orders.upsert([o, order('C-inv-2', 1, { kind: 'cancellation', total: -2 })]),
        ).toEqual({ inserted: 2, updated: 0 });
        expect(await stores.orders.upsert([o])).toEqual({ inserted: 0, updated: 0 });
        expect((await stores.orders.get('inv-1'))?.lines).toHaveLength(3);
        expect(await stores.orders.upsert([order('inv-1', 2)])).toEqual({ inserted: 0, updated: 1 });
        expect((await stores.orders.get('inv-1'))?.lines.map((l) => l.productId)).toEqual(['p0', 'p1']);
        expect(await stores.orders.count({ kind: 'cancellation' })).toBe(1);
        expect(await stores.orders.countLines()).toBe(3);
        expect((await stores.orders.listByCustomer('cus_1', { limit: 10 })).map((x) => x.id).sort()).toEqual([
          'C-inv-2',
          'inv-1',
        ]);
      });

      it('orders: the quality report reads every line with its order kind', async () => {
        await stores.orders.upsert([
          order('quality-1', 2, { customerId: null }),
          order('C-quality-1', 1, { kind: 'cancellation', customerId: null }),
        ]);
        const lines = [];
        for await (const page of stores.quality.orderLines()) lines.push(...page);
        expect(lines.filter((l) => l.orderId.endsWith('quality-1'))).toEqual([
          {
            orderId: 'C-quality-1',
            lineNo: 0,
            productId: 'p0',
            kind: 'cancellation',
            quantity: 1,
            unitPrice: 2,
          },
          { orderId: 'quality-1', lineNo: 0, productId: 'p0', kind: 'order', quantity: 1, unitPrice: 2 },
          { orderId: 'quality-1', lineNo: 1, productId: 'p1', kind: 'order', quantity: 1, unitPrice: 2 },
        ]);
        expect(await stores.quality.earliestRecord()).toBeLessThanOrEqual(Date.UTC(2026, 0, 2));
      });

      it('orders: RFM inputs sum up the orders of each customer in one query', async () => {
        const at = (month: number, day: number, hour = 0) => Date.UTC(2900, month - 1, day, hour);
        const line = (orderId: string, lineNo: number, quantity: number, unitPrice: number) => ({
          orderId,
          lineNo,
          productId: `p${lineNo}`,
          description: null,
          quantity,
          unitPrice,
        });
        await stores.customers.upsert(
          [
            ['cus_rfm_1', '10'],
            ['cus_rfm_2', '9'],
            ['cus_rfm_3', null],
          ].map(([id, externalId]) => ({
            id: id as string,
            externalId: externalId ?? null,
            traits: {},
            pii: null,
            emailHash: null,
            createdAt: 1,
            updatedAt: 1,
          })),
        );
        await stores.orders.upsert([
          // Only lines with positive quantity and positive price count towards monetary: 2 × 3.5 here.
          order('rfm-1a', 0, {
            customerId: 'cus_rfm_1',
            placedAt: at(1, 5, 10),
            lines: [line('rfm-1a', 1, 2, 3.5), line('rfm-1a', 2, -1, 3.5), line('rfm-1a', 3, 4, 0)],
          }),
          order('rfm-1b', 0, {
            customerId: 'cus_rfm_1',
            placedAt: at(2, 1, 9),
            lines: [line('rfm-1b', 1, 1, 10.25), line('rfm-1b', 2, 3, 0.1)],
          }),
          // Cancellations, adjustments and anonymous orders are not orders, however late.
          order('C-rfm-1c', 1, { customerId: 'cus_rfm_1', kind: 'cancellation', placedAt: at(3, 1) }),
          order('A-rfm-1d', 1, { customerId: 'cus_rfm_1', kind: 'adjustment', placedAt: at(3, 2) }),
          order('rfm-anon', 2, { customerId: null, placedAt: at(4, 1) }),
          // An order without lines still counts once.
          order('rfm-2a', 0, { customerId: 'cus_rfm_2', placedAt: at(1, 10) }),
          order('rfm-3a', 0, {
            customerId: 'cus_rfm_3',
            placedAt: at(1, 20),
            lines: [line('rfm-3a', 1, 1, 5)],
          }),
          // A customer id without a customer row is still a customer with orders.
          order('rfm-4a', 1, { customerId: 'cus_rfm_ghost', placedAt: at(2, 15) }),
        ]);
        const mine = <T extends { customerId: string }>(list: T[]): T[] =>
          list
            .filter((c) => c.customerId.startsWith('cus_rfm_'))
            .sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

        const all = await stores.orders.rfmInputs();
        expect(all.lastOrderAt).toBe(at(2, 15));
        const rows = mine(all.customers);
        expect(rows.map((r) => ({ ...r, monetary: Math.round(r.monetary * 1e6) / 1e6 }))).toEqual([
          {
            customerId: 'cus_rfm_1',
            externalId: '10',
            lastOrderAt: at(2, 1, 9),
            frequency: 2,
            monetary: 17.55,
          },
          { customerId: 'cus_rfm_2', externalId: '9', lastOrderAt: at(1, 10), frequency: 1, monetary: 0 },
          { customerId: 'cus_rfm_3', externalId: null, lastOrderAt: at(1, 20), frequency: 1, monetary: 5 },
          {
            customerId: 'cus_rfm_ghost',
            externalId: null,
            lastOrderAt: at(2, 15),
            frequency: 1,
            monetary: 2,
          },
        ]);

        const before = await stores.orders.rfmInputs({ placedBefore: at(1, 15) });
        expect(before.lastOrderAt).toBe(at(1, 10));
        expect(mine(before.customers)).toEqual([
          { customerId: 'cus_rfm_1', externalId: '10', lastOrderAt: at(1, 5, 10), frequency: 1, monetary: 7 },
          { customerId: 'cus_rfm_2', externalId: '9', lastOrderAt: at(1, 10), frequency: 1, monetary: 0 },
        ]);
        expect(await stores.orders.rfmInputs({ placedBefore: Date.UTC(1970, 0, 1) })).toEqual({
          customers: [],
          lastOrderAt: null,
        });
      });

      it('reviews, conversations and kb documents round-trip', async () => {
        await stores.reviews.upsert([
          {
            id: 'r1',
            customerId: 'cus_1',
            productId: 'sku-1',
            rating: 4,
            title: 'Nice',
            body: 'Good mug',
            createdAt: 5,
            source: 't',
          },
        ]);
        expect((await stores.reviews.listByProduct('sku-1', { limit: 5 }))[0]?.body).toBe('Good mug');
        const conv = {
          id: 'c1',
          customerId: 'cus_1',
          channel: 'chat',
          subject: 'Where is my order?',
          status: 'resolved' as const,
          startedAt: 10,
          messages: [
            { seq: 0, role: 'customer' as const, body: 'Where is it?', createdAt: 10 },
            { seq: 1, role: 'agent' as const, body: 'On its way.', createdAt: 11 },
          ],
        };
        expect(await stores.conversations.upsert([conv])).toEqual({ inserted: 1, updated: 0 });
        expect(await stores.conversations.upsert([conv])).toEqual({ inserted: 0, updated: 0 });
        expect(await stores.conversations.get('c1')).toEqual({
          ...conv,
          topic: null,
          intent: null,
          version: expect.any(String),
        });
        await stores.knowledgeBase.upsert([
          { id: 'kb-returns', title: 'Returns', body: '30 days', tags: ['returns', 'policy'], updatedAt: 1 },
        ]);
        expect((await stores.knowledgeBase.get('kb-returns'))?.tags).toEqual(['returns', 'policy']);
      });
    });

    describe('review analyses', () => {
      const review = (id: string, body: string, analysis?: ReviewAnalysis | null) => ({
        id,
        customerId: null,
        productId: 'sku-a',
        rating: 4,
        title: null,
        body,
        createdAt: 7,
        source: 't',
        ...(analysis === undefined ? {} : { analysis }),
      });
      const analysis = (score: number): ReviewAnalysis => ({
        v: REVIEW_ANALYSIS_VERSION,
        sentiment: { score, negative: score < 0 },
        aspects: [{ aspect: 'price', sentiment: score }],
      });

      it('keeps the analysis made at import, and a re-import fills in one that is missing or of another version', async () => {
        await stores.reviews.upsert([review('ra1', 'Good price', analysis(0.5)), review('ra2', 'Bad price')]);
        const read = async (id: string) =>
          (await stores.reviews.listByProduct('sku-a', { limit: 10 })).find((r) => r.id === id)?.analysis;
        expect(await read('ra1')).toEqual(analysis(0.5));
        expect(await read('ra2')).toBeNull();
        // The same reviews again, now with analyses: nothing counts as changed, and ra2's analysis is filled in.
        expect(
          await stores.reviews.upsert([
            review('ra1', 'Good price', analysis(0.9)),
            review('ra2', 'Bad price', analysis(-0.5)),
          ]),
        ).toEqual({ inserted: 0, updated: 0 });
        expect(await read('ra1')).toEqual(analysis(0.5)); // current already: kept
        expect(await read('ra2')).toEqual(analysis(-0.5));
        // A changed text brings its own analysis.
        await stores.reviews.upsert([review('ra1', 'Awful price', analysis(-0.9))]);
        expect(await read('ra1')).toEqual(analysis(-0.9));
      });
    });

    describe('conversation topics and intents', () => {
      const conversation = (id: string, topic: string | null, body: string) => ({
        id,
        customerId: 'cus_1',
        channel: 'email',
        subject: null,
        status: 'open' as const,
        startedAt: 10,
        topic,
        messages: [{ seq: 1, role: 'customer' as const, body, createdAt: 10 }],
      });

      it('keeps the imported topic, records predicted intents, and clears them when the conversation changes', async () => {
        await stores.conversations.upsert([
          conversation('t1', 'refund', 'Money back please'),
          conversation('t2', null, 'Where is my parcel?'),
        ]);
        const t1 = (await stores.conversations.get('t1'))!;
        const t2 = (await stores.conversations.get('t2'))!;
        expect(t1.topic).toBe('refund');
        expect(t1.version).toEqual(expect.any(String));
        expect(t2.version).not.toBe(t1.version);
        const model = 'support_intent v1';
        const intents = new Map([
          ['t1', { version: t1.version!, model, intent: { intent: 'refund', confidence: 0.9 } }],
          ['t2', { version: t2.version!, model, intent: { intent: 'order_status', confidence: 0.75 } }],
          ['missing', { version: 'x', model, intent: { intent: 'x', confidence: 1 } }],
        ]);
        expect(await stores.conversations.setIntents(intents)).toBe(2);
        expect((await stores.conversations.get('t2'))?.intent).toEqual({
          intent: 'order_status',
          confidence: 0.75,
          model,
        });
        // Re-importing the same conversation keeps its intent and version; a changed one loses it (it was read from
        // the old text), and an intent read from the old version is not written on the new one.
        expect(await stores.conversations.upsert([conversation('t2', null, 'Where is my parcel?')])).toEqual({
          inserted: 0,
          updated: 0,
        });
        expect((await stores.conversations.get('t2'))?.intent?.intent).toBe('order_status');
        await stores.conversations.upsert([conversation('t2', null, 'Where is my parcel? It is late.')]);
        const changed = (await stores.conversations.get('t2'))!;
        expect(changed.intent).toBeNull();
        expect(changed.version).not.toBe(t2.version);
        expect(await stores.conversations.setIntents(new Map([['t2', intents.get('t2')!]]))).toBe(0);
        expect((await stores.conversations.get('t2'))?.intent).toBeNull();
        // A new topic is a change too; clearing an intent with null works.
        expect(
          (await stores.conversations.upsert([conversation('t1', 'return', 'Money back please')])).updated,
        ).toBe(1);
        const t1b = (await stores.conversations.get('t1'))!;
        expect(t1b.intent).toBeNull();
        await stores.conversations.setIntents(
          new Map([['t1', { ...intents.get('t1')!, version: t1b.version! }]]),
        );
        expect((await stores.conversations.get('t1'))?.intent?.intent).toBe('refund');
        // Read as out of scope: no intent, but the conversation counts as read by that model.
        const outOfScope = { version: t1b.version!, model: 'support_intent v2', intent: null };
        expect(await stores.conversations.setIntents(new Map([['t1', outOfScope]]))).toBe(1);
        expect(await stores.conversations.get('t1')).toMatchObject({ topic: 'return', intent: null });
        const cleared = { version: t1b.version!, model: null, intent: { intent: 'refund', confidence: 1 } };
        expect(await stores.conversations.setIntents(new Map([['t1', cleared]]))).toBe(1);
        expect((await stores.conversations.get('t1'))?.intent).toBeNull();
      });
    });

    describe('api keys and login tokens', () => {
      it('finds keys by hash and revokes them once', async () => {
        await stores.apiKeys.create({
          id: 'key_1',
          name: 'w',
          scope: 'write',
          hash: 'hash-1',
          prefix: 'rk_w',
          createdAt: 1,
          revokedAt: null,
        });
        expect((await stores.apiKeys.findByHash('hash-1'))?.scope).toBe('write');
        expect(await stores.apiKeys.revoke('key_1', 5)).toBe(true);
        expect(await stores.apiKeys.revoke('key_1', 6)).toBe(false);
        expect((await stores.apiKeys.findByHash('hash-1'))?.revokedAt).toBe(5);
      });

      it('a login token is consumed exactly once and not after expiry', async () => {
        await stores.apiKeys.createToken({
          hash: 't1',
          kind: 'login',
          scope: 'admin',
          createdAt: 1,
          expiresAt: 100,
          usedAt: null,
        });
        await stores.apiKeys.createToken({
          hash: 't2',
          kind: 'login',
          scope: 'admin',
          createdAt: 1,
          expiresAt: 100,
          usedAt: null,
        });
        const results = await Promise.all([
          stores.apiKeys.consumeToken('t1', 50),
          stores.apiKeys.consumeToken('t1', 50),
        ]);
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(await stores.apiKeys.consumeToken('t2', 100)).toBeNull();
      });
    });
  });
}
