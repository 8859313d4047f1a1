import os from 'node:os';

/**
 * Lowers the scheduling priority of the calling thread to `nice` (0–19), so the kernel serves the request path
 * first and gives this thread what is left. On Linux `setpriority(PRIO_PROCESS, 0, …)` applies to the calling
 * thread alone; elsewhere it would lower the whole process, so other platforms are left alone. A thread already
 * at or below that priority keeps its own (raising it back needs privileges). Returns the thread's nice value
 * afterwards (its own when it was already that low), or null where nothing was tried or the call failed.
 */
export function lowerThreadPriority(
  nice: number,
  platform: NodeJS.Platform = process.platform,
): number | null {
  if (platform !== 'linux' || nice <= 0) return null;
  try {
    const current = os.getPriority(0);
    if (current >= nice) return current;
    os.setPriority(0, Math.min(19, nice));
    return os.getPriority(0);
  } catch {
    // A sandbox may forbid it; the thread then runs at the process's priority, which is only slower for ingest.
    return null;
  }
}
