import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRows, jsonlRows, MAX_RECORD_BYTES, type SourceItem } from './source-rows.js';

async function collect(items: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A stream that delivers the text in small chunks, to cross chunk boundaries inside lines and characters. */
function chunked(text: string, size = 7): Readable {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

describe('csvRows', () => {
  it('numbers rows by their first line, the header being line 1', async () => {
    let header: string[] = [];
    const text = '\uFEFF a , b \n1,2\n\n"x\ny",3\n\n\n4,"5\n\n6"\n7\n"bad"quote,8\n9,10';
    const items = await collect(csvRows(chunked(text), ',', (h) => (header = h)));
    expect(header).toEqual(['a', 'b']);
    expect(items.map((i) => (i.kind === 'row' ? [i.line, i.data] : [i.line, i.code]))).toEqual([
      [2, { a: '1', b: '2' }],
      [4, { a: 'x\ny', b: '3' }],
      [8, { a: '4', b: '5\n\n6' }],
      [11, { a: '7' }],
      [12, { a: '"bad"quote', b: '8' }],
      [13, { a: '9', b: '10' }],
    ]);
  });

  it('counts CRLF line breaks once, inside quoted fields too', async () => {
    const text = 'a,b\r\n"x\r\ny",1\r\n\r\n"p\rq",2\r\n3,4\r\n';
    const items = await collect(csvRows(chunked(text), ',', () => {}));
    expect(items.map((i) => i.line)).toEqual([2, 5, 6]);
  });

  it('reports an unclosed quote as one bad record', async () => {
    const items = await collect(csvRows(chunked('a,b\n1,2\n"open,3\n4,5\n'), ',', () => {}));
    expect(items[0]).toMatchObject({ kind: 'row', line: 2 });
    expect(items[1]).toMatchObject({ kind: 'bad', code: 'invalid_csv' });
    expect(items).toHaveLength(2);
  });

  it('reads tab-separated values', async () => {
    const items = await collect(csvRows(chunked('a\tb\n1,5\t2\n'), '\t', () => {}));
    expect(items).toEqual([{ kind: 'row', line: 2, data: { a: '1,5', b: '2' } }]);
  });
});

describe('jsonlRows', () => {
  it('parses lines across chunk boundaries, with CRLF, BOM, blank and broken lines', async () => {
    const text = '\uFEFF{"a":"é€😀"}\r\n\n  \n{"b":2}\n{oops}\n[1]\n{"c":3}';
    const items = await collect(jsonlRows(chunked(text, 3)));
    expect(items.map((i) => [i.line, i.kind === 'row' ? i.data : i.code])).toEqual([
      [1, { a: 'é€😀' }],
      [4, { b: 2 }],
      [5, 'invalid_json'],
      [6, [1]],
      [7, { c: 3 }],
    ]);
  });

  it('turns lone surrogates into U+FFFD', async () => {
    const [item] = await collect(jsonlRows(chunked('{"id":"a\\ud800b","\\udc00":1}\n')));
    expect(item).toMatchObject({ kind: 'row', data: { id: 'a\uFFFDb', '\uFFFD': 1 } });
  });

  it('rejects an oversized line without holding it, and goes on', async () => {
    const big = Buffer.alloc(MAX_RECORD_BYTES + 10, 'x');
    const stream = Readable.from([Buffer.from('{"a":1}\n"'), big, Buffer.from('"\n{"b":2}\n')]);
    const items = await collect(jsonlRows(stream));
    expect(items.map((i) => [i.line, i.kind === 'row' ? i.data : i.code])).toEqual([
      [1, { a: 1 }],
      [2, 'line_too_long'],
      [3, { b: 2 }],
    ]);
  });
});
