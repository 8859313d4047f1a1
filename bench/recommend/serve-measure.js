// One autocannon run of GET requests against a server child, with exact latency percentiles and the CPU the server,
// the load generator and the rest of the machine used during it.
import fs from 'node:fs';
import autocannon from 'autocannon';
import { otherProcessesCpuSeconds } from '../ingest/measure.js';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function processCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime + stime
  } catch {
    return null;
  }
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Runs autocannon for `duration` seconds over `paths` (taken in turn by all connections), at full speed or, with
 * `overallRate`, at that many requests per second in all. Latency is taken from every 2xx response's own time
 * (autocannon's float milliseconds, not its whole-millisecond histogram, and without its coordinated-omission
 * correction), so the percentiles are exact. With `amount` instead of `duration`, sends that many requests.
 */
export async function measure({ url, key, paths, connections, duration, amount, overallRate, serverPid }) {
  const server0 = processCpuSeconds(serverPid);
  const other0 = otherProcessesCpuSeconds([process.pid, serverPid]);
  const loadCpu0 = process.cpuUsage();
  let next = 0;
  let latencies = new Float64Array(1 << 16);
  let n = 0;
  const instance = autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration }),
    ...(overallRate ? { overallRate } : {}),
    pipelining: 1,
    timeout: 10,
    headers: { authorization: `Bearer ${key}` },
    // One shared cursor: the connections take the paths in turn, so a run spreads over all of them.
    requests: [
      { method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode < 200 || statusCode > 299) return;
    if (n === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[n++] = responseTime;
  });
  const result = await instance;
  const loadCpu = process.cpuUsage(loadCpu0);
  const server1 = processCpuSeconds(serverPid);
  const other1 = otherProcessesCpuSeconds([process.pid, serverPid]);
  const seconds = result.duration;
  const sorted = latencies.subarray(0, n).sort();
  const ok = result['2xx'];
  const round = (v) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    seconds,
    requests2xx: ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    reqPerSec: ok / seconds,
    latencyMs: {
      p50: round(quantile(sorted, 0.5)),
      p90: round(quantile(sorted, 0.9)),
      p99: round(quantile(sorted, 0.99)),
      p999: round(quantile(sorted, 0.999)),
      max: round(n > 0 ? sorted[n - 1] : null),
      mean: round(n > 0 ? sorted.reduce((s, v) => s + v, 0) / n : null),
    },
    // autocannon's own p99 (whole milliseconds; coordinated-omission corrected in rate-limited runs), for reference.
    autocannonP99: result.latency.p99,
    bytesPerResponse: ok > 0 ? Math.round(result.throughput.total / ok) : null,
    serverCpu: server0 === null || server1 === null ? null : (server1 - server0) / seconds,
    serverCpuUsPerRequest:
      server0 === null || server1 === null || ok === 0 ? null : ((server1 - server0) * 1e6) / ok,
    loadGenCpu: (loadCpu.user + loadCpu.system) / 1e6 / seconds,
    otherCpu: other0 === null || other1 === null ? null : Math.max(0, (other1 - other0) / seconds),
    statusCodes: result.statusCodeStats,
  };
}
