import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser } from './sse-parser.js';

const stream =
  'data: {"a":1}\r\n\r\n: keep-alive comment\n\ndata: line one\ndata: line two\n\nevent: x\ndata:[DONE]\n\ndata: cut';

describe('createSseParser', () => {
  it('splits events at blank lines, joins multi-line data, skips comments, drops an unfinished event', () => {
    expect(createSseParser().push(stream)).toEqual(['{"a":1}', 'line one\nline two', '[DONE]']);
  });

  it('gives the same events however the text is split, \\r\\n included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 30 }), (cuts) => {
        const parser = createSseParser();
        const at = [...new Set(cuts)].sort((a, b) => a - b);
        const events: string[] = [];
        let from = 0;
        for (const cut of [...at, stream.length]) {
          events.push(...(parser.push(stream.slice(from, cut)) ?? []));
          from = cut;
        }
        expect(events).toEqual(['{"a":1}', 'line one\nline two', '[DONE]']);
      }),
    );
  });

  it('gives up (null) on a line or event beyond the size limit instead of buffering without end', () => {
    const parser = createSseParser(100);
    expect(parser.push('data: ok\n\n')).toEqual(['ok']);
    expect(parser.push('data: ' + 'x'.repeat(200))).toBeNull();
    const events = createSseParser(100);
    expect(events.push('data: ' + 'y'.repeat(60) + '\n')).toEqual([]);
    expect(events.push('data: ' + 'z'.repeat(60) + '\n')).toBeNull();
  });
});
