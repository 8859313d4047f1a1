import type { EventRecord } from './event-types.js';
import { touchOf, type EventTouch } from './event-touches.js';
import type { EventStore } from './ports.js';

/** Events already serialised off the main thread: records as JSON objects joined by commas, no brackets. */
export interface SerializedEvents {
  readonly count: number;
  readonly json: string;
  /** The events' touches, one per event in order, when the serialising thread built them (batch workers do). */
  readonly touches?: readonly EventTouch[];
}

/** What one request hands to the group committer. */
export type EventChunk = readonly EventRecord[] | SerializedEvents;

export function chunkSize(chunk: EventChunk): number {
  return isSerialized(chunk) ? chunk.count : chunk.length;
}

function isSerialized(chunk: EventChunk): chunk is SerializedEvents {
  return !Array.isArray(chunk);
}

/** Serialises records the way the batch workers do, so chunks of both kinds concatenate. */
export function serializeEvents(events: readonly EventRecord[]): SerializedEvents {
  return { count: events.length, json: JSON.stringify(events).slice(1, -1) };
}

/** `serializeEvents` plus the touches of the events, for a chunk that crosses from a worker thread. */
export function serializeWithTouches(events: readonly EventRecord[]): SerializedEvents {
  return { ...serializeEvents(events), touches: events.map(touchOf) };
}

/**
 * Record chunks serialised once: the journal append and the live-profile handover both need a chunk's JSON, and a
 * second JSON.stringify of every event cost the event loop as much as parsing its request.
 */
const serializedChunks = new WeakMap<readonly EventRecord[], SerializedEvents>();

/**
 * The group committer's append over a store: one store call for the chunks of one commit. A store that takes
 * serialised events gets one JSON text (records are serialised here); any other gets records (serialised
 * chunks are parsed back, which only happens if batch workers run in front of such a store).
 */
export function appendChunksTo(
  store: EventStore,
): (chunks: readonly EventChunk[]) => Promise<{ inserted: number | null }> {
  const appendJson = store.appendJson?.bind(store);
  if (appendJson) {
    return (chunks) => {
      const parts: string[] = [];
      let count = 0;
      for (const chunk of chunks) {
        const serialized = chunkJson(chunk);
        if (serialized.count === 0) continue;
        parts.push(serialized.json);
        count += serialized.count;
      }
      return appendJson({ count, json: parts.join(',') });
    };
  }
  return (chunks) =>
    store.append(
      chunks.flatMap((chunk) =>
        isSerialized(chunk) ? (JSON.parse(`[${chunk.json}]`) as EventRecord[]) : chunk,
      ),
    );
}

/** A chunk as serialised records (record arrays are serialised here), e.g. to hand it to another thread. */
export function chunkJson(chunk: EventChunk): SerializedEvents {
  if (isSerialized(chunk)) return chunk;
  let serialized = serializedChunks.get(chunk);
  if (serialized === undefined) serializedChunks.set(chunk, (serialized = serializeEvents(chunk)));
  return serialized;
}

/** What the server's consumers read of each event of a chunk; a serialised chunk without touches is parsed. */
export function chunkTouches(chunk: EventChunk): readonly EventTouch[] {
  if (!isSerialized(chunk)) return chunk.map(touchOf);
  return chunk.touches ?? chunkRecords(chunk).map(touchOf);
}

/** The records of a chunk (serialised chunks are parsed: only consumers that need records pay for it). */
export function chunkRecords(chunk: EventChunk): readonly EventRecord[] {
  return isSerialized(chunk) ? (JSON.parse(`[${chunk.json}]`) as EventRecord[]) : chunk;
}
