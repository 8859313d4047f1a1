import { serveWorkerChannel } from '../shared/index.js';
import { trainClasses, type ClassWeights } from './one-vs-rest.js';
import type { SvmJob } from './parallel-svm.js';

/** A worker thread that trains the one-vs-rest machines of the classes it is given. */
serveWorkerChannel<SvmJob, ClassWeights, never, never>({
  handle: (job) => trainClasses(job.x, job.y, job.classes, job.options, job.seed),
  onClose: () => {},
});
