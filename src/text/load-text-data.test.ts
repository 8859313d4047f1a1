import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { formatOf, loadTextData } from './load-text-data.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-text-data-'));
const file = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('loadTextData', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads TSV without quoting, each line split on its last separator (protocol P3)', () => {
    const p = file('s.txt', 'Great "phone"\tfor me\t1\nBad.\t0\n\n');
    expect(loadTextData(p, { format: 'tsv', header: false, textCol: '1', labelCol: '2' })).toEqual({
      texts: ['Great "phone"\tfor me', 'Bad.'],
      labels: ['1', '0'],
    });
  });

  it('with a header, a TSV row has the header columns: spare ones stay apart, tabs beyond them join the text', () => {
    const p = file(
      'h.tsv',
      'text\tlabel\tsource\nwhere is my parcel\torder_status\tweb\nhi\tthere\tgreeting\tapp\n',
    );
    expect(loadTextData(p, { format: 'tsv', header: true, textCol: 'text', labelCol: 'label' })).toEqual({
      texts: ['where is my parcel', 'hi\tthere'],
      labels: ['order_status', 'greeting'],
    });
  });

  it('reads quoted CSV with a header, gzipped too, and JSON lines', () => {
    const csv = 'text,category\n"Hi, where is my card?",card_arrival\nrefund pls,refund\n';
    const data = { texts: ['Hi, where is my card?', 'refund pls'], labels: ['card_arrival', 'refund'] };
    const opts = { format: 'csv' as const, header: true, textCol: 'text', labelCol: 'category' };
    expect(loadTextData(file('a.csv', csv), opts)).toEqual(data);
    expect(loadTextData(file('a.csv.gz', gzipSync(csv)), opts)).toEqual(data);
    const jsonl = '{"t":"Hi, where is my card?","y":"card_arrival"}\n\n{"t":"refund pls","y":"refund"}\n';
    expect(
      loadTextData(file('a.jsonl', jsonl), { format: 'jsonl', header: true, textCol: 't', labelCol: 'y' }),
    ).toEqual(data);
    expect(formatOf('x.JSONL.gz')).toBe('jsonl');
    expect(formatOf('x.txt')).toBe('tsv');
    expect(formatOf('x.data')).toBe('csv');
  });

  it('names the line and the problem of bad input', () => {
    const opts = { format: 'csv' as const, header: true, textCol: 'text', labelCol: 'label' };
    expect(() => loadTextData(file('b.csv', 'text,label\nok,1\nmissing,\n'), opts)).toThrow(
      /line 3: the label is empty/,
    );
    expect(() => loadTextData(file('c.csv', 'text,other\nok,1\n'), opts)).toThrow(/no column "label"/);
    expect(() => loadTextData(file('d.csv', 'text,label\n'), opts)).toThrow(/no labelled rows/);
    expect(() =>
      loadTextData(file('e.jsonl', '{"text":"a","label":"x"}\n{oops\n'), { ...opts, format: 'jsonl' }),
    ).toThrow(/line 2 is not valid JSON/);
    expect(() =>
      loadTextData(file('f.jsonl', '{"text":5,"label":"x"}\n'), { ...opts, format: 'jsonl' }),
    ).toThrow(/text is not a string/);
    expect(() => loadTextData(path.join(dir, 'nope.csv'), opts)).toThrow(/cannot read/);
    expect(() =>
      loadTextData(file('g.tsv', 'a\t1\n'), { ...opts, format: 'tsv', header: false, textCol: '0' }),
    ).toThrow(/numbers from 1/);
  });
});
