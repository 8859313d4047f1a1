export { eventTypes, type EventType, type EventRecord, type StoredEvent } from './event-types.js';
export type {
  EventStore,
  EventIndexProgress,
  EventQuery,
  EventStats,
  DeadLetterStore,
  DeadLetterRecord,
  StoredDeadLetter,
} from './ports.js';
export { normalizeEvent, type NormalizeContext, type NormalizeResult } from './normalize-event.js';
export {
  createGroupCommitter,
  type GroupCommitter,
  type GroupCommitOptions,
  type CommitStats,
} from './group-commit.js';
export {
  createIngestor,
  type Ingestor,
  type IngestOutcome,
  type IngestRequest,
  type IngestObserver,
  type PreparedRequest,
  type RejectedEvent,
  MAX_DEAD_LETTER_PAYLOAD,
} from './ingest-service.js';
export { exceedsDepth, MAX_DEPTH } from './depth.js';
export { parseIsoTime } from './parse-time.js';
export {
  messageSchemas,
  BatchRequest,
  BatchResponse,
  IngestResponse,
  RejectedItem,
} from './segment-schema.js';
export {
  appendChunksTo,
  chunkJson,
  chunkRecords,
  chunkSize,
  chunkTouches,
  serializeEvents,
  serializeWithTouches,
  type EventChunk,
  type SerializedEvents,
} from './event-chunks.js';
export {
  mentionedProducts,
  touchOf,
  MAX_MENTIONED_PRODUCTS,
  type EventTouch,
  type ProductMention,
} from './event-touches.js';
export { prepareMessages, type PreparedMessages } from './prepare-messages.js';
export { readBatchBody, type BatchBody } from './batch-body.js';
export { runBatchJob, type BatchJob, type BatchResult } from './batch-job.js';
export { startBatchPool, type BatchPool } from './batch-pool.js';
