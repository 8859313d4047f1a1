import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRapport } from './helpers/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rfm-'));

function rapport(args: string[], env: Record<string, string> = {}) {
  return runRapport(dataDir, args, env);
}

// Online Retail II layout. Invoice 1002 (customer 7, 2010-12-09 20:01) is the last order: the cancellation C1004
// and the anonymous 1011 come later but are not orders. Invoice 1005 has a returned line and a free line, which
// do not count towards monetary.
const ORDERS = `Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country
1001,A,Mug,2,2010-12-01 10:00:00,1.5,3,United Kingdom
1001,B,Cup,1,2010-12-01 10:00:00,2.0,3,United Kingdom
1002,A,Mug,1,2010-12-09 20:01:00,10,7,France
1003,C,Jug,3,2010-11-01 09:00:00,5,7,France
C1004,A,Mug,-1,2010-12-09 21:00:00,10,8,United Kingdom
1005,A,Mug,4,2010-10-01 08:00:00,2.5,8,United Kingdom
1005,A,Mug,-2,2010-10-01 08:00:00,2.5,8,United Kingdom
1005,D,Gift,1,2010-10-01 08:00:00,0,8,United Kingdom
1006,E,Lamp,1,2010-12-09 08:00:00,100,12,Germany
1007,A,Mug,2,2010-06-15 12:00:00,3,45,Spain
1008,A,Mug,1,2010-06-16 12:00:00,1,45,Spain
1009,A,Mug,1,2010-07-01 12:00:00,1,45,Spain
1010,F,Chair,5,2010-12-05 12:00:00,20,100,United Kingdom
1011,A,Mug,1,2010-12-09 22:00:00,50,,United Kingdom
`;

describe('rapport rfm export', () => {
  beforeAll(() => {
    const file = path.join(dataDir, 'orders.csv');
    fs.writeFileSync(file, ORDERS);
    const imported = rapport(['import', file, '--preset', 'online-retail', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 14, rejected: 0 });
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('has --help', () => {
    for (const command of [['rfm'], ['rfm', 'export']]) {
      const r = rapport([...command, '--help']);
      expect(r.code, command.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: rapport rfm/);
    }
    expect(rapport(['rfm', 'export', '--help']).stdout).toMatch(/--as-of[\s\S]*--json/);
  });

  it('writes every customer with an order, sorted by numeric customer id, and prints only JSON', () => {
    const out = path.join(dataDir, 'exports', 'rfm.csv');
    const r = rapport(['rfm', 'export', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({
      file: out,
      customers: 6,
      asOf: '2010-12-10',
      lastOrderAt: '2010-12-09T20:01:00.000Z',
    });
    expect(summary.segments).toMatchObject({
      'About to Sleep': 1,
      Champions: 1,
      Hibernating: 1,
      'Potential Loyalist': 1,
      'At Risk': 1,
      Loyal: 1,
      Lost: 0,
    });
    // By hand from docs/rfm.md (n = 6: the qcut edges 2, 3, 4, 5, 6 fall on ranks, so ranks 1 and 2 share bin 1); the same
    // rows come out of scripts/rfm-check/rfm_reference.py (pandas) run on ORDERS.
    expect(fs.readFileSync(out, 'utf8')).toBe(
      [
        'customer_id,recency,frequency,monetary,r,f,m,segment',
        '3,9,1,5,3,1,1,About to Sleep',
        '7,1,2,25,5,4,3,Champions',
        '8,70,1,10,2,1,2,Hibernating',
        '12,1,1,100,5,2,4,Potential Loyalist',
        '45,162,3,8,1,5,1,At Risk',
        '100,5,1,100,4,3,5,Loyal',
        '',
      ].join('\n'),
    );
  });

  it('--as-of leaves out the orders from that day on', () => {
    const out = path.join(dataDir, 'rfm-early.csv');
    const r = rapport(['rfm', 'export', '--out', out, '--as-of', '2010-12-05']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/RFM of 4 customers/);
    expect(r.stdout).toMatch(/as of 2010-12-05; last order counted 2010-12-01T10:00:00.000Z/);
    const rows = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').slice(0, 3).join(','));
    expect(rows).toEqual(['3,4,1', '7,34,1', '8,65,1', '45,157,3']);
  });

  it('rejects an impossible --as-of with one clear line, and JSON under --json', () => {
    const out = path.join(dataDir, 'never.csv');
    const r = rapport(['rfm', 'export', '--out', out, '--as-of', '2010-02-30', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^rapport: error \[invalid_query\] --as-of must be a calendar date/);
    expect(JSON.parse(r.stdout).error.code).toBe('invalid_query');
    expect(fs.existsSync(out)).toBe(false);
    expect(rapport(['rfm', 'export']).stderr).toMatch(/--out/);
  });

  it('with no orders writes the header only', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rfm-empty-'));
    try {
      const out = path.join(empty, 'rfm.csv');
      const r = rapport(['rfm', 'export', '--out', out, '--json'], { RAPPORT_DATA_DIR: empty });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ customers: 0, asOf: null, lastOrderAt: null });
      expect(fs.readFileSync(out, 'utf8')).toBe('customer_id,recency,frequency,monetary,r,f,m,segment\n');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
