import { performance } from 'node:perf_hooks';
import { buildQualityReport, type DataQualityReport } from '../prep/index.js';
import type { PipelineDeps } from './pipeline-deps.js';
import type { DataFingerprint } from './ports.js';
import { secondsSince, stepError, type PipelineProgress, type StageReport } from './report.js';

/** Per source: rows examined, and the rules that flagged rows with how many. */
function summarizeQuality(report: DataQualityReport) {
  return Object.fromEntries(
    Object.values(report.sources).map((s) => [
      s.source,
      {
        rows: s.rows,
        flagged: Object.fromEntries(s.rules.filter((r) => r.touched > 0).map((r) => [r.rule, r.touched])),
      },
    ]),
  );
}

/**
 * The prepare stage: waits for acknowledged events, fingerprints the data and builds the data-quality report
 * (counts only, no examples). A failed report fails the stage; a failed fingerprint leaves nothing to run on.
 */
export async function prepareStage(
  deps: Pick<PipelineDeps, 'settle' | 'data' | 'quality' | 'clock'>,
  notify: (progress: PipelineProgress) => void,
): Promise<{ stage: StageReport; fingerprint: DataFingerprint | null }> {
  const t = performance.now();
  const details: Record<string, unknown> = {};
  let fingerprint: DataFingerprint | null = null;
  let failure: StageReport['error'];
  try {
    notify({ stage: 'prepare', step: 'fingerprinting the data' });
    await deps.settle();
    fingerprint = await deps.data.read();
    details.data = fingerprint;
    notify({ stage: 'prepare', step: 'data-quality report' });
    const quality = await buildQualityReport(deps.quality, { now: deps.clock.now(), examples: 0 });
    details.quality = summarizeQuality(quality);
  } catch (error) {
    failure = stepError(error);
  }
  return {
    fingerprint,
    stage: {
      stage: 'prepare',
      status: failure ? 'failed' : 'ok',
      ...(failure ? { error: failure } : {}),
      seconds: secondsSince(t),
      details,
    },
  };
}
