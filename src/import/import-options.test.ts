import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/index.js';
import { inferFormat } from './import-file.js';
import { getPreset, listPresets } from './presets.js';
import { createHarness, type ImportHarness } from './test-kit.js';

let h: ImportHarness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe('import options', () => {
  it('infers the format from the name, through .gz', () => {
    expect(inferFormat('a/b/orders.CSV')).toBe('csv');
    expect(inferFormat('x.tsv.gz')).toBe('tsv');
    expect(inferFormat('x.ndjson')).toBe('jsonl');
    expect(inferFormat('x.jsonl.gz')).toBe('jsonl');
    expect(inferFormat('x.xlsx')).toBeNull();
  });

  it('refuses inconsistent options before reading anything', async () => {
    const csv = h.write('o.csv', 'order_id\n1\n');
    expect(await codeOf(h.run({ file: path.join(h.dir, 'missing.csv'), type: 'orders' }))).toBe(
      'import_file_not_found',
    );
    expect(await codeOf(h.run({ file: h.dir, type: 'orders' }))).toBe('import_file_not_found');
    expect(await codeOf(h.run({ file: csv, preset: 'nope' }))).toBe('unknown_preset');
    expect(await codeOf(h.run({ file: csv }))).toBe('invalid_import_options');
    expect(await codeOf(h.run({ file: csv, type: 'customers', preset: 'online-retail' }))).toBe(
      'invalid_import_options',
    );
    expect(await codeOf(h.run({ file: h.write('o.xlsx', 'x'), type: 'orders' }))).toBe(
      'invalid_import_options',
    );
    expect(await codeOf(h.run({ file: csv, type: 'conversations' }))).toBe('invalid_import_options');
    expect(await codeOf(h.run({ file: csv, type: 'orders', map: { order_id: 'order_number' } }))).toBe(
      'invalid_import_options',
    );
    expect(await codeOf(h.run({ file: csv, type: 'orders', batchSize: 0 }))).toBe('invalid_import_options');
    expect(await codeOf(h.run({ file: csv, type: 'orders', rejectsFile: csv }))).toBe(
      'invalid_import_options',
    );
    expect(
      await codeOf(h.run({ file: h.write('e.jsonl', '{}\n'), type: 'events', map: { a: 'type' } })),
    ).toBe('invalid_import_options');
    expect(fs.existsSync(path.join(h.dir, 'o.csv.rejects.jsonl'))).toBe(false);
  });

  it('says which columns a preset or map expects and the file lacks', async () => {
    const file = h.write('retail.csv', 'Invoice,StockCode,Quantity\n1,2,3\n');
    const error = await h.run({ file, preset: 'online-retail' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_import_options',
      details: { absent: ['Description', 'InvoiceDate', 'Price', 'Customer ID', 'Country'] },
    });
  });

  it('fails with a read error on a truncated gzip file, keeping what it wrote', async () => {
    const whole = fs.readFileSync(
      h.write(
        'full.csv.gz',
        'order_id,placed_at,product_id,quantity,unit_price\n' + 'o,2024-01-01,p,1,1\n'.repeat(10),
      ),
    );
    const file = path.join(h.dir, 'cut.csv.gz');
    fs.writeFileSync(file, whole.subarray(0, whole.length - 8));
    const error = await h.run({ file, type: 'orders' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'import_file_unreadable' });
    expect((error as Error).message).toMatch(/to the end/);
  });

  it('has a registry of presets', () => {
    expect(listPresets().map((p) => p.name)).toContain('online-retail');
    expect(getPreset('online-retail').type).toBe('orders');
  });
});
