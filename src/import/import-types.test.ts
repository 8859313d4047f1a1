import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailLookupHash } from '../privacy/index.js';
import { customerIdFor } from '../shared/index.js';
import { analyzeReview } from '../text/index.js';
import { reviewIdFor } from './reviews-sink.js';
import { createHarness, jsonl, TEST_NOW, type ImportHarness } from './test-kit.js';

let h: ImportHarness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('customers', () => {
  const csv = [
    'user_id,email,phone,first_name,last_name,city,country,birthday,created_at,plan',
    'u1, Jane.Doe@Example.com ,+4915112345678,Jane,Doe,Berlin,DE,1990-04-01,2023-01-05T10:00:00Z,vip',
    'u2,,,,,,FR,,,',
    ',nobody@example.com,,,,,,,,',
  ].join('\n');

  it('seals PII, keeps the rest as traits, and links user id and email hash', async () => {
    const file = h.write('customers.csv', csv);
    const report = await h.run({ file, type: 'customers' });
    expect(report).toMatchObject({
      rows: 3,
      accepted: 2,
      rejected: 1,
      rejectsByReason: { missing_field: 1 },
      inserted: 2,
    });
    expect(h.rejects(report)).toMatchObject([
      { line: 4, code: 'missing_field', row: { email: 'nobody@example.com' } },
    ]);

    const u1 = await h.stores.customers.get(customerIdFor('u1'));
    expect(u1).toMatchObject({
      externalId: 'u1',
      traits: { city: 'Berlin', country: 'DE', plan: 'vip' },
      createdAt: Date.UTC(2023, 0, 5, 10),
    });
    expect(JSON.stringify(u1?.traits)).not.toMatch(/Jane|Doe|4915|1990/);
    expect(h.cipher.openJson(u1?.pii as string)).toEqual({
      email: ' Jane.Doe@Example.com ',
      phone: '+4915112345678',
      first_name: 'Jane',
      last_name: 'Doe',
      birthday: '1990-04-01',
    });
    const emailHash = emailLookupHash(h.cipher, 'jane.doe@example.com');
    expect(u1?.emailHash).toBe(emailHash);
    expect((await h.stores.customers.findByIdentity('email_hash', emailHash))?.id).toBe(customerIdFor('u1'));

    // No created_at: the file's modification time, not the clock, so that a re-import matches.
    const u2 = await h.stores.customers.findByIdentity('user_id', 'u2');
    expect(u2).toMatchObject({
      pii: null,
      emailHash: null,
      createdAt: Math.floor(fs.statSync(file).mtimeMs),
    });

    expect(await h.run({ file, type: 'customers' })).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it('updates a customer whose traits changed', async () => {
    await h.run({ file: h.write('a.csv', 'user_id,country\nu1,DE\n'), type: 'customers' });
    const report = await h.run({ file: h.write('b.csv', 'user_id,country\nu1,AT\n'), type: 'customers' });
    expect(report).toMatchObject({ inserted: 0, updated: 1 });
    expect((await h.stores.customers.get(customerIdFor('u1')))?.traits).toEqual({ country: 'AT' });
  });
});

describe('products', () => {
  it('reads TSV, keeps extra columns as attributes, and rejects bad numbers', async () => {
    const tsv = [
      'id\tname\tdescription\tcategory\tprice\tcurrency\tstock\tcreated_at\tbrand',
      'p1\tRed mug\tA mug, red\tmugs\t12.5\tEUR\t3\t2024-01-01\tAcme',
      'p2\tBlue mug\t\tmugs\t12,5\tEUR\t3\t\t',
      'p3\tGreen mug\t\tmugs\t9\tEUR\t2.5\t\t',
      'p4\t\t\t\t\t\t\t\t',
    ].join('\n');
    const report = await h.run({ file: h.write('products.tsv', tsv), type: 'products' });
    expect(report).toMatchObject({
      rows: 4,
      accepted: 2,
      rejected: 2,
      rejectsByReason: { invalid_number: 2 },
      inserted: 2,
    });
    expect(h.rejects(report).map((r) => r.line)).toEqual([3, 4]);
    expect(await h.stores.products.get('p1')).toMatchObject({
      name: 'Red mug',
      description: 'A mug, red',
      category: 'mugs',
      price: 12.5,
      currency: 'EUR',
      stock: 3,
      attributes: { brand: 'Acme' },
      createdAt: Date.UTC(2024, 0, 1),
    });
    expect(await h.stores.products.get('p4')).toMatchObject({ name: null, price: null, attributes: {} });
  });
});

describe('reviews', () => {
  it('derives missing ids from the data and checks ratings', async () => {
    const rows = [
      {
        id: 'r1',
        user_id: 'u1',
        product_id: 'p1',
        rating: 5,
        title: 'Great',
        body: 'Love it',
        created_at: '2024-02-01T08:00:00Z',
      },
      { user_id: 'u2', product_id: 'p1', rating: '4', body: 'Fine', created_at: '2024-02-02 08:00:00' },
      { id: 'r3', rating: 6, body: 'Too good' },
      { id: 'r4', rating: 3, body: '   ' },
      { product_id: 'p1', body: 'No time, no id' },
    ];
    const file = h.write('reviews.jsonl', jsonl(rows));
    const report = await h.run({ file, type: 'reviews' });
    expect(report).toMatchObject({
      rows: 5,
      accepted: 2,
      rejected: 3,
      rejectsByReason: { out_of_range: 1, missing_field: 2 },
    });
    expect(h.rejects(report).map((r) => [r.line, r.code])).toEqual([
      [3, 'out_of_range'],
      [4, 'missing_field'],
      [5, 'missing_field'],
    ]);
    const byP1 = await h.stores.reviews.listByProduct('p1', { limit: 10 });
    const derived = reviewIdFor('u2', 'p1', Date.UTC(2024, 1, 2, 8));
    expect(byP1.map((r) => r.id).sort()).toEqual(['r1', derived].sort());
    // Each review is analysed once, at import (profiles and product aspects read this).
    for (const r of byP1) expect(r.analysis).toEqual(analyzeReview(r.title, r.body));
    expect(byP1.find((r) => r.id === derived)).toMatchObject({
      rating: 4,
      customerId: customerIdFor('u2'),
      title: null,
    });
    expect(await h.stores.customers.count()).toBe(2);
    expect(await h.run({ file, type: 'reviews' })).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
  });
});

describe('knowledge base', () => {
  it('splits tags and titles untitled documents from their body', async () => {
    const csv = [
      'id,title,body,tags,updated_at',
      'kb1,Returns,"You can return\nwithin 30 days",returns|policy| ,2024-01-01',
      'kb2,,Shipping takes 3 days.,"shipping, delivery",',
      'kb3,No body,,,',
    ].join('\n');
    const report = await h.run({ file: h.write('kb.csv', csv), type: 'kb' });
    expect(report).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(h.rejects(report)).toMatchObject([{ line: 5, code: 'missing_field' }]);
    expect(await h.stores.knowledgeBase.get('kb1')).toMatchObject({
      title: 'Returns',
      tags: ['returns', 'policy'],
      updatedAt: Date.UTC(2024, 0, 1),
    });
    expect(await h.stores.knowledgeBase.get('kb2')).toMatchObject({
      title: 'Shipping takes 3 days.',
      tags: ['shipping', 'delivery'],
    });

    const more = await h.run({
      file: h.write(
        'kb.jsonl',
        jsonl([
          { id: 'kb4', title: 'T', body: 'B', tags: ['a', 'b', 'a'] },
          { id: 'kb5', body: 'B', tags: [{}] },
        ]),
      ),
      type: 'kb',
    });
    expect(more).toMatchObject({ accepted: 1, rejectsByReason: { invalid_value: 1 } });
    expect((await h.stores.knowledgeBase.get('kb4'))?.tags).toEqual(['a', 'b']);
  });
});

describe('conversations', () => {
  it('imports JSONL conversations with their messages', async () => {
    const rows = [
      {
        id: 'cv1',
        user_id: 'u1',
        channel: 'chat',
        subject: 'Where is my order?',
        status: 'resolved',
        topic: 'order_status',
        messages: [
          { seq: 1, role: 'customer', body: 'Where is it?', created_at: '2024-03-01T10:00:00Z' },
          { seq: 2, role: 'agent', body: 'On its way.', created_at: '2024-03-01T10:05:00Z' },
        ],
      },
      {
        id: 'cv2',
        messages: [
          { role: 'bot', body: 'Hi' },
          { role: 'customer', body: 'Hello' },
        ],
        started_at: '2024-03-02',
      },
      {
        id: 'cv3',
        messages: [
          { seq: 1, role: 'customer', body: 'a' },
          { seq: 1, role: 'agent', body: 'b' },
        ],
      },
      { id: 'cv4', messages: [{ role: 'robot', body: 'beep' }] },
      { id: 'cv5' },
    ];
    const report = await h.run({ file: h.write('conversations.jsonl', jsonl(rows)), type: 'conversations' });
    expect(report).toMatchObject({
      rows: 5,
      accepted: 2,
      rejected: 3,
      rejectsByReason: { invalid_value: 2, missing_field: 1 },
    });
    expect(await h.stores.conversations.get('cv1')).toMatchObject({
      customerId: customerIdFor('u1'),
      status: 'resolved',
      topic: 'order_status',
      startedAt: Date.UTC(2024, 2, 1, 10),
      messages: [
        { seq: 1, role: 'customer' },
        { seq: 2, role: 'agent', createdAt: Date.UTC(2024, 2, 1, 10, 5) },
      ],
    });
    expect(await h.stores.conversations.get('cv2')).toMatchObject({
      channel: 'unknown',
      topic: null,
      status: 'open',
      startedAt: Date.UTC(2024, 2, 2),
      messages: [
        { seq: 1, role: 'bot', createdAt: Date.UTC(2024, 2, 2) },
        { seq: 2, role: 'customer' },
      ],
    });
  });
});

describe('events', () => {
  it('sends CSV rows through the ingestor, which dead-letters the invalid', async () => {
    const csv = [
      'type,event,user_id,anonymous_id,timestamp,message_id,name,properties.price,context.page.url,traits.plan,coupon',
      'track,Order Completed,u1,,2024-03-01 10:00:00,m-1,,12.5,https://shop.test/cart,,SPRING',
      'page,,,a1,1709287200000,,Home,,https://shop.test/,,',
      'identify,,u1,,,,,,,vip,',
      ',Order Completed,u1,,,,,,,,',
      'track,Clicked,,,,,,,,,',
      'track,Late,u2,,not a date,,,,,,',
    ].join('\n');
    const file = h.write('events.csv', csv);
    const report = await h.run({ file, type: 'events' });
    expect(report).toMatchObject({ rows: 6, accepted: 3, rejected: 3, inserted: 3 });
    expect(report.rejectsByReason).toEqual({
      invalid_event_type: 1,
      missing_identity: 1,
      invalid_timestamp: 1,
    });
    expect(h.rejects(report).map((r) => r.line)).toEqual([5, 6, 7]);
    expect(await h.stores.deadLetters.count()).toBe(3);
    expect((await h.stores.deadLetters.list({ limit: 10 }))[0]?.source).toBe('import:events.csv');

    const order = await h.stores.events.getByMessageId('m-1');
    expect(order).toMatchObject({
      type: 'track',
      userId: 'u1',
      timestamp: Date.UTC(2024, 2, 1, 10),
      properties: { price: '12.5', coupon: 'SPRING' },
      context: { page: { url: 'https://shop.test/cart' } },
      source: 'import',
    });
    const [, page, identify] = await h.stores.events.list({ limit: 10, order: 'asc' });
    expect(page).toMatchObject({ type: 'page', name: 'Home', anonymousId: 'a1', timestamp: 1709287200000 });
    expect(identify).toMatchObject({ type: 'identify', traits: { plan: 'vip' } });

    const again = await h.run({ file, type: 'events' });
    expect(again).toMatchObject({ accepted: 3, inserted: 0, unchanged: 3 });
    expect(await h.stores.events.count()).toBe(3);
  });

  it('imports JSONL Segment messages as they are', async () => {
    const lines = [
      JSON.stringify({
        type: 'track',
        event: 'Viewed',
        userId: 'u1',
        timestamp: '2024-03-01T10:00:00Z',
        properties: { price: 3 },
      }),
      '{"type": "track", broken',
      '[1, 2]',
      '',
      JSON.stringify({ type: 'alias', previousId: 'a1', userId: 'u1', messageId: 'alias-1' }),
    ].join('\n');
    const report = await h.run({ file: h.write('events.jsonl', lines), type: 'events' });
    expect(report).toMatchObject({
      rows: 4,
      accepted: 2,
      rejected: 2,
      rejectsByReason: { invalid_json: 1, invalid_event: 1 },
    });
    expect(h.rejects(report).map((r) => [r.line, r.code])).toEqual([
      [2, 'invalid_json'],
      [3, 'invalid_event'],
    ]);
    expect(await h.stores.deadLetters.count()).toBe(2);
    const [viewed] = await h.stores.events.list({ limit: 1, order: 'asc', event: 'Viewed' });
    expect(viewed).toMatchObject({ properties: { price: 3 }, timestamp: Date.UTC(2024, 2, 1, 10) });
    expect(viewed?.messageId).toMatch(/^imp-/);
    expect(await h.stores.events.getByMessageId('alias-1')).not.toBeNull();
  });

  it('keeps the recorded time of historical events: no clock-skew correction against the import time', async () => {
    const line = JSON.stringify({
      type: 'track',
      event: 'Old',
      userId: 'u1',
      messageId: 'hist-1',
      timestamp: '2023-05-01T10:00:00Z',
      sentAt: '2023-05-01T10:00:30Z',
    });
    await h.run({ file: h.write('history.jsonl', line), type: 'events' });
    expect(await h.stores.events.getByMessageId('hist-1')).toMatchObject({
      timestamp: Date.UTC(2023, 4, 1, 10),
      sentAt: Date.UTC(2023, 4, 1, 10, 0, 30),
      receivedAt: TEST_NOW,
    });
  });
});
