import type { KnowledgeDocRecord } from '../commerce/ports.js';
import { show, type FieldReader } from './field-reader.js';
import { createKeyedSink } from './keyed-sink.js';
import type { RowSink, SinkContext } from './sink.js';

export const kbFields = ['id', 'title', 'body', 'tags', 'updated_at'] as const;

const MAX_TITLE = 120;

/** Tags as `a|b`, `a, b`, or (JSONL) an array of strings; trimmed, blank ones dropped, each kept once. */
export function readTags(value: unknown, r: FieldReader): string[] {
  if (value === undefined) return [];
  let parts: unknown[];
  if (Array.isArray(value)) parts = value;
  else if (typeof value === 'string') parts = value.includes('|') ? value.split('|') : value.split(',');
  else {
    r.fail('invalid_value', `tags must be text or a list, got ${show(value)}`);
    return [];
  }
  const tags: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string' && typeof part !== 'number') {
      r.fail('invalid_value', `a tag must be text, got ${show(part)}`);
      return [];
    }
    const tag = String(part).trim();
    if (tag.includes('\u0000')) {
      r.fail('invalid_value', 'a tag contains a NUL character');
      return [];
    }
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** The first line of the body, cut to 120 characters: the title of a document that has none. */
function titleFromBody(body: string): string {
  const first = body.trim().split('\n', 1)[0]?.trim() ?? '';
  return first.length > MAX_TITLE ? `${first.slice(0, MAX_TITLE - 3)}...` : first;
}

/** Knowledge-base documents: `id` and `body` required. */
export function createKbSink(ctx: SinkContext): RowSink {
  const { knowledgeBase } = ctx.deps.stores;
  return createKeyedSink<KnowledgeDocRecord>({
    batchSize: ctx.batchSize,
    build({ fields }, r) {
      const id = r.id('id', true);
      const title = r.text('title');
      const body = r.text('body', true);
      const tags = readTags(fields.tags, r);
      const updatedAt = r.time('updated_at', false) ?? ctx.fallbackTime;
      if (r.issue || id === null || body === null) return null;
      return { id, title: title ?? titleFromBody(body), body, tags, updatedAt };
    },
    key: (d) => d.id,
    write: (records) => knowledgeBase.upsert(records),
  });
}
