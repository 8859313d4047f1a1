import { workerData } from 'node:worker_threads';
import { runPipeline, type PipelineProgress, type PipelineReport } from '../pipeline/index.js';
import { lowerThreadPriority, serveWorkerChannel } from '../shared/index.js';
import { createLogger } from './logger.js';
import type { PipelineRequest, PipelineWorkerData } from './pipeline-thread.js';
import { pipelineDepsFor, pipelineJobs } from './pipeline-wiring.js';
import { createRuntime } from './runtime.js';

/**
 * The pipeline worker thread: opens its own runtime over the configured database for each run, so training never
 * runs on the server's event loop, and closes it (and with it every store connection) when the run ends.
 */
const { config } = workerData as PipelineWorkerData;
// Training is background work: a server running the scheduled pipeline keeps answering requests first.
lowerThreadPriority(config.backgroundNice);

const channel = serveWorkerChannel<PipelineRequest, PipelineReport, never, PipelineProgress>({
  async handle(request) {
    const logger = createLogger(config.logLevel).child({ module: 'pipeline' });
    const runtime = await createRuntime(config, logger);
    try {
      return await runPipeline(pipelineDepsFor(runtime), pipelineJobs(runtime), {
        ...request,
        onProgress: (progress) => channel.notify(progress),
      });
    } finally {
      await runtime.close();
    }
  },
  onClose() {},
});
