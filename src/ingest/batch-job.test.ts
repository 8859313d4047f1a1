import { describe, expect, it } from 'vitest';
import { makeEvent } from '../adapters/stores.contract.js';
import { createFieldCipher } from '../privacy/index.js';
import { runBatchJob } from './batch-job.js';
import { appendChunksTo, serializeEvents } from './event-chunks.js';
import type { EventRecord } from './event-types.js';
import type { EventStore } from './ports.js';

const deps = { cipher: createFieldCipher(Buffer.alloc(32, 3)), maxEventBytes: 32 * 1024 };
const job = (text: string) => ({
  text,
  receivedAt: Date.UTC(2026, 10, 29),
  source: 'api:k',
  origin: 'api:/v1/batch',
});

describe('runBatchJob (what a batch worker does to a body)', () => {
  it('serialises the valid events and dead-letters the invalid ones with their reasons', () => {
    const text = JSON.stringify({
      context: { library: { name: 'analytics-node' } },
      batch: [
        { type: 'track', userId: 'u1', event: 'Viewed', messageId: 'm1', traits: { email: 'a@b.co' } },
        { type: 'track', event: 'No identity' },
        { type: 'identify', anonymousId: 'a1', messageId: 'm3' },
      ],
    });
    const result = runBatchJob(job(text), deps);
    if (result.kind !== 'ok') throw new Error(result.kind);
    const events = JSON.parse(`[${result.events.json}]`) as EventRecord[];
    expect(result.events.count).toBe(2);
    expect(events.map((e) => e.messageId)).toEqual(['m1', 'm3']);
    expect(events[0]?.context).toEqual({ library: { name: 'analytics-node' } });
    expect(result.events.json).not.toContain('a@b.co'); // sealed before it leaves the worker
    expect(events[0]?.pii).not.toBeNull();
    expect(result.byType).toEqual([
      ['track', 1],
      ['identify', 1],
    ]);
    expect(result.rejected).toEqual([expect.objectContaining({ index: 1, code: 'missing_identity' })]);
    expect(result.letters).toHaveLength(1);
  });

  it('refuses malformed JSON, prototype poisoning and a wrong envelope as the server parser does', () => {
    expect(runBatchJob(job('{"batch": ['), deps).kind).toBe('invalid_json');
    expect(runBatchJob(job(''), deps).kind).toBe('invalid_json');
    expect(runBatchJob(job('{"batch":[],"__proto__":{"x":1}}'), deps).kind).toBe('invalid_json');
    expect(runBatchJob(job('{"batch":[{"constructor":{"prototype":{}}}]}'), deps).kind).toBe('invalid_json');
    expect(runBatchJob(job('{"batch":[]}'), deps).kind).toBe('empty_batch');
    expect(runBatchJob(job('[1,2]'), deps).kind).toBe('invalid_request');
  });
});

describe('appendChunksTo', () => {
  const a = makeEvent();
  const b = makeEvent();
  const c = makeEvent();

  it('hands a JSON store one text for records and serialised chunks alike', async () => {
    const seen: string[] = [];
    const store = {
      append: () => Promise.reject(new Error('not this one')),
      appendJson: async ({ count, json }: { count: number; json: string }) => {
        seen.push(json);
        return { inserted: count };
      },
    } as unknown as EventStore;
    const result = await appendChunksTo(store)([[a], serializeEvents([b, c]), []]);
    expect(result).toEqual({ inserted: 3 });
    expect(JSON.parse(`[${seen[0]}]`)).toEqual([a, b, c]);
  });

  it('gives any other store records, parsing serialised chunks back', async () => {
    let got: readonly EventRecord[] = [];
    const store = {
      append: async (events: readonly EventRecord[]) => {
        got = events;
        return { inserted: events.length };
      },
    } as unknown as EventStore;
    await appendChunksTo(store)([serializeEvents([a]), [b, c]]);
    expect(got).toEqual([a, b, c]);
  });
});
