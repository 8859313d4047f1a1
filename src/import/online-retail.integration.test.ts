import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerIdFor } from '../shared/index.js';
import { createHarness, type ImportHarness } from './test-kit.js';
import type { ImportReport } from './types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const dataset = path.resolve(
  repoRoot,
  '../shared/datasets/online-retail-ii/online_retail_II_2009-2010.csv.gz',
);
const present = fs.existsSync(dataset);

/**
 * Facts stated in ../shared/datasets/online-retail-ii/SOURCE.md (not taken from this importer's output):
 * 525,461 data rows; 28,816 distinct invoices; 10,206 rows on `C` (cancellation) invoices; 3 rows on `A`
 * (adjustment) invoices; Customer ID empty on 107,927 rows; 4,383 distinct customers; 4,632 distinct StockCodes.
 * No rows were dropped or cleaned, and every column is well-formed, so nothing should be rejected.
 */
const facts = {
  rows: 525_461,
  invoices: 28_816,
  cancellationRows: 10_206,
  adjustmentRows: 3,
  rowsWithoutCustomer: 107_927,
  customers: 4_383,
  stockCodes: 4_632,
};

describe.skipIf(!present)(`online-retail preset on the UCI Online Retail II file (${dataset})`, () => {
  let h: ImportHarness;
  let report: ImportReport;
  beforeAll(async () => {
    h = await createHarness();
    report = await h.run({ file: dataset, preset: 'online-retail' });
  }, 300_000);
  afterAll(async () => {
    await h?.close();
  });

  it('accounts for every row', () => {
    expect(report).toMatchObject({ rows: facts.rows, accepted: facts.rows, rejected: 0, rejectsFile: null });
    expect(report.details).toMatchObject({
      lines: facts.rows,
      cancellationLines: facts.cancellationRows,
      adjustmentLines: facts.adjustmentRows,
      anonymousLines: facts.rowsWithoutCustomer,
      orders: facts.invoices,
      customersCreated: facts.customers,
      productsCreated: facts.stockCodes,
    });
  });

  it('stores one order per invoice, every line, every customer and product', async () => {
    expect(await h.stores.orders.count()).toBe(facts.invoices);
    expect(await h.stores.orders.countLines()).toBe(facts.rows);
    expect(await h.stores.customers.count()).toBe(facts.customers);
    expect(await h.stores.products.count()).toBe(facts.stockCodes);
    // The file's first data row, read with zcat (not through the importer): 489434,85048,…,12,2009-12-01 07:45:00,6.95,13085,United Kingdom.
    const first = await h.stores.orders.get('489434');
    expect(first).toMatchObject({
      customerId: customerIdFor('13085'),
      kind: 'order',
      placedAt: Date.UTC(2009, 11, 1, 7, 45),
      currency: 'GBP',
      country: 'United Kingdom',
    });
    expect(first?.lines[0]).toMatchObject({ lineNo: 1, productId: '85048', quantity: 12, unitPrice: 6.95 });
  });

  it('changes nothing when imported again', async () => {
    const again = await h.run({ file: dataset, preset: 'online-retail' });
    expect(again).toMatchObject({ rows: facts.rows, inserted: 0, updated: 0, unchanged: facts.invoices });
    expect(again.details).toMatchObject({ customersCreated: 0, productsCreated: 0 });
    expect(await h.stores.orders.countLines()).toBe(facts.rows);
  }, 300_000);
});

describe.skipIf(present)('online-retail integration', () => {
  it(`is skipped: ${dataset} is absent (the dataset lives in ../shared, outside the repository)`, () => {
    expect(present).toBe(false);
  });
});
