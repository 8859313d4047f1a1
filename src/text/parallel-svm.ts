import os from 'node:os';
import { AppError, openWorkerChannel } from '../shared/index.js';
import type { LinearSvmOptions } from './linear-svm.js';
import { classesToTrain, featureMajor, trainClasses, type ClassWeights } from './one-vs-rest.js';
import type { SparseRows } from './sparse.js';

/** One thread's share of a one-vs-rest training. */
export interface SvmJob {
  x: SparseRows;
  y: Int32Array;
  classes: number[];
  options: LinearSvmOptions;
  seed: string;
}

export interface OneVsRestResult {
  /** Feature-major weights (`w[j * k + c]`, the k biases last). */
  weights: Float32Array;
  epochs: number;
  converged: boolean;
  threads: number;
}

/** Below this much work (rows × stored values × classes) a second thread costs more than it saves. */
const PARALLEL_WORK = 5e7;

/** Threads to use by default: one per core, at most 4 (the machines are memory-bound beyond that). */
export const defaultThreads = () => Math.max(1, Math.min(4, os.availableParallelism()));

/**
 * One-vs-rest linear SVMs over `k` classes, the classes dealt round-robin to `threads` threads (this one trains a
 * share itself while workers train theirs). The result does not depend on the number of threads.
 */
export async function trainOneVsRest(
  x: SparseRows,
  y: Int32Array,
  k: number,
  options: LinearSvmOptions,
  seed: string,
  threads = defaultThreads(),
  minParallelWork = PARALLEL_WORK,
): Promise<OneVsRestResult> {
  const classes = classesToTrain(k);
  const work = x.indices.length * classes.length;
  const parts = Math.max(1, Math.min(threads, classes.length, work >= minParallelWork ? threads : 1));
  const shares: number[][] = Array.from({ length: parts }, () => []);
  classes.forEach((c, i) => shares[i % parts]!.push(c));
  const opened = await Promise.allSettled(
    shares
      .slice(1)
      .map(() =>
        openWorkerChannel<SvmJob, ClassWeights, never, never>(
          { callerUrl: import.meta.url, name: 'svm-worker' },
          null,
        ),
      ),
  );
  const channels = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  let failed = false;
  try {
    const refused = opened.find((o) => o.status === 'rejected');
    if (refused) throw trainingFailed('a training thread did not start', refused.reason);
    const remote = channels.map((ch, i) =>
      ch.call({ x, y, classes: shares[i + 1]!, options, seed }).catch((cause: unknown) => {
        throw trainingFailed('a training thread failed', cause);
      }),
    );
    // A failed remote share must not go unhandled while this thread trains its own.
    for (const p of remote) p.catch(() => {});
    const local = trainClasses(x, y, shares[0]!, options, seed);
    const results = [local, ...(await Promise.all(remote))];
    const epochs = results.flatMap((r) => r.epochs);
    return {
      weights: featureMajor(results, x.cols, k),
      epochs: Math.max(...epochs),
      converged: results.every((r) => r.converged.every(Boolean)),
      threads: parts,
    };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // After a failure the other threads' work is useless: stop them rather than wait for it.
    await Promise.all(channels.map((ch) => (failed ? ch.terminate() : ch.close())));
  }
}

function trainingFailed(message: string, cause: unknown): AppError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new AppError('training_failed', `${message}: ${why}`, undefined, { cause });
}
