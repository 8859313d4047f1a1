import type { ModelRegistry } from '../models/index.js';
import type { QualityReportSource } from '../prep/index.js';
import type { ProfileService } from '../profiles/index.js';
import type { Clock } from '../shared/index.js';
import type { TrainingDeps } from './model-job.js';
import type { DataFingerprintReads } from './ports.js';

/** What the pipeline runs over: a composition root builds it from its stores and services. */
export interface PipelineDeps {
  clock: Clock;
  /** Waits until every acknowledged event is readable. */
  settle(): Promise<void>;
  data: DataFingerprintReads;
  quality: QualityReportSource;
  profiles: Pick<ProfileService, 'build'>;
  models: ModelRegistry;
  /** Recorded on the versions the pipeline registers; a version trained by other code is retrained. */
  codeVersion: string;
  training: TrainingDeps;
}
