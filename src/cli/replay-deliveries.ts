import type { FastifyInstance } from 'fastify';
import type { DemoEventBatch } from '../demo/index.js';
import { createIngestor } from '../ingest/index.js';
import { createApp, packageVersion, type Runtime } from '../server/index.js';
import { AppError, systemClock, type Clock } from '../shared/index.js';

export interface ReplayResult {
  batches: number;
  sent: number;
  accepted: number;
  rejected: number;
}

/** Client lanes replaying in parallel: each is its own app with its own clock over the shared stores and committer. */
const LANES = 16;

interface Lane {
  app: FastifyInstance;
  clock: Clock & { set(ms: number): void };
}

function laneClock(): Lane['clock'] {
  let now = systemClock.now();
  return { now: () => now, set: (ms) => (now = ms) };
}

/**
 * Splits deliveries into waves of at most `size` that share no messageId. Within a wave the order of arrival
 * cannot change what is stored, so replaying a wave in parallel stays deterministic; a retry always lands in a
 * later wave than its original.
 */
export function planWaves(deliveries: readonly DemoEventBatch[], size: number): number[][] {
  const waves: number[][] = [];
  let wave: number[] = [];
  let ids = new Set<string>();
  deliveries.forEach((delivery, index) => {
    const clash = wave.length >= size || delivery.batch.some((m) => ids.has(m.messageId));
    if (clash) {
      waves.push(wave);
      wave = [];
      ids = new Set();
    }
    wave.push(index);
    for (const m of delivery.batch) ids.add(m.messageId);
  });
  if (wave.length > 0) waves.push(wave);
  return waves;
}

/**
 * Replays recorded deliveries through the collect API (`POST /v1/batch` with a write key), each at the time the
 * server originally received it, so Segment's clock-skew correction sees what a live server would have seen.
 */
export async function replayDeliveries(
  runtime: Runtime,
  deliveries: readonly DemoEventBatch[],
  receivedAt: readonly string[],
  onProgress: (sent: number) => void,
): Promise<ReplayResult> {
  const { key } = await runtime.access.createKey({ scope: 'write', name: 'demo loader' });
  const authorization = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  const lanes: Lane[] = [];
  for (let i = 0; i < LANES; i++) {
    const clock = laneClock();
    const ingestor = createIngestor({
      committer: runtime.committer,
      deadLetters: runtime.stores.deadLetters,
      cipher: runtime.cipher,
      clock,
      maxEventBytes: runtime.config.ingest.maxEventBytes,
      observer: runtime.metrics.ingest,
    });
    lanes.push({
      app: await createApp({ ...runtime, clock, ingestor }, { version: packageVersion() }),
      clock,
    });
  }
  const result: ReplayResult = { batches: deliveries.length, sent: 0, accepted: 0, rejected: 0 };
  try {
    for (const wave of planWaves(deliveries, LANES)) {
      await Promise.all(
        wave.map(async (index, slot) => {
          const lane = lanes[slot] as Lane;
          const delivery = deliveries[index] as DemoEventBatch;
          lane.clock.set(Date.parse(receivedAt[index] ?? delivery.sentAt));
          const response = await lane.app.inject({
            method: 'POST',
            url: '/v1/batch',
            headers: { authorization },
            payload: delivery,
          });
          if (response.statusCode !== 200) {
            throw new AppError(
              'internal_error',
              `The collect API answered ${response.statusCode}: ${response.body}`,
            );
          }
          const body = response.json<{ accepted: number; rejected: unknown[] }>();
          result.accepted += body.accepted;
          result.rejected += body.rejected.length;
          result.sent += delivery.batch.length;
        }),
      );
      onProgress(result.sent);
    }
  } finally {
    await Promise.all(lanes.map((lane) => lane.app.close()));
  }
  return result;
}
