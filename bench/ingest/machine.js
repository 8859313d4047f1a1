// What the numbers were measured on: cores, CPU model, Node, and how long this disk takes to fsync,
// which bounds how many durable group commits per second are possible.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function cpuModel() {
  try {
    const line = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line ? line.split(':')[1].trim() : (os.cpus()[0]?.model ?? 'unknown');
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

/** Median and p99 of `count` 4 KiB append + fdatasync rounds in `dir` (the data directory's disk). */
export function fsyncProbe(dir, count = 200) {
  const file = path.join(dir, 'fsync-probe');
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(4096, 1);
  const times = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = process.hrtime.bigint();
      fs.writeSync(fd, block);
      fs.fdatasyncSync(fd);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(count / 2)], p99Ms: times[Math.floor(count * 0.99)] };
}

/**
 * µs per SHA-256 of 1 KiB, best of 5 rounds: a fixed amount of CPU work. Inside a VM, contention on the host
 * shows neither as steal time nor as other processes; it shows here, as the same work taking longer.
 */
export function cpuProbe() {
  const block = Buffer.alloc(1024, 7);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) createHash('sha256').update(block).digest();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / 2000);
  }
  return best;
}

export function machine(dataDir) {
  return {
    nproc: os.availableParallelism(),
    cpu: cpuModel(),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    fsync: fsyncProbe(dataDir),
  };
}
