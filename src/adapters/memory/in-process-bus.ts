import type { EventBus, SubscribeOptions, Subscription } from '../../shared/event-bus.js';

interface Consumer {
  handler: (messages: unknown[]) => Promise<void>;
  queue: unknown[];
  /** Total weight of `queue`. */
  queued: number;
  weigh: (message: unknown) => number;
  maxBatch: number;
  maxPending: number;
  running: Promise<void> | null;
  delivered: number;
  dropped: number;
  failures: number;
  active: boolean;
}

function weightOf(c: Consumer, messages: readonly unknown[]): number {
  let w = 0;
  for (const m of messages) w += c.weigh(m);
  return w;
}

/**
 * The embedded event bus: per subscriber, a queue drained by one handler call at a time, in publish order.
 * Not durable: after a restart consumers rely on the stores (a full profile rebuild replays every event).
 */
export function createInProcessBus(
  options: { onError?: (subject: string, error: unknown) => void } = {},
): EventBus {
  const subjects = new Map<string, Set<Consumer>>();
  let closed = false;

  const pump = (subject: string, c: Consumer): void => {
    if (c.running || c.queue.length === 0 || !c.active) return;
    c.running = (async () => {
      while (c.queue.length > 0 && c.active) {
        const batch = c.queue.splice(0, c.maxBatch);
        const weight = weightOf(c, batch);
        c.queued -= weight;
        try {
          await c.handler(batch);
          c.delivered += weight;
        } catch (error) {
          c.failures++;
          options.onError?.(subject, error);
        }
      }
    })().finally(() => {
      c.running = null;
      if (c.queue.length > 0) pump(subject, c);
    });
  };

  return {
    publish(subject, messages) {
      if (closed || messages.length === 0) return;
      for (const c of subjects.get(subject) ?? []) {
        for (const m of messages) c.queue.push(m);
        c.queued += weightOf(c, messages);
        while (c.queued > c.maxPending && c.queue.length > 0) {
          const w = c.weigh(c.queue.shift());
          c.queued -= w;
          c.dropped += w;
        }
        // Start on a later turn, so a burst of publishes is handed over as one batch.
        if (!c.running) setImmediate(() => pump(subject, c));
      }
    },
    subscribe(subject, handler, opts: SubscribeOptions = {}): Subscription {
      const c: Consumer = {
        handler,
        queue: [],
        queued: 0,
        weigh: opts.weigh ?? (() => 1),
        maxBatch: opts.maxBatch ?? 5_000,
        maxPending: opts.maxPending ?? 1_000_000,
        running: null,
        delivered: 0,
        dropped: 0,
        failures: 0,
        active: true,
      };
      const set = subjects.get(subject) ?? new Set();
      set.add(c);
      subjects.set(subject, set);
      return {
        pending: () => c.queued,
        stats: () => ({ delivered: c.delivered, dropped: c.dropped, failures: c.failures }),
        unsubscribe() {
          c.active = false;
          set.delete(c);
        },
      };
    },
    async drain() {
      for (;;) {
        const busy = [...subjects].flatMap(([subject, set]) =>
          [...set].map((c) => {
            pump(subject, c);
            return c.running;
          }),
        );
        const running = busy.filter((p): p is Promise<void> => p !== null);
        if (running.length === 0) return;
        await Promise.all(running);
      }
    },
    async close() {
      await this.drain();
      closed = true;
      for (const set of subjects.values()) for (const c of set) c.active = false;
      subjects.clear();
    },
  };
}
