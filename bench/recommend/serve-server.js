// The system under test, in its own process: Rapport built from dist/, over the data directory serve-setup.js
// prepared, listening on an ephemeral port with a read key. Forked by serve.js; talks to it over IPC only:
// `stats` answers the recommendation cache's counters since the last `stats` (hits, misses), `stop` closes it.
const dist = new URL('../../dist/', import.meta.url);
const { loadConfig } = await import(new URL('config/index.js', dist).href);
const { createLogger, createRuntime, startServer } = await import(new URL('server/index.js', dist).href);

const config = loadConfig(process.env);
const runtime = await createRuntime(config, createLogger(config.logLevel));
const { key } = await runtime.access.createKey({ scope: 'read', name: 'bench-serve' });
const server = await startServer(runtime, { host: '127.0.0.1', port: 0 });

// The service's counters are cumulative; each `stats` answers what changed since the previous one.
let last = { hits: 0, misses: 0, invalidated: 0 };
process.on('message', (message) => {
  if (message === 'stats') {
    const now = runtime.recommendations.stats();
    const delta = Object.fromEntries(Object.keys(last).map((k) => [k, (now[k] ?? 0) - last[k]]));
    last = { hits: now.hits ?? 0, misses: now.misses ?? 0, invalidated: now.invalidated ?? 0 };
    process.send({ type: 'stats', stats: { ...delta, cached: now.cached } });
  } else if (message === 'stop') {
    server.close().then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));

process.send({ type: 'ready', url: server.url, key, pid: process.pid });
