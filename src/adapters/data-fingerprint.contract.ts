import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/postgres.js';
import type { OrderWithLines } from '../commerce/ports.js';
import { createStores, type Stores } from './open-stores.js';
import { openPostgres } from './postgres/open-postgres.js';
import { migrateToLatest } from './sql/migrate.js';
import type { Database, SqlDialectName } from './sql/schema.js';
import { createSqlDataFingerprint } from './sql/sql-data-fingerprint.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import { makeEvent } from './stores.contract.js';

export interface FingerprintTestDatabase {
  db: Kysely<Database>;
  stores: Stores;
  close(): Promise<void>;
}

export async function openSqliteFingerprintDatabase(): Promise<FingerprintTestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-fingerprint-'));
  const db = openSqlite({ file: path.join(dir, 'test.db'), synchronous: 'normal' });
  await migrateToLatest(db, 'sqlite');
  return {
    db,
    stores: createStores(db, 'sqlite'),
    async close() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPostgresFingerprintDatabase(): Promise<FingerprintTestDatabase> {
  const test = await createTestDatabase();
  const db = openPostgres({ url: test.url, poolSize: 4 });
  await migrateToLatest(db, 'postgres');
  return {
    db,
    stores: createStores(db, 'postgres'),
    async close() {
      await db.destroy();
      await test.drop();
    },
  };
}

const T0 = Date.UTC(2026, 2, 1);

function order(id: string, total: number, customerId = 'cus_1'): OrderWithLines {
  return {
    id,
    customerId,
    kind: 'order',
    placedAt: T0,
    currency: 'EUR',
    country: 'DE',
    total,
    discount: 0,
    channel: 'web',
    source: 'test',
    lines: [{ orderId: id, lineNo: 0, productId: 'p1', description: null, quantity: 1, unitPrice: total }],
  };
}

/** The data fingerprint every SQL dialect must give: unchanged data, same digest; any change, another one. */
export function runDataFingerprintContract(
  dialect: SqlDialectName,
  open: () => Promise<FingerprintTestDatabase>,
): void {
  describe(`data fingerprint (${dialect})`, () => {
    let t: FingerprintTestDatabase;
    beforeAll(async () => {
      t = await open();
    });
    afterAll(async () => t.close());
    const read = () => t.stores.dataFingerprint.read();

    it('sums up an empty database, and reads the same twice', async () => {
      const empty = await read();
      expect(empty.events).toEqual({ rows: 0, lastSeq: null, lastAt: null });
      expect(empty.orders.rows).toBe(0);
      expect(empty.digest).toMatch(/^[0-9a-f]{16}$/);
      expect((await read()).digest).toBe(empty.digest);
    });

    it('changes with new events, not with a retried one (deduplicated by messageId)', async () => {
      const before = await read();
      const event = makeEvent({ messageId: 'fp-1', timestamp: T0 });
      await t.stores.events.append([event]);
      const after = await read();
      expect(after.events).toMatchObject({ rows: before.events.rows + 1, lastAt: T0 });
      expect(after.digest).not.toBe(before.digest);
      await t.stores.events.append([{ ...event, id: 'evt_retry' }]);
      expect((await read()).digest).toBe(after.digest);
    });

    it('changes when an imported row changes in place, not when the same row is imported again', async () => {
      await t.stores.orders.upsert([order('o1', 10), order('o2', 20), order('o3', 30)]);
      const stored = await read();
      expect(stored.orders.rows).toBe(3);
      await t.stores.orders.upsert([order('o2', 20)]);
      expect((await read()).digest).toBe(stored.digest);
      // Same ids, same totals: only the customer of one order changes.
      await t.stores.orders.upsert([order('o2', 20, 'cus_2')]);
      const moved = await read();
      expect(moved.orders.rows).toBe(3);
      expect(moved.orders.digest).not.toBe(stored.orders.digest);
      expect(moved.digest).not.toBe(stored.digest);
      expect(moved.events).toEqual(stored.events);
    });

    it('covers customers, products, reviews and conversations', async () => {
      const before = await read();
      await t.stores.customers.upsert([
        {
          id: 'cus_9',
          externalId: 'u9',
          traits: { plan: 'pro' },
          pii: null,
          emailHash: null,
          createdAt: T0,
          updatedAt: T0,
        },
      ]);
      const withCustomer = await read();
      expect(withCustomer.customers.rows).toBe(before.customers.rows + 1);
      await t.stores.products.upsert([
        {
          id: 'p1',
          name: 'Mug',
          description: null,
          category: 'kitchen',
          price: 9,
          currency: 'EUR',
          stock: null,
          attributes: {},
          createdAt: T0,
          updatedAt: T0,
        },
      ]);
      const withProduct = await read();
      expect(withProduct.products.rows).toBe(1);
      await t.stores.reviews.upsert([
        {
          id: 'r1',
          customerId: 'cus_9',
          productId: 'p1',
          rating: 5,
          title: null,
          body: 'Great mug',
          createdAt: T0,
          source: 'test',
        },
      ]);
      const withReview = await read();
      expect(withReview.reviews.rows).toBe(1);
      const conversation = (topic: string | null) => ({
        id: 'cv1',
        customerId: 'cus_9',
        channel: 'chat',
        subject: null,
        status: 'open' as const,
        startedAt: T0,
        topic,
        messages: [{ seq: 1, role: 'customer' as const, body: 'Where is my mug?', createdAt: T0 }],
      });
      await t.stores.conversations.upsert([conversation(null)]);
      const withConversation = await read();
      expect(withConversation.conversations.rows).toBe(1);
      await t.stores.conversations.upsert([conversation('order_status')]);
      const withTopic = await read();
      const digests = [before, withCustomer, withProduct, withReview, withConversation, withTopic].map(
        (f) => f.digest,
      );
      expect(new Set(digests).size).toBe(6);
      // The intent the pipeline writes on a conversation is its output, not its data: no change.
      const { version } = (await t.stores.conversations.get('cv1'))!;
      const reading = {
        version: version!,
        model: 'support_intent v1',
        intent: { intent: 'order_status', confidence: 0.9 },
      };
      expect(await t.stores.conversations.setIntents(new Map([['cv1', reading]]))).toBe(1);
      expect(await read()).toEqual(withTopic);
    });

    it('gives the same digest whatever the page size it reads in', async () => {
      const pagedByTwo = await createSqlDataFingerprint(t.db, { pageSize: 2 }).read();
      expect(pagedByTwo).toEqual(await read());
    });
  });
}
