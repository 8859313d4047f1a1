import { workerData } from 'node:worker_threads';
import { serveWorkerChannel } from '../shared/index.js';
import { cgScratch, gramBlock, solveRows, type ConfidenceRows } from './als-kernels.js';

/**
 * One ALS worker thread (see als-parallel.ts). Everything it reads and writes lives in SharedArrayBuffers handed
 * over at start; a call names a range of work and returns once that range is written.
 */
export interface AlsWorkerData {
  readonly f: number;
  readonly cgSteps: number;
  readonly byUser: ConfidenceRows;
  readonly byItem: ConfidenceRows;
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  /** YᵀY + λI of the side not being solved, written by the owner before each `solve`. */
  readonly gram: Float64Array;
  /** One f × f partial per Gram block (see `GRAM_BLOCK`). */
  readonly partials: Float64Array;
}

export type AlsSide = 'users' | 'items';

export type AlsWorkerRequest =
  | { readonly kind: 'gram'; readonly of: AlsSide; readonly from: number; readonly to: number }
  | { readonly kind: 'solve'; readonly side: AlsSide; readonly from: number; readonly to: number };

const data = workerData as AlsWorkerData;
const scratch = cgScratch(data.f);

serveWorkerChannel<AlsWorkerRequest, null, never, never>({
  handle(request) {
    const { f } = data;
    if (request.kind === 'gram') {
      const y = request.of === 'users' ? data.userFactors : data.itemFactors;
      const rows = request.of === 'users' ? data.byUser.rows : data.byItem.rows;
      for (let b = request.from; b < request.to; b++) gramBlock(y, rows, f, b, data.partials, b * f * f);
    } else {
      const [m, x, y] =
        request.side === 'users'
          ? [data.byUser, data.userFactors, data.itemFactors]
          : [data.byItem, data.itemFactors, data.userFactors];
      solveRows(m, x, y, data.gram, f, data.cgSteps, scratch, request.from, request.to);
    }
    return null;
  },
  onClose() {},
});
