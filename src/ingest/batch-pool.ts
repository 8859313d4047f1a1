import { createFieldCipher } from '../privacy/index.js';
import { openWorkerChannel, type WorkerChannel } from '../shared/index.js';
import { runBatchJob, type BatchJob, type BatchResult } from './batch-job.js';
import type { BatchWorkerOptions } from './batch-worker.js';

/**
 * Worker threads that prepare `/v1/batch` bodies (see batch-worker.ts); jobs go to the least busy one. A worker
 * that fails is left out from then on, and with none left jobs run on the caller's thread: slower, never lost.
 */
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
  const lanes: { channel: WorkerChannel<BatchJob, BatchResult, never>; busy: number; failed: boolean }[] = [];
  const inline = {
    cipher: createFieldCipher(options.secretKey),
    maxEventBytes: options.maxEventBytes,
  };
  try {
    for (let i = 0; i < options.workers; i++) {
      const channel = await openWorkerChannel<BatchJob, BatchResult, never, never>(
        { callerUrl: import.meta.url, name: 'batch-worker' },
        workerOptions,
      );
      lanes.push({ channel, busy: 0, failed: false });
    }
  } catch (error) {
    await Promise.all(lanes.map((lane) => lane.channel.close()));
    throw error;
  }
  return {
    size: lanes.length,
    async prepare(job) {
      let lane: (typeof lanes)[number] | undefined;
      for (const candidate of lanes)
        if (!candidate.failed && (lane === undefined || candidate.busy < lane.busy)) lane = candidate;
      if (!lane) return runBatchJob(job, inline);
      lane.busy++;
      try {
        return await lane.channel.call(job);
      } catch {
        // runBatchJob returns its verdicts; a rejection means the thread itself is gone.
        lane.failed = true;
        return runBatchJob(job, inline);
      } finally {
        lane.busy--;
      }
    },
    async close() {
      await Promise.all(lanes.map((lane) => lane.channel.close()));
    },
  };
}
