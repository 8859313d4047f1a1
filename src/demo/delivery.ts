import type { Rng } from '../shared/index.js';
import { DAY, HOUR, MINUTE, iso, type TimeWindow } from './calendar.js';
import { uniform } from './distributions.js';
import type { SimEvent } from './recorder.js';
import type { DemoEventBatch, SegmentMessage } from './types.js';

/** Client libraries flush after this many messages; the email provider batches up to the API's limit. */
const clientFlushAt = 20;
const serverFlushAt = 100;

export interface DeliveryRates {
  /** Share of app sessions buffered offline and delivered days later. */
  late: number;
  /** Share of batches sent by a client whose clock is off. */
  skew: number;
  /** Share of batches re-sent after a lost acknowledgement. */
  retry: number;
}

export const defaultDeliveryRates: DeliveryRates = { late: 0.04, skew: 0.02, retry: 0.012 };

export interface Delivery {
  batches: DemoEventBatch[];
  receivedAt: number[];
  /** Unique messages, oldest first. */
  messages: SegmentMessage[];
  duplicateMessageIds: string[];
  lateMessageIds: string[];
  lateBatches: number;
  skewedBatches: { index: number; offsetMs: number }[];
  skewedMessages: number;
  retryBatches: number;
}

interface Pending {
  messages: SegmentMessage[];
  times: number[];
  sentMs: number;
  receivedMs: number;
  offsetMs: number;
  late: boolean;
  order: number;
}

function stamp(e: SimEvent, messageId: string): SegmentMessage {
  e.msg.messageId = messageId;
  e.msg.timestamp = iso(e.ms);
  return e.msg;
}

/** Splits events into the batches clients would send, then plants late arrivals, clock skew and retries. */
export function deliver(
  rng: Rng,
  events: readonly SimEvent[],
  window: TimeWindow,
  messageId: () => string,
  rates: DeliveryRates = defaultDeliveryRates,
): Delivery {
  const sorted = [...events].sort((a, b) => a.ms - b.ms);
  const messages = sorted.map((e) => stamp(e, messageId()));
  const pending: Pending[] = [];
  let order = 0;
  const clampEnd = (ms: number): number => Math.min(window.end, ms);
  const push = (idx: number[], delayMs: number, late: boolean) => {
    const last = sorted[idx[idx.length - 1] ?? 0]?.ms ?? window.start;
    const sentMs = clampEnd(last + delayMs + Math.floor(uniform(rng, 0.2, 8) * 1000));
    pending.push({
      messages: idx.map((i) => messages[i] as SegmentMessage),
      times: idx.map((i) => sorted[i]?.ms ?? 0),
      sentMs,
      receivedMs: clampEnd(sentMs + rng.int(20, 600)),
      offsetMs: 0,
      late,
      order: order++,
    });
  };

  // Client sessions, in the order their first event happened; the email provider's stream separately.
  const sessions = new Map<number, number[]>();
  const server: number[] = [];
  sorted.forEach((e, i) => {
    if (e.stream === 0) server.push(i);
    else {
      const list = sessions.get(e.session);
      if (list) list.push(i);
      else sessions.set(e.session, [i]);
    }
  });
  let lateBatches = 0;
  const lateMessageIds: string[] = [];
  for (const idx of sessions.values()) {
    const first = sorted[idx[0] ?? 0];
    const endMs = sorted[idx[idx.length - 1] ?? 0]?.ms ?? window.start;
    let delay = 0;
    if (first?.offline && rng.bool(rates.late)) {
      delay = Math.min(Math.floor(uniform(rng, 1, 5) * DAY), window.end - endMs - MINUTE);
      if (delay < DAY) delay = 0;
    }
    for (let k = 0; k < idx.length; k += clientFlushAt) {
      const chunk = idx.slice(k, k + clientFlushAt);
      push(chunk, delay, delay > 0);
      if (delay > 0) {
        lateBatches++;
        for (const i of chunk) lateMessageIds.push(messages[i]?.messageId ?? '');
      }
    }
  }
  let chunk: number[] = [];
  for (const i of server) {
    const firstMs = sorted[chunk[0] ?? i]?.ms ?? 0;
    if (chunk.length >= serverFlushAt || (sorted[i]?.ms ?? 0) - firstMs > HOUR) {
      push(chunk, 0, false);
      chunk = [];
    }
    chunk.push(i);
  }
  if (chunk.length > 0) push(chunk, 0, false);

  // Clock skew: the client's clock is off, so sentAt and every timestamp in the batch move together.
  const inWindow = (ms: number): boolean => ms >= window.start && ms <= window.end;
  for (const b of pending) {
    if (!rng.bool(rates.skew)) continue;
    const size = rng.pick([
      uniform(rng, 2, 30) * MINUTE,
      uniform(rng, 1, 12) * HOUR,
      uniform(rng, 1, 3) * DAY,
    ]);
    const lo = Math.min(...b.times);
    for (const sign of rng.bool(0.5) ? [1, -1] : [-1, 1]) {
      const off = Math.floor(sign * size);
      if (inWindow(lo + off) && inWindow(b.sentMs + off)) {
        b.offsetMs = off;
        b.messages = b.messages.map((m, j) => ({ ...m, timestamp: iso((b.times[j] ?? 0) + off) }));
        break;
      }
    }
  }

  // Retries: the acknowledgement was lost, so the same messages (same messageIds) arrive again a little later.
  const duplicateMessageIds: string[] = [];
  let retryBatches = 0;
  for (const b of [...pending]) {
    if (!rng.bool(rates.retry)) continue;
    const wait = Math.floor(uniform(rng, 2, 600) * 1000);
    if (b.sentMs + wait + b.offsetMs > window.end || b.receivedMs + wait > window.end) continue;
    pending.push({
      ...b,
      messages: b.messages.map((m) => structuredClone(m)),
      sentMs: b.sentMs + wait,
      receivedMs: b.receivedMs + wait,
      order: order++,
    });
    retryBatches++;
    for (const m of b.messages) duplicateMessageIds.push(m.messageId);
  }

  pending.sort((a, b) => a.receivedMs - b.receivedMs || a.order - b.order);
  const skewedBatches: Delivery['skewedBatches'] = [];
  let skewedMessages = 0;
  const batches = pending.map((b, index) => {
    if (b.offsetMs !== 0) {
      skewedBatches.push({ index, offsetMs: b.offsetMs });
      skewedMessages += b.messages.length;
    }
    return { sentAt: iso(b.sentMs + b.offsetMs), batch: b.messages };
  });
  return {
    batches,
    receivedAt: pending.map((b) => b.receivedMs),
    messages,
    duplicateMessageIds,
    lateMessageIds,
    lateBatches,
    skewedBatches,
    skewedMessages,
    retryBatches,
  };
}
