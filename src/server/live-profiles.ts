import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { chunkJson, chunkRecords, chunkSize, type EventChunk } from '../ingest/index.js';
import type { ProfileService, SegmentService } from '../profiles/index.js';
import { openWorkerChannel, type EventBus, type Subscription, type WorkerChannel } from '../shared/index.js';
import { pipelineCanRunInWorker, workerConfig } from './pipeline-thread.js';

/** One call to the live-profiles thread: accepted events, serialised (records joined by commas, no brackets). */
export interface LiveApplyRequest {
  json: string;
  /** More events wait behind these: the touched profiles may stay in memory for the next call. */
  defer: boolean;
}
/** What the thread did, or why the update failed (the thread itself stays up, with what it keeps in memory). */
export type LiveApplyReply = { events: number; profiles: number } | { failed: string };
export interface LiveProfilesWorkerData {
  config: Config;
}

/** How long a closing thread may take before it is stopped. */
const CLOSE_GRACE_MS = 30_000;

async function closeChannel(c: WorkerChannel<LiveApplyRequest, LiveApplyReply, never>): Promise<void> {
  const force = setTimeout(() => void c.terminate(), CLOSE_GRACE_MS);
  force.unref();
  try {
    await c.close();
  } catch {
    await c.terminate();
  } finally {
    clearTimeout(force);
  }
}

/** Most chunks (one per request) handed over in one call: large calls spread the per-call costs. */
const MAX_CHUNKS_PER_CALL = 200;

/**
 * Keeps the live updater within `share` of a core while events keep arriving: after a call that took `took` ms, the
 * next one starts no sooner than `took * (1 / share - 1)` ms later. Work queued meanwhile goes in that next call.
 */
export function createPacer(share: number, now: () => number = () => performance.now()) {
  let nextAt = 0;
  return {
    async wait(): Promise<void> {
      const ms = nextAt - now();
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    },
    done(startedAt: number): void {
      const end = now();
      nextAt = end + (end - startedAt) * (1 / share - 1);
    },
  };
}

/**
 * Live profile upkeep: a consumer of accepted events that applies them to profiles and the rule segments of the
 * customers they touch. By default the work runs on a worker thread of its own with its own store connections, so
 * the server's event loop only hands events over; it is paced to a share of a core, and events beyond
 * `liveMaxPending` are skipped (counted in /metrics; the next full rebuild, e.g. the scheduled pipeline, has them).
 */
export function subscribeLiveProfiles(deps: {
  bus: EventBus;
  subject: string;
  config: Config;
  profiles: ProfileService;
  segments: SegmentService;
  logger: Logger;
  /** False when the runtime was given a clock of its own, which a thread cannot share. */
  threadAllowed: boolean;
}): {
  subscription: Subscription;
  /** Stops pacing: the bus is about to be drained for shutdown. */
  beginClose(): void;
  /** Closes the thread (after the bus was drained). */
  close(): Promise<void>;
} {
  const { config } = deps;
  const useThread = config.profiles.liveThread && deps.threadAllowed && pipelineCanRunInWorker(config);
  let channel: Promise<WorkerChannel<LiveApplyRequest, LiveApplyReply, never>> | null = null;
  const openChannel = () =>
    (channel ??= openWorkerChannel<LiveApplyRequest, LiveApplyReply, never, never>(
      { callerUrl: import.meta.url, name: 'live-profiles-worker' },
      { config: workerConfig(config) } satisfies LiveProfilesWorkerData,
    ));
  const pacer = createPacer(config.profiles.liveBusyShare);
  let closing = false;
  let closed = false;
  let warnedAt = -Infinity;
  let droppedSeen = 0;

  const subscription = deps.bus.subscribe(
    deps.subject,
    async (messages) => {
      if (closed) return;
      const chunks = messages as EventChunk[];
      // Shutting down, the rest of the backlog goes at full speed (nothing else is served any more).
      if (!closing) await pacer.wait();
      const started = performance.now();
      // While more events wait, profiles they touch again are written once; the last call of a burst writes them.
      const defer = subscription.pending() > 0;
      try {
        if (useThread) {
          const parts: string[] = [];
          for (const chunk of chunks) {
            const s = chunkJson(chunk);
            if (s.count > 0) parts.push(s.json);
          }
          if (parts.length > 0 || !defer) {
            const open = openChannel();
            let reply: LiveApplyReply;
            try {
              reply = await (await open).call({ json: parts.join(','), defer });
            } catch (error) {
              // The thread died or could not open its stores: the next call gets a fresh one; this one is closed, or
              // stopped if it does not close.
              if (channel === open) channel = null;
              void open.then((c) => closeChannel(c)).catch(() => {});
              throw error;
            }
            // An update that failed leaves the thread as it was (profiles waiting stay waiting).
            if ('failed' in reply) throw new Error(reply.failed);
          }
        } else {
          const summary = await deps.profiles.update(
            chunks.flatMap((c) => chunkRecords(c)),
            { defer },
          );
          await deps.segments.refreshForCustomers(summary.customerIds);
        }
      } finally {
        pacer.done(started);
      }
      const { dropped } = subscription.stats();
      if (dropped > droppedSeen && performance.now() - warnedAt > 60_000) {
        warnedAt = performance.now();
        deps.logger.warn(
          { skipped: dropped - droppedSeen, maxPending: config.profiles.liveMaxPending },
          'live profile updates fell behind and skipped events; the next profile rebuild includes them',
        );
        droppedSeen = dropped;
      }
    },
    {
      maxBatch: MAX_CHUNKS_PER_CALL,
      maxPending: config.profiles.liveMaxPending,
      weigh: (m) => chunkSize(m as EventChunk),
    },
  );
  return {
    subscription,
    beginClose() {
      closing = true;
    },
    async close() {
      closing = true;
      closed = true;
      subscription.unsubscribe();
      const open = channel;
      channel = null;
      if (open) await closeChannel(await open);
    },
  };
}
