import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateShop, type DemoTruth } from '../../src/demo/index.js';
import { runRapport } from './helpers/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-quality-'));
// Seed 3 at this size plants two quantity outliers and one price outlier (most small shops plant none).
const demo = { customers: 300, days: 60, seed: 3, end: '2026-10-31' };

function rapport(args: string[]) {
  return runRapport(dataDir, args);
}

interface Rule {
  rule: string;
  touched: number;
  examples: { id?: string; note?: string }[];
  counts?: Record<string, number>;
  fences?: { lower: number | null; upper: number | null };
}
interface Section {
  rows: number;
  rules: Rule[];
}
type Sources = Record<'customers' | 'products' | 'orderLines' | 'events', Section>;

const rule = (section: Section, name: string): Rule => {
  const found = section.rules.find((r) => r.rule === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
};

describe('rapport prep report against the demo’s planted dirt', () => {
  let truth: DemoTruth;
  let sources: Sources;
  let stdout: string;

  beforeAll(() => {
    const loaded = rapport([
      'demo',
      '--no-serve',
      '--no-models',
      '--json',
      '--customers',
      String(demo.customers),
      '--days',
      String(demo.days),
      '--seed',
      String(demo.seed),
      '--dir',
      dataDir,
    ]);
    expect(loaded.code, loaded.stderr).toBe(0);
    truth = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo', 'truth.json'), 'utf8')) as DemoTruth;
    const report = rapport(['prep', 'report', '--json']);
    expect(report.code, report.stderr).toBe(0);
    stdout = report.stdout;
    sources = (JSON.parse(stdout) as { sources: Sources }).sources;
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('has --help', () => {
    expect(rapport(['prep', '--help']).stdout).toMatch(/Usage: rapport prep[\s\S]*report/);
    const help = rapport(['prep', 'report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--json[\s\S]*--examples <n>[\s\S]*--shop-start[\s\S]*--recent-events/);
  });

  it('finds exactly the planted customer dirt, without showing PII', () => {
    const planted = truth.planted.counts;
    const c = sources.customers;
    expect(c.rows).toBe(demo.customers);
    expect({
      malformedEmails: rule(c, 'email:malformed').touched,
      messyEmails: rule(c, 'email:normalized').touched,
      malformedPhones: rule(c, 'phone:malformed').touched,
      reformattedPhones: rule(c, 'phone:reformatted').touched,
      missingPhones: rule(c, 'phone:missing').touched,
      missingCities: rule(c, 'city:missing').touched,
      // dirt.ts mis-cases first names only; the rule looks at last names too and finds none.
      miscasedNames: rule(c, 'first_name:miscased').touched + rule(c, 'last_name:miscased').touched,
    }).toEqual({
      malformedEmails: planted.malformedEmails,
      messyEmails: planted.messyEmails,
      malformedPhones: planted.malformedPhones,
      reformattedPhones: planted.reformattedPhones,
      missingPhones: planted.missingPhones,
      missingCities: planted.missingCities,
      miscasedNames: planted.miscasedNames,
    });
    expect(planted.malformedEmails).toBeGreaterThan(0);
    expect(rule(c, 'country:invalid').touched).toBe(0);
    for (const email of [
      ...truth.planted.malformedEmails,
      ...Object.values(truth.customers).map((x) => x.email),
    ])
      expect(stdout).not.toContain(email.trim());
  });

  it('finds exactly the planted product and order-line dirt', () => {
    const planted = truth.planted;
    expect(rule(sources.products, 'description:missing').touched).toBe(
      planted.counts.productsWithoutDescription,
    );
    // The demo plants no catalog price dirt; a lognormal catalog can still hold a statistical outlier or two.
    expect(rule(sources.products, 'price:outlier').touched).toBeLessThanOrEqual(sources.products.rows / 100);
    const quantity = rule(sources.orderLines, 'quantity:outlier');
    const price = rule(sources.orderLines, 'unit_price:outlier');
    expect([quantity.touched, price.touched]).toEqual([
      planted.counts.quantityOutliers,
      planted.counts.priceOutliers,
    ]);
    expect(quantity.touched + price.touched).toBeGreaterThan(0);
    // The same lines: examples are `order/line`, noting the product.
    const refs = (r: Rule) =>
      r.examples.map((e) => `${e.id?.split('/')[0]} ${/product (\S+?)[;\s]/.exec(e.note ?? '')?.[1]}`);
    const planted2 = (list: { order_id: string; product_id: string }[]) =>
      list.map((x) => `${x.order_id} ${x.product_id}`);
    expect(refs(quantity).sort()).toEqual(planted2(planted.quantityOutliers).sort());
    expect(refs(price).sort()).toEqual(planted2(planted.priceOutliers).sort());
    expect(quantity.fences).toMatchObject({ lower: 0.1, upper: 10 });
  });

  it('counts every dropped duplicate delivery and finds the late and skewed events', () => {
    const planted = truth.planted.counts;
    const events = sources.events;
    // Every retried message arrived twice; ingest stored it once and counted the other copy.
    expect(rule(events, 'duplicate_delivery_dropped').touched).toBe(planted.duplicateMessages);
    expect(planted.duplicateMessages).toBeGreaterThan(0);

    // delivery.ts delays a late session by at least a day; the rule's threshold is 1 h, so an hourly server-side
    // batch whose first event waited a few seconds over the hour would count too. At least the planted ones.
    const late = rule(events, 'late_arrival');
    expect(late.touched).toBeGreaterThanOrEqual(planted.lateEvents ?? NaN);
    expect(late.counts?.batches).toBeGreaterThanOrEqual(planted.lateBatches ?? NaN);

    // truth counts the messages of every skewed delivery, retries included; the store keeps one copy of each
    // message, so the report should find the distinct messages of skewed deliveries and the deliveries that
    // brought any new message. Regenerate the same shop to list them.
    const shop = generateShop({
      customers: demo.customers,
      days: demo.days,
      seed: demo.seed,
      endDate: Date.parse(`${demo.end}T23:59:59.999Z`),
    });
    expect(shop.truth.planted.counts).toEqual(planted);
    const skewed = new Set(shop.truth.planted.skewedBatches.map((b) => b.index));
    const seen = new Set<string>();
    let skewedMessages = 0;
    let skewedDeliveries = 0;
    shop.events.forEach((delivery, index) => {
      const fresh = delivery.batch.filter((m) => !seen.has(m.messageId)).length;
      for (const m of delivery.batch) seen.add(m.messageId);
      if (skewed.has(index) && fresh > 0) {
        skewedMessages += fresh;
        skewedDeliveries++;
      }
    });
    const skew = rule(events, 'clock_skew_corrected');
    expect(skew.touched).toBe(skewedMessages);
    expect(skew.counts?.batches).toBe(skewedDeliveries);
    expect(skew.touched).toBeLessThanOrEqual(planted.skewedEvents ?? NaN);

    expect(rule(events, 'timestamp:in_future').touched).toBe(0);
    expect(rule(events, 'timestamp:before_shop_start').touched).toBe(0);
  });

  it('prints a table without --json, and one clear error for a bad option', () => {
    const text = rapport(['prep', 'report', '--examples', '1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^customers \(300 rows\)/);
    expect(text.stdout).toMatch(/email:malformed\s+\d+/);
    const bad = rapport(['prep', 'report', '--examples', 'many', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^rapport: error \[invalid_query\] --examples must be an integer/);
    expect(JSON.parse(bad.stdout).error.code).toBe('invalid_query');
  });
});
