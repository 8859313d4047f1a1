import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../sqlite/open-sqlite.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';
import { createSqlOrderStore } from './sql-order-store.js';
import { createSqlQualityReads } from './sql-quality-reads.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-quality-reads-'));
let db: Kysely<Database>;

async function collect<T>(pages: AsyncIterable<readonly T[]>): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let count = 0;
  for await (const page of pages) {
    rows.push(...page);
    count++;
  }
  return { rows, pages: count };
}

describe('createSqlQualityReads (SQLite; the stores contract runs it on PostgreSQL too)', () => {
  beforeAll(async () => {
    db = openSqlite({ file: path.join(dir, 'q.db'), synchronous: 'normal' });
    await migrateToLatest(db, 'sqlite');
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pages through every order line in (order, line) order, with its order’s kind', async () => {
    const order = (id: string, kind: 'order' | 'cancellation', lines: number) => ({
      id,
      customerId: null,
      kind,
      placedAt: 1,
      currency: 'EUR',
      country: 'DE',
      total: 0,
      discount: 0,
      channel: null,
      source: 'test',
      lines: Array.from({ length: lines }, (_, i) => ({
        orderId: id,
        lineNo: i,
        productId: `p${i}`,
        description: null,
        quantity: kind === 'order' ? i + 1 : -(i + 1),
        unitPrice: 2.5,
      })),
    });
    await createSqlOrderStore(db).upsert([
      order('A', 'order', 3),
      order('B', 'order', 1),
      order('CA', 'cancellation', 2),
    ]);
    const { rows, pages } = await collect(createSqlQualityReads(db, { pageSize: 2 }).orderLines());
    expect(pages).toBe(3);
    expect(rows.map((r) => `${r.orderId}/${r.lineNo}:${r.kind}:${r.quantity}`)).toEqual([
      'A/0:order:1',
      'A/1:order:2',
      'A/2:order:3',
      'B/0:order:1',
      'CA/0:cancellation:-1',
      'CA/1:cancellation:-2',
    ]);
    expect(rows[0]).toEqual({
      orderId: 'A',
      lineNo: 0,
      productId: 'p0',
      kind: 'order',
      quantity: 1,
      unitPrice: 2.5,
    });
  });

  it('pages through event times oldest first, and finds the earliest record', async () => {
    const reads = createSqlQualityReads(db, { pageSize: 2 });
    expect(await collect(reads.eventTimings())).toEqual({ rows: [], pages: 0 });
    await db
      .insertInto('events')
      .values(
        [1, 2, 3].map((i) => ({
          id: `evt_${i}`,
          message_id: `m${i}`,
          type: 'track',
          event: 'X',
          name: null,
          user_id: 'u',
          anonymous_id: null,
          group_id: null,
          previous_id: null,
          timestamp: 1_000 * i,
          original_timestamp: i === 2 ? null : 1_000 * i + 5,
          sent_at: i === 2 ? null : 9_000,
          received_at: 10_000,
          properties: '{}',
          traits: '{}',
          context: '{}',
          integrations: '{}',
          pii: null,
          email_hash: null,
          source: 'test',
        })),
      )
      .execute();
    const { rows } = await collect(reads.eventTimings());
    expect(rows).toEqual([
      {
        id: 'evt_1',
        messageId: 'm1',
        timestamp: 1_000,
        originalTimestamp: 1_005,
        sentAt: 9_000,
        receivedAt: 10_000,
        source: 'test',
      },
      {
        id: 'evt_2',
        messageId: 'm2',
        timestamp: 2_000,
        originalTimestamp: null,
        sentAt: null,
        receivedAt: 10_000,
        source: 'test',
      },
      {
        id: 'evt_3',
        messageId: 'm3',
        timestamp: 3_000,
        originalTimestamp: 3_005,
        sentAt: 9_000,
        receivedAt: 10_000,
        source: 'test',
      },
    ]);
    // Orders were placed at 1; no products or customers yet.
    expect(await reads.earliestRecord()).toBe(1);
  });
});
