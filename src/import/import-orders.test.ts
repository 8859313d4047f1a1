import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerIdFor } from '../shared/index.js';
import { importFile } from './import-file.js';
import { createHarness, type ImportHarness } from './test-kit.js';

const ORDERS_CSV = [
  'order_id,user_id,placed_at,product_id,description,quantity,unit_price,currency,country,kind,discount,channel,gift_wrap',
  'o1,u1,2024-03-01 10:00:00,p1,Red mug,2,3.5,EUR,DE,,0,web,yes',
  'o1,u1,2024-03-01 10:00:00,p2,Blue mug,1,4,EUR,DE,,0,web,',
  'o2,,2024-03-02T09:00:00Z,p1,Red mug,1,3.5,EUR,FR,,,,',
  'o3,u2,1709373600000,p3,,1,10,EUR,DE,cancellation,1.5,app,',
].join('\n');

const RETAIL_CSV = [
  'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country',
  '489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom',
  '489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085,United Kingdom',
  '489434,22041,"RECORD FRAME 7"" SINGLE SIZE ",48,2009-12-01 07:45:00,2.1,13085,United Kingdom',
  '489435,22350,CAT BOWL ,12,2009-12-01 07:46:00,2.55,,United Kingdom',
  'C489449,22087,PAPER BUNTING WHITE LACE,-12,2009-12-01 10:33:00,2.95,16321,Australia',
  'A506401,B,Adjust bad debt,1,2010-04-29 13:36:00,-53594.36,,United Kingdom',
  '489436,85048,,6,2009-12-01 09:06:00,6.95,16321,Australia',
].join('\n');

let h: ImportHarness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

describe('orders import', () => {
  it('groups line rows into orders and creates the customers and products they reference', async () => {
    const file = h.write('orders.csv', ORDERS_CSV);
    const report = await h.run({ file, type: 'orders' });
    expect(report).toMatchObject({
      rows: 4,
      accepted: 4,
      rejected: 0,
      rejectsFile: null,
      inserted: 3,
      updated: 0,
    });
    expect(report.details).toMatchObject({
      orders: 3,
      cancellations: 1,
      anonymousOrders: 1,
      lines: 4,
      customersCreated: 2,
      productsCreated: 3,
    });

    const o1 = await h.stores.orders.get('o1');
    expect(o1).toMatchObject({
      customerId: customerIdFor('u1'),
      kind: 'order',
      placedAt: Date.UTC(2024, 2, 1, 10),
      total: 11,
      currency: 'EUR',
      country: 'DE',
      channel: 'web',
      source: 'import',
    });
    expect(o1?.lines.map((l) => [l.lineNo, l.productId, l.quantity, l.unitPrice])).toEqual([
      [1, 'p1', 2, 3.5],
      [2, 'p2', 1, 4],
    ]);
    expect(await h.stores.orders.get('o2')).toMatchObject({
      customerId: null,
      placedAt: Date.UTC(2024, 2, 2, 9),
    });
    expect(await h.stores.orders.get('o3')).toMatchObject({
      kind: 'cancellation',
      placedAt: 1709373600000,
      discount: 1.5,
      total: 10,
    });

    const u1 = await h.stores.customers.findByIdentity('user_id', 'u1');
    expect(u1).toMatchObject({
      id: customerIdFor('u1'),
      externalId: 'u1',
      traits: {},
      pii: null,
      createdAt: Date.UTC(2024, 2, 1, 10),
    });
    expect(await h.stores.products.get('p1')).toMatchObject({
      name: 'Red mug',
      price: null,
      createdAt: Date.UTC(2024, 2, 1, 10),
    });
    expect(await h.stores.products.get('p3')).toMatchObject({ name: null });
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = h.write('orders.csv', ORDERS_CSV);
    await h.run({ file, type: 'orders' });
    const counts = async () => [
      await h.stores.orders.count(),
      await h.stores.orders.countLines(),
      await h.stores.customers.count(),
      await h.stores.products.count(),
    ];
    const before = await counts();
    const again = await h.run({ file, type: 'orders' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(again.details).toMatchObject({ customersCreated: 0, productsCreated: 0 });
    expect(await counts()).toEqual(before);
  });

  it('leaves an existing customer and product alone', async () => {
    await h.stores.products.upsert([
      {
        id: 'p1',
        name: 'Catalog name',
        description: 'd',
        category: 'mugs',
        price: 9,
        currency: 'EUR',
        stock: 3,
        attributes: {},
        createdAt: 1,
        updatedAt: 1,
      },
    ]);
    await h.run({ file: h.write('c.csv', 'user_id,country\nu1,AT\n'), type: 'customers' });
    await h.run({ file: h.write('orders.csv', ORDERS_CSV), type: 'orders' });
    expect(await h.stores.products.get('p1')).toMatchObject({ name: 'Catalog name', price: 9 });
    expect((await h.stores.customers.get(customerIdFor('u1')))?.traits).toEqual({ country: 'AT' });
  });

  it('uses the customer a user id is already linked to', async () => {
    await h.stores.customers.upsert([
      {
        id: 'cus_merged',
        externalId: null,
        traits: { merged: true },
        pii: null,
        emailHash: null,
        createdAt: 1,
        updatedAt: 1,
      },
    ]);
    await h.stores.customers.link([{ customerId: 'cus_merged', kind: 'user_id', value: 'u1', createdAt: 1 }]);
    const report = await h.run({ file: h.write('orders.csv', ORDERS_CSV), type: 'orders' });
    expect(report.details).toMatchObject({ customersCreated: 1 });
    expect((await h.stores.orders.get('o1'))?.customerId).toBe('cus_merged');
    expect(await h.stores.customers.get(customerIdFor('u1'))).toBeNull();
    expect((await h.stores.customers.get('cus_merged'))?.traits).toEqual({ merged: true });
  });

  it('numbers lines uniquely when an order comes back after other orders', async () => {
    const rows = [
      'order_id,placed_at,product_id,quantity,unit_price',
      'a,2024-01-01,p1,1,1',
      'b,2024-01-01,p2,1,2',
      'a,2024-01-01,p3,1,3',
    ];
    // Within the batch window: one write of the whole order.
    const near = await h.run({ file: h.write('near.csv', rows.join('\n')), type: 'orders' });
    expect(near.details).toMatchObject({ orders: 2, extendedOrders: 0 });
    expect((await h.stores.orders.get('a'))?.lines.map((l) => [l.lineNo, l.productId])).toEqual([
      [1, 'p1'],
      [2, 'p3'],
    ]);
    // Beyond it (batch size 1): the late row extends the stored order instead of replacing it.
    const far = [
      ...rows.map((r) => r.replace(/^a,/, 'x,').replace(/^b,/, 'y,')),
      'z,2024-01-01,p4,1,4',
      'x,2024-01-01,p5,2,5',
    ];
    const report = await h.run({ file: h.write('far.csv', far.join('\n')), type: 'orders', batchSize: 1 });
    expect(report.details).toMatchObject({ extendedOrders: 2 });
    const x = await h.stores.orders.get('x');
    expect(x?.lines.map((l) => [l.lineNo, l.productId])).toEqual([
      [1, 'p1'],
      [2, 'p3'],
      [3, 'p5'],
    ]);
    expect(x?.total).toBe(14);
  });

  it('writes rejected rows with their line numbers and reasons, and goes on', async () => {
    const csv = [
      'order_id,placed_at,product_id,quantity,unit_price,kind', // line 1
      'ok1,2024-01-01,p1,1,1,', // 2
      ',2024-01-01,p1,1,1,', // 3: no order id
      '', // 4: blank, skipped
      'bad2,2024-01-01,p1,three,1,', // 5
      'bad3,yesterday,p1,1,1,', // 6
      '"bad4","2024-01-01","p1","1","1","refund"', // 7
      '"ok2","2024-01-01","multi', // 8
      'line product","2","2",', // 9
      'bad5,2023-02-30,p1,1,1,', // 10: no such day
      'ok3,2024-01-01,p1,1,1,', // 11
    ].join('\n');
    const report = await h.run({ file: h.write('dirty.csv', csv), type: 'orders' });
    expect(report).toMatchObject({ rows: 8, accepted: 3, rejected: 5 });
    expect(report.rejectsByReason).toEqual({
      missing_field: 1,
      invalid_number: 1,
      invalid_time: 2,
      invalid_value: 1,
    });
    expect(report.rejectsFile).toBe(path.join(h.dir, 'dirty.csv.rejects.jsonl'));
    const rejects = h.rejects(report);
    expect(rejects.map((r) => [r.line, r.code])).toEqual([
      [3, 'missing_field'],
      [5, 'invalid_number'],
      [6, 'invalid_time'],
      [7, 'invalid_value'],
      [10, 'invalid_time'],
    ]);
    expect(rejects[1]?.reason).toContain('quantity');
    expect(rejects[1]?.row).toMatchObject({ order_id: 'bad2', quantity: 'three' });
    expect((await h.stores.orders.get('ok2'))?.lines[0]?.productId).toBe('multi\nline product');
    expect(fs.statSync(report.rejectsFile as string).mode & 0o777).toBe(0o600);
  });

  it('maps source columns with --map and a custom delimiter', async () => {
    const csv = ['Order No;Client;Date;SKU;Qty;Price', '1001;c9;2024-05-01 12:00;sku-1;3;2.5'].join('\n');
    const report = await h.run({
      file: h.write('shop.txt', csv),
      type: 'orders',
      format: 'csv',
      delimiter: ';',
      map: {
        'Order No': 'order_id',
        Client: 'user_id',
        Date: 'placed_at',
        SKU: 'product_id',
        Qty: 'quantity',
        Price: 'unit_price',
      },
    });
    expect(report).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await h.stores.orders.get('1001')).toMatchObject({
      customerId: customerIdFor('c9'),
      total: 7.5,
      placedAt: Date.UTC(2024, 4, 1, 12),
    });
  });

  it('reads gzip, by extension and by magic bytes, reporting compressed bytes', async () => {
    const progress: number[] = [];
    const gz = h.write('orders.csv.gz', ORDERS_CSV);
    const report = await importFile({ file: gz, type: 'orders', rejectsDir: h.dir }, h.deps, (p) =>
      progress.push(p.bytesRead / p.totalBytes),
    );
    expect(report).toMatchObject({ rows: 4, accepted: 4, inserted: 3 });
    expect(progress.at(-1)).toBe(1);
    const disguised = h.write('disguised.csv', zlib.gzipSync(ORDERS_CSV.replaceAll('o1', 'g1')));
    expect(await h.run({ file: disguised, type: 'orders' })).toMatchObject({
      rows: 4,
      accepted: 4,
      inserted: 1,
    });
  });
});

describe('online-retail preset', () => {
  it('imports the UCI Online Retail II layout: cancellations, adjustments, anonymous orders', async () => {
    const report = await h.run({ file: h.write('online_retail.csv', RETAIL_CSV), preset: 'online-retail' });
    expect(report).toMatchObject({
      type: 'orders',
      preset: 'online-retail',
      rows: 7,
      accepted: 7,
      rejected: 0,
    });
    expect(report.details).toMatchObject({
      orders: 5,
      cancellations: 1,
      adjustments: 1,
      anonymousOrders: 2,
      lines: 7,
      cancellationLines: 1,
      adjustmentLines: 1,
      anonymousLines: 2,
      customersCreated: 2,
      productsCreated: 6,
    });
    expect(await h.stores.orders.count({ kind: 'cancellation' })).toBe(1);
    const cancelled = await h.stores.orders.get('C489449');
    expect(cancelled).toMatchObject({
      kind: 'cancellation',
      customerId: customerIdFor('16321'),
      currency: 'GBP',
      country: 'Australia',
      total: -35.4,
    });
    expect(await h.stores.orders.get('A506401')).toMatchObject({
      kind: 'adjustment',
      customerId: null,
      total: -53594.36,
    });
    expect(await h.stores.orders.get('489435')).toMatchObject({
      kind: 'order',
      customerId: null,
      placedAt: Date.UTC(2009, 11, 1, 7, 46),
    });
    const first = await h.stores.orders.get('489434');
    expect(first?.total).toBeCloseTo(12 * 6.95 + 12 * 6.75 + 48 * 2.1, 9);
    expect(first?.lines[2]?.description).toBe('RECORD FRAME 7" SINGLE SIZE ');
    expect((await h.stores.customers.findByIdentity('user_id', '13085'))?.traits).toEqual({
      country: 'United Kingdom',
    });
    expect(await h.stores.products.get('22350')).toMatchObject({ name: 'CAT BOWL ' });

    const again = await h.run({ file: path.join(h.dir, 'online_retail.csv'), preset: 'online-retail' });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
  });
});
