import { workerData } from 'node:worker_threads';
import type { IncomingEvent } from '../profiles/index.js';
import { lowerThreadPriority, serveWorkerChannel } from '../shared/index.js';
import type { LiveApplyReply, LiveApplyRequest, LiveProfilesWorkerData } from './live-profiles.js';
import { createLogger } from './logger.js';
import { createRuntime } from './runtime.js';

/**
 * The live-profiles thread: its own runtime over the configured database (no event writers, no live consumer of its
 * own), applying each batch of accepted events to profiles and to the rule segments of the customers they touch.
 */
const { config } = workerData as LiveProfilesWorkerData;
// Background work: requests are served first, live updates get the CPU left over (and are paced besides).
lowerThreadPriority(config.backgroundNice);
const runtime = await createRuntime(config, createLogger(config.logLevel).child({ module: 'live-profiles' }));

serveWorkerChannel<LiveApplyRequest, LiveApplyReply, never, never>({
  async handle(request) {
    try {
      const events = JSON.parse(`[${request.json}]`) as IncomingEvent[];
      const summary = await runtime.profiles.update(events, { defer: request.defer });
      await runtime.segments.refreshForCustomers(summary.customerIds);
      return { events: summary.events, profiles: summary.profiles };
    } catch (error) {
      return { failed: error instanceof Error ? error.message : String(error) };
    }
  },
  async onClose() {
    await runtime.close();
  },
});
