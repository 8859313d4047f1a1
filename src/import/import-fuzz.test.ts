import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorCode } from '../shared/index.js';
import { rowRejectCodes } from './field-reader.js';
import { canonicalFields } from './import-file.js';
import { createHarness, type ImportHarness } from './test-kit.js';
import type { ImportType } from './types.js';

/** Strings that have broken importers: injections, formula prefixes, odd Unicode, numbers that are not. */
const hostile = fc.constantFrom(
  "'; DROP TABLE orders; --",
  '" OR 1=1 --',
  '=HYPERLINK("http://evil.test")',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  'e\u0301',
  '𝕏😀👩‍👩‍👧',
  '\u202Eevil',
  '\uFEFF',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x10',
  '1,5',
  '   ',
  '\t',
  '\r\n',
  '"',
  '""',
  ',',
  '\\',
  '2024-02-30',
  '2024-01-01 10:00:00',
  '1709373600000',
  '99999999999999999999',
  'x'.repeat(300),
);

const cell = fc.oneof(
  { weight: 3, arbitrary: hostile },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: 10 }).map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: false }).map(String) },
  { weight: 1, arbitrary: fc.constant('') },
);

const jsonCell = fc.oneof(
  { weight: 4, arbitrary: cell },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, true, 0, -1, 6, 1e300, [], {}, ['a', 1], { nested: { deeper: [null] } }),
  },
);

function keysFor(type: ImportType): fc.Arbitrary<string> {
  const canonical = canonicalFields[type];
  const extra =
    type === 'events'
      ? ['properties.price', 'context.page.url', 'traits.plan', 'coupon']
      : ['extra', '__proto__', 'toString', 'Email'];
  return fc.constantFrom(...canonical, ...canonical, ...extra);
}

const rowFor = (type: ImportType, value: fc.Arbitrary<unknown>) =>
  fc.dictionary(keysFor(type), value, { maxKeys: 10 });

function quote(value: unknown): string {
  const text = String(value);
  return `"${text.replace(/"/g, '""')}"`;
}

/** A CSV file and the line on which each record starts. */
function toCsv(rows: readonly Record<string, unknown>[]): { text: string; starts: number[] } {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (columns.length === 0) columns.push('id');
  let text = columns.map(quote).join(',') + '\n';
  let line = 2 + (text.match(/\n/g)?.length ?? 1) - 1;
  const starts: number[] = [];
  for (const row of rows) {
    const record = columns.map((c) => quote(row[c] ?? '')).join(',') + '\n';
    // An all-empty record is a record of empty fields, not a blank line: it is quoted.
    starts.push(line);
    text += record;
    line += record.match(/\n/g)?.length ?? 0;
  }
  return { text, starts };
}

const knownCode = (code: string) => (rowRejectCodes as readonly string[]).includes(code) || isErrorCode(code);

let h: ImportHarness;
let n = 0;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

async function checkImport(
  type: ImportType,
  name: string,
  text: string,
  rowCount: number | null,
  lines: ReadonlySet<number>,
) {
  const file = h.write(`${++n}-${name}`, text);
  const report = await h.run({ file, type });
  expect(report.accepted + report.rejected).toBe(report.rows);
  if (rowCount !== null) expect(report.rows).toBe(rowCount);
  const rejects = h.rejects(report);
  expect(rejects).toHaveLength(report.rejected);
  expect(report.rejectsFile !== null).toBe(report.rejected > 0);
  if (report.rejectsFile === null) expect(fs.existsSync(`${file}.rejects.jsonl`)).toBe(false);
  expect(Object.values(report.rejectsByReason).reduce((a, b) => a + b, 0)).toBe(report.rejected);
  for (const r of rejects) {
    expect(knownCode(r.code), r.code).toBe(true);
    expect(typeof r.reason).toBe('string');
    expect(lines.has(r.line), `line ${r.line}`).toBe(true);
  }
  expect(new Set(rejects.map((r) => r.line)).size).toBe(rejects.length);
  // Whatever was accepted is stored deterministically: a second run changes nothing.
  const again = await h.run({ file, type });
  expect(again).toMatchObject({ rows: report.rows, accepted: report.accepted, inserted: 0, updated: 0 });
}

const csvTypes: ImportType[] = ['orders', 'customers', 'products', 'reviews', 'kb', 'events'];
const jsonlTypes: ImportType[] = [...csvTypes, 'conversations'];

describe('import of hostile input', () => {
  for (const type of csvTypes) {
    it(`never throws on CSV ${type}, and accounts for every row`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(rowFor(type, cell), { minLength: 1, maxLength: 25 }), async (rows) => {
          const { text, starts } = toCsv(rows);
          await checkImport(type, `${type}.csv`, text, rows.length, new Set(starts));
        }),
        { numRuns: 15 },
      );
    });
  }

  for (const type of jsonlTypes) {
    it(`never throws on JSONL ${type}, and accounts for every line`, async () => {
      const message = fc.record({
        messages: fc.array(
          fc.dictionary(fc.constantFrom('seq', 'role', 'body', 'created_at', '__proto__'), jsonCell, {
            maxKeys: 4,
          }),
          { maxLength: 4 },
        ),
      });
      const line = fc.oneof(
        { weight: 6, arbitrary: rowFor(type, jsonCell).map((r) => JSON.stringify(r)) },
        {
          weight: type === 'conversations' ? 3 : 0,
          arbitrary: fc
            .tuple(rowFor(type, jsonCell), message)
            .map(([r, m]) => JSON.stringify({ ...r, ...m })),
        },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, ' ')) },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 25 }), async (lines) => {
          const numbered = lines
            .map((l, i) => [i + 1, l] as const)
            .filter(([, l]) => l.replace(/^\uFEFF/, '').trim() !== '');
          await checkImport(
            type,
            `${type}.jsonl`,
            lines.join('\n'),
            numbered.length,
            new Set(numbered.map(([i]) => i)),
          );
        }),
        { numRuns: 15 },
      );
    });
  }

  it('never throws on arbitrary bytes as CSV', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.constantFrom<ImportType>('orders', 'products', 'events'),
        async (bytes, type) => {
          const text = Buffer.from(bytes);
          const file = h.write(`${++n}-bytes.csv`, text);
          const report = await h.run({ file, type });
          expect(report.accepted + report.rejected).toBe(report.rows);
          for (const r of h.rejects(report)) expect(knownCode(r.code)).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});
