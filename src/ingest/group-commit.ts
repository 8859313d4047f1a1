import type { EventRecord } from './event-types.js';

export interface GroupCommitOptions {
  /** Most events in one transaction. */
  maxBatch: number;
  /** How long the first waiting event may wait for company before a commit starts (0: next turn of the loop). */
  maxWaitMs: number;
}

export interface CommitStats {
  events: number;
  /** New events, or null when the store deduplicates later (see EventStore.append). */
  inserted: number | null;
  requests: number;
  seconds: number;
}

export interface GroupCommitter {
  /** Resolves once the events are committed (durable), rejects if that commit failed. */
  write(events: readonly EventRecord[]): Promise<void>;
  /** Commits what is queued and waits for commits in flight. */
  drain(): Promise<void>;
}

interface Waiter {
  events: readonly EventRecord[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent requests share one transaction. While a commit is in flight, new arrivals queue
 * and go together in the next one, so the number of commits per second stays bounded by the disk, not by
 * the request rate.
 */
export function createGroupCommitter(
  append: (events: readonly EventRecord[]) => Promise<{ inserted: number | null }>,
  options: GroupCommitOptions,
  onCommit: (stats: CommitStats) => void = () => {},
): GroupCommitter {
  const queue: Waiter[] = [];
  let queued = 0;
  let running: Promise<void> | null = null;
  let timer: { cancel(): void } | null = null;

  const take = (): Waiter[] => {
    const taken: Waiter[] = [];
    let count = 0;
    while (
      queue.length > 0 &&
      (taken.length === 0 || count + (queue[0]?.events.length ?? 0) <= options.maxBatch)
    ) {
      const w = queue.shift() as Waiter;
      taken.push(w);
      count += w.events.length;
    }
    queued -= count;
    return taken;
  };

  const commit = async (): Promise<void> => {
    while (queue.length > 0) {
      const group = take();
      const events = group.length === 1 ? (group[0] as Waiter).events : group.flatMap((w) => w.events);
      const started = performance.now();
      try {
        const { inserted } = await append(events);
        onCommit({
          events: events.length,
          inserted,
          requests: group.length,
          seconds: (performance.now() - started) / 1000,
        });
        for (const w of group) w.resolve();
      } catch (error) {
        for (const w of group) w.reject(error);
      }
    }
  };

  const start = () => {
    timer = null;
    if (running) return;
    running = commit().finally(() => {
      running = null;
      if (queue.length > 0) schedule();
    });
  };

  const schedule = () => {
    if (timer || running) return;
    if (options.maxWaitMs > 0) {
      const handle = setTimeout(start, options.maxWaitMs);
      timer = { cancel: () => clearTimeout(handle) };
    } else {
      const handle = setImmediate(start);
      timer = { cancel: () => clearImmediate(handle) };
    }
  };

  return {
    write(events) {
      if (events.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ events, resolve, reject });
        queued += events.length;
        if (queued >= options.maxBatch && !running) {
          timer?.cancel();
          start();
        } else schedule();
      });
    },
    async drain() {
      while (queue.length > 0 || running) {
        if (!running) {
          timer?.cancel();
          start();
        }
        await running;
      }
    },
  };
}
