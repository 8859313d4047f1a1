// An open-loop load at a fixed rate, for latency at exactly that rate. autocannon's rate limit (overallRate) lets
// each connection send its per-second quota back to back and then pause until the next second, so the server sees
// bursts at full speed; here request i is due at start + i / rate, whatever happened to the requests before it, and
// its latency runs from when it was due to its response (so time spent waiting for a free connection, or for a late
// timer, counts against the server: no coordinated omission, as in wrk2). Raw HTTP/1.1 keep-alive sockets, no
// pipelining; a 1 ms timer releases the requests that are due, so at 5,000 req/s they leave in groups of about 5.
// When more than a second's worth of requests wait for a connection the run stops early, marked `saturated`.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { otherProcessesCpuSeconds } from '../ingest/measure.js';
import { quantile } from './serve-measure.js';

const HEADER_END = Buffer.from('\r\n\r\n');

function processCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** One keep-alive connection: `send(buffer, onDone)` with one request outstanding at a time. */
function connect(host, port) {
  const socket = net.connect({ host, port, noDelay: true });
  let buffered = Buffer.alloc(0);
  let want = -1;
  let status = 0;
  let onDone = null;
  const conn = {
    busy: false,
    ready: new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }),
    send(request, done) {
      conn.busy = true;
      onDone = done;
      socket.write(request);
    },
    close: () => socket.destroy(),
  };
  socket.on('data', (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    if (want < 0) {
      const end = buffered.indexOf(HEADER_END);
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      if (!length) throw new Error(`paced load: a response without content-length:\n${head}`);
      want = end + 4 + Number(length[1]);
    }
    if (buffered.length < want) return;
    const bytes = want;
    buffered = buffered.subarray(want);
    want = -1;
    conn.busy = false;
    const done = onDone;
    onDone = null;
    done(status, bytes);
  });
  socket.on('error', (error) => {
    if (onDone) {
      const done = onDone;
      onDone = null;
      conn.busy = false;
      done(0, 0, error);
    }
  });
  return conn;
}

/**
 * `rate` GET requests per second over `paths` (in turn) for `duration` seconds on up to `connections` sockets.
 * Latency is from each request's due time to its response; `serviceMs` from when it was written.
 */
export async function paced({ url, key, paths, rate, connections, duration, serverPid }) {
  const { hostname, port } = new URL(url);
  const requests = paths.map((p) =>
    Buffer.from(`GET ${p} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${key}\r\n\r\n`),
  );
  const conns = Array.from({ length: connections }, () => connect(hostname, Number(port)));
  await Promise.all(conns.map((c) => c.ready));

  const server0 = processCpuSeconds(serverPid);
  const other0 = otherProcessesCpuSeconds([process.pid, serverPid]);
  const loadCpu0 = process.cpuUsage();
  const total = Math.round(rate * duration);
  const latency = new Float64Array(total);
  const service = new Float64Array(total);
  const codes = {};
  let ok = 0;
  let failed = 0;
  let finished = 0;
  let released = 0;
  let maxBacklog = 0;
  let sent = 0;
  let saturated = false;
  let stopped = false;
  const backlog = []; // indexes of due requests waiting for a free connection
  const start = performance.now() + 5;
  const due = (i) => start + (i * 1000) / rate;

  let resolveAll;
  const allDone = new Promise((resolve) => (resolveAll = resolve));
  const dispatch = (conn, i) => {
    sent++;
    const sentAt = performance.now();
    conn.send(requests[i % requests.length], (status, _bytes, error) => {
      const now = performance.now();
      codes[status] = (codes[status] ?? 0) + 1;
      if (!error && status >= 200 && status <= 299) {
        latency[ok] = now - due(i);
        service[ok] = now - sentAt;
        ok++;
      } else failed++;
      finished++;
      const waiting = backlog.shift();
      if (waiting !== undefined) dispatch(conn, waiting);
      if (stopped && finished === sent) resolveAll();
    });
  };
  const tick = () => {
    const now = performance.now();
    while (released < total && due(released) <= now) {
      const free = conns.find((c) => !c.busy);
      if (free) dispatch(free, released);
      else backlog.push(released);
      released++;
    }
    maxBacklog = Math.max(maxBacklog, backlog.length);
    // More than a second's worth of requests waiting: the server cannot hold this rate; stop rather than queue on.
    if (backlog.length > rate) {
      saturated = true;
      backlog.length = 0;
      released = total;
    }
    if (released < total) setTimeout(tick, 1);
    else {
      stopped = true;
      if (finished === sent && backlog.length === 0) resolveAll();
    }
  };
  setTimeout(tick, Math.max(0, start - performance.now()));
  // Whatever has not answered 10 s after the last request was due counts as failed.
  const deadline = new Promise((resolve) => setTimeout(resolve, duration * 1000 + 10_000));
  await Promise.race([allDone, deadline]);
  const seconds = (performance.now() - start) / 1000;
  for (const c of conns) c.close();

  const loadCpu = process.cpuUsage(loadCpu0);
  const server1 = processCpuSeconds(serverPid);
  const other1 = otherProcessesCpuSeconds([process.pid, serverPid]);
  const sorted = latency.subarray(0, ok).sort();
  const sortedService = service.subarray(0, ok).sort();
  const round = (v) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    seconds,
    requests2xx: ok,
    non2xx: failed,
    errors: 0,
    // Requests never answered, and with `saturated` those never sent because the server fell a second behind.
    timeouts: total - finished,
    saturated,
    reqPerSec: ok / seconds,
    latencyMs: {
      p50: round(quantile(sorted, 0.5)),
      p90: round(quantile(sorted, 0.9)),
      p99: round(quantile(sorted, 0.99)),
      p999: round(quantile(sorted, 0.999)),
      max: round(ok > 0 ? sorted[ok - 1] : null),
      mean: round(ok > 0 ? sorted.reduce((s, v) => s + v, 0) / ok : null),
    },
    serviceMs: { p50: round(quantile(sortedService, 0.5)), p99: round(quantile(sortedService, 0.99)) },
    maxBacklog,
    serverCpu: server0 === null || server1 === null ? null : (server1 - server0) / seconds,
    serverCpuUsPerRequest:
      server0 === null || server1 === null || ok === 0 ? null : ((server1 - server0) * 1e6) / ok,
    loadGenCpu: (loadCpu.user + loadCpu.system) / 1e6 / seconds,
    otherCpu: other0 === null || other1 === null ? null : Math.max(0, (other1 - other0) / seconds),
    statusCodes: codes,
  };
}
