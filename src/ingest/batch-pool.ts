import { openWorkerChannel, type WorkerChannel } from '../shared/index.js';
import type { BatchJob, BatchResult } from './batch-job.js';
import type { BatchWorkerOptions } from './batch-worker.js';

/** Worker threads that prepare `/v1/batch` bodies (see batch-worker.ts); jobs go to the least busy one. */
export interface BatchPool {
  readonly size: number;
  prepare(job: BatchJob): Promise<BatchResult>;
  close(): Promise<void>;
}

export async function startBatchPool(options: {
  workers: number;
  secretKey: Buffer;
  maxEventBytes: number;
}): Promise<BatchPool> {
  const workerOptions: BatchWorkerOptions = {
    secretKey: options.secretKey.toString('base64'),
    maxEventBytes: options.maxEventBytes,
  };
  const lanes: { channel: WorkerChannel<BatchJob, BatchResult, never>; busy: number }[] = [];
  try {
    for (let i = 0; i < options.workers; i++) {
      const channel = await openWorkerChannel<BatchJob, BatchResult, never, never>(
        { callerUrl: import.meta.url, name: 'batch-worker' },
        workerOptions,
      );
      lanes.push({ channel, busy: 0 });
    }
  } catch (error) {
    await Promise.all(lanes.map((lane) => lane.channel.close()));
    throw error;
  }
  return {
    size: lanes.length,
    async prepare(job) {
      let lane = lanes[0] as (typeof lanes)[number];
      for (const candidate of lanes) if (candidate.busy < lane.busy) lane = candidate;
      lane.busy++;
      try {
        return await lane.channel.call(job);
      } finally {
        lane.busy--;
      }
    },
    async close() {
      await Promise.all(lanes.map((lane) => lane.channel.close()));
    },
  };
}
