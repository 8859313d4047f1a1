import path from 'node:path';
import { AppError, isAppError } from '../shared/index.js';
import { createConversationsSink, conversationFields } from './conversations-sink.js';
import { createCustomerDirectory } from './customer-directory.js';
import { createCustomersSink, customerFields } from './customers-sink.js';
import { createEventsSink, deadLetterRow, eventFields, isEventField } from './events-sink.js';
import { createKbSink, kbFields } from './kb-sink.js';
import { openInput, statInput } from './open-input.js';
import { createOrdersSink, orderFields } from './orders-sink.js';
import { getPreset, type ImportPreset } from './presets.js';
import { createProductDirectory } from './product-directory.js';
import { createProductsSink, productFields } from './products-sink.js';
import { createRejectsWriter, type RejectEntry } from './rejects-writer.js';
import { createReviewsSink, reviewFields } from './reviews-sink.js';
import { checkMapTargets, createRowMapper } from './row-mapper.js';
import type { RowSink, SinkContext } from './sink.js';
import { csvRows, jsonlRows, type SourceItem } from './source-rows.js';
import {
  importFormats,
  importTypes,
  type ImportDeps,
  type ImportFormat,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type ImportType,
} from './types.js';

const DEFAULT_BATCH_SIZE = 1_000;
const MAX_BATCH_SIZE = 100_000;

/** Canonical fields per type: what `--map` may target and what is not an extra column. */
export const canonicalFields: Readonly<Record<ImportType, readonly string[]>> = {
  events: eventFields,
  customers: customerFields,
  products: productFields,
  orders: orderFields,
  reviews: reviewFields,
  kb: kbFields,
  conversations: conversationFields,
};

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalid(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('invalid_import_options', message, details);
}

/** csv, tsv or jsonl from the file name, looking through a `.gz` suffix. */
export function inferFormat(file: string): ImportFormat | null {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  return null;
}

interface Plan {
  type: ImportType;
  format: ImportFormat;
  preset: ImportPreset | null;
  map: Record<string, string>;
  delimiter: string;
  batchSize: number;
  rejectsFile: string;
}

/** Checks the options against each other before anything is read or written. */
function plan(options: ImportOptions): Plan {
  const preset = options.preset === undefined ? null : getPreset(options.preset);
  const type = options.type ?? preset?.type;
  if (type === undefined) throw invalid('Give the import type (--type) or a preset (--preset).');
  if (!(importTypes as readonly string[]).includes(type))
    throw invalid(`Unknown import type "${type}".`, { types: importTypes });
  if (preset && preset.type !== type)
    throw invalid(`Preset ${preset.name} imports ${preset.type}, not ${type}.`);
  const format = options.format ?? preset?.format ?? inferFormat(options.file);
  if (format === null)
    throw invalid(
      `Cannot tell the format of ${options.file} from its name: give --format csv, tsv or jsonl.`,
    );
  if (!(importFormats as readonly string[]).includes(format))
    throw invalid(`Unknown format "${format}".`, { formats: importFormats });
  if (type === 'conversations' && format !== 'jsonl')
    throw invalid('Conversations are imported from JSONL only: each has a list of messages.');
  const map = { ...preset?.map, ...options.map };
  if (type === 'events' && format === 'jsonl' && Object.keys(map).length > 0) {
    throw invalid(
      'JSONL events are Segment messages and are imported as they are: --map and presets apply to CSV events.',
    );
  }
  const fields = canonicalFields[type];
  checkMapTargets(map, type === 'events' ? isEventField : (name) => fields.includes(name), fields);
  const delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : ',');
  if (delimiter.length === 0 || /["\r\n]/.test(delimiter))
    throw invalid('The delimiter must not be empty, a quote or a line break.');
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw invalid(`The batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}.`);
  }
  const rejectsFile = path.resolve(
    options.rejectsFile ??
      path.join(
        options.rejectsDir ?? path.dirname(options.file),
        `${path.basename(options.file)}.rejects.jsonl`,
      ),
  );
  if (rejectsFile === path.resolve(options.file))
    throw invalid('The rejects file cannot be the file being imported.');
  return { type, format, preset, map, delimiter, batchSize, rejectsFile };
}

function createSink(type: ImportType, format: ImportFormat, ctx: SinkContext): RowSink {
  switch (type) {
    case 'events':
      return createEventsSink(ctx, { jsonl: format === 'jsonl' });
    case 'customers':
      return createCustomersSink(ctx);
    case 'products':
      return createProductsSink(ctx);
    case 'orders':
      return createOrdersSink(ctx);
    case 'reviews':
      return createReviewsSink(ctx);
    case 'kb':
      return createKbSink(ctx);
    case 'conversations':
      return createConversationsSink(ctx);
  }
}

/** What the ingestor records for an events row the importer could not even parse. */
const deadLetterCodes = {
  invalid_json: 'invalid_json',
  line_too_long: 'event_too_large',
  invalid_csv: 'invalid_event',
} as const;

/**
 * Streams one file into the stores: rows are parsed incrementally, checked, and written in batches, each batch
 * durable before more is read. Rejected rows go to the rejects file and never stop the import. Re-importing the
 * same file changes nothing: every id, line number and time is derived from the data.
 */
export async function importFile(
  options: ImportOptions,
  deps: ImportDeps,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  const started = deps.clock.now();
  await statInput(options.file);
  const p = plan(options);
  const input = await openInput(options.file);
  const ctx: SinkContext = {
    deps,
    batchSize: p.batchSize,
    source: options.source ?? 'import',
    origin: `import:${path.basename(options.file)}`,
    fallbackTime: input.modifiedAt,
    preset: p.preset,
    customers: createCustomerDirectory(deps.stores.customers, deps.clock),
    products: createProductDirectory(deps.stores.products, deps.clock),
  };
  const sink = createSink(p.type, p.format, ctx);
  const fields = canonicalFields[p.type];
  const mapRow = createRowMapper({
    isCanonical: p.type === 'events' ? isEventField : (name) => fields.includes(name),
    map: p.map,
    defaults: p.preset?.defaults,
    derive: p.preset?.derive,
  });
  const passThrough = p.type === 'events' && p.format === 'jsonl';
  const rejects = createRejectsWriter(p.rejectsFile);
  const counts = { rows: 0, rejected: 0 };
  const rejectsByReason: Record<string, number> = {};

  const reject = async (entry: RejectEntry) => {
    counts.rejected++;
    rejectsByReason[entry.code] = (rejectsByReason[entry.code] ?? 0) + 1;
    await rejects.write(entry);
  };
  const progress = () =>
    onProgress?.({
      bytesRead: input.bytesRead(),
      totalBytes: input.totalBytes,
      rows: counts.rows,
      accepted: counts.rows - counts.rejected,
      rejected: counts.rejected,
    });
  const flush = async (final: boolean) => {
    for (const late of await sink.flush(final)) await reject(late);
    progress();
  };

  let header: string[] | null = null;
  let headerChecked = false;
  const checkHeader = () => {
    headerChecked = true;
    if (header === null) return;
    const present = new Set(header);
    const absent = Object.keys(p.map).filter((column) => !present.has(column));
    if (absent.length > 0) {
      throw invalid(
        `The file has no column ${absent.map((c) => `"${c}"`).join(', ')} (named by ${p.preset ? `preset ${p.preset.name} or ` : ''}--map).`,
        {
          absent,
          header,
        },
      );
    }
  };

  const items: AsyncGenerator<SourceItem> =
    p.format === 'jsonl'
      ? jsonlRows(input.stream)
      : csvRows(input.stream, p.delimiter, (columns) => (header = columns));
  // Only reading is wrapped: a failing store write is an infrastructure error and surfaces as it is.
  const next = async (): Promise<IteratorResult<SourceItem>> => {
    try {
      return await items.next();
    } catch (error) {
      if (isAppError(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new AppError(
        'import_file_unreadable',
        `Could not read ${options.file} to the end: ${message}`,
        { file: options.file, rows: counts.rows },
        { cause: error },
      );
    }
  };
  let rejectsFile: string | null = null;
  try {
    for (let step = await next(); !step.done; step = await next()) {
      const item = step.value;
      if (!headerChecked) checkHeader();
      counts.rows++;
      if (item.kind === 'bad') {
        if (p.type === 'events')
          await deadLetterRow(
            ctx,
            deadLetterCodes[item.code as keyof typeof deadLetterCodes] ?? 'invalid_event',
            item.reason,
            String(item.raw ?? ''),
          );
        await reject({ line: item.line, code: item.code, reason: item.reason, row: item.raw });
      } else if (!passThrough && !isDict(item.data)) {
        await reject({
          line: item.line,
          code: 'not_an_object',
          reason: 'a JSONL row must be an object',
          row: item.data,
        });
      } else {
        const row = passThrough ? { fields: {}, extras: {} } : mapRow(item.data as Record<string, unknown>);
        const issue = sink.add(row, item.line, item.data);
        if (issue) await reject({ line: item.line, code: issue.code, reason: issue.reason, row: item.data });
      }
      if (sink.full) await flush(false);
    }
    if (!headerChecked) checkHeader();
    await flush(true);
  } finally {
    await items.return(undefined);
    input.stream.destroy();
    rejectsFile = await rejects.close();
  }

  const summary = sink.summary();
  return {
    file: options.file,
    type: p.type,
    format: p.format,
    preset: p.preset?.name ?? null,
    rows: counts.rows,
    accepted: counts.rows - counts.rejected,
    rejected: counts.rejected,
    rejectsByReason,
    rejectsFile,
    inserted: summary.inserted,
    updated: summary.updated,
    unchanged: summary.unchanged,
    seconds: (deps.clock.now() - started) / 1000,
    details: summary.details,
  };
}
