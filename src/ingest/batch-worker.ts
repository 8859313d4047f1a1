import { workerData } from 'node:worker_threads';
import { createFieldCipher } from '../privacy/index.js';
import { serveWorkerChannel } from '../shared/index.js';
import { runBatchJob, type BatchJob, type BatchResult } from './batch-job.js';

/**
 * A batch worker thread: prepares `/v1/batch` bodies (batch-job.ts) off the server's event loop, so that on a
 * machine with several cores the per-event work of many requests runs in parallel. The server thread then only
 * commits and answers.
 */
export interface BatchWorkerOptions {
  /** The 32-byte master key, base64. */
  secretKey: string;
  maxEventBytes: number;
}

const options = workerData as BatchWorkerOptions;
const deps = {
  cipher: createFieldCipher(Buffer.from(options.secretKey, 'base64')),
  maxEventBytes: options.maxEventBytes,
};

serveWorkerChannel<BatchJob, BatchResult, never, never>({
  handle: (job) => runBatchJob(job, deps),
  onClose() {},
});
