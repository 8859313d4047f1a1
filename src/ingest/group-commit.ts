import { chunkSize, type EventChunk } from './event-chunks.js';

export interface GroupCommitOptions {
  /** Most events in one transaction. */
  maxBatch: number;
  /** How long the first waiting event may wait for company before a commit starts (0: next turn of the loop). */
  maxWaitMs: number;
  /**
   * Commits handed to the store before the first of them has finished (default 1). With more than one, the
   * next group is gathered and sent while the store is still syncing the previous one; a store must then
   * apply appends in the order it received them, as Rapport's writer threads do.
   */
  maxInFlight?: number;
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
  write(events: EventChunk): Promise<void>;
  /** Commits what is queued and waits for commits in flight. */
  drain(): Promise<void>;
}

interface Waiter {
  events: EventChunk;
  size: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: concurrent requests share one transaction. While commits are in flight, new arrivals queue
 * and go together in the next one, so the number of commits per second stays bounded by the disk, not by
 * the request rate.
 */
export function createGroupCommitter(
  append: (chunks: readonly EventChunk[]) => Promise<{ inserted: number | null }>,
  options: GroupCommitOptions,
  onCommit: (stats: CommitStats) => void = () => {},
): GroupCommitter {
  const maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  const queue: Waiter[] = [];
  let queued = 0;
  const inFlight = new Set<Promise<void>>();
  let timer: { cancel(): void } | null = null;

  const take = (): Waiter[] => {
    const taken: Waiter[] = [];
    let count = 0;
    while (queue.length > 0 && (taken.length === 0 || count + (queue[0]?.size ?? 0) <= options.maxBatch)) {
      const w = queue.shift() as Waiter;
      taken.push(w);
      count += w.size;
    }
    queued -= count;
    return taken;
  };

  const commit = async (group: Waiter[]): Promise<void> => {
    const events = group.reduce((n, w) => n + w.size, 0);
    const started = performance.now();
    try {
      const { inserted } = await append(group.map((w) => w.events));
      onCommit({
        events,
        inserted,
        requests: group.length,
        seconds: (performance.now() - started) / 1000,
      });
      for (const w of group) w.resolve();
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  };

  /** Starts one commit of what is queued, if a slot is free. */
  const start = () => {
    timer?.cancel();
    timer = null;
    if (queue.length === 0 || inFlight.size >= maxInFlight) return;
    const running: Promise<void> = commit(take()).finally(() => {
      inFlight.delete(running);
      // Arrivals during a commit already waited for company: the next group starts at once.
      if (queue.length > 0) start();
    });
    inFlight.add(running);
    if (queued >= options.maxBatch) start();
  };

  const schedule = () => {
    if (timer || inFlight.size >= maxInFlight) return;
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
      const size = chunkSize(events);
      if (size === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ events, size, resolve, reject });
        queued += size;
        if (queued >= options.maxBatch) start();
        else schedule();
      });
    },
    async drain() {
      while (queue.length > 0 || inFlight.size > 0) {
        start();
        await Promise.all(inFlight);
      }
    },
  };
}
