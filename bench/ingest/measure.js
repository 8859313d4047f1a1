// One autocannon run against a server child, with the CPU both processes used during it.
import fs from 'node:fs';
import autocannon from 'autocannon';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc; null where /proc is unavailable. */
function processCpuSeconds(pid) {
  const t = processCpuTimes(pid);
  return t === null ? null : t.user + t.system;
}

function processCpuTimes(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND }; // utime, stime
  } catch {
    return null;
  }
}

/** CPU seconds used so far by the whole machine (user + nice + system, all cores), from /proc/stat. */
function machineCpuSeconds() {
  const [user, nice, system] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system) / TICKS_PER_SECOND;
}

const PF_KTHREAD = 0x00200000;

/** CPU seconds used so far by kernel threads (I/O workers and the like; they outlive any run). */
function kernelThreadCpuSeconds() {
  let ticks = 0;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[6]) & PF_KTHREAD) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * CPU seconds used so far by user processes other than `ourPids`: the whole machine minus kernel threads
 * minus ours (by subtraction, so that processes that start and end within a run are counted too).
 * Null where /proc is unavailable.
 */
export function otherProcessesCpuSeconds(ourPids) {
  try {
    const ours = ourPids.reduce(
      (s, pid) => s + (pid === process.pid ? ownCpuSeconds() : (processCpuSeconds(pid) ?? 0)),
      0,
    );
    return machineCpuSeconds() - kernelThreadCpuSeconds() - ours;
  } catch {
    return null;
  }
}

function ownCpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Runs autocannon for `duration` seconds. Rates count 2xx responses only; latency percentiles are
 * autocannon's (2xx only). `inflight` is requests written but unanswered when the run stopped.
 */
export async function measure({ url, key, requests, connections, duration, eventsPerRequest, serverPid }) {
  const server0 = processCpuTimes(serverPid);
  const other0 = otherProcessesCpuSeconds([process.pid, serverPid]);
  const loadCpu0 = process.cpuUsage();
  const result = await autocannon({
    url,
    connections,
    duration,
    pipelining: 1,
    timeout: 30,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    requests,
  });
  const loadCpu = process.cpuUsage(loadCpu0);
  const server1 = processCpuTimes(serverPid);
  const other1 = otherProcessesCpuSeconds([process.pid, serverPid]);
  const seconds = result.duration;
  const serverCpu =
    server0 === null || server1 === null
      ? null
      : (server1.user + server1.system - server0.user - server0.system) / seconds;
  const serverSystemCpu =
    server0 === null || server1 === null ? null : (server1.system - server0.system) / seconds;
  const loadGenCpu = (loadCpu.user + loadCpu.system) / 1e6 / seconds;
  const ok = result['2xx'];
  return {
    seconds,
    requests2xx: ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: result.requests.sent,
    completed: result.requests.total,
    inflight: Math.max(0, result.requests.sent - result.requests.total),
    reqPerSec: ok / seconds,
    eventsPerSec: (ok * eventsPerRequest) / seconds,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    serverCpu,
    // The part of it spent in the kernel (sockets, WAL writes, fsync).
    serverSystemCpu,
    // Server CPU per acknowledged event: the cost figure least disturbed by other load on the machine.
    serverCpuUsPerEvent:
      serverCpu === null || ok === 0 ? null : (serverCpu * seconds * 1e6) / (ok * eventsPerRequest),
    loadGenCpu,
    // Cores kept busy by other user processes on the machine (a shared machine: someone's test run).
    otherCpu: other0 === null || other1 === null ? null : Math.max(0, (other1 - other0) / seconds),
    statusCodes: result.statusCodeStats,
  };
}
