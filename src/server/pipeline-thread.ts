import type { Config } from '../config/index.js';
import type { PipelineProgress, PipelineReport } from '../pipeline/index.js';
import { AppError, openWorkerChannel } from '../shared/index.js';

/** What one run is asked to do. */
export interface PipelineRequest {
  asOf?: number;
  force?: boolean;
  seed?: string;
}

export interface PipelineWorkerData {
  config: Config;
}

/** A run in progress on its worker thread. */
export interface PipelineRun {
  report: Promise<PipelineReport>;
  /** Stops the thread at once (server shutdown); `report` then rejects. */
  cancel(): Promise<void>;
}

/** True when a worker thread can open the configured database (not a private in-memory SQLite one). */
export function pipelineCanRunInWorker(config: Config): boolean {
  return !(config.database.kind === 'sqlite' && config.database.file === ':memory:');
}

/**
 * The configuration the worker opens its own runtime with: the same database and settings, but it appends no events
 * (SQLite: no second journal writer or indexer; the owner settles the journal before the run), prepares no batches
 * and keeps no live profiles.
 */
export function workerConfig(config: Config): Config {
  return {
    ...config,
    database:
      config.database.kind === 'sqlite' ? { ...config.database, eventWriter: 'inline' } : config.database,
    ingest: { ...config.ingest, workers: 0 },
    profiles: { ...config.profiles, live: false },
  };
}

/** How long a finished pipeline thread may take to exit before it is terminated. */
const THREAD_EXIT_GRACE_MS = 30_000;

/**
 * Runs the pipeline on a worker thread of its own (pipeline-worker.ts), which opens its own stores from `config`:
 * the event loop of the caller only waits for the report and relays progress. Events acknowledged before the call
 * are settled first, so the run sees them.
 */
export async function startPipelineThread(
  config: Config,
  deps: { settle(): Promise<void> },
  request: PipelineRequest,
  onProgress: (progress: PipelineProgress) => void,
): Promise<PipelineRun> {
  if (!pipelineCanRunInWorker(config))
    throw new AppError(
      'pipeline_unavailable',
      'The pipeline runs on a worker thread, which cannot open a private in-memory database.',
    );
  await deps.settle();
  const data: PipelineWorkerData = { config: workerConfig(config) };
  const channel = await openWorkerChannel<PipelineRequest, PipelineReport, never, PipelineProgress>(
    { callerUrl: import.meta.url, name: 'pipeline-worker' },
    data,
    onProgress,
  );
  const report = channel.call(request);
  // The report counts once it arrives; the thread is then closed in the background, and terminated if its exit
  // takes longer than a clean close can (a handle left open would otherwise keep the scheduler "running").
  const closeInBackground = () => {
    const force = setTimeout(() => void channel.terminate(), THREAD_EXIT_GRACE_MS);
    force.unref();
    void channel
      .close()
      .catch(() => channel.terminate())
      .finally(() => clearTimeout(force));
  };
  report.then(closeInBackground, closeInBackground);
  return { report, cancel: () => channel.terminate() };
}
