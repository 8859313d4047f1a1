export { createApp, type AppOptions } from './create-app.js';
export { createRuntime, type Runtime } from './runtime.js';
export { createLogger, safeUrl } from './logger.js';
export { createMetrics, type Metrics } from './metrics.js';
export { webDistDir, packageVersion } from './paths.js';
export { startServer, type RunningServer } from './start-server.js';
export { pipelineDepsFor, pipelineJobs, trainingDepsFor } from './pipeline-wiring.js';
