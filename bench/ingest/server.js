// The system under test, in its own process: Rapport built from dist/, listening on an ephemeral port.
// Started by run.js with child_process.fork; talks to it over IPC only. RAPPORT_BENCH_DIST (run.js --dist)
// points it at another build, e.g. a patched copy under /tmp, for A/B measurements.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.RAPPORT_BENCH_DIST
  ? pathToFileURL(`${path.resolve(process.env.RAPPORT_BENCH_DIST)}/`)
  : new URL('../../dist/', import.meta.url);
const { loadConfig } = await import(new URL('config/index.js', dist).href);
const { createLogger, createRuntime, startServer } = await import(new URL('server/index.js', dist).href);

const config = loadConfig(process.env);
const runtime = await createRuntime(config, createLogger(config.logLevel));
const { key } = await runtime.access.createKey({ scope: 'write', name: 'bench' });
const server = await startServer(runtime, { host: '127.0.0.1', port: 0 });

/** Server-side view of what was acknowledged: events counted after their commit, before the reply. */
async function counters() {
  const registry = runtime.metrics.registry;
  const sum = async (name, match = () => true) => {
    const metric = registry.getSingleMetric(name);
    if (!metric) return null;
    const { values } = await metric.get();
    return values.filter((v) => match(v)).reduce((s, v) => s + v.value, 0);
  };
  return {
    eventsAccepted: await sum('rapport_events_accepted_total'),
    eventsRejected: await sum('rapport_events_rejected_total'),
    commits: await sum(
      'rapport_ingest_commit_events',
      (v) => v.metricName === 'rapport_ingest_commit_events_count',
    ),
    committedEvents: await sum(
      'rapport_ingest_commit_events',
      (v) => v.metricName === 'rapport_ingest_commit_events_sum',
    ),
    commitSeconds: await sum(
      'rapport_ingest_commit_seconds',
      (v) => v.metricName === 'rapport_ingest_commit_seconds_sum',
    ),
  };
}

process.on('message', (message) => {
  if (message === 'counters') {
    counters().then((c) => process.send({ type: 'counters', counters: c }));
  } else if (message === 'stop') {
    server.close().then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));

process.send({ type: 'ready', url: server.url, key, dbFile: config.database.file, pid: process.pid });
