export { AppError, isAppError } from './app-error.js';
export { errorCodes, isErrorCode, type ErrorCode } from './error-codes.js';
export { newId, type Id, type IdPrefix } from './ids.js';
export { systemClock, fixedClock, type Clock } from './clock.js';
export { createRng, hashString, type Rng } from './rng.js';
export {
  openWorkerChannel,
  serveWorkerChannel,
  type WorkerChannel,
  type WorkerModule,
} from './worker-channel.js';
export { lowerThreadPriority } from './thread-priority.js';
export { anonymousCustomerIdFor, customerIdFor, hashId } from './stable-id.js';
export type { EventBus, SubscribeOptions, Subscription } from './event-bus.js';
