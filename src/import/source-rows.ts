import type { Readable } from 'node:stream';
import { Parser, type CsvError, type Options } from 'csv-parse';
import type { RowRejectCode } from './field-reader.js';
import { parseJsonLine, setOwn } from './safe-json.js';

/** One row of the file, or a piece of it that is not a row. `line` is 1-based, the CSV header being line 1. */
export type SourceItem =
  | { kind: 'row'; line: number; data: unknown }
  | { kind: 'bad'; line: number; code: RowRejectCode; reason: string; raw: unknown };

/** Longest CSV record or JSONL line; anything longer is a broken file (an unclosed quote), not data. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

type CsvSkipError = CsvError & { code: string; records?: number };

type CsvItem = { fields: string[]; lines: number } | { skip: CsvSkipError; lines: number };

/**
 * csv-parse with each record tagged by csv-parse's line counter (cheaper than its `info` option, which copies
 * all counters per record), and with skipped records kept in the stream, in place, instead of emitted as events.
 */
class NumberedCsvParser extends Parser {
  private lastSkipKey = '';

  constructor(options: Options) {
    // on_skip must be given to the base constructor, before `this` exists: it reaches the instance through `ref`.
    const ref: { parser?: NumberedCsvParser } = {};
    super({ ...options, on_skip: (error) => void (error && ref.parser?.skipped(error as CsvSkipError)) });
    ref.parser = this;
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(chunk, encoding);
    return super.push({ fields: chunk, lines: this.info.lines }, encoding);
  }

  private skipped(error: CsvSkipError): void {
    // An oversized record reports once per byte past the limit: keep the first.
    const key =
      error.code === 'CSV_MAX_RECORD_SIZE'
        ? `${error.code}:${error.records}`
        : `${error.code}:${this.info.lines}`;
    if (key === this.lastSkipKey) return;
    this.lastSkipKey = key;
    super.push({ skip: error, lines: this.info.lines });
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * CSV/TSV records as objects keyed by the (trimmed) header. Short and long records are accepted
 * (`relax_column_count`), stray quotes inside fields too; a record csv-parse cannot read becomes one `bad` item
 * and parsing goes on.
 *
 * Line numbers count LF (so CRLF files count the same). csv-parse's own counter also counts every CR, even one
 * inside a quoted field; the CRs of the fields read so far are subtracted, and a record starts on the line it
 * ends on minus the line breaks inside its fields.
 */
export async function* csvRows(
  stream: Readable,
  delimiter: string,
  onHeader: (columns: string[]) => void,
): AsyncGenerator<SourceItem> {
  const parser = new NumberedCsvParser({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);
  let header: string[] | null = null;
  let extraCrs = 0;
  for await (const item of parser as AsyncIterable<CsvItem>) {
    if ('skip' in item) {
      yield {
        kind: 'bad',
        line: item.lines - extraCrs,
        code: 'invalid_csv',
        reason: item.skip.message,
        raw: null,
      };
      continue;
    }
    let breaks = 0;
    for (const field of item.fields) {
      if (field.includes('\r')) extraCrs += count(field, '\r');
      if (field.includes('\n')) breaks += count(field, '\n');
    }
    const line = item.lines - extraCrs - breaks;
    if (header === null) {
      header = item.fields.map((h) => h.trim());
      onHeader(header);
      continue;
    }
    const data: Record<string, string> = {};
    const n = Math.min(header.length, item.fields.length);
    for (let i = 0; i < n; i++) setOwn(data, header[i] as string, item.fields[i]);
    yield { kind: 'row', line, data };
  }
}

/**
 * JSONL lines, parsed. Blank lines are skipped (they count for line numbers), a BOM is dropped, `\r\n` works;
 * an unparsable or oversized line becomes a `bad` item. Reads chunk by chunk: memory holds one line at most.
 */
export async function* jsonlRows(stream: AsyncIterable<Buffer>): AsyncGenerator<SourceItem> {
  let parts: Buffer[] = [];
  let size = 0;
  let line = 1;
  let tooLong = false;
  const finish = (piece: Buffer): SourceItem | null => {
    const bytes = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
    parts = [];
    size = 0;
    let text = bytes.toString('utf8');
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return null;
    try {
      return { kind: 'row', line, data: parseJsonLine(text) };
    } catch (error) {
      return {
        kind: 'bad',
        line,
        code: 'invalid_json',
        reason: (error as Error).message,
        raw: text.length > 1000 ? `${text.slice(0, 1000)}...` : text,
      };
    }
  };
  const oversized = (): SourceItem => ({
    kind: 'bad',
    line,
    code: 'line_too_long',
    reason: `the line is longer than ${MAX_RECORD_BYTES} bytes`,
    raw: null,
  });
  for await (const chunk of stream) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        const rest = chunk.subarray(start);
        if (!tooLong && size + rest.length > MAX_RECORD_BYTES) {
          tooLong = true;
          parts = [];
          size = 0;
        }
        if (!tooLong && rest.length > 0) {
          parts.push(rest);
          size += rest.length;
        }
        break;
      }
      const piece = chunk.subarray(start, nl);
      if (tooLong || size + piece.length > MAX_RECORD_BYTES) {
        yield oversized();
        tooLong = false;
        parts = [];
        size = 0;
      } else {
        const item = finish(piece);
        if (item) yield item;
      }
      line++;
      start = nl + 1;
    }
  }
  if (tooLong) yield oversized();
  else if (size > 0) {
    const item = finish(Buffer.alloc(0));
    if (item) yield item;
  }
}
